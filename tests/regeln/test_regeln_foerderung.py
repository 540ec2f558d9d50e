"""Förderberechnung: Nr. 2.1, 2.2, 4.3, 5.2, 5.4.1, 5.4.2 und 8 der Richtlinie KIM NRW (reines Python)."""
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kim_foerderung.regeln import (
    BLOCKIERENDE_CODES,
    FOERDERJAHRE,
    Fall,
    Monat,
    RegelFehler,
    StelleEingabe,
    berechne,
    ergebnis_als_json,
    fall_aus_json,
    koordination_obergrenze_vzae,
    personalausgaben_obergrenze,
    sachausgaben_obergrenze,
)

RECHNER = Path(__file__).resolve().parents[2].parent / "shared" / "rechner"
OEFFENTLICHE_FAELLE = ["oeff-01-kreis-voll", "oeff-02-stadt-teiljahr", "oeff-03-obergrenze"]
D = Decimal


def stelle(id="K1", art="koordination", vzae="1.0", von=(2026, 1), bis=(2026, 12), **kw):
    return StelleEingabe(id=id, art=art, vzae=D(vzae), von=Monat(*von), bis=Monat(*bis), **kw)


def fall(*stellen, jahr=2026, kommune_art="kreis", **kw):
    return Fall(foerderjahr=jahr, kommune_art=kommune_art, stellen=tuple(stellen), **kw)


def befunde(ergebnis):
    return {(b.code, b.regel, b.stelle) for b in ergebnis.befunde}


def vergleichbar(daten):
    daten = dict(daten)
    daten["befunde"] = sorted((b["code"], b["regel"], b.get("stelle")) for b in daten["befunde"])
    return daten


# --- die Beispielfälle des Vertrags --------------------------------------------------------------

@pytest.mark.parametrize("name", OEFFENTLICHE_FAELLE)
def test_nr_5_4_oeffentliche_beispielfaelle_exakt(name):
    """Nr. 5.4.1, 5.4.2, 4.3: die Beispielfälle aus shared/rechner ergeben genau ihr expected.json."""
    assert RECHNER.is_dir(), f"{RECHNER} fehlt"
    eingabe = (RECHNER / f"{name}.json").read_text(encoding="utf-8")
    erwartet = json.loads((RECHNER / f"{name}.expected.json").read_text(encoding="utf-8"))
    ausgabe = ergebnis_als_json(berechne(fall_aus_json(eingabe)))
    assert vergleichbar(ausgabe) == vergleichbar(erwartet)
    assert list(ausgabe) == list(erwartet)
    assert list(ausgabe["summen"]) == list(erwartet["summen"])


def test_nr_5_4_alle_oeffentlichen_faelle_im_ordner():
    """Nr. 5.4: jeder oeff-*.json-Fall im Ordner (nicht nur die bekannten drei) ergibt sein expected.json."""
    faelle = sorted(p for p in RECHNER.glob("oeff-*.json") if not p.name.endswith(".expected.json"))
    assert len(faelle) >= 3
    for pfad in faelle:
        erwartet = json.loads(pfad.with_name(pfad.name[:-5] + ".expected.json").read_text(encoding="utf-8"))
        ausgabe = ergebnis_als_json(berechne(fall_aus_json(pfad.read_bytes())))
        assert vergleichbar(ausgabe) == vergleichbar(erwartet), pfad.name


# --- eine eigene Prüfung je Zeile der Befund-Tabelle ---------------------------------------------

@pytest.mark.parametrize("jahr", [2024, 2029])
def test_nr_8_foerderjahr_ausserhalb_geltungsdauer(jahr):
    """Nr. 8: außerhalb 2025–2028 wird nichts gefördert; der Befund blockiert."""
    e = berechne(fall(stelle(von=(jahr, 1), bis=(jahr, 12), personalausgaben=D("80000")),
                      jahr=jahr, veranstaltungen=D("9000"), schnittstellen=D("100")))
    assert befunde(e) == {("FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER", "8", None)}
    assert e.blockierend
    assert e.summen.gesamt == D("0.00")
    assert e.stellen[0].foerderfaehig is False
    assert e.stellen[0].personalausgaben == e.stellen[0].sachausgaben == D("0.00")
    assert e.begleitmassnahmen.veranstaltungen == e.begleitmassnahmen.schnittstellen == D("0.00")
    assert e.befunde[0].text.startswith(f"Nr. 8: Das Förderjahr {jahr} liegt außerhalb")


