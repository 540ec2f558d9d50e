import pytest

from antraege import services
from tests import factories

# Moved to tests/factories.py (tests of every app use them); kept here under their old names.
STELLEN_2026 = factories.stellen_2026()
vollstaendig_machen = factories.vollstaendig_machen


@pytest.fixture
def antrag_2026(kommune_user, time_machine):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    return services.antrag_anlegen(kommune_user, 2026, zeilen=STELLEN_2026)


@pytest.fixture
def einreichbarer_antrag(antrag_2026, kommune_user):
    return vollstaendig_machen(antrag_2026, kommune_user)
