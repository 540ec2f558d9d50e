"""Verwendungsnachweis (Nr. 7.4, 7.5; Nr. 1.2 ANBest-G; Vertrag ``verwendungsnachweis`` in
shared/rechner/CONTRACT.md): jede der Regeln 1–7 einzeln, jede fehlerhafte Eingabe, der öffentliche Fall geld-12."""
import copy
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from kim_foerderung.regeln.verwendungsnachweis import (
    PERSONAL_KOORDINATION,
    SACHAUSGABEN,
    nachweis_aus_json,
    pruefe_nachweis,
    verwendungsnachweis_json,
)
from tests.regeln.test_regeln_kommandos import RECHNER, befundmenge, manage, pruefe_abbruch, umgebung

D = Decimal


def k(sid, vzae="1.0", von="2026-01", bis="2026-12", art="koordination", **betraege):
    return {"id": sid, "art": art, "vzae": vzae, "von": von, "bis": bis, **betraege}


def ist(sid, vzae="1.0", von="2026-01", bis="2026-12", **betraege):
    return {"id": sid, "vzae": vzae, "von": von, "bis": bis, **betraege}


def fall(bescheid_stellen, ist_stellen, *, hoechstbetrag="1000000.00", ausgezahlt="0.00", bescheid_begleit=None,
         ist_begleit=None, kommune_art="kreis", qualifizierte=0):
    daten = {"foerderjahr": 2026, "kommune_art": kommune_art, "qualifizierte_kreisangehoerige": qualifizierte,
             "bescheid": {"hoechstbetrag": hoechstbetrag, "stellen": bescheid_stellen},
             "ist": {"stellen": ist_stellen}, "ausgezahlt": ausgezahlt}
    if bescheid_begleit is not None:
        daten["bescheid"]["begleitmassnahmen"] = bescheid_begleit
    if ist_begleit is not None:
        daten["ist"]["begleitmassnahmen"] = ist_begleit
    return daten


def rechne(daten):
    return verwendungsnachweis_json(json.dumps(daten))


def codes(ausgabe):
    return {(b["code"], b["regel"], b.get("stelle")) for b in ausgabe["befunde"]}


def stelle(ausgabe, sid):
    return next(s for s in ausgabe["stellen"] if s["id"] == sid)


# --- der öffentliche Fall ---------------------------------------------------------------------------

@pytest.mark.parametrize("art", ["test", "schlicht"])
def test_nr_7_4_oeffentlicher_fall_geld_12(art):
    """Nr. 7.4, 7.5: manage.py verwendungsnachweis < geld-12 gibt genau das expected.json aus (Befunde als Menge),
    ohne Datenbank und ohne Schlüssel."""
    ergebnis = manage("verwendungsnachweis", eingabe=(RECHNER / "geld-12-verwendungsnachweis.json").read_bytes(),
                      env=umgebung(art))
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    ausgabe = json.loads(ergebnis.stdout)
    erwartet = json.loads((RECHNER / "geld-12-verwendungsnachweis.expected.json").read_text(encoding="utf-8"))
    assert befundmenge(ausgabe) == befundmenge(erwartet)
    assert {x: y for x, y in ausgabe.items() if x != "befunde"} == {x: y for x, y in erwartet.items() if x != "befunde"}


# --- Regel 1: Stellen ---------------------------------------------------------------------------------