def test_nr_8_foerderjahre_2025_bis_2028():
    """Nr. 8: Geltungsdauer 1.1.2025 bis 31.12.2028."""
    assert list(FOERDERJAHRE) == [2025, 2026, 2027, 2028]
    for jahr in FOERDERJAHRE:
        e = berechne(fall(stelle(von=(jahr, 1), bis=(jahr, 12)), jahr=jahr))
        assert e.summen.gesamt == D("62700.00") and not e.befunde


def test_nr_5_4_1_vzae_unter_halb_nicht_foerderfaehig_und_zaehlt_nicht_zur_obergrenze():
    """Nr. 5.4.1: unter einem halben VZÄ nicht zuwendungsfähig; zählt nicht zu den 2,5 VZÄ."""
    e = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3", vzae="0.5"),
                      stelle("K4", vzae="0.49", personalausgaben=D("90000"), sachausgaben=D("9000")),
                      kommune_art="kreisfreie_stadt"))
    assert befunde(e) == {("VZAE_UNTER_HALB", "5.4.1", "K4")}
    k4 = e.stelle("K4")
    assert (k4.foerderfaehig, k4.personalausgaben, k4.sachausgaben) == (False, D("0.00"), D("0.00"))
    assert not e.blockierend
    assert e.summen.koordination == D("142500.00")
    assert "0,49 VZÄ" in e.befunde[0].text and e.befunde[0].text.startswith("Nr. 5.4.1:")


def test_nr_5_4_1_halbe_stelle_ist_foerderfaehig():
    """Nr. 5.4.1: genau 0,5 VZÄ ist zuwendungsfähig (nur „weniger als ein halbes“ ist ausgeschlossen)."""
    e = berechne(fall(stelle(vzae="0.5")))
    assert e.stellen[0].foerderfaehig and e.stellen[0].personalausgaben == D("28500.00")


def test_nr_5_4_1_koordination_obergrenze_kreis_text_nennt_monat_und_summe():
    """Nr. 5.4.1: Kreis bis 3,5 VZÄ Koordination je Monat; der Text nennt den ersten Monat und die Summe."""
    e = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3"),
                      stelle("K4", vzae="0.5", von=(2026, 1), bis=(2026, 2)),
                      stelle("K5", vzae="0.75", von=(2026, 3), bis=(2026, 12))))
    assert befunde(e) == {("KOORDINATION_OBERGRENZE", "5.4.1", None)}
    (b,) = e.befunde
    assert b.blockierend
    assert b.text == "Nr. 5.4.1: Im März 2026 übersteigen die Koordinationsstellen 3,5 VZÄ (3,75)."
    # Beträge werden trotzdem berechnet
    assert e.stelle("K5").personalausgaben == D("35625.00")


def test_nr_5_4_1_koordination_obergrenze_genau_eingehalten():
    """Nr. 5.4.1: 3,5 VZÄ (Kreis) bzw. 2,5 VZÄ (kreisfreie Stadt) sind erlaubt."""
    kreis = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4", vzae="0.5")))
    stadt = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3", vzae="0.5"), kommune_art="kreisfreie_stadt"))
    region = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4", vzae="0.5"),
                           kommune_art="staedteregion"))
    assert not kreis.befunde and not stadt.befunde and not region.befunde


def test_nr_5_4_1_koordination_obergrenze_kreisfreie_stadt():
    """Nr. 5.4.1: kreisfreie Stadt bis 2,5 VZÄ; Stellen nacheinander überschreiten nicht."""
    e = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3", vzae="0.6", von=(2026, 11), bis=(2026, 12)),
                      kommune_art="kreisfreie_stadt"))
    assert befunde(e) == {("KOORDINATION_OBERGRENZE", "5.4.1", None)}
    assert e.befunde[0].text == "Nr. 5.4.1: Im November 2026 übersteigen die Koordinationsstellen 2,5 VZÄ (2,6)."
    nacheinander = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3", bis=(2026, 6)),
                                 stelle("K4", von=(2026, 7)), kommune_art="kreisfreie_stadt"))
    assert ("KOORDINATION_OBERGRENZE", "5.4.1", None) in befunde(nacheinander)
    ok = berechne(fall(stelle("K1"), stelle("K2", vzae="0.5"), stelle("K3", bis=(2026, 6)),
                       stelle("K4", von=(2026, 7)), kommune_art="kreisfreie_stadt"))
    assert not ok.befunde


