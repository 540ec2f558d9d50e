"""Issue 14 item 10: the members of the Lenkungsgruppe (Nr. 4.1 c) keep their line breaks – in the Antrag's view,
in the Prüfung and in the Anlage-1 PDF (one member per line, never run together)."""
import io

import pypdf
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MITGLIEDER = "Landrat (Vorsitz)\nJobcenter\nAusländerbehörde"  # tests/factories.py vollstaendig_machen


def test_nr_4_1_c_mitglieder_zeilenweise_in_ansicht_und_pruefung(client_als, sachbearbeitung_user,
                                                                eingereichter_antrag, kommune_user):
    assert eingereichter_antrag.lenkungsgruppe_mitglieder == MITGLIEDER
    zeilen = "Landrat (Vorsitz)<br>Jobcenter<br>Ausländerbehörde"
    for user in (sachbearbeitung_user, kommune_user):  # the submitted Antrag is shown, not edited
        ansicht = client_als(user).get(reverse("antrag_detail", args=[eingereichter_antrag.pk])).content.decode()
        assert f'id="lenkungsgruppe-mitglieder">{zeilen}</dd>' in ansicht
    pruefung = client_als(sachbearbeitung_user).get(reverse("pruefung", args=[eingereichter_antrag.pk]))
    assert f"erklärt; Mitglieder:<br>{zeilen}" in pruefung.content.decode()


def test_nr_4_1_c_mitglieder_zeilenweise_in_der_anlage_1(eingereichter_antrag):
    dokument = eingereichter_antrag.anlagen.get().dokument
    with dokument.datei.storage.open(dokument.datei.name, "rb") as datei:
        text = "\n".join(seite.extract_text() for seite in pypdf.PdfReader(io.BytesIO(datei.read())).pages)
    zeilen = [z.strip() for z in text.splitlines()]
    start = zeilen.index("Landrat (Vorsitz)")
    assert zeilen[start:start + 3] == ["Landrat (Vorsitz)", "Jobcenter", "Ausländerbehörde"]


def test_mitglieder_werden_escaped(client_als, sachbearbeitung_user, eingereichter_antrag):
    type(eingereichter_antrag).objects.filter(pk=eingereichter_antrag.pk).update(
        lenkungsgruppe_mitglieder="<b>Landrat</b>\nJobcenter")
    html = client_als(sachbearbeitung_user).get(reverse("pruefung", args=[eingereichter_antrag.pk])).content.decode()
    assert "&lt;b&gt;Landrat&lt;/b&gt;<br>Jobcenter" in html and "<b>Landrat</b>" not in html
