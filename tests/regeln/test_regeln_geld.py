"""kim_foerderung.regeln.geld.aufteilen – the one splitter (DESIGN.md "Money": cents half-up, split amounts add
up to the cent; issue 8 Nr. 3)."""
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kim_foerderung.regeln import RegelFehler
from kim_foerderung.regeln.geld import aufteilen

betraege = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c).scaleb(-2).quantize(D("0.01")))
anteile = st.lists(st.one_of(st.integers(min_value=0, max_value=10**6),
                             st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)),
                   min_size=1, max_size=40).filter(lambda a: sum(a) > 0)


@given(betrag=betraege, anteile=anteile)
def test_teile_ergeben_das_ganze_keiner_negativ_keiner_ueber_seinem_anteil(betrag, anteile):
    teile = aufteilen(betrag, anteile)
    assert len(teile) == len(anteile)
    assert sum(teile) == betrag
    assert all(t >= 0 for t in teile)
    assert all(t == t.quantize(D("0.01")) for t in teile)
    summe = Fraction(sum(D(a) for a in anteile))
    for teil, anteil in zip(teile, anteile):
        genau = Fraction(betrag) * Fraction(D(anteil)) / summe
        assert Fraction(teil) - genau <= Fraction(1, 100)
        assert genau - Fraction(teil) <= Fraction(1, 100)


def test_zwei_teile_erster_kaufmaennisch_rest_auf_den_letzten():
    # Änderungsbescheid ab Juli: 50.000,01 € über 6 + 6 Monate – der Höchstbetrag wächst nicht um einen Cent.
    assert aufteilen(D("50000.01"), [6, 6]) == [D("25000.01"), D("25000.00")]
    assert aufteilen(D("100.00"), [1, 1, 1]) == [D("33.33"), D("33.34"), D("33.33")]
    assert aufteilen(D("0.00"), [0, 0]) == [D("0.00"), D("0.00")]


@pytest.mark.parametrize("betrag, anteile, meldung", [
    (D("1.005"), [1, 1], "volle Cent"),
    (D("1.00"), [], "keine Teile"),
    (D("1.00"), [1, -1], "negativ"),
    (D("1.00"), [0, 0], "null"),
    (D("1.00"), [1.5, 1], "Decimal"),
])
def test_ungueltige_aufteilung_deutsch(betrag, anteile, meldung):
    with pytest.raises(RegelFehler, match=meldung):
        aufteilen(betrag, anteile)