def test_nr_4_3_weitere_koordinationsstelle_fuer_qualifizierte_kreisangehoerige_kommune():
    """Nr. 4.3 mit 5.4.1: ein Kreis erhält je qualifizierte kreisangehörige Kommune +1,0 VZÄ."""
    assert koordination_obergrenze_vzae("kreis", 2) == D("5.5")
    assert koordination_obergrenze_vzae("staedteregion", 1) == D("4.5")
    assert koordination_obergrenze_vzae("kreisfreie_stadt", 3) == D("2.5")
    vier_einhalb = [stelle(f"K{i}") for i in range(4)] + [stelle("K9", vzae="0.5")]
    assert not berechne(fall(*vier_einhalb, qualifizierte_kreisangehoerige=1)).befunde
    e = berechne(fall(*vier_einhalb, stelle("K10", vzae="0.5", von=(2026, 12)), qualifizierte_kreisangehoerige=1))
    assert e.befunde[0].text == "Nr. 5.4.1: Im Dezember 2026 übersteigen die Koordinationsstellen 4,5 VZÄ (5,0)."


def test_nr_4_3_weitere_koordination_nur_kreise():
    """Nr. 4.3: für kreisfreie Städte bleibt die Zahl qualifizierter Kommunen unberücksichtigt (Hinweis)."""
    e = berechne(fall(stelle("K1"), stelle("K2"), stelle("K3"), kommune_art="kreisfreie_stadt",
                      qualifizierte_kreisangehoerige=1))
    assert befunde(e) == {("WEITERE_KOORDINATION_NUR_KREISE", "4.3", None), ("KOORDINATION_OBERGRENZE", "5.4.1", None)}
    hinweis = [b for b in e.befunde if b.code == "WEITERE_KOORDINATION_NUR_KREISE"][0]
    assert not hinweis.blockierend and hinweis.text.startswith("Nr. 4.3: ")
    assert not berechne(fall(stelle("K1"), kommune_art="kreis", qualifizierte_kreisangehoerige=1)).befunde


def test_nr_5_4_1_verwaltungsassistenz_obergrenze():
    """Nr. 5.4.1: eine halbe Stelle Verwaltungsassistenz je Monat; nacheinander ist erlaubt."""
    e = berechne(fall(stelle("VA1", "verwaltungsassistenz", "0.5"),
                      stelle("VA2", "verwaltungsassistenz", "0.5", von=(2026, 6), bis=(2026, 8))))
    assert befunde(e) == {("VERWALTUNGSASSISTENZ_OBERGRENZE", "5.4.1", None)}
    assert e.blockierend
    assert e.befunde[0].text == "Nr. 5.4.1: Im Juni 2026 übersteigt die Verwaltungsassistenz 0,5 VZÄ (1,0)."
    assert e.summen.verwaltungsassistenz == D("22500.00") + D("5625.00")
    nacheinander = berechne(fall(stelle("VA1", "verwaltungsassistenz", "0.5", bis=(2026, 5)),
                                 stelle("VA2", "verwaltungsassistenz", "0.5", von=(2026, 6))))
    assert not nacheinander.befunde
    assert nacheinander.summen.verwaltungsassistenz == D("22500.00")
    voll = berechne(fall(stelle("VA", "verwaltungsassistenz", "1.0")))
    assert ("VERWALTUNGSASSISTENZ_OBERGRENZE", "5.4.1", None) in befunde(voll)


