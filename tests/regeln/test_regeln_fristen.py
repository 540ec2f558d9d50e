"""Fristen: Nr. 7.1.2 (Antragsfrist), 7.3 (Auszahlung), 7.4 (Verwendungsnachweis), Bestandskraft, Nr. 8."""
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kim_foerderung.regeln import (
    RegelFehler,
    antragsfrist,
    auszahlungstermine,
    bekanntgabe,
    bestandskraeftig_ab,
    feiertag_nrw,
    fristen_als_json,
    ist_target_tag,
    ist_werktag_nrw,
    klagefrist_ende,
    monat_frist_ende,
    naechster_werktag,
    tranchen,
    verwendungsnachweis_frist,
    zahltag,
    zahltage,
)

RECHNER = Path(__file__).resolve().parents[2].parent / "shared" / "rechner"
NRW = holidays.DE(subdiv="NW")
TARGET = holidays.financial_holidays("XECB")


def ist_frei(d):
    return d.weekday() >= 5 or d in NRW


# --- das Beispiel des Vertrags ------------------------------------------------------------------

def test_nr_7_fristen_2027_mit_bekanntgabe_wie_vertrag():
    """Nr. 7.1.2, 7.3, 7.4: fristen 2027 --bekanntgabe 2027-01-31 ergibt genau das expected.json."""
    erwartet = json.loads((RECHNER / "fristen-2027-bekanntgabe-2027-01-31.expected.json").read_text(encoding="utf-8"))
    ausgabe = fristen_als_json(2027, bekanntgabe=date(2027, 1, 31), veroeffentlichung=date(2024, 12, 12))
    assert ausgabe == erwartet
    assert list(ausgabe) == list(erwartet)


def test_nr_7_fristen_ohne_bekanntgabe_ohne_klagefrist():
    """Nr. 7: ohne Bekanntgabe keine Klagefrist und keine Bestandskraft in der Ausgabe."""
    assert set(fristen_als_json(2026)) == {"foerderjahr", "antragsfrist", "auszahlungstermine", "zahltage",
                                           "verwendungsnachweis_frist"}


# --- Werktage, § 31 Abs. 3 VwVfG NRW ------------------------------------------------------------

def test_31_vwvfg_nrw_werktage_und_feiertage():
    """Nr. 7 mit § 31 Abs. 3 VwVfG NRW: Sonnabend, Sonntag und NRW-Feiertage sind keine Werktage."""
    assert ist_werktag_nrw(date(2027, 3, 1))
    assert not ist_werktag_nrw(date(2027, 2, 27))  # Sonnabend
    assert not ist_werktag_nrw(date(2027, 2, 28))  # Sonntag
    assert not ist_werktag_nrw(date(2027, 11, 1))  # Allerheiligen (NRW)
    assert not ist_werktag_nrw(date(2027, 5, 27))  # Fronleichnam (NRW)
    assert ist_werktag_nrw(date(2025, 10, 31))  # Reformationstag ist in NRW kein Feiertag
    assert feiertag_nrw(date(2027, 11, 1)) == "Allerheiligen"
    assert naechster_werktag(date(2027, 3, 1)) == date(2027, 3, 1)
    assert naechster_werktag(date(2027, 12, 24)) == date(2027, 12, 24)
    assert naechster_werktag(date(2027, 12, 25)) == date(2027, 12, 27)


# --- Antragsfrist, Nr. 7.1.2 -------------------------------------------------------------------

def test_nr_7_1_2_antragsfrist_2025_vier_wochen_nach_veroeffentlichung():
    """Nr. 7.1.2: 2025 vier Wochen nach Veröffentlichung (§ 188 Abs. 2 BGB: gleicher Wochentag)."""
    assert antragsfrist(2025, date(2024, 12, 12)) == date(2025, 1, 9)
    assert antragsfrist(2025) == date(2025, 1, 9)  # Vorgabe: Datum des Runderlasses
    # Veröffentlichung am 4.12.2024 → 1.1.2025 Neujahr → 2.1.2025
    assert antragsfrist(2025, date(2024, 12, 4)) == date(2025, 1, 2)
    # Veröffentlichung am Sonnabend 14.12.2024 → Sonnabend 11.1.2025 → Montag 13.1.2025
    assert antragsfrist(2025, date(2024, 12, 14)) == date(2025, 1, 13)


