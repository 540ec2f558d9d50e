"""Verteilungsvorschlag: Nr. 1.3 (verfügbare Haushaltsmittel) und Nr. 5.4.1 („Vorrangig sollen besetzte
Personalstellen gefördert werden“)."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kim_foerderung.regeln import Fall, Monat, RegelFehler, StelleEingabe, berechne, verteilungsvorschlag

D = Decimal


def test_nr_1_3_mittel_reichen_alles_voll():
    """Nr. 1.3: reichen die Mittel, erhält jeder Antrag den vollen Betrag."""
    v = verteilungsvorschlag([("A", [("K1", True, D("100")), ("K2", False, D("50"))], D("10"))], D("1000"))
    a = v.antraege["A"]
    assert a.betrag == a.beantragt == D("160.00")
    assert a.stellen == {"K1": D("100.00"), "K2": D("50.00")}
    assert a.begleitmassnahmen == D("10.00")
    assert v.alles_gedeckt and v.besetzte_voll_gedeckt and v.verteilt == D("160.00")


def test_nr_5_4_1_besetzte_stellen_vorrangig_unbesetzte_teilen_den_rest():
    """Nr. 5.4.1: erst alle besetzten Stellen voll, dann teilen unbesetzte Stellen und Begleitmaßnahmen den Rest."""
    v = verteilungsvorschlag([
        ("A", [("K1", True, D("100")), ("K2", False, D("100"))], D("0")),
        ("B", [("K1", True, D("50")), ("K2", False, D("300"))], D("100")),
    ], D("400"))
    assert v.antraege["A"].stellen["K1"] == D("100.00")
    assert v.antraege["B"].stellen["K1"] == D("50.00")
    # Rest 250 auf 100 + 300 + 100 = 500 → je 50 %
    assert v.antraege["A"].stellen["K2"] == D("50.00")
    assert v.antraege["B"].stellen["K2"] == D("150.00")
    assert v.antraege["B"].begleitmassnahmen == D("50.00")
    assert v.verteilt == D("400.00") and v.besetzte_voll_gedeckt and not v.alles_gedeckt


def test_nr_5_4_1_besetzte_stellen_anteilig_gekuerzt_unbesetzte_leer():
    """Nr. 5.4.1: reichen die Mittel nicht für die besetzten Stellen, werden diese centgenau anteilig gekürzt;
    unbesetzte Stellen und Begleitmaßnahmen erhalten nichts."""
    v = verteilungsvorschlag([
        ("A", [("K1", True, D("100.00")), ("K2", False, D("999"))], D("500")),
        ("B", [("K1", True, D("100.00"))]),
        ("C", [("K1", True, D("100.00"))]),
    ], D("100.00"))
    betraege = [v.antraege[k].stellen["K1"] for k in "ABC"]
    assert betraege == [D("33.34"), D("33.33"), D("33.33")]  # Rest-Cent deterministisch an den Ersten
    assert sum(betraege) == D("100.00")
    assert v.antraege["A"].stellen["K2"] == D("0.00") and v.antraege["A"].begleitmassnahmen == D("0.00")
    assert not v.besetzte_voll_gedeckt


def test_nr_5_4_1_verteilung_aus_ergebnis():
    """Nr. 5.4.1: ein Ergebnis von berechne liefert Stellen (Personal- plus Sachausgaben) und Begleitmaßnahmen."""
    ergebnis = berechne(Fall(foerderjahr=2026, kommune_art="kreis", stellen=(
        StelleEingabe("K1", "koordination", D("1.0"), Monat(2026, 1), Monat(2026, 12)),
        StelleEingabe("K2", "koordination", D("1.0"), Monat(2026, 1), Monat(2026, 12), besetzt=False),
    ), veranstaltungen=D("5000")))
    v = verteilungsvorschlag([("Kreis X", ergebnis)], D("70000"))
    a = v.antraege["Kreis X"]
    assert a.beantragt == D("130400.00")
    assert a.stellen["K1"] == D("62700.00")
    assert a.stellen["K2"] + a.begleitmassnahmen == D("7300.00")
    assert a.betrag == D("70000.00")


def test_nr_1_3_verteilung_eingaben_werden_geprueft():
    """Nr. 1.3: doppelte Anträge und negative Beträge sind Fehler; negative Mittel verteilen nichts."""
    with pytest.raises(RegelFehler):
        verteilungsvorschlag([("A", []), ("A", [])], D("1"))
    with pytest.raises(RegelFehler):
        verteilungsvorschlag([("A", [("K1", True, D("-1"))])], D("1"))
    assert verteilungsvorschlag([("A", [("K1", True, D("5"))])], D("-3")).verteilt == D("0.00")


POSTEN = st.lists(st.tuples(st.booleans(), st.integers(0, 10_000_000)), max_size=6)
ANTRAEGE = st.lists(st.tuples(POSTEN, st.integers(0, 1_500_000)), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(ANTRAEGE, st.integers(0, 40_000_000))
def test_nr_5_4_1_eigenschaft_verteilung(antraege, mittel_cent):
    """Nr. 1.3/5.4.1: nie mehr als die Mittel, nie mehr als beantragt, keine unbesetzte Stelle erhält Geld,
    solange eine besetzte gekürzt wird; reichen die Mittel, wird genau die Summe der Mittel verteilt."""
    eingabe = [
        (f"A{i}", [(f"S{j}", besetzt, D(c) / 100) for j, (besetzt, c) in enumerate(posten)], D(b) / 100)
        for i, (posten, b) in enumerate(antraege)
    ]
    mittel = D(mittel_cent) / 100
    v = verteilungsvorschlag(eingabe, mittel)
    assert v.verteilt <= mittel
    assert v.verteilt == min(mittel, v.beantragt)
    besetzte_gekuerzt = False
    unbesetzte_bezahlt = False
    for key, stellen, begleit in eingabe:
        a = v.antraege[key]
        assert a.betrag == sum(a.stellen.values(), D(0)) + a.begleitmassnahmen
        assert D(0) <= a.begleitmassnahmen <= begleit
        for sid, besetzt, betrag in stellen:
            bekommen = a.stellen[sid]
            assert D(0) <= bekommen <= betrag
            assert bekommen == bekommen.quantize(D("0.01"))
            if besetzt and bekommen < betrag:
                besetzte_gekuerzt = True
            if not besetzt and bekommen > 0:
                unbesetzte_bezahlt = True
        if a.begleitmassnahmen > 0:
            unbesetzte_bezahlt = True
    assert not (besetzte_gekuerzt and unbesetzte_bezahlt)
    assert v.besetzte_voll_gedeckt == (not besetzte_gekuerzt)
