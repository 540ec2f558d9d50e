from decimal import Decimal

import pytest

from antraege import services as antrag_services
from bescheide import services
from kim_foerderung.stammdaten.models import Haushaltsmittel
from tests import factories

STELLEN_2026 = factories.stellen_2026()
vollstaendig_machen = factories.vollstaendig_machen


@pytest.fixture
def haushalt_2026(db):
    return Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("20000000.00"))


@pytest.fixture
def eingereichter_antrag(kommune_user, time_machine):
    """Kreis Unna's Antrag 2026 (4 Koordination, VA, 2 CM = 333.862,50 €), submitted on 15.10.2025."""
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    antrag = antrag_services.antrag_anlegen(kommune_user, 2026, zeilen=STELLEN_2026)
    antrag = vollstaendig_machen(antrag, kommune_user)
    return antrag_services.einreichen(antrag, kommune_user, versicherung=True)


@pytest.fixture
def entwurf(eingereichter_antrag, sachbearbeitung_user, haushalt_2026):
    """The draft of a fully checked Antrag (a complete Prüfung is the condition to submit it for Zeichnung)."""
    factories.pruefung_abschliessen(eingereichter_antrag, sachbearbeitung_user)
    return services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user)


@pytest.fixture
def freigegebener_bescheid(entwurf, sachbearbeitung_user, zeichnung_user):
    services.vorlegen(entwurf, sachbearbeitung_user)
    return services.freigeben(entwurf, zeichnung_user)


@pytest.fixture
def versandter_bescheid(freigegebener_bescheid, sachbearbeitung_user):
    """Sent the day it was signed: only a sent Bescheid can be changed by an Änderungsbescheid."""
    return services.versenden(freigegebener_bescheid, sachbearbeitung_user)
