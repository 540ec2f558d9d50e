"""„Prüfen und einreichen“ (issue 14 item 1) and § 24 Abs. 3 VwVfG NRW (issue 9 item 2): the whole Antrag as it
will be submitted, from the Anlage-1 template and context; the rules' warnings; the Versicherung; one error summary
whose entries link to their fields; a late Antrag is received and marked verspätet everywhere."""
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Anlage1, Antrag, AntragStatus
from bescheide.models import Bescheid
from kim_foerderung.protokoll.selectors import protokoll_fuer
from tests.pdf_pruefung import dokument_bytes, text_von

pytestmark = pytest.mark.django_db


def _gesamt(html):
    treffer = re.search(r"Gesamt beantragte Zuwendung</td><td class=\"zahl\">([^<]+)</td>", html)
    return treffer.group(1).replace("\xa0", " ")


def test_pruefseite_zeigt_anlage1_mit_derselben_summe_wie_das_pdf(client_als, kommune_user, einreichbarer_antrag):
    client = client_als(kommune_user)
    url = reverse("antrag_einreichen", args=[einreichbarer_antrag.pk])
    seite = client.get(url)
    assert seite.status_code == 200
    html = seite.content.decode()
    assert "Prüfen und einreichen" in html and "Die Angaben sind vollständig und richtig." in html
    assert "wird Fassung 1" in html
    summe = _gesamt(html)
    assert summe == "333.862,50 €"
    antwort = client.post(url, {"versicherung": "ja"})
    assert antwort.status_code == 302
    anlage = Anlage1.objects.get(antrag=einreichbarer_antrag)
    assert f"Gesamt beantragte Zuwendung {summe}" in text_von(dokument_bytes(anlage.dokument)).replace("\xa0", " ")
    assert Antrag.objects.get(pk=einreichbarer_antrag.pk).status == AntragStatus.EINGEREICHT
    # A reload or a second click after submitting leads to the Antrag, never a second submission.
    assert client.post(url, {"versicherung": "ja"}).status_code == 302
    assert Anlage1.objects.filter(antrag=einreichbarer_antrag).count() == 1


def test_ohne_versicherung_eine_fehlerzusammenfassung(client_als, kommune_user, einreichbarer_antrag):
    antwort = client_als(kommune_user).post(reverse("antrag_einreichen", args=[einreichbarer_antrag.pk]), {})
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert html.count("kim-fehlerzusammenfassung") == 1
    assert '<a href="#id_versicherung">Bitte versichern Sie' in html
    assert Antrag.objects.get(pk=einreichbarer_antrag.pk).status == AntragStatus.ENTWURF


def test_fehlende_angaben_verlinken_ihre_felder(client_als, kommune_user, antrag_2026):
    antwort = client_als(kommune_user).post(reverse("antrag_einreichen", args=[antrag_2026.pk]),
                                            {"versicherung": "ja"})
    assert antwort.status_code == 400
    html = antwort.content.decode()
    detail = reverse("antrag_detail", args=[antrag_2026.pk])
    assert html.count("kim-fehlerzusammenfassung") == 1
    assert f'href="{detail}#id_voraussetzungen-ki_gefoerdert">Nr. 4.1 a' in html
    assert f'href="{detail}#datei-kim_konzept">Nr. 4.1 d' in html
    assert f'href="{detail}#id_antragsteller-iban">' in html


def test_nr_5_4_1_befund_ist_warnung_und_antrag_geht_ein(client_als, kommune_user, einreichbarer_antrag):
    """Nr. 5.4.1 with § 24 Abs. 3 VwVfG NRW: a coordination month at 3,75 VZÄ is shown as a warning, and the
    Antrag is received."""
    einreichbarer_antrag.stellen.filter(art="koordination", position=4).update(vzae=Decimal("0.75"))
    client = client_als(kommune_user)
    url = reverse("antrag_einreichen", args=[einreichbarer_antrag.pk])
    html = client.get(url).content.decode()
    assert "Hinweise der Prüfung (hindern das Einreichen nicht)" in html
    assert "3,5 VZÄ (3,75)" in html
    assert client.post(url, {"versicherung": "ja"}).status_code == 302
    assert Antrag.objects.get(pk=einreichbarer_antrag.pk).status == AntragStatus.EINGEREICHT


