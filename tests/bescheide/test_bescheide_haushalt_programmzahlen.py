"""The Haushalt page's column "ausgezahlt" (Nr. 1.3) is filled by the later stages through the registry slot
PROGRAMMZAHLEN (kim_foerderung.erweiterungen), not by bescheide importing them; 0 while nobody contributes."""
from decimal import Decimal

import pytest

from bescheide.haushalt import haushaltsuebersicht
from kim_foerderung import erweiterungen

pytestmark = pytest.mark.django_db


def test_ausgezahlt_kommt_aus_programmzahlen(bestandskraeftiger_bescheid):
    unna = bestandskraeftiger_bescheid.antrag.kommune
    assert haushaltsuebersicht(2026).ausgezahlt == 0  # nothing paid in this case yet

    def beitrag(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {unna.pk: Decimal("166931.25")}} if foerderjahr == 2026 else None

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, beitrag)
    try:
        ohne = sum((z.ausgezahlt for z in haushaltsuebersicht(2025).zeilen), Decimal("0"))
        u = haushaltsuebersicht(2026)
    finally:
        erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, beitrag)
    zeile = next(z for z in u.zeilen if z.kommune == unna)
    assert zeile.ausgezahlt == Decimal("166931.25")
    assert u.ausgezahlt == sum((z.ausgezahlt for z in u.zeilen), Decimal("0"))
    assert ohne == 0
