"""Auszahlungsplan (Nr. 7.3 mit Nr. 7.4 VVG zu § 44 LHO; Rückforderung Nr. 7.5): jede Regel des Vertrags
``auszahlungsplan`` (shared/rechner/CONTRACT.md) einzeln, dazu der öffentliche Fall geld-10 über das Kommando."""
import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from kim_foerderung.regeln.auszahlung import (
    AuszahlungEingabeFehler,
    auszahlungsplan,
    naechster_target_tag,
    plan_aus_json,
    target_tage_zurueck,
    vorbereitungstage,
)
from tests.regeln.test_regeln_kommandos import RECHNER, REPO, pruefe_abbruch, umgebung

D = Decimal


def plan(**aenderungen):
    werte = {"foerderjahr": 2027, "hoechstbetrag": D("299962.51"), "bestandskraeftig_ab": date(2027, 3, 2),
             "angefordert_am": date(2027, 2, 15), "ausgezahlt": {}, "stichtag": date(2027, 6, 1)}
    werte.update(aenderungen)
    return auszahlungsplan(**werte)


def codes(p):
    return {(b.code, b.regel) for b in p.befunde}


# --- Beträge ------------------------------------------------------------------------------------------------

def test_nr_7_3_zwei_haelften_rest_cent_auf_die_zweite():
    """Nr. 7.3: nichts gezahlt → erste Tranche halber Höchstbetrag abgerundet, zweite der Rest (Summe exakt)."""
    p = plan(stichtag=date(2027, 3, 10))
    assert [t.betrag for t in p.tranchen] == [D("149981.25"), D("149981.26")]
    assert sum(t.betrag for t in p.tranchen) == D("299962.51")
    assert [t.termin for t in p.tranchen] == [date(2027, 5, 1), date(2027, 10, 1)]


def test_nr_7_3_zahltag_letzter_target_tag_vor_dem_termin():
    """Nr. 7.3: 1. Mai ist TARGET-Feiertag → Zahltag 30.04.; 1.10.2027 ist ein Freitag → derselbe Tag;
    1.5.2026 (Fr, Feiertag) → 30.04.2026; 1.10.2028 ist ein Sonntag → Freitag 29.09.2028."""
    assert [t.zahltag for t in plan(stichtag=date(2027, 3, 10)).tranchen] == [date(2027, 4, 30), date(2027, 10, 1)]
    p28 = plan(foerderjahr=2028, bestandskraeftig_ab=date(2028, 3, 2), angefordert_am=date(2028, 3, 3),
               stichtag=date(2028, 3, 10))
    assert [t.zahltag for t in p28.tranchen] == [date(2028, 4, 28), date(2028, 9, 29)]


def test_nr_7_3_gezahlte_tranche_behaelt_betrag_offene_bekommt_den_rest():
    """Nr. 7.3: ein Änderungsbescheid erhöht den Höchstbetrag → die offene Tranche = Höchstbetrag − gezahlt."""
    p = plan(hoechstbetrag=D("320000.00"), ausgezahlt={date(2027, 5, 1): D("149981.25")})
    assert [t.betrag for t in p.tranchen] == [D("149981.25"), D("170018.75")]
    assert p.rueckforderung == D("0.00")
    assert [t.status for t in p.tranchen] == ["ausgezahlt", "geplant"]


def test_nr_7_5_ueberzahlung_offene_tranche_entfaellt_und_rueckforderung():
    """Nr. 7.5: Höchstbetrag unter das Gezahlte gesenkt → offene Tranche 0,00 (entfällt), Rückforderung."""
    p = plan(hoechstbetrag=D("100000.00"), ausgezahlt={date(2027, 5, 1): D("149981.25")})
    assert [(t.betrag, t.status) for t in p.tranchen] == [(D("149981.25"), "ausgezahlt"), (D("0.00"), "entfaellt")]
    assert p.rueckforderung == D("49981.25")
    assert ("UEBERZAHLUNG", "7.5") in codes(p)


