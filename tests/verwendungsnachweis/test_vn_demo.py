"""Demo-Daten (issue 11 Nr. 5): ein Förderjahr mit ausgezahlten Raten, in dem der Verwendungsnachweis einer Kommune
ein Entwurf ist, einer eingereicht auf die Prüfung wartet und einer in der Anhörung endet; idempotent."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from verwendungsnachweis.models import NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db


def test_demo_verwendungsnachweise(settings, time_machine, client_als):
    settings.DEBUG = True
    time_machine.move_to("2026-11-25 08:00 +01:00", tick=False)
    call_command("demodaten", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_verwendungsnachweise", stdout=out)
    assert "4 angelegt" in out.getvalue()
    stand = {n.antrag.kommune.ags: n for n in Verwendungsnachweis.objects.select_related("antrag__kommune")}
    assert stand["05978000"].status == NachweisStatus.ENTWURF
    assert stand["05711000"].status == NachweisStatus.EINGEREICHT
    soest = stand["05974000"]
    assert soest.status == NachweisStatus.ANHOERUNG and soest.ueberzahlung == 9500
    assert soest.anhoerung_dokument is not None
    hsk = stand["05958000"]  # the Zeichnung has work: an Erstattungsbescheid prepared by someone else
    assert hsk.status == NachweisStatus.ERSTATTUNG and hsk.erstattung.status == "zur_zeichnung"
    call_command("demo_verwendungsnachweise", stdout=out)
    assert Verwendungsnachweis.objects.count() == 4
    from kim_foerderung.zugang.models import Benutzer

    for name, ags in (("kommune", "05978000"), ("kommune2", "05711000")):
        client = client_als(Benutzer.objects.get(username=name))
        assert client.get(reverse("vn_detail", args=[stand[ags].pk])).status_code == 200
        andere = stand["05711000" if ags == "05978000" else "05978000"]
        assert client.get(reverse("vn_detail", args=[andere.pk])).status_code == 404
    seite = client_als(Benutzer.objects.get(username="sachbearbeitung")).get(reverse("start_sachbearbeitung"))
    assert "Verwendungsnachweis 2025 – Stadt Bielefeld" in seite.content.decode()
    seite = client_als(Benutzer.objects.get(username="zeichnung")).get(reverse("start_zeichnung"))
    assert "Erstattungsbescheid – Hochsauerlandkreis 2025" in seite.content.decode()