def test_nr_2_2_cm_kontingent_ueberschritten():
    """Nr. 2.2 (mit Nr. 1.3): gleichzeitige CM-VZÄ über dem Kontingent blockieren; ohne Kontingent keine Grenze."""
    stellen = [stelle("CM1", "case_management"), stelle("CM2", "case_management", von=(2026, 7)),
               stelle("CM3", "case_management", "0.5", von=(2026, 9))]
    e = berechne(fall(*stellen, cm_kontingent_vzae=D("2.0")))
    assert befunde(e) == {("CM_KONTINGENT_UEBERSCHRITTEN", "2.2", None)}
    assert e.blockierend
    assert e.befunde[0].text == ("Nr. 2.2: Im September 2026 übersteigen die Case-Management-Stellen das "
                                 "Kontingent von 2,0 VZÄ (2,5).")
    assert e.summen.case_management == D("57000.00") + D("28500.00") + D("9500.00")
    assert not berechne(fall(*stellen)).befunde
    assert not berechne(fall(*stellen, cm_kontingent_vzae=D("2.5"))).befunde


def test_nr_5_4_1_personalausgaben_gekappt():
    """Nr. 5.4.1: Bemessung = tatsächliche Ausgaben bis zum Jahresbetrag; darüber gilt der Höchstbetrag."""
    e = berechne(fall(stelle("K1", personalausgaben=D("60000.00")), stelle("K2", personalausgaben=D("57000.00")),
                      stelle("K3", personalausgaben=D("40000.10"))))
    assert befunde(e) == {("PERSONALAUSGABEN_GEKAPPT", "5.4.1", "K1")}
    assert [s.personalausgaben for s in e.stellen] == [D("57000.00"), D("57000.00"), D("40000.10")]
    assert e.befunde[0].text == ("Nr. 5.4.1: Die Personalausgaben der Stelle K1 (60.000,00 €) übersteigen den "
                                 "Höchstbetrag von 57.000,00 €; gefördert werden 57.000,00 €.")
    assert not e.blockierend


def test_nr_5_4_2_sachausgaben_gekappt():
    """Nr. 5.4.2: Sachausgaben Koordination 5 700 € je Stelle und Jahr, Verwaltungsassistenz 2 850 € je halbe Stelle."""
    e = berechne(fall(stelle("K1", sachausgaben=D("6000")),
                      stelle("VA", "verwaltungsassistenz", "0.5", sachausgaben=D("2850.01"))))
    assert befunde(e) == {("SACHAUSGABEN_GEKAPPT", "5.4.2", "K1"), ("SACHAUSGABEN_GEKAPPT", "5.4.2", "VA")}
    assert e.stelle("K1").sachausgaben == D("5700.00")
    assert e.stelle("VA").sachausgaben == D("2850.00")
    assert e.summen.sachausgaben == D("8550.00")


def test_nr_5_4_2_sachausgaben_cm_nicht_foerderfaehig():
    """Nr. 5.4.2: Sachausgaben gibt es nur für Koordination und Verwaltungsassistenz, nicht für Case Management."""
    e = berechne(fall(stelle("CM1", "case_management", sachausgaben=D("800.00")),
                      stelle("CM2", "case_management", sachausgaben=D("0"))))
    assert befunde(e) == {("SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG", "5.4.2", "CM1")}
    assert e.stelle("CM1").sachausgaben == D("0.00") and e.summen.sachausgaben == D("0.00")
    assert e.stelle("CM1").sachausgaben_obergrenze == D("0.00")
    assert "800,00 €" in e.befunde[0].text


def test_nr_5_4_2_a_veranstaltungen_gekappt():
    """Nr. 5.4.2 a: Veranstaltungsformate bis 5 000 € pro Jahr."""
    e = berechne(fall(veranstaltungen=D("5000.01")))
    assert befunde(e) == {("VERANSTALTUNGEN_GEKAPPT", "5.4.2 a", None)}
    assert e.begleitmassnahmen.veranstaltungen == D("5000.00")
    assert e.befunde[0].text.startswith("Nr. 5.4.2 a: ")
    assert not berechne(fall(veranstaltungen=D("5000"))).befunde


def test_nr_5_4_2_b_schnittstellen_gekappt():
    """Nr. 5.4.2 b: Schnittstellen-Maßnahmen bis 10 000 € pro Jahr."""
    e = berechne(fall(schnittstellen=D("12345.67"), veranstaltungen=D("100")))
    assert befunde(e) == {("SCHNITTSTELLEN_GEKAPPT", "5.4.2 b", None)}
    assert e.begleitmassnahmen.schnittstellen == D("10000.00")
    assert e.summen.begleitmassnahmen == D("10100.00")
    assert e.befunde[0].text.startswith("Nr. 5.4.2 b: ")