def test_nr_7_5_beide_gezahlt_keine_neue_tranche_rueckforderung_nur_ueber_hoechstbetrag():
    """Nr. 7.3/7.5: beide gezahlt → Beträge bleiben; höherer Höchstbetrag fügt nichts hinzu, niedrigerer fordert
    zurück."""
    gezahlt = {date(2027, 5, 1): D("100.00"), date(2027, 10, 1): D("100.01")}
    hoeher = plan(hoechstbetrag=D("500.00"), ausgezahlt=gezahlt, stichtag=date(2027, 11, 1))
    assert [t.betrag for t in hoeher.tranchen] == [D("100.00"), D("100.01")]
    assert hoeher.rueckforderung == D("0.00") and not codes(hoeher)
    niedriger = plan(hoechstbetrag=D("150.00"), ausgezahlt=gezahlt, stichtag=date(2027, 11, 1))
    assert niedriger.rueckforderung == D("50.01")
    assert codes(niedriger) == {("UEBERZAHLUNG", "7.5")}


def test_nr_7_3_nur_zweite_gezahlt_erste_bekommt_den_rest():
    """Nr. 7.3: die Regel gilt für die jeweils offene Tranche, auch wenn es die erste ist."""
    p = plan(ausgezahlt={date(2027, 10, 1): D("200000.00")}, stichtag=date(2027, 10, 5))
    assert [(t.betrag, t.status) for t in p.tranchen] == [(D("99962.51"), "faellig"), (D("200000.00"), "ausgezahlt")]


def test_nr_7_3_hoechstbetrag_null_beide_entfallen():
    p = plan(hoechstbetrag=D("0.00"))
    assert [t.status for t in p.tranchen] == ["entfaellt", "entfaellt"]


# --- Status -------------------------------------------------------------------------------------------------

def test_nr_7_3_gesperrt_vor_bestandskraft_und_ohne_mittelanforderung():
    """Nr. 7.3: nichts vor Bestandskraft und vor der Mittelanforderung; beide Befunde."""
    ohne_bk = plan(bestandskraeftig_ab=None)
    assert [t.status for t in ohne_bk.tranchen] == ["gesperrt", "gesperrt"]
    assert codes(ohne_bk) == {("VOR_BESTANDSKRAFT", "7.3")}
    bk_spaeter = plan(bestandskraeftig_ab=date(2027, 6, 2))
    assert [t.status for t in bk_spaeter.tranchen] == ["gesperrt", "gesperrt"]
    ohne_ma = plan(angefordert_am=None)
    assert codes(ohne_ma) == {("KEINE_MITTELANFORDERUNG", "7.3")}
    ma_spaeter = plan(angefordert_am=date(2027, 6, 2))
    assert [t.status for t in ma_spaeter.tranchen] == ["gesperrt", "gesperrt"]
    beide = plan(bestandskraeftig_ab=None, angefordert_am=None)
    assert codes(beide) == {("VOR_BESTANDSKRAFT", "7.3"), ("KEINE_MITTELANFORDERUNG", "7.3")}


def test_nr_7_3_faellig_ab_termin_sonst_geplant():
    p = plan(stichtag=date(2027, 5, 1))
    assert [t.status for t in p.tranchen] == ["faellig", "geplant"]
    vorher = plan(stichtag=date(2027, 4, 30))
    assert [t.status for t in vorher.tranchen] == ["geplant", "geplant"]
    assert not codes(p)


def test_nr_7_3_faellig_nach_spaeter_bestandskraft_ohne_zahltag():
    """Nr. 7.3: Termin vor der Bestandskraft verstrichen → im nächsten Zahlungslauf (Zahltag null), nie vorher."""
    p = plan(bestandskraeftig_ab=date(2027, 5, 20), stichtag=date(2027, 6, 1))
    erste, zweite = p.tranchen
    assert (erste.status, erste.zahltag) == ("faellig", None)
    assert (zweite.status, zweite.zahltag) == ("geplant", date(2027, 10, 1))


def test_nr_7_3_faellig_nach_spaeter_mittelanforderung_ohne_zahltag():
    p = plan(angefordert_am=date(2027, 5, 2), stichtag=date(2027, 5, 3))
    assert (p.tranchen[0].status, p.tranchen[0].zahltag) == ("faellig", None)


def test_nr_7_3_faellig_mit_regulaerem_zahltag_wenn_alles_rechtzeitig():
    """Verpasster Lauf (Worker am Tag aus): fällig, der reguläre Zahltag bleibt (Nachholen im nächsten Lauf)."""
    p = plan(stichtag=date(2027, 5, 10))
    assert (p.tranchen[0].status, p.tranchen[0].zahltag) == ("faellig", date(2027, 4, 30))


