"""Erstattungszinsen: Nr. 7.5 mit § 49a Abs. 3 VwVfG NRW (Basiszinssatz § 247 BGB + 3 Prozentpunkte, 365 Tage),
Zinstage nach § 187 Abs. 1 BGB, ein Abschnitt je Halbjahr; Vertrag ``zinsen`` (shared/rechner/CONTRACT.md)."""
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from kim_foerderung.regeln import (
    BASISZINSSAETZE,
    FehlenderBasiszinssatz,
    RegelFehler,
    basiszinssatz_am,
    cent,
    erstattungszinsen,
    fehlende_halbjahre,
    zinsberechnung,
)
from kim_foerderung.regeln.zinsen import zinsen_als_json

from tests.regeln.test_regeln_kommandos import RECHNER, manage, pruefe_abbruch, umgebung

D = Decimal
T = BASISZINSSAETZE


def test_247_bgb_bekannte_basiszinssaetze():
    """§ 247 BGB: die bekannten Sätze (DESIGN.md); jeder gilt nur für sein Halbjahr."""
    assert T == {date(2024, 1, 1): D("3.62"), date(2024, 7, 1): D("3.37"), date(2025, 1, 1): D("2.27"),
                 date(2025, 7, 1): D("1.27"), date(2026, 1, 1): D("1.27")}
    assert basiszinssatz_am(date(2025, 6, 30), T) == D("2.27")
    assert basiszinssatz_am(date(2025, 7, 1), T) == D("1.27")
    assert basiszinssatz_am(date(2026, 6, 30), T) == D("1.27")


def test_49a_abs_3_kein_stilles_fortschreiben():
    """§ 49a Abs. 3 VwVfG NRW / DESIGN.md: ein Tag ohne bekannten Satz wird verweigert, nicht mit dem letzten
    Satz gerechnet – der Fehler nennt das Halbjahr."""
    with pytest.raises(FehlenderBasiszinssatz) as fehler:
        basiszinssatz_am(date(2026, 7, 1), T)
    assert fehler.value.halbjahr == date(2026, 7, 1)
    assert str(fehler.value) == ("Für das 2. Halbjahr 2026 (1. Juli bis 31. Dezember 2026) ist kein "
                                 "Basiszinssatz hinterlegt.")
    with pytest.raises(FehlenderBasiszinssatz, match="2. Halbjahr 2023"):
        zinsberechnung(D("1000"), date(2023, 12, 1), date(2024, 2, 1), basiszinssaetze=T)
    # eine Lücke mitten in der Tabelle
    luecke = {date(2025, 1, 1): D("2.27"), date(2026, 1, 1): D("1.27")}
    with pytest.raises(FehlenderBasiszinssatz, match="2. Halbjahr 2025"):
        zinsberechnung(D("1000"), date(2025, 6, 1), date(2026, 2, 1), basiszinssaetze=luecke)
    assert fehlende_halbjahre(luecke, date(2025, 6, 1), date(2026, 12, 1)) == [date(2025, 7, 1), date(2026, 7, 1)]


def test_49a_abs_3_oeffentlicher_fall_geld_11():
    """§ 49a Abs. 3 VwVfG NRW, § 187 Abs. 1 BGB: der öffentliche Fall geld-11 (16.6.–15.7.2025)."""
    b = zinsberechnung(D("10000.00"), date(2025, 6, 15), date(2025, 7, 15), basiszinssaetze=T)
    assert zinsen_als_json(b) == json.loads((RECHNER / "geld-11-zinsen.expected.json").read_text())