def test_nr_5_4_1_blockierende_befunde_laut_vertrag():
    """Nr. 5.4.1, 2.2, 8: genau diese Befunde verhindern das Einreichen."""
    assert BLOCKIERENDE_CODES == {"FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER", "KOORDINATION_OBERGRENZE",
                                  "VERWALTUNGSASSISTENZ_OBERGRENZE", "CM_KONTINGENT_UEBERSCHRITTEN"}


# --- Beträge, Rundung, Vollfinanzierung --------------------------------------------------------

def test_nr_5_4_1_jahresbetraege():
    """Nr. 5.4.1/5.4.2: 57 000 € Koordination und CM, 22 500 € halbe Verwaltungsassistenz; Sachausgaben."""
    assert personalausgaben_obergrenze("koordination", D("1.0"), 12) == D("57000.00")
    assert personalausgaben_obergrenze("case_management", D("1"), 12) == D("57000.00")
    assert personalausgaben_obergrenze("verwaltungsassistenz", D("0.5"), 12) == D("22500.00")
    assert sachausgaben_obergrenze("koordination", D("1.0"), 12) == D("5700.00")
    assert sachausgaben_obergrenze("verwaltungsassistenz", D("0.5"), 12) == D("2850.00")
    assert sachausgaben_obergrenze("case_management", D("1.0"), 12) == D("0.00")
    assert personalausgaben_obergrenze("koordination", D("0.4"), 12) == D("0.00")
    with pytest.raises(RegelFehler):
        personalausgaben_obergrenze("hausmeister", D("1"), 12)


def test_nr_5_4_obergrenze_einmal_gerundet_nicht_monatlich():
    """Nr. 5.4.2: Jahresbetrag × VZÄ × Monate / 12 exakt, dann einmal kaufmännisch auf Cent."""
    # monatlich 5 700 × 0,513 / 12 = 243,675 → gerundet 243,68 × 11 = 2 680,48; richtig: 2 680,425 → 2 680,43
    assert sachausgaben_obergrenze("koordination", D("0.513"), 11) == D("2680.43")
    # 475 × 0,503 = 238,925 → kaufmännisch 238,93 (nicht 238,92 wie bei Banker's Rounding)
    assert sachausgaben_obergrenze("koordination", D("0.503"), 1) == D("238.93")
    assert personalausgaben_obergrenze("koordination", D("0.75"), 9) == D("32062.50")


def test_nr_5_2_vollfinanzierung_summe_aller_foerderfaehigen_betraege():
    """Nr. 5.2: Vollfinanzierung — die Zuwendung ist die Summe aller zuwendungsfähigen Beträge."""
    e = berechne(fall(stelle("K1", personalausgaben=D("50000.55"), sachausgaben=D("1000.45")),
                      stelle("VA", "verwaltungsassistenz", "0.5", von=(2026, 4)),
                      stelle("CM", "case_management", "0.8", von=(2026, 2), bis=(2026, 11)),
                      veranstaltungen=D("1234.56"), schnittstellen=D("0")))
    s = e.summen
    assert s.koordination == D("50000.55")
    assert s.verwaltungsassistenz == D("16875.00")
    assert s.case_management == D("38000.00")
    assert s.sachausgaben == D("1000.45") + D("2137.50")
    assert s.begleitmassnahmen == D("1234.56")
    assert s.gesamt == sum((x.gesamt for x in e.stellen), D(0)) + e.begleitmassnahmen.gesamt
    assert s.gesamt == s.koordination + s.verwaltungsassistenz + s.case_management + s.sachausgaben + s.begleitmassnahmen