def test_nr_7_3_ausgezahlt_geht_vor_allem_anderen():
    """Erste Regel gewinnt: eine gezahlte Tranche ist „ausgezahlt“, auch bei Sperre oder Betrag 0."""
    p = plan(ausgezahlt={date(2027, 5, 1): D("0.00")}, bestandskraeftig_ab=None)
    assert p.tranchen[0].status == "ausgezahlt"


def test_nr_7_3_entfaellt_vor_gesperrt():
    p = plan(hoechstbetrag=D("100.00"), ausgezahlt={date(2027, 5, 1): D("149981.25")}, angefordert_am=None)
    assert p.tranchen[1].status == "entfaellt"


# --- TARGET-Hilfen des Zahlungslaufs -------------------------------------------------------------------------

def test_nr_7_3_vorbereitung_fuenf_target_tage_vor_dem_zahltag():
    """Zahltag 30.04.2027 (Fr): 5 TARGET-Tage vorher = Fr 23.04.2027; 1.10.2027 (Fr) → Fr 24.09.2027.
    Ostern 2027: Karfreitag 26.03., Ostermontag 29.03. zählen nicht."""
    assert vorbereitungstage(2027) == (date(2027, 4, 23), date(2027, 9, 24))
    assert target_tage_zurueck(date(2027, 3, 30), 1) == date(2027, 3, 25)
    assert target_tage_zurueck(date(2027, 4, 30), 0) == date(2027, 4, 30)
    assert naechster_target_tag(date(2027, 5, 1)) == date(2027, 5, 3)
    assert naechster_target_tag(date(2027, 5, 4)) == date(2027, 5, 4)


# --- JSON-Vertrag ---------------------------------------------------------------------------------------------

def test_vertrag_beispiel_aus_contract():
    ausgabe = plan_aus_json(json.dumps({
        "foerderjahr": 2027, "hoechstbetrag": "299962.51", "bestandskraeftig_ab": "2027-03-02",
        "angefordert_am": "2027-02-15", "ausgezahlt": [{"termin": "2027-05-01", "betrag": "149981.25"}],
        "stichtag": "2027-06-01"}))
    assert ausgabe == {"tranchen": [
        {"termin": "2027-05-01", "zahltag": "2027-04-30", "betrag": "149981.25", "status": "ausgezahlt"},
        {"termin": "2027-10-01", "zahltag": "2027-10-01", "betrag": "149981.26", "status": "geplant"}],
        "rueckforderung": "0.00", "befunde": []}


def test_vertrag_zahltag_null_als_json_null_und_zahlen_erlaubt():
    ausgabe = plan_aus_json(json.dumps({"foerderjahr": 2027, "hoechstbetrag": 1000, "bestandskraeftig_ab":
                                        "2027-05-20", "angefordert_am": "2027-01-10", "stichtag": "2027-06-01"}))
    assert ausgabe["tranchen"][0] == {"termin": "2027-05-01", "zahltag": None, "betrag": "500.00",
                                      "status": "faellig"}


def basis(**werte):
    return {"foerderjahr": 2027, "hoechstbetrag": "1000.00", "stichtag": "2027-06-01", **werte}


