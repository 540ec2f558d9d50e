"""Erstattungszinsen: Nr. 7.5 mit § 49a Abs. 3 VwVfG NRW (Basiszinssatz + 3 Prozentpunkte, act/act)."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from kim_foerderung.regeln import (
    BASISZINSSAETZE,
    RegelFehler,
    basiszinssatz_am,
    cent,
    erstattungszinsen,
    zinsberechnung,
)

D = Decimal


def test_nr_7_5_basiszinssaetze_tabelle():
    """Nr. 7.5 / § 247 BGB: die vorgegebene Tabelle der Basiszinssätze."""
    assert BASISZINSSAETZE == {date(2024, 1, 1): D("3.62"), date(2024, 7, 1): D("3.37"),
                               date(2025, 1, 1): D("2.27"), date(2025, 7, 1): D("1.27"),
                               date(2026, 1, 1): D("1.27")}
    assert basiszinssatz_am(date(2025, 6, 30)) == D("2.27")
    assert basiszinssatz_am(date(2025, 7, 1)) == D("1.27")
    assert basiszinssatz_am(date(2030, 1, 1)) == D("1.27")


def test_nr_7_5_zinsen_ueber_halbjahresgrenze():
    """Nr. 7.5: 1.6.–1.8.2025: 30 Tage zu 5,27 % und 31 Tage zu 4,27 %, je /365, einmal gerundet."""
    # 10 000 × (0,0527 × 30 + 0,0427 × 31) / 365 = 79,5808… → 79,58
    assert erstattungszinsen(D("10000"), date(2025, 6, 1), date(2025, 8, 1)) == D("79.58")
    b = zinsberechnung(D("10000"), date(2025, 6, 1), date(2025, 8, 1))
    assert [(a.von, a.bis, a.tage, a.zinssatz) for a in b.abschnitte] == [
        (date(2025, 6, 1), date(2025, 7, 1), 30, D("5.27")),
        (date(2025, 7, 1), date(2025, 8, 1), 31, D("4.27")),
    ]
    assert b.tage == 61
    assert [a.betrag for a in b.abschnitte] == [D("43.32"), D("36.27")]


def test_nr_7_5_zinsen_im_schaltjahr_und_ueber_den_jahreswechsel():
    """Nr. 7.5: Tage in 2024 zählen /366, Tage in 2025 /365 (act/act)."""
    # Februar 2024: 29 Tage zu 6,62 % /366: 10 000 × 0,0662 × 29 / 366 = 52,4536… → 52,45
    assert erstattungszinsen(D("10000"), date(2024, 2, 1), date(2024, 3, 1)) == D("52.45")
    # 1.12.2024–31.1.2025: 31 Tage zu 6,37 % /366 + 30 Tage zu 5,27 % /365 = 53,9536… + 43,3150… = 97,2687… → 97,27
    b = zinsberechnung(D("10000"), date(2024, 12, 1), date(2025, 1, 31))
    assert b.zinsen == D("97.27")
    assert [(a.tage, a.tage_im_jahr, a.zinssatz) for a in b.abschnitte] == [(31, 366, D("6.37")), (30, 365, D("5.27"))]


def test_nr_7_5_zinsen_exakt_summiert_einmal_gerundet():
    """Nr. 7.5: Tag für Tag exakt summiert und erst am Ende kaufmännisch auf Cent gerundet."""
    betrag = D("12345.67")
    von, bis = date(2024, 5, 17), date(2026, 2, 3)
    erwartet = Fraction(0)
    tag = von
    while tag < bis:
        satz = Fraction(basiszinssatz_am(tag)) + 3
        erwartet += Fraction(betrag) * satz / 100 / (366 if tag.year % 4 == 0 else 365)
        tag = date.fromordinal(tag.toordinal() + 1)
    assert erstattungszinsen(betrag, von, bis) == cent(erwartet)


def test_nr_7_5_leerer_oder_negativer_zeitraum_ergibt_null():
    """Nr. 7.5: kein Zeitraum (Rückzahlung am Tag der Unwirksamkeit oder davor) → keine Zinsen."""
    assert erstattungszinsen(D("1000"), date(2025, 3, 1), date(2025, 3, 1)) == D("0.00")
    assert erstattungszinsen(D("1000"), date(2025, 3, 2), date(2025, 3, 1)) == D("0.00")
    assert erstattungszinsen(D("0"), date(2025, 3, 1), date(2025, 4, 1)) == D("0.00")


def test_nr_7_5_eigene_tabelle_und_fehlender_satz():
    """Nr. 7.5: eine eigene Tabelle (Admin) wird benutzt; vor dem ersten Eintrag gibt es keinen Satz."""
    tabelle = {date(2027, 1, 1): D("2.00")}
    assert erstattungszinsen(D("36500"), date(2027, 1, 1), date(2027, 1, 11), tabelle) == D("50.00")
    with pytest.raises(RegelFehler):
        erstattungszinsen(D("1000"), date(2023, 12, 1), date(2024, 2, 1))
