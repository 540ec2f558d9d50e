"""The demo (README quick start, make run): Mittelanforderungen for the bestandskräftigen demo Bescheide, one run
released and booked for an earlier Termin, one run waiting for release; a second run changes nothing."""
import pytest
from django.core.management import call_command

from auszahlung.models import LaufStatus, Mittelanforderung, Tranche, TranchenStatus, Zahlungslauf

pytestmark = pytest.mark.django_db


def test_demo_auszahlung(time_machine):
    from kim_foerderung.zugang.services import demo_benutzer_anlegen

    time_machine.move_to("2026-11-25 08:00 +01:00")
    demo_benutzer_anlegen()
    for befehl in ("demo_antraege", "demo_bescheide", "demo_auszahlung"):
        call_command(befehl, stdout=open("/dev/null", "w"))
    assert Mittelanforderung.objects.filter(antrag__kommune__ags="05978000", antrag__foerderjahr=2026).exists()
    assert Mittelanforderung.objects.count() >= 2  # Kreis Unna 2026, Kreis Soest 2027
    laeufe = {lauf.status: lauf for lauf in Zahlungslauf.objects.all()}
    assert set(laeufe) == {LaufStatus.ANGEORDNET, LaufStatus.FESTGESTELLT}
    angeordnet = laeufe[LaufStatus.ANGEORDNET]
    assert angeordnet.sepa_datei and angeordnet.auszahlungsliste and angeordnet.angeordnet_von.username == "finanzen2"
    assert laeufe[LaufStatus.FESTGESTELLT].festgestellt_von.username == "finanzen"
    mai = Tranche.objects.get(antrag__kommune__ags="05978000", antrag__foerderjahr=2026, nummer=1)
    assert mai.status == TranchenStatus.AUSGEZAHLT and mai.ausgezahlt_am is not None
    vorher = (Mittelanforderung.objects.count(), Zahlungslauf.objects.count(), Tranche.objects.count())
    call_command("demo_auszahlung", stdout=open("/dev/null", "w"))
    assert (Mittelanforderung.objects.count(), Zahlungslauf.objects.count(), Tranche.objects.count()) == vorher