FEHLERHAFT = [
    ("kein_json", "{", None),
    ("kein_objekt", "[]", None),
    ("leer", "", None),
    ("foerderjahr_fehlt", json.dumps({"hoechstbetrag": "1.00", "stichtag": "2027-06-01"}), "foerderjahr"),
    ("foerderjahr_2029", json.dumps(basis(foerderjahr=2029)), "foerderjahr"),
    ("foerderjahr_2024", json.dumps(basis(foerderjahr=2024)), "foerderjahr"),
    ("foerderjahr_text", json.dumps(basis(foerderjahr="2027")), "foerderjahr"),
    ("hoechstbetrag_fehlt", json.dumps({"foerderjahr": 2027, "stichtag": "2027-06-01"}), "hoechstbetrag"),
    ("hoechstbetrag_negativ", json.dumps(basis(hoechstbetrag="-0.01")), "hoechstbetrag"),
    ("hoechstbetrag_drei_stellen", json.dumps(basis(hoechstbetrag="1.005")), "hoechstbetrag"),
    ("hoechstbetrag_text", json.dumps(basis(hoechstbetrag="57.000,00")), "hoechstbetrag"),
    ("stichtag_fehlt", json.dumps({"foerderjahr": 2027, "hoechstbetrag": "1.00"}), "stichtag"),
    ("datum_deutsch", json.dumps(basis(bestandskraeftig_ab="02.03.2027")), "bestandskraeftig_ab"),
    ("datum_ungueltig", json.dumps(basis(angefordert_am="2027-02-30")), "angefordert_am"),
    ("ausgezahlt_kein_termin", json.dumps(basis(ausgezahlt=[{"termin": "2027-06-01", "betrag": "1.00"}])),
     "ausgezahlt[0].termin"),
    ("ausgezahlt_termin_fehlt", json.dumps(basis(ausgezahlt=[{"betrag": "1.00"}])), "ausgezahlt[0].termin"),
    ("ausgezahlt_doppelt", json.dumps(basis(ausgezahlt=[{"termin": "2027-05-01", "betrag": "1.00"},
                                                        {"termin": "2027-05-01", "betrag": "2.00"}])),
     "ausgezahlt[1].termin"),
    ("ausgezahlt_ohne_betrag", json.dumps(basis(ausgezahlt=[{"termin": "2027-05-01"}])), "ausgezahlt[0].betrag"),
    ("ausgezahlt_negativ", json.dumps(basis(ausgezahlt=[{"termin": "2027-05-01", "betrag": "-5.00"}])),
     "ausgezahlt[0].betrag"),
    ("ausgezahlt_keine_liste", json.dumps(basis(ausgezahlt={"termin": "2027-05-01"})), "ausgezahlt"),
    ("betrag_nan", '{"foerderjahr": 2027, "hoechstbetrag": NaN, "stichtag": "2027-06-01"}', "hoechstbetrag"),
    ("betrag_riesig", json.dumps(basis(hoechstbetrag="1" * 40)), "hoechstbetrag"),
]


@pytest.mark.parametrize("art,text,feld", FEHLERHAFT, ids=[f[0] for f in FEHLERHAFT])
def test_nr_7_3_auszahlungsplan_jede_fehlerhafte_eingabe(art, text, feld, capsys):
    """Vertrag: fehlerhafte Eingabe → Exit 2, eine deutsche Zeile mit dem Feld auf stderr, stdout leer."""
    with pytest.raises(SystemExit) as ende:
        call_command("auszahlungsplan", stdin=io.StringIO(text))
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err.count("\n") == 1 and aus.err.endswith(".\n"), aus.err
    if feld:
        assert aus.err.startswith(f'Feld "{feld}": '), aus.err
    with pytest.raises(AuszahlungEingabeFehler):
        plan_aus_json(text)


@pytest.mark.parametrize("art", ["test", "schlicht"])
def test_nr_7_3_oeffentlicher_fall_geld_10_im_subprozess(art):
    """Nr. 7.3: manage.py auszahlungsplan < geld-10-auszahlungsplan.json gibt genau das expected.json aus –
    ohne Datenbank (unerreichbare DATABASE_URL) und in einer schlichten Shell ohne geheimen Schlüssel."""
    ergebnis = subprocess.run([sys.executable, "manage.py", "auszahlungsplan"],
                              input=(RECHNER / "geld-10-auszahlungsplan.json").read_bytes(), capture_output=True,
                              cwd=REPO, env=umgebung(art), timeout=60)
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    erwartet = json.loads((RECHNER / "geld-10-auszahlungsplan.expected.json").read_text(encoding="utf-8"))
    ausgabe = json.loads(ergebnis.stdout.decode("utf-8"))
    assert {k: v for k, v in ausgabe.items() if k != "befunde"} == {k: v for k, v in erwartet.items()
                                                                     if k != "befunde"}
    assert sorted(map(str, ausgabe["befunde"])) == sorted(map(str, erwartet["befunde"]))


def test_nr_7_3_fehler_im_subprozess_ohne_geheimnis_exit_2():
    ergebnis = subprocess.run([sys.executable, "manage.py", "auszahlungsplan"], input=b'{"foerderjahr": 2027}',
                              capture_output=True, cwd=REPO, env=umgebung("schlicht"), timeout=60)
    pruefe_abbruch(ergebnis, "hoechstbetrag")
