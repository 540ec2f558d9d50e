"""Fixtures of the Auszahlung: Kreis Unna's bestandskräftiger Bescheid 2026 (333.862,50 €) with a bank account in
the Stammdaten, the second Finanzen person, and plain rows for many Kommunen (query counts, benchmark)."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from antraege.models import AntragStatus
from auszahlung.models import Mittelanforderung
from tests import factories

BERLIN = ZoneInfo("Europe/Berlin")
IBAN_UNNA = "DE89370400440532013000"


def konto_eintragen(kommune, iban=IBAN_UNNA):
    kommune.kontoinhaber = f"{kommune}"
    kommune.iban = iban
    kommune.bic = "COBADEFFXXX"
    kommune.save()
    return kommune


@pytest.fixture
def finanzen2_user(db):
    return factories.FinanzenFactory(username="finanzen2", first_name="Fatma", last_name="Fiskal")


@pytest.fixture
def bescheid(bestandskraeftiger_bescheid, unna):
    """Bestandskräftig since 10.02.2026; Unna's account in the Stammdaten; clock at 10.02.2026 06:00."""
    konto_eintragen(unna)
    bestandskraeftiger_bescheid.antrag.kommune.refresh_from_db()
    return bestandskraeftiger_bescheid


@pytest.fixture
def angefordert(bescheid, kommune_user, time_machine, django_capture_on_commit_callbacks):
    """Unna has requested the money on 16.02.2026."""
    from auszahlung import services

    time_machine.move_to(datetime(2026, 2, 16, 9, 0, tzinfo=BERLIN), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.mittelanforderung_stellen(antrag=bescheid.antrag, benutzer=kommune_user, erklaerung=True)
    return bescheid


def zahlbare_antraege(anzahl, foerderjahr=2026, betrag=Decimal("100000.01"), benutzer=None, ab=0):
    """``anzahl`` Kommunen with a bestandskräftigen Bescheid (plain rows), a bank account and a Mittelanforderung –
    for tests that need many Tranchen, not their history."""
    from kim_foerderung.stammdaten.models import Kommune

    benutzer = benutzer or factories.KommuneBenutzerFactory()
    antraege = []
    kommunen = list(Kommune.objects.order_by("ags")[ab:ab + anzahl])
    for i, kommune in enumerate(kommunen):
        konto_eintragen(kommune, "DE02120300000000202051")
        antrag = factories.AntragFactory(kommune=kommune, foerderjahr=foerderjahr,
                                         status=AntragStatus.BEWILLIGT, beantragt=betrag)
        b = factories.BescheidFactory(
            antrag=antrag, status="bestandskraeftig", hoechstbetrag=betrag,
            nummer=f"KIM-{foerderjahr}-{kommune.ags}-01", freigegeben_am=datetime(foerderjahr - 1, 12, 1, tzinfo=BERLIN),
            bekanntgabe_am=date(foerderjahr - 1, 12, 5), bestandskraeftig_ab=date(foerderjahr, 1, 6))
        Mittelanforderung.objects.create(antrag=antrag, bescheid=b, kontoinhaber=str(kommune),
                                         iban="DE02120300000000202051", erklaerung=True,
                                         angefordert_am=date(foerderjahr, 1, 10), gestellt_von=benutzer,
                                         gestellt_am=datetime(foerderjahr, 1, 10, 9, tzinfo=BERLIN))
        antraege.append(antrag)
    return antraege