def test_regel_1_nr_5_4_1_hoechstbetrag_aus_tatsaechlichen_vzae_und_monaten():
    """Regel 1, Nr. 5.4.1/5.4.2: bewilligt 1,0 VZÄ Jan–Dez, tatsächlich 0,5 VZÄ Jan–Sep: Höchstbetrag
    57 000 × 0,5 × 9/12 = 21 375 €, Sachausgaben 5 700 × 0,5 × 9/12 = 2 137,50 €; darüber gekappt."""
    ausgabe = rechne(fall([k("K1", personalausgaben="57000.00", sachausgaben="5700.00")],
                          [ist("K1", "0.5", bis="2026-09", personalausgaben="30000.00", sachausgaben="2000.00")]))
    assert stelle(ausgabe, "K1") == {"id": "K1", "anerkannt_personal": "21375.00", "anerkannt_sach": "2000.00"}
    assert ("PERSONALAUSGABEN_GEKAPPT", "5.4.1", "K1") in codes(ausgabe)
    ausgabe = rechne(fall([k("K1", personalausgaben="57000.00", sachausgaben="5700.00")],
                          [ist("K1", "0.5", bis="2026-09", sachausgaben="3000.00")]))
    assert stelle(ausgabe, "K1") == {"id": "K1", "anerkannt_personal": "0.00", "anerkannt_sach": "2137.50"}
    assert ("SACHAUSGABEN_GEKAPPT", "5.4.2", "K1") in codes(ausgabe)


def test_regel_1_fehlender_betrag_ist_null_nicht_der_hoechstbetrag():
    """Vertrag: ein ausgelassener Betrag ist 0,00 €, im Nachweis wie im Bescheid."""
    ausgabe = rechne(fall([k("K1", personalausgaben="57000.00")], [ist("K1")], ausgezahlt="1000.00"))
    assert stelle(ausgabe, "K1") == {"id": "K1", "anerkannt_personal": "0.00", "anerkannt_sach": "0.00"}
    assert ausgabe["summen"]["anerkannt"] == "0.00" and ausgabe["summen"]["ueberzahlung"] == "1000.00"


def test_regel_1_nr_5_4_1_unter_halber_stelle_null():
    """Regel 1, Nr. 5.4.1: tatsächlich 0,4 VZÄ → nicht zuwendungsfähig, 0 und VZAE_UNTER_HALB."""
    ausgabe = rechne(fall([k("K1", personalausgaben="57000.00")], [ist("K1", "0.4", personalausgaben="20000.00")]))
    assert stelle(ausgabe, "K1")["anerkannt_personal"] == "0.00"
    assert ("VZAE_UNTER_HALB", "5.4.1", "K1") in codes(ausgabe)


def test_regel_1_nr_5_4_2_case_management_ohne_sachausgaben():
    """Regel 1, Nr. 5.4.2: Sachausgaben einer Case-Management-Stelle werden nicht anerkannt."""
    ausgabe = rechne(fall([k("CM1", art="case_management", personalausgaben="57000.00")],
                          [ist("CM1", personalausgaben="50000.00", sachausgaben="1000.00")]))
    assert stelle(ausgabe, "CM1") == {"id": "CM1", "anerkannt_personal": "50000.00", "anerkannt_sach": "0.00"}
    assert ("SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG", "5.4.2", "CM1") in codes(ausgabe)


def test_regel_1_nr_7_4_nicht_bewilligte_stelle():
    """Regel 1, Nr. 7.4: eine Stelle, die nicht im Bescheid steht oder dort eine andere Art hat, wird mit 0
    aufgeführt (NICHT_BEWILLIGT); eine Bescheid-Stelle ohne Nachweis wird nicht aufgeführt."""
    ausgabe = rechne(fall(
        [k("K1", personalausgaben="57000.00"), k("VA1", "0.5", art="verwaltungsassistenz",
                                                 personalausgaben="22500.00"), k("K2", personalausgaben="57000.00")],
        [ist("K1", personalausgaben="57000.00"),
         {**ist("VA1", "0.5", personalausgaben="22500.00"), "art": "koordination"},
         {**ist("X9", personalausgaben="1000.00"), "art": "case_management"},
         ist("X8", personalausgaben="1000.00")]))
    assert [s["id"] for s in ausgabe["stellen"]] == ["K1", "VA1", "X9", "X8"]
    for sid in ("VA1", "X9", "X8"):
        assert stelle(ausgabe, sid) == {"id": sid, "anerkannt_personal": "0.00", "anerkannt_sach": "0.00"}
        assert ("NICHT_BEWILLIGT", "7.4", sid) in codes(ausgabe)
    assert ("NICHT_BEWILLIGT", "7.4", "K2") not in codes(ausgabe)
    assert ausgabe["summen"]["anerkannt"] == "57000.00"