def test_nr_7_1_2_antragsfrist_ende_oktober_des_vorjahres():
    """Nr. 7.1.2: ab 2026 bis Ende Oktober des Vorjahres; 31.10.2026 Sonnabend, 1.11. Allerheiligen → 2.11."""
    assert antragsfrist(2026) == date(2025, 10, 31)  # Freitag
    assert antragsfrist(2027) == date(2026, 11, 2)
    assert antragsfrist(2028) == date(2027, 11, 2)  # So 31.10.2027, Mo 1.11. Allerheiligen → Di


@pytest.mark.parametrize("jahr", [2024, 2029])
def test_nr_8_antragsfrist_ausserhalb_geltungsdauer(jahr):
    """Nr. 8: für Förderjahre außerhalb 2025–2028 gibt es keine Antragsfrist."""
    with pytest.raises(RegelFehler, match=f"Förderjahr {jahr} liegt außerhalb"):
        antragsfrist(jahr, date(2024, 12, 12))


# --- Klagefrist und Bestandskraft (§ 74 VwGO, §§ 187, 188 BGB) ---------------------------------

def test_nr_7_3_monatsfrist_nach_bgb():
    """Nr. 7.3 (Bestandskraft): §§ 187, 188 BGB — gleicher Tag des Folgemonats oder dessen letzter Tag."""
    assert monat_frist_ende(date(2027, 1, 15)) == date(2027, 2, 15)
    assert monat_frist_ende(date(2027, 1, 31)) == date(2027, 2, 28)
    assert monat_frist_ende(date(2028, 1, 31)) == date(2028, 2, 29)  # Schaltjahr
    assert monat_frist_ende(date(2027, 12, 20)) == date(2028, 1, 20)
    assert monat_frist_ende(date(2027, 12, 31), monate=3) == date(2028, 3, 31)


def test_nr_7_3_klagefrist_ende_an_sonntag_am_monatsende():
    """Nr. 7.3: Fristende Sonntag 28.2.2027 → Montag 1.3.2027; bestandskräftig ab 2.3.2027."""
    assert klagefrist_ende(date(2027, 1, 31)) == date(2027, 3, 1)
    assert bestandskraeftig_ab(date(2027, 1, 31)) == date(2027, 3, 2)


def test_nr_7_3_klagefrist_ende_an_allerheiligen():
    """Nr. 7.3: Fristende Allerheiligen (Mo 1.11.2027) → Di 2.11.2027."""
    assert klagefrist_ende(date(2027, 10, 1)) == date(2027, 11, 2)
    assert bestandskraeftig_ab(date(2027, 10, 1)) == date(2027, 11, 3)


def test_nr_7_3_klagefrist_ende_an_karfreitag():
    """Nr. 7.3: Fristende Karfreitag 26.3.2027 → über Ostern → Di 30.3.2027."""
    assert klagefrist_ende(date(2027, 2, 26)) == date(2027, 3, 30)


def test_nr_7_3_klagefrist_ende_an_weihnachten():
    """Nr. 7.3: Fristende 1. Weihnachtstag (Fr 25.12.2026) → Mo 28.12.2026."""
    assert klagefrist_ende(date(2026, 11, 25)) == date(2026, 12, 28)


def test_nr_7_3_klagefrist_ende_an_werktag_bleibt():
    """Nr. 7.3: ein Werktag als Fristende bleibt; Bestandskraft am Folgetag, auch wenn der ein Sonnabend ist."""
    assert klagefrist_ende(date(2027, 4, 14)) == date(2027, 5, 14)  # Freitag
    assert bestandskraeftig_ab(date(2027, 4, 14)) == date(2027, 5, 15)