def test_nr_7_1_bewilligungszeitraum_nur_monate_im_foerderjahr_zaehlen():
    """Nr. 7 / DESIGN: Förderjahr = Bewilligungszeitraum; Monate außerhalb zählen nicht (direkte API)."""
    e = berechne(fall(stelle(von=(2025, 7), bis=(2026, 3))))
    assert e.stellen[0].monate == 3 and e.stellen[0].personalausgaben == D("14250.00")
    leer = berechne(fall(stelle(von=(2025, 1), bis=(2025, 12))))
    assert leer.stellen[0].foerderfaehig is False and leer.summen.gesamt == D("0.00")


def test_nr_5_4_1_eingabe_wird_geprueft():
    """Nr. 5.4.1: VZÄ je Stelle höchstens 1,0 und größer 0; Beginn nicht nach Ende; keine doppelte ID; kein float."""
    with pytest.raises(RegelFehler):
        stelle(vzae="1.01")
    with pytest.raises(RegelFehler):
        stelle(vzae="0")
    with pytest.raises(RegelFehler):
        stelle(von=(2026, 5), bis=(2026, 4))
    with pytest.raises(RegelFehler):
        stelle(art="putzkraft")
    with pytest.raises(RegelFehler):
        StelleEingabe(id="K", art="koordination", vzae=0.5, von=Monat(2026, 1), bis=Monat(2026, 2))
    with pytest.raises(RegelFehler):
        stelle(personalausgaben=D("-1"))
    with pytest.raises(RegelFehler):
        fall(stelle("K1"), stelle("K1"))
    with pytest.raises(RegelFehler):
        fall(kommune_art="gemeinde")
    # Tupel werden zu Monaten
    s = StelleEingabe(id="K", art="koordination", vzae=D("0.5"), von=(2026, 1), bis="2026-02")
    assert s.von == Monat(2026, 1) and s.bis == (2026, 2)


# --- Eigenschaften (hypothesis) --------------------------------------------------------------------

ARTEN = st.sampled_from(["koordination", "verwaltungsassistenz", "case_management"])
VZAE = st.integers(min_value=1, max_value=1000).map(lambda n: D(n) / 1000)
BETRAG = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000_000).map(lambda c: D(c) / 100))


def _einzeln(art, vzae, monate, personal, sach):
    s = StelleEingabe(id="S", art=art, vzae=vzae, von=Monat(2027, 1), bis=Monat(2027, monate),
                      personalausgaben=personal, sachausgaben=sach)
    return berechne(Fall(foerderjahr=2027, kommune_art="kreis", stellen=(s,))).stellen[0]


@settings(max_examples=200, deadline=None)
@given(ARTEN, VZAE, st.integers(1, 12), BETRAG, BETRAG)
def test_nr_5_4_eigenschaft_betrag_nie_ueber_obergrenze_nie_negativ(art, vzae, monate, personal, sach):
    """Nr. 5.4.1/5.4.2: förderfähiger Betrag ≤ Höchstbetrag, ≥ 0, auf Cent, und ≤ der angegebene Betrag."""
    e = _einzeln(art, vzae, monate, personal, sach)
    for betrag, grenze, angegeben in ((e.personalausgaben, e.personalausgaben_obergrenze, personal),
                                      (e.sachausgaben, e.sachausgaben_obergrenze, sach)):
        assert D(0) <= betrag <= grenze
        assert betrag == betrag.quantize(D("0.01"))
        if angegeben is not None:
            assert betrag <= angegeben
    assert e.personalausgaben_obergrenze <= {"verwaltungsassistenz": D(45000)}.get(art, D(57000))


@settings(max_examples=200, deadline=None)
@given(ARTEN, VZAE, VZAE, st.integers(1, 12), st.integers(1, 12), BETRAG, BETRAG)
def test_nr_5_4_eigenschaft_betrag_faellt_nie_bei_mehr_vzae_oder_monaten(art, v1, v2, m1, m2, personal, sach):
    """Nr. 5.4.1: mehr VZÄ oder mehr Monate senken den förderfähigen Betrag nie."""
    (v1, v2), (m1, m2) = sorted((v1, v2)), sorted((m1, m2))
    klein, gross = _einzeln(art, v1, m1, personal, sach), _einzeln(art, v2, m2, personal, sach)
    assert klein.personalausgaben <= gross.personalausgaben
    assert klein.sachausgaben <= gross.sachausgaben
    assert klein.personalausgaben_obergrenze <= gross.personalausgaben_obergrenze