def test_regel_1_art_aus_dem_bescheid():
    """Vertrag: ``ist.stellen[].art`` fehlt → die Art der Bescheid-Stelle (hier Verwaltungsassistenz, 45 000 € je
    VZÄ: 0,5 VZÄ × 12/12 = 22 500 €)."""
    ausgabe = rechne(fall([k("VA1", "0.5", art="verwaltungsassistenz", personalausgaben="22500.00")],
                          [ist("VA1", "0.5", personalausgaben="30000.00")]))
    assert stelle(ausgabe, "VA1")["anerkannt_personal"] == "22500.00"


# --- Regel 2: Begleitmaßnahmen ---------------------------------------------------------------------

def test_regel_2_nr_5_4_2_begleitmassnahmen_hoechstbetraege():
    """Regel 2, Nr. 5.4.2 a/b: Veranstaltungen höchstens 5 000 €, Schnittstellen höchstens 10 000 €."""
    ausgabe = rechne(fall([], [], bescheid_begleit={"veranstaltungen": "5000.00", "schnittstellen": "10000.00"},
                          ist_begleit={"veranstaltungen": "5500.00", "schnittstellen": "12000.00"}))
    assert ausgabe["begleitmassnahmen"] == {"veranstaltungen": "5000.00", "schnittstellen": "10000.00"}
    assert {("VERANSTALTUNGEN_GEKAPPT", "5.4.2 a", None), ("SCHNITTSTELLEN_GEKAPPT", "5.4.2 b", None)} <= codes(ausgabe)
    assert ("EINZELANSATZ_UEBERSCHRITTEN", "ANBest-G 1.2", None) not in codes(ausgabe)


# --- Regel 3: Einzelansätze (Nr. 1.2 ANBest-G) -----------------------------------------------------

def test_regel_3_anbest_g_1_2_bis_20_prozent_ausgleich_erlaubt():
    """Nr. 1.2 ANBest-G: Personal Koordination im Bescheid 30 000 €, anerkannt 36 000 € (= 120 %) bleibt."""
    ausgabe = rechne(fall([k("K1", personalausgaben="30000.00")], [ist("K1", personalausgaben="36000.00")]))
    assert stelle(ausgabe, "K1")["anerkannt_personal"] == "36000.00"
    assert not any(c[0] == "EINZELANSATZ_UEBERSCHRITTEN" for c in codes(ausgabe))


def test_regel_3_anbest_g_1_2_ueber_120_prozent_gekuerzt_von_hinten():
    """Nr. 1.2 ANBest-G: zwei Koordinationsstellen im Bescheid je 30 000 € (Grenze 72 000 €), anerkannt je
    40 000 € → 8 000 € von der im Nachweis zuletzt aufgeführten Stelle."""
    bescheid = [k("K1", personalausgaben="30000.00"), k("K2", personalausgaben="30000.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="40000.00"), ist("K2", personalausgaben="40000.00")]))
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "K2")] == ["40000.00", "32000.00"]
    assert ("EINZELANSATZ_UEBERSCHRITTEN", "ANBest-G 1.2", None) in codes(ausgabe)
    # umgekehrte Reihenfolge im Nachweis → K1 wird gekürzt; reicht eine Stelle nicht, bis 0 und dann die nächste
    ausgabe = rechne(fall(bescheid, [ist("K2", personalausgaben="40000.00"), ist("K1", personalausgaben="40000.00")]))
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "K2")] == ["32000.00", "40000.00"]
    bescheid = [k("K1", personalausgaben="10000.00"), k("K2", personalausgaben="0.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="10000.00"), ist("K2", personalausgaben="5000.00")]))
    # Grenze 12 000 €, anerkannt 15 000 € → K2 (zuletzt) 5 000 → 2 000
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "K2")] == ["10000.00", "2000.00"]
    bescheid = [k("K1", personalausgaben="1000.00"), k("K2", personalausgaben="1000.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="10000.00"), ist("K2", personalausgaben="1000.00")]))
    # Grenze 2 400 €, anerkannt 11 000 € → 8 600 €: K2 bis 0, dann K1 um 7 600 €
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "K2")] == ["2400.00", "0.00"]