def test_nr_7_3_klagefrist_ende_ueber_pfingsten():
    """Nr. 7.3: Fristende Sonntag 16.5.2027, Pfingstmontag 17.5. → Di 18.5.2027."""
    assert klagefrist_ende(date(2027, 4, 16)) == date(2027, 5, 18)


def test_nr_7_3_rechtsbehelfsverzicht_macht_sofort_bestandskraeftig():
    """Nr. 7.3: ein Rechtsbehelfsverzicht macht den Bescheid am Tag des Verzichts bestandskräftig – auch vor der
    fingierten Bekanntgabe (§ 41 Abs. 2 VwVfG NRW), ohne einen Empfang zu erfinden."""
    assert bestandskraeftig_ab(date(2027, 1, 31), verzicht_am=date(2027, 2, 3)) == date(2027, 2, 3)
    # Verzicht nach Ablauf ändert nichts
    assert bestandskraeftig_ab(date(2027, 1, 31), verzicht_am=date(2027, 4, 1)) == date(2027, 3, 2)
    # abgesandt 27.1., Bekanntgabe Mo 1.2.; Verzicht am 28.1.: sofort bestandskräftig
    assert bestandskraeftig_ab(date(2027, 2, 1), verzicht_am=date(2027, 1, 28)) == date(2027, 1, 28)


# --- Bekanntgabe, § 41 Abs. 2 VwVfG NRW ---------------------------------------------------------

def test_41_vwvfg_nrw_bekanntgabe_vierter_tag_beispiel_des_issues():
    """§ 41 Abs. 2 VwVfG NRW: abgesandt Mo 5.1.2026 → Bekanntgabe Fr 9.1.2026; Klagefrist (§ 74 VwGO) endet
    Mo 9.2.2026, bestandskräftig ab 10.2.2026."""
    tag = bekanntgabe(date(2026, 1, 5))
    assert tag == date(2026, 1, 9)
    assert klagefrist_ende(tag) == date(2026, 2, 9)
    assert bestandskraeftig_ab(tag) == date(2026, 2, 10)


def test_41_vwvfg_nrw_frueherer_empfang_verlegt_nicht_nach_vorn():
    """§ 41 Abs. 2 VwVfG NRW: die Fiktion gilt auch bei früherem Zugang; ein am 6.1.2026 bestätigter Empfang
    ändert die Bekanntgabe am 9.1.2026 nicht."""
    assert bekanntgabe(date(2026, 1, 5), spaeterer_empfang=date(2026, 1, 6)) == date(2026, 1, 9)
    assert bekanntgabe(date(2026, 1, 5), spaeterer_empfang=date(2026, 1, 9)) == date(2026, 1, 9)


def test_41_vwvfg_nrw_spaeterer_empfang_verlegt_nach_hinten():
    """§ 41 Abs. 2 Satz 3 VwVfG NRW: ein nachgewiesener späterer Zugang (Mi 14.1.2026) verlegt die Bekanntgabe
    auf diesen Tag; die Klagefrist läuft von dort (14.2. ist ein Sonnabend → Ende Mo 16.2.2026)."""
    tag = bekanntgabe(date(2026, 1, 5), spaeterer_empfang=date(2026, 1, 14))
    assert tag == date(2026, 1, 14)
    assert klagefrist_ende(tag) == date(2026, 2, 16)
    assert bestandskraeftig_ab(tag) == date(2026, 2, 17)
    with pytest.raises(RegelFehler, match="vor der Absendung"):
        bekanntgabe(date(2026, 1, 5), spaeterer_empfang=date(2026, 1, 4))