def test_verspaetet_ueberall_gekennzeichnet_und_ablehnung_vorbefuellt(client_als, kommune_user, sachbearbeitung_user,
                                                                     einreichbarer_antrag, time_machine):
    time_machine.move_to("2025-11-04 09:00 +01:00")
    client = client_als(kommune_user)
    url = reverse("antrag_einreichen", args=[einreichbarer_antrag.pk])
    html = client.get(url).content.decode()
    assert "ist am 31.10.2025 abgelaufen. Sie können den Antrag trotzdem einreichen" in html
    assert "verspätet eingereicht am 04.11.2025" in html
    assert client.post(url, {"versicherung": "ja"}).status_code == 302
    antrag = Antrag.objects.get(pk=einreichbarer_antrag.pk)
    assert antrag.status == AntragStatus.EINGEREICHT and antrag.verspaetet_eingegangen_am == date(2025, 11, 4)
    pdf = text_von(dokument_bytes(Anlage1.objects.get(antrag=antrag).dokument))
    assert "verspätet eingereicht am 04.11.2025" in pdf and "Antragsfrist endete am 31.10.2025" in pdf
    client = client_als(sachbearbeitung_user)
    for seite in (reverse("antrag_detail", args=[antrag.pk]), reverse("pruefung", args=[antrag.pk])):
        assert "verspätet eingereicht am 04.11.2025" in client.get(seite).content.decode(), seite
    assert "Ausnahme von der Frist nachträglich erteilen" in client.get(
        reverse("antrag_detail", args=[antrag.pk])).content.decode()
    client.post(reverse("bescheid_entwurf_anlegen", args=[antrag.pk]), {"art": "ablehnung"})
    ablehnung = Bescheid.objects.get(antrag=antrag)
    assert ablehnung.begruendung.startswith("Der Antrag für das Förderjahr 2026 ist am 04.11.2025 eingegangen, "
                                            "nach Ablauf der Antragsfrist am 31.10.2025 (Nr. 7.1.2")


def test_nachtraegliche_fristausnahme_ueber_die_seite(client_als, kommune_user, sachbearbeitung_user,
                                                     einreichbarer_antrag, time_machine):
    time_machine.move_to("2025-11-04 09:00 +01:00")
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    url = reverse("antrag_fristausnahme", args=[antrag.pk])
    assert client_als(kommune_user).post(url, {"begruendung": "selbst"}).status_code == 403
    client = client_als(sachbearbeitung_user)
    antwort = client.post(url, {"begruendung": ""})
    assert antwort.status_code == 400 and "Bitte begründen Sie" in antwort.content.decode()
    antwort = client.post(url, {"begruendung": "Kreistag tagte erst am 30.10."})
    assert antwort.status_code == 302
    html = client.get(reverse("antrag_detail", args=[antrag.pk])).content.decode()
    assert "Ausnahme von der Frist erteilt am 04.11.2025" in html and "Kreistag tagte erst am 30.10." in html
    assert protokoll_fuer(antrag).filter(aktion__contains="nachträglich erteilt").count() == 1


def test_maengelliste_folgt_jedem_gespeicherten_abschnitt(client_als, kommune_user, antrag_2026):
    """htmx: the section answer brings "Nächste Schritte" out of band, so the list is never stale."""
    antwort = client_als(kommune_user).post(
        reverse("antrag_abschnitt", args=[antrag_2026.pk, "voraussetzungen"]),
        {"voraussetzungen-ki_gefoerdert": "on", "voraussetzungen-vorfoerderung": "keine"}, HTTP_HX_REQUEST="true")
    html = antwort.content.decode()
    assert 'id="aktionen" aria-labelledby="aktionen-titel" hx-swap-oob="true"' in html
    assert "Nr. 4.1 a: Bitte bestätigen" not in html and "Nr. 4.1 b: Bitte bestätigen" in html