def test_regel_3_anbest_g_1_2_sachausgaben_aller_stellen_und_null_im_bescheid():
    """Nr. 1.2 ANBest-G: Sachausgaben sind ein Einzelansatz über alle Stellen; eine Kategorie mit 0 im Bescheid
    wird auf 0 gekürzt (Veranstaltungen)."""
    bescheid = [k("K1", personalausgaben="57000.00", sachausgaben="1000.00"),
                k("VA1", "0.5", art="verwaltungsassistenz", personalausgaben="22500.00", sachausgaben="1000.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="57000.00", sachausgaben="2000.00"),
                                     ist("VA1", "0.5", personalausgaben="22500.00", sachausgaben="1000.00")],
                          bescheid_begleit={"veranstaltungen": "0.00"}, ist_begleit={"veranstaltungen": "3000.00"}))
    # Sachausgaben: Grenze 2 400 €, anerkannt 3 000 € → 600 € von VA1 (zuletzt)
    assert [stelle(ausgabe, s)["anerkannt_sach"] for s in ("K1", "VA1")] == ["2000.00", "400.00"]
    assert ausgabe["begleitmassnahmen"]["veranstaltungen"] == "0.00"
    assert [b for b in ausgabe["befunde"] if b["code"] == "EINZELANSATZ_UEBERSCHRITTEN"] == [
        {"code": "EINZELANSATZ_UEBERSCHRITTEN", "regel": "ANBest-G 1.2"}]


def test_regel_3_anbest_g_1_2_grenze_kaufmaennisch_auf_cent():
    """Nr. 1.2 ANBest-G: 120 % von 0,04 € = 0,048 → 0,05 € (kaufmännisch); Kategorien im Ergebnis."""
    bescheid = [k("K1", personalausgaben="0.04", sachausgaben="10.01")]
    n = nachweis_aus_json(json.dumps(fall(bescheid, [ist("K1", personalausgaben="1.00", sachausgaben="20.00")])))
    e = pruefe_nachweis(n)
    assert e.kategorie(PERSONAL_KOORDINATION).grenze == D("0.05")
    assert e.stelle("K1").anerkannt_personal == D("0.05")
    assert e.kategorie(SACHAUSGABEN).grenze == D("12.01") and e.stelle("K1").anerkannt_sach == D("12.01")
    assert all(b.text.startswith(("Nr. ", "ANBest-G")) for b in e.befunde)


# --- Regel 4: Höchstbetrag ------------------------------------------------------------------------