def test_41_vwvfg_nrw_vierter_tag_am_wochenende_oder_feiertag():
    """§ 41 Abs. 2 VwVfG NRW mit der Leseweise von DESIGN.md (BFH IX R 68/98): fällt der vierte Tag auf einen
    Sonnabend, Sonntag oder NRW-Feiertag, ist Bekanntgabe der nächste Werktag."""
    assert bekanntgabe(date(2027, 1, 27)) == date(2027, 2, 1)  # So 31.1. → Mo 1.2.
    assert bekanntgabe(date(2027, 1, 26)) == date(2027, 2, 1)  # Sa 30.1. → Mo 1.2.
    assert bekanntgabe(date(2026, 12, 21)) == date(2026, 12, 28)  # Fr 25.12., Sa 26.12., So 27.12.
    assert bekanntgabe(date(2027, 10, 28)) == date(2027, 11, 2)  # Mo 1.11. Allerheiligen (NRW) → Di 2.11.
    assert bekanntgabe(date(2026, 12, 28), tage=3) == date(2026, 12, 31)
    with pytest.raises(RegelFehler):
        bekanntgabe(date(2026, 1, 5), tage=-1)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)), st.one_of(st.none(), st.integers(0, 30)))
def test_41_vwvfg_nrw_eigenschaft_bekanntgabe(abgesandt, empfang_nach):
    """§ 41 Abs. 2 VwVfG NRW: die Bekanntgabe ist ein Werktag in NRW, nie vor dem vierten Tag, und nur ein
    späterer Empfang verlegt sie – genau auf dessen Tag."""
    empfang = None if empfang_nach is None else abgesandt + timedelta(days=empfang_nach)
    ohne = bekanntgabe(abgesandt)
    vierter = abgesandt + timedelta(days=4)
    assert ohne >= vierter and not ist_frei(ohne)
    assert all(ist_frei(vierter + timedelta(days=i)) for i in range((ohne - vierter).days))
    assert bekanntgabe(abgesandt, spaeterer_empfang=empfang) == (
        ohne if empfang is None or empfang <= ohne else empfang)


# --- Auszahlung, Nr. 7.3 -------------------------------------------------------------------------

def test_nr_7_3_auszahlungstermine_1_mai_und_1_oktober():
    """Nr. 7.3: anteilig zum 1. Mai und 1. Oktober."""
    assert auszahlungstermine(2027) == (date(2027, 5, 1), date(2027, 10, 1))


def test_nr_7_3_zahltag_vor_dem_1_mai():
    """Nr. 7.3: 1. Mai ist TARGET-Feiertag → Zahltag ist der letzte Bankarbeitstag davor."""
    assert zahltage(2027) == (date(2027, 4, 30), date(2027, 10, 1))
    assert zahltage(2026) == (date(2026, 4, 30), date(2026, 10, 1))
    assert zahltage(2028) == (date(2028, 4, 28), date(2028, 9, 29))  # So 30.4.2028; So 1.10.2028
    assert zahltag(date(2027, 5, 1)) == date(2027, 4, 30)


def test_nr_7_3_zahltag_ueber_ostern():
    """Nr. 7.3: über Ostern (Karfreitag und Ostermontag sind TARGET-Feiertage) zurück auf Gründonnerstag."""
    assert zahltag(date(2027, 3, 29)) == date(2027, 3, 25)  # Ostermontag → Donnerstag vor Karfreitag
    assert not ist_target_tag(date(2027, 3, 26))
    assert ist_target_tag(date(2027, 11, 1))  # Allerheiligen ist ein Bankarbeitstag


def test_nr_7_3_tranchen_gleiche_teile_rest_cent_auf_die_zweite():
    """Nr. 7.3: zwei gleiche Teile; ein ungerader Cent kommt auf die zweite Tranche."""
    assert tranchen(Decimal("66706.25")) == (Decimal("33353.12"), Decimal("33353.13"))
    assert tranchen(Decimal("316800.00")) == (Decimal("158400.00"), Decimal("158400.00"))
    assert tranchen(Decimal("0.01")) == (Decimal("0.00"), Decimal("0.01"))
    assert tranchen(Decimal("0")) == (Decimal("0.00"), Decimal("0.00"))