def test_187_bgb_zinstage_vom_folgetag_bis_zum_eingang():
    """§ 187 Abs. 1 BGB: der Tag der Unwirksamkeit zählt nicht, der Tag des Zahlungseingangs zählt."""
    b = zinsberechnung(D("36500"), date(2025, 3, 1), date(2025, 3, 2), basiszinssaetze=T)
    assert b.tage == 1
    assert [(a.von, a.bis, a.tage) for a in b.abschnitte] == [(date(2025, 3, 2), date(2025, 3, 2), 1)]
    assert b.zinsen == D("5.27")  # 36 500 × 5,27 % / 365
    # Unwirksamkeit am 30.6.: der erste Zinstag liegt im 2. Halbjahr, das 1. Halbjahr hat keinen Abschnitt
    b = zinsberechnung(D("36500"), date(2025, 6, 30), date(2025, 7, 10), basiszinssaetze=T)
    assert [(a.von, a.tage, a.zinssatz) for a in b.abschnitte] == [(date(2025, 7, 1), 10, D("4.27"))]


def test_49a_abs_3_gleicher_tag_keine_zinsen():
    """Vertrag: bis gleich von → 0 Tage, keine Abschnitte, 0,00 €."""
    b = zinsberechnung(D("1000"), date(2025, 3, 1), date(2025, 3, 1), basiszinssaetze=T)
    assert (b.tage, b.abschnitte, b.zinsen) == (0, (), D("0.00"))
    assert zinsen_als_json(b)["zinsen"] == "0.00" and zinsen_als_json(b)["abschnitte"] == []


def test_49a_abs_3_ein_abschnitt_je_halbjahr_auch_bei_gleichem_satz():
    """Vertrag: ein Abschnitt je berührtem Halbjahr, auch wenn der Satz gleich bleibt (2. Hj. 2025 und 1. Hj.
    2026 je 1,27 %)."""
    b = zinsberechnung(D("10000"), date(2025, 12, 20), date(2026, 1, 10), basiszinssaetze=T)
    assert [(a.von, a.bis, a.tage, a.zinssatz) for a in b.abschnitte] == [
        (date(2025, 12, 21), date(2025, 12, 31), 11, D("4.27")),
        (date(2026, 1, 1), date(2026, 1, 10), 10, D("4.27"))]


def test_49a_abs_3_schaltjahr_365_tage():
    """Vertrag: ein Jahr hat 365 Zinstage, auch 2024: Februar 2024 (29 Zinstage) zu 6,62 %:
    10 000 × 0,0662 × 29 / 365 = 52,5978… → 52,60."""
    b = zinsberechnung(D("10000"), date(2024, 1, 31), date(2024, 2, 29), basiszinssaetze=T)
    assert (b.tage, b.zinsen) == (29, D("52.60"))
    # ein ganzes Schaltjahr hat 366 Zinstage, also mehr als den Jahreszins
    b = zinsberechnung(D("10000"), date(2023, 12, 31), date(2024, 12, 31),
                       basiszinssaetze={date(2024, 1, 1): D("2.00"), date(2024, 7, 1): D("2.00")})
    assert b.tage == 366 and b.zinsen == D("501.37")  # 10 000 × 5 % × 366/365 = 501,369…


def test_49a_abs_3_negativer_basiszinssatz():
    """§ 247 BGB: der Basiszinssatz kann negativ sein (2013–2022: −0,88 %) → Zinssatz 2,12 %."""
    tabelle = {date(2021, 1, 1): D("-0.88")}
    b = zinsberechnung(D("36500"), date(2021, 1, 31), date(2021, 2, 10), basiszinssaetze=tabelle)
    assert [a.zinssatz for a in b.abschnitte] == [D("2.12")]
    assert b.zinsen == D("21.20")
    assert zinsen_als_json(b)["abschnitte"][0]["zinssatz"] == "2.12"