def test_regel_4_nr_5_4_hoechstbetrag_kuerzt_von_hinten_nach_kategorien():
    """Regel 4, Nr. 5.4: anerkannt 69 000 €, Höchstbetrag 57 000 € → 12 000 € zuerst von den Schnittstellen
    (2 000 €), dann Veranstaltungen (1 000 €), dann Sachausgaben (K2, dann K1), dann Personal."""
    bescheid = [k("K1", personalausgaben="30000.00", sachausgaben="3000.00"),
                k("K2", personalausgaben="30000.00", sachausgaben="3000.00")]
    daten = fall(bescheid, [ist("K1", personalausgaben="30000.00", sachausgaben="3000.00"),
                            ist("K2", personalausgaben="30000.00", sachausgaben="3000.00")],
                 hoechstbetrag="57000.00", ausgezahlt="57000.00",
                 bescheid_begleit={"veranstaltungen": "1000.00", "schnittstellen": "2000.00"},
                 ist_begleit={"veranstaltungen": "1000.00", "schnittstellen": "2000.00"})
    ausgabe = rechne(daten)
    assert ausgabe["begleitmassnahmen"] == {"veranstaltungen": "0.00", "schnittstellen": "0.00"}
    assert [stelle(ausgabe, s)["anerkannt_sach"] for s in ("K1", "K2")] == ["0.00", "0.00"]
    # 12 000 − 3 000 − 6 000 = 3 000 € vom Personal Koordination, von K2 (zuletzt)
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "K2")] == ["30000.00", "27000.00"]
    assert ausgabe["summen"] == {"bewilligt": "57000.00", "anerkannt": "57000.00", "ausgezahlt": "57000.00",
                                 "ueberzahlung": "0.00", "nachzahlung": "0.00"}
    assert ("HOECHSTBETRAG_ERREICHT", "5.4", None) in codes(ausgabe)
    daten["bescheid"]["hoechstbetrag"] = "69000.00"
    assert ("HOECHSTBETRAG_ERREICHT", "5.4", None) not in codes(rechne(daten))


def test_regel_4_nr_5_4_personal_in_der_reihenfolge_cm_va_koordination():
    """Regel 4: nach den Sachausgaben zuerst Personal Case Management, dann Verwaltungsassistenz, dann
    Koordination."""
    bescheid = [k("K1", personalausgaben="1000.00"), k("VA1", "0.5", art="verwaltungsassistenz",
                                                       personalausgaben="1000.00"),
                k("CM1", art="case_management", personalausgaben="1000.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="1000.00"), ist("VA1", "0.5", personalausgaben="1000.00"),
                                     ist("CM1", personalausgaben="1000.00")], hoechstbetrag="1500.00"))
    assert [stelle(ausgabe, s)["anerkannt_personal"] for s in ("K1", "VA1", "CM1")] == ["1000.00", "500.00", "0.00"]


# --- Regel 5: Überzahlung, Nachzahlung ---------------------------------------------------------------

def test_regel_5_nr_7_5_ueberzahlung_und_nachzahlung():
    """Regel 5, Nr. 7.5: ausgezahlt über anerkannt → Überzahlung (UEBERZAHLUNG); darunter → Nachzahlung."""
    bescheid = [k("K1", personalausgaben="57000.00")]
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="50000.00")], ausgezahlt="57000.00"))
    assert (ausgabe["summen"]["ueberzahlung"], ausgabe["summen"]["nachzahlung"]) == ("7000.00", "0.00")
    assert ("UEBERZAHLUNG", "7.5", None) in codes(ausgabe)
    ausgabe = rechne(fall(bescheid, [ist("K1", personalausgaben="50000.00")], ausgezahlt="28500.00"))
    assert (ausgabe["summen"]["ueberzahlung"], ausgabe["summen"]["nachzahlung"]) == ("0.00", "21500.00")
    assert not any(c[0] == "UEBERZAHLUNG" for c in codes(ausgabe))


# --- Regeln 6 und 7: Befunde ohne Kürzung ------------------------------------------------------------