# --- Verwendungsnachweis, Nr. 7.4 -------------------------------------------------------------

def test_nr_7_4_verwendungsnachweis_frist():
    """Nr. 7.4: drei Monate nach Ende des Bewilligungszeitraums; 31.3.2029 Sonnabend, Ostern → Di 3.4.2029."""
    assert verwendungsnachweis_frist(2025) == date(2026, 3, 31)
    assert verwendungsnachweis_frist(2027) == date(2028, 3, 31)
    assert verwendungsnachweis_frist(2028) == date(2029, 4, 3)


# --- Eigenschaften (hypothesis) ------------------------------------------------------------------

TAGE = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))


@settings(max_examples=200, deadline=None)
@given(TAGE)
def test_nr_7_3_eigenschaft_klagefrist_endet_nie_an_freiem_tag(bekanntgabe):
    """Nr. 7.3: eine Klagefrist endet nie an einem Wochenende oder NRW-Feiertag, frühestens nach einem Monat."""
    ende = klagefrist_ende(bekanntgabe)
    assert not ist_frei(ende)
    assert ende >= monat_frist_ende(bekanntgabe)
    assert (ende - monat_frist_ende(bekanntgabe)).days <= 4
    assert all(ist_frei(monat_frist_ende(bekanntgabe) + timedelta(days=i))
               for i in range((ende - monat_frist_ende(bekanntgabe)).days))
    assert bestandskraeftig_ab(bekanntgabe) == ende + timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2024, 11, 1), max_value=date(2025, 3, 31)), st.sampled_from([2025, 2026, 2027, 2028]))
def test_nr_7_1_2_eigenschaft_antragsfrist_und_vn_frist_nie_an_freiem_tag(veroeffentlichung, jahr):
    """Nr. 7.1.2 und 7.4: Antragsfrist und Verwendungsnachweisfrist enden nie am Wochenende oder Feiertag."""
    frist = antragsfrist(jahr, veroeffentlichung)
    assert not ist_frei(frist)
    if jahr == 2025:
        assert 28 <= (frist - veroeffentlichung).days <= 32
    assert not ist_frei(verwendungsnachweis_frist(jahr))


@settings(max_examples=200, deadline=None)
@given(st.integers(2000, 2100))
def test_nr_7_4_eigenschaft_vn_frist_jedes_jahr_an_werktag(jahr):
    """Nr. 7.4: die Verwendungsnachweisfrist liegt an einem Werktag zwischen 31.3. und 6.4. des Folgejahres."""
    frist = verwendungsnachweis_frist(jahr)
    assert not ist_frei(frist)
    assert date(jahr + 1, 3, 31) <= frist <= date(jahr + 1, 4, 6)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(2020, 2040).flatmap(lambda j: st.sampled_from(auszahlungstermine(j))), TAGE))
def test_nr_7_3_eigenschaft_zahltag_ist_target_tag_vor_dem_termin(termin):
    """Nr. 7.3: der Zahltag ist ein TARGET-Tag am oder vor dem Termin, höchstens 7 Tage davor."""
    tag = zahltag(termin)
    assert tag.weekday() < 5 and tag not in TARGET
    assert termin - timedelta(days=7) <= tag <= termin
    assert all(termin - timedelta(days=i) in TARGET or (termin - timedelta(days=i)).weekday() >= 5
               for i in range((termin - tag).days))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12).map(lambda c: Decimal(c) / 100))
def test_nr_7_3_eigenschaft_tranchen(betrag):
    """Nr. 7.3: die Tranchen ergeben zusammen den Betrag, die zweite ist höchstens einen Cent größer."""
    erste, zweite = tranchen(betrag)
    assert erste + zweite == betrag
    assert Decimal(0) <= zweite - erste <= Decimal("0.01")