def test_49a_abs_3_summe_exakt_einmal_gerundet():
    """Vertrag: jeder Abschnitt gerundet angezeigt, die Summe exakt gebildet und einmal gerundet – sie kann um
    einen Cent von der Summe der angezeigten Abschnitte abweichen."""
    tabelle = {date(2025, 1, 1): D("0.00"), date(2025, 7, 1): D("0.00")}
    # 1 000 × 3 % / 365 = 0,0821917… je Tag; je zwei Zinstage vor und nach der Halbjahresgrenze
    b = zinsberechnung(D("1000"), date(2025, 6, 28), date(2025, 7, 2), basiszinssaetze=tabelle)
    assert [a.zinsen for a in b.abschnitte] == [D("0.16"), D("0.16")]  # je 0,16438…
    assert b.zinsen == D("0.33")  # 0,32876… ≠ 0,16 + 0,16
    # ein ganzes Jahr (365 Zinstage) zu 5 %: genau 5 % des Betrags, einmal gerundet
    b = zinsberechnung(D("11.11"), date(2024, 12, 31), date(2025, 12, 31),
                       basiszinssaetze={date(2025, 1, 1): D("2.00"), date(2025, 7, 1): D("2.00")})
    assert b.zinsen == cent(Fraction(D("11.11")) * Fraction(5, 100)) == D("0.56")


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 10**9).map(lambda c: D(c) / 100), st.dates(date(2024, 1, 1), date(2026, 6, 29)),
       st.integers(0, 900))
def test_49a_abs_3_eigenschaft_tag_fuer_tag(betrag, von, dauer):
    """§ 49a Abs. 3 VwVfG NRW: die Zinsen sind die exakte Summe Tag für Tag (Satz des Halbjahres + 3) / 365,
    einmal gerundet; die Abschnitte decken die Zinstage lückenlos."""
    bis = min(von + timedelta(days=dauer), date(2026, 6, 30))
    b = zinsberechnung(betrag, von, bis, basiszinssaetze=T)
    erwartet = Fraction(0)
    tag = von + timedelta(days=1)
    while tag <= bis:
        erwartet += Fraction(betrag) * (Fraction(basiszinssatz_am(tag, T)) + 3) / 100 / 365
        tag += timedelta(days=1)
    assert b.zinsen == cent(erwartet)
    assert sum(a.tage for a in b.abschnitte) == b.tage == (bis - von).days
    assert erstattungszinsen(betrag, von, bis, basiszinssaetze=T) == b.zinsen


def test_49a_abs_3_fehlerhafte_eingaben_der_funktion():
    """Vertrag: Betrag ≤ 0, bis vor von, eine Tabelle mit falschem Stichtag oder drei Nachkommastellen."""
    for betrag in (D("0"), D("-1")):
        with pytest.raises(RegelFehler):
            zinsberechnung(betrag, date(2025, 1, 1), date(2025, 2, 1), basiszinssaetze=T)
    with pytest.raises(RegelFehler, match="vor dem Tag der Unwirksamkeit"):
        zinsberechnung(D("1"), date(2025, 2, 1), date(2025, 1, 1), basiszinssaetze=T)
    with pytest.raises(RegelFehler, match="1. Januar oder 1. Juli"):
        zinsberechnung(D("1"), date(2025, 2, 1), date(2025, 3, 1), basiszinssaetze={date(2025, 2, 1): D("1")})
    with pytest.raises(RegelFehler, match="zwei Nachkommastellen"):
        zinsberechnung(D("1"), date(2025, 2, 1), date(2025, 3, 1), basiszinssaetze={date(2025, 1, 1): D("1.234")})


# --- manage.py zinsen ---------------------------------------------------------------------------

@pytest.mark.parametrize("art", ["test", "schlicht"])
def test_49a_abs_3_kommando_oeffentlicher_fall(art):
    """Vertrag: manage.py zinsen $(cat geld-11-zinsen.args) gibt genau geld-11-zinsen.expected.json aus, ohne
    Datenbank und ohne Schlüssel."""
    args = (RECHNER / "geld-11-zinsen.args").read_text().split()
    ergebnis = manage("zinsen", *args, env=umgebung(art))
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    assert json.loads(ergebnis.stdout) == json.loads((RECHNER / "geld-11-zinsen.expected.json").read_text())


def test_49a_abs_3_kommando_fehlendes_halbjahr_exit_2():
    """DESIGN.md: ein Zinstag im 2. Halbjahr 2026 ohne Satz → Exit 2, der Satz nennt das Halbjahr."""
    meldung = pruefe_abbruch(manage("zinsen", "--betrag", "100.00", "--von", "2026-06-01", "--bis", "2026-07-02"),
                             "--basiszins")
    assert "2. Halbjahr 2026" in meldung