def test_regel_6_nr_5_4_1_obergrenzen_gemeldet_nicht_gekuerzt():
    """Regel 6, Nr. 5.4.1: 4,0 VZÄ Koordination bei einem Kreis (3,5) und 1,0 VZÄ Verwaltungsassistenz werden
    gemeldet, aber nicht gekürzt."""
    bescheid = [k(f"K{i}", personalausgaben="57000.00") for i in range(1, 5)] + [
        k("VA1", "0.5", art="verwaltungsassistenz", personalausgaben="22500.00"),
        k("VA2", "0.5", art="verwaltungsassistenz", personalausgaben="22500.00")]
    nachweis = [ist(f"K{i}", personalausgaben="57000.00") for i in range(1, 5)] + [
        ist("VA1", "0.5", personalausgaben="22500.00"), ist("VA2", "0.5", personalausgaben="22500.00")]
    ausgabe = rechne(fall(bescheid, nachweis))
    assert {("KOORDINATION_OBERGRENZE", "5.4.1", None), ("VERWALTUNGSASSISTENZ_OBERGRENZE", "5.4.1", None)} <= codes(
        ausgabe)
    assert ausgabe["summen"]["anerkannt"] == "273000.00"
    # Nr. 4.3: mit einer qualifizierten kreisangehörigen Kommune sind 4,5 VZÄ erlaubt
    assert ("KOORDINATION_OBERGRENZE", "5.4.1", None) not in codes(rechne(fall(bescheid, nachweis, qualifizierte=1)))


def test_regel_7_nr_4_3_weitere_koordination_nur_kreise():
    """Regel 7, Nr. 4.3: qualifizierte kreisangehörige Kommunen bei einer kreisfreien Stadt → Hinweis."""
    ausgabe = rechne(fall([k("K1", personalausgaben="57000.00")], [ist("K1", personalausgaben="57000.00")],
                          kommune_art="kreisfreie_stadt", qualifizierte=1))
    assert ("WEITERE_KOORDINATION_NUR_KREISE", "4.3", None) in codes(ausgabe)


def test_regel_7_befunde_nur_auf_anerkannten_stellen():
    """Regel 7: eine nicht bewilligte Stelle bringt nur NICHT_BEWILLIGT, keine Befunde des Förderrechners."""
    ausgabe = rechne(fall([], [{**ist("X1", "0.4", personalausgaben="99999.00"), "art": "koordination"}]))
    assert codes(ausgabe) == {("NICHT_BEWILLIGT", "7.4", "X1")}


# --- fehlerhafte Eingaben ---------------------------------------------------------------------------

GUT = fall([k("K1", personalausgaben="57000.00")], [ist("K1", personalausgaben="57000.00")], ausgezahlt="0.00")


def geaendert(pfad, wert):
    daten = copy.deepcopy(GUT)
    ziel = daten
    for teil in pfad[:-1]:
        ziel = ziel[teil]
    if wert is KeyError:
        del ziel[pfad[-1]]
    else:
        ziel[pfad[-1]] = wert
    return json.dumps(daten)


