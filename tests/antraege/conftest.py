from decimal import Decimal

import pytest

from antraege import services
from antraege.models import Antrag
from tests import factories

# The Antrag of the issue: four coordination Stellen, the VA and two CM Stellen for Kreis Unna, 2026.
STELLEN_2026 = [
    services.StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
    services.StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
    services.StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
    services.StellenZeile("", "koordination", Decimal("0.5"), 1, 12, False),
    services.StellenZeile("", "verwaltungsassistenz", Decimal("0.5"), 1, 12, True),
    services.StellenZeile("", "case_management", Decimal("1.0"), 1, 12, True),
    services.StellenZeile("", "case_management", Decimal("0.75"), 4, 12, False),
]


def vollstaendig_machen(antrag, user):
    """Fill every declaration and upload so the Antrag can be submitted."""
    Antrag.objects.filter(pk=antrag.pk).update(
        ki_gefoerdert=True, angliederung_ki=True, lenkungsgruppe=True,
        lenkungsgruppe_mitglieder="Landrat (Vorsitz)\nJobcenter\nAusländerbehörde",
        qualifikation_bestaetigt=True, keine_doppelfoerderung=True, cm_ausserhalb_jmd_mbe=True,
        iban="DE89370400440532013000", kontoinhaber="Kreis Unna",
    )
    antrag.stellen.filter(besetzt=True).update(qualifikation="Master Soziale Arbeit")
    antrag.refresh_from_db()
    services.konzept_hochladen(antrag, user, "kim_konzept", factories.pdf_upload("kim.pdf"))
    services.konzept_hochladen(antrag, user, "cm_konzept", factories.pdf_upload("cm.pdf"))
    antrag.refresh_from_db()
    return antrag


@pytest.fixture
def antrag_2026(kommune_user, time_machine):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    return services.antrag_anlegen(kommune_user, 2026, zeilen=STELLEN_2026)


@pytest.fixture
def einreichbarer_antrag(antrag_2026, kommune_user):
    return vollstaendig_machen(antrag_2026, kommune_user)