def test_49a_abs_3_kommando_eigene_tabelle_ersetzt_die_eingebaute(capsys):
    """Vertrag: --basiszins ersetzt die eingebaute Tabelle ganz; ohne Eintrag für 2025 → Halbjahr fehlt."""
    call_command("zinsen", "--betrag", "36500.00", "--von", "2026-06-30", "--bis", "2026-07-10",
                 "--basiszins", "2026-07-01=-0.50", "--basiszins", "2026-01-01=1.27")
    ausgabe = json.loads(capsys.readouterr().out)
    assert ausgabe["abschnitte"] == [{"von": "2026-07-01", "bis": "2026-07-10", "tage": 10, "zinssatz": "2.50",
                                      "zinsen": "25.00"}]
    assert ausgabe["zinsen"] == "25.00"
    with pytest.raises(SystemExit):
        call_command("zinsen", "--betrag", "1.00", "--von", "2025-06-01", "--bis", "2025-06-02",
                     "--basiszins", "2026-07-01=1.00")
    assert "1. Halbjahr 2025" in capsys.readouterr().err


def test_49a_abs_3_kommando_gleicher_tag(capsys):
    """Vertrag: bis gleich von → tage 0, abschnitte [], zinsen "0.00"."""
    call_command("zinsen", "--betrag", "5.00", "--von", "2025-03-01", "--bis", "2025-03-01")
    assert json.loads(capsys.readouterr().out) == {"betrag": "5.00", "von": "2025-03-01", "bis": "2025-03-01",
                                                   "tage": 0, "abschnitte": [], "zinsen": "0.00"}


FEHLERHAFT = [
    (["--betrag", "-1.00", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "0.00", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "1.001", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "1.000,00", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "1e3", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "1000000000.00", "--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--von", "2025-01-01", "--bis", "2025-02-01"], "--betrag"),
    (["--betrag", "1.00", "--von", "01.01.2025", "--bis", "2025-02-01"], "--von"),
    (["--betrag", "1.00", "--von", "2025-02-30", "--bis", "2025-03-01"], "--von"),
    (["--betrag", "1.00", "--von", "2025-01-01"], "--bis"),
    (["--betrag", "1.00", "--von", "2025-02-01", "--bis", "2025-01-31"], "--bis"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-01-01"],
     "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-02-01=1.00"],
     "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-01-01=1.234"],
     "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-01-01=eins"],
     "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-13-01=1.00"],
     "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--basiszins", "2025-01-01=1.00",
      "--basiszins", "2025-01-01=2.00"], "--basiszins"),
    (["--betrag", "1.00", "--von", "2025-01-01", "--bis", "2025-02-01", "--zins", "1"], "--zins 1"),
]


@pytest.mark.parametrize("args,feld", FEHLERHAFT, ids=[
    "betrag_negativ", "betrag_null", "betrag_drei_nachkommastellen", "betrag_deutsch", "betrag_exponent",
    "betrag_milliarde", "betrag_fehlt", "von_deutsch", "von_ungueltig", "bis_fehlt", "bis_vor_von",
    "basiszins_ohne_satz", "basiszins_kein_stichtag", "basiszins_drei_nachkommastellen", "basiszins_text",
    "basiszins_datum_ungueltig", "basiszins_doppelt", "unbekanntes_argument"])
def test_49a_abs_3_kommando_jede_fehlerhafte_eingabe(args, feld, capsys):
    """Vertrag: jede fehlerhafte Eingabe → Exit 2, ein deutscher Satz, der das Argument nennt, stdout leer."""
    with pytest.raises(SystemExit) as ende:
        call_command("zinsen", *args)
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err.count("\n") == 1 and f'"{feld}' in aus.err, aus.err
    assert "usage" not in aus.err and "error" not in aus.err