FEHLERHAFT = [
    ("kein_json", "{", None),
    ("kein_objekt", "[]", None),
    ("foerderjahr_fehlt", geaendert(["foerderjahr"], KeyError), "foerderjahr"),
    ("foerderjahr_ausserhalb_nr_8", geaendert(["foerderjahr"], 2029), "foerderjahr"),
    ("kommune_art", geaendert(["kommune_art"], "dorf"), "kommune_art"),
    ("bescheid_fehlt", geaendert(["bescheid"], KeyError), "bescheid"),
    ("bescheid_kein_objekt", geaendert(["bescheid"], []), "bescheid"),
    ("hoechstbetrag_fehlt", geaendert(["bescheid", "hoechstbetrag"], KeyError), "bescheid.hoechstbetrag"),
    ("hoechstbetrag_negativ", geaendert(["bescheid", "hoechstbetrag"], "-1.00"), "bescheid.hoechstbetrag"),
    ("hoechstbetrag_drei_stellen", geaendert(["bescheid", "hoechstbetrag"], "1.001"), "bescheid.hoechstbetrag"),
    ("bescheid_stellen_fehlen", geaendert(["bescheid", "stellen"], KeyError), "bescheid.stellen"),
    ("bescheid_art_fehlt", geaendert(["bescheid", "stellen", 0, "art"], KeyError), "bescheid.stellen[0].art"),
    ("bescheid_art_unbekannt", geaendert(["bescheid", "stellen", 0, "art"], "leitung"), "bescheid.stellen[0].art"),
    ("bescheid_vzae", geaendert(["bescheid", "stellen", 0, "vzae"], "1.5"), "bescheid.stellen[0].vzae"),
    ("bescheid_doppelte_id", geaendert(["bescheid", "stellen"], [k("K1"), k("K1")]), "bescheid.stellen[1].id"),
    ("ist_fehlt", geaendert(["ist"], KeyError), "ist"),
    ("ist_stellen_fehlen", geaendert(["ist", "stellen"], KeyError), "ist.stellen"),
    ("ist_art_unbekannt", geaendert(["ist", "stellen", 0, "art"], "leitung"), "ist.stellen[0].art"),
    ("ist_vzae_null", geaendert(["ist", "stellen", 0, "vzae"], "0"), "ist.stellen[0].vzae"),
    ("ist_monat_ausserhalb", geaendert(["ist", "stellen", 0, "von"], "2025-12"), "ist.stellen[0].von"),
    ("ist_betrag_negativ", geaendert(["ist", "stellen", 0, "personalausgaben"], "-5.00"),
     "ist.stellen[0].personalausgaben"),
    ("ist_betrag_drei_stellen", geaendert(["ist", "stellen", 0, "sachausgaben"], "1.005"),
     "ist.stellen[0].sachausgaben"),
    ("ist_betrag_deutsch", geaendert(["ist", "stellen", 0, "sachausgaben"], "1.000,00"),
     "ist.stellen[0].sachausgaben"),
    ("ist_doppelte_id", geaendert(["ist", "stellen"], [ist("K1"), ist("K1")]), "ist.stellen[1].id"),
    ("ist_begleit_negativ", geaendert(["ist", "begleitmassnahmen"], {"veranstaltungen": "-1"}),
     "ist.begleitmassnahmen.veranstaltungen"),
    ("ausgezahlt_fehlt", geaendert(["ausgezahlt"], KeyError), "ausgezahlt"),
    ("ausgezahlt_negativ", geaendert(["ausgezahlt"], "-0.01"), "ausgezahlt"),
    ("ausgezahlt_text", geaendert(["ausgezahlt"], "viel"), "ausgezahlt"),
]


@pytest.mark.parametrize("text,feld", [f[1:] for f in FEHLERHAFT], ids=[f[0] for f in FEHLERHAFT])
def test_nr_7_4_jede_fehlerhafte_eingabe_exit_2(text, feld, capsys):
    """Vertrag: jede fehlerhafte Eingabe → Exit 2, eine deutsche Zeile mit dem Feld auf stderr, stdout leer."""
    with pytest.raises(SystemExit) as ende:
        call_command("verwendungsnachweis", stdin=io.StringIO(text))
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err.count("\n") == 1 and aus.err.endswith(".\n"), aus.err
    if feld:
        assert aus.err.startswith(f'Feld "{feld}": '), aus.err


def test_nr_7_4_von_nach_bis_nennt_das_feld(capsys):
    """Vertrag: Beginn nach Ende im Nachweis → Exit 2 mit dem Feld ``ist.stellen[0].bis``."""
    daten = copy.deepcopy(GUT)
    daten["ist"]["stellen"][0].update(von="2026-10", bis="2026-03")
    with pytest.raises(SystemExit):
        call_command("verwendungsnachweis", stdin=io.StringIO(json.dumps(daten)))
    assert capsys.readouterr().err.startswith('Feld "ist.stellen[0].bis": ')


def test_nr_7_4_fehlerhafte_eingabe_im_subprozess():
    """Vertrag: im echten Prozess Exit 2, ein deutscher Satz mit dem Feld, nichts auf stdout."""
    pruefe_abbruch(manage("verwendungsnachweis", eingabe=geaendert(["ausgezahlt"], KeyError).encode()), "ausgezahlt")
