"""Anlage 1 as a letter a reader understands (issue 14 Nr. 3): a declaration that does not apply says „entfällt“
(Nr. 4.1 f and Nr. 3.2 concern Case Management only), an upload is named by its file name and upload date, not by
a fragment of its SHA-256."""
import pytest

from antraege import services
from antraege.models import Anlage1, Antrag
from tests import factories
from tests.factories import stellen_2026
from tests.pdf_pruefung import dokument_bytes, text_von

pytestmark = pytest.mark.django_db


def _anlage1_text(antrag):
    return text_von(dokument_bytes(Anlage1.objects.get(antrag=antrag).dokument))


def test_nr_4_1_f_und_3_2_entfallen_ohne_case_management(kommune_user, time_machine):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    ohne_cm = [z for z in stellen_2026() if z.art != "case_management"]
    antrag = services.antrag_anlegen(kommune_user, 2026, zeilen=ohne_cm)
    Antrag.objects.filter(pk=antrag.pk).update(
        ki_gefoerdert=True, angliederung_ki=True, lenkungsgruppe=True, lenkungsgruppe_mitglieder="Landrat",
        qualifikation_bestaetigt=True, keine_doppelfoerderung=True, cm_ausserhalb_jmd_mbe=False,
        iban="DE89370400440532013000", kontoinhaber="Kreis Unna")
    antrag.stellen.filter(besetzt=True).update(qualifikation="Master Soziale Arbeit")
    antrag.refresh_from_db()
    services.konzept_hochladen(antrag, kommune_user, "kim_konzept", factories.pdf_upload("KIM-Konzept Unna 2026.pdf"))
    antrag = services.einreichen(Antrag.objects.get(pk=antrag.pk), kommune_user, versicherung=True)
    text = _anlage1_text(antrag)
    assert "Nr. 4.1 f – Case-Management-Konzept entfällt (keine Case-Management-Stelle beantragt)" in text
    assert ("Nr. 3.2 – CM außerhalb der Personaltableaus von JMD und MBE entfällt (keine Case-Management-Stelle "
            "beantragt)") in text
    assert "nicht beigefügt" not in text and "nicht erklärt" not in text
    assert "Nr. 4.1 d – KIM-Konzept beigefügt: KIM-Konzept Unna 2026.pdf, hochgeladen am 15.10.2025" in text
    assert "SHA-256" not in text


def test_mit_case_management_nennt_das_konzept_mit_dateiname_und_datum(einreichbarer_antrag, kommune_user):
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    text = _anlage1_text(antrag)
    assert "Nr. 4.1 f – Case-Management-Konzept beigefügt: cm.pdf, hochgeladen am 15.10.2025" in text
    assert "Nr. 3.2 – CM außerhalb der Personaltableaus von JMD und MBE erklärt" in text
    assert "entfällt" not in text and "SHA-256" not in text
