"""Notices on the start page: unread ones first and marked "neu"; opening one marks it read and follows its link;
"alle als gelesen markieren"; nobody opens another person's notice."""
import pytest
from django.urls import reverse

from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.protokoll.services import benachrichtigen

pytestmark = pytest.mark.django_db


@pytest.fixture
def notizen(sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-11-02 09:00 +01:00", tick=False)
    benachrichtigen([sachbearbeitung_user], "Antrag eingereicht: Kreis Unna 2027", "…", link="/antraege/1/")
    time_machine.move_to("2026-11-03 09:00 +01:00", tick=False)
    benachrichtigen([sachbearbeitung_user], "Antrag eingereicht: Stadt Bielefeld 2027", "…", link="/antraege/2/")
    return list(Benachrichtigung.objects.filter(empfaenger=sachbearbeitung_user).order_by("erstellt_am"))


def test_oeffnen_markiert_gelesen_und_folgt_dem_link(client_als, sachbearbeitung_user, notizen, time_machine):
    client = client_als(sachbearbeitung_user)
    seite = client.get(reverse("start_sachbearbeitung")).content.decode()
    assert "2 ungelesen" in seite and seite.count(">neu</span>") == 2
    assert reverse("benachrichtigung_oeffnen", args=[notizen[0].pk]) in seite

    time_machine.move_to("2026-11-04 10:00 +01:00", tick=False)
    client = client_als(sachbearbeitung_user)  # a new day, a new session (30-minute timeout)
    antwort = client.get(reverse("benachrichtigung_oeffnen", args=[notizen[0].pk]))
    assert antwort.status_code == 302 and antwort["Location"] == "/antraege/1/"
    notizen[0].refresh_from_db()
    gelesen = notizen[0].gelesen_am
    assert gelesen is not None
    # Opening again keeps the first reading time.
    time_machine.move_to("2026-11-05 10:00 +01:00", tick=False)
    client = client_als(sachbearbeitung_user)
    client.get(reverse("benachrichtigung_oeffnen", args=[notizen[0].pk]))
    notizen[0].refresh_from_db()
    assert notizen[0].gelesen_am == gelesen

    seite = client.get(reverse("start_sachbearbeitung")).content.decode()
    assert "1 ungelesen" in seite and seite.count(">neu</span>") == 1
    # Unread notices come first, then the read ones, each newest first.
    assert seite.index("Stadt Bielefeld 2027") < seite.index("Kreis Unna 2027")


def test_alle_als_gelesen(client_als, sachbearbeitung_user, notizen):
    client = client_als(sachbearbeitung_user)
    antwort = client.post(reverse("benachrichtigungen_gelesen"), {"zurueck": "/start/sachbearbeitung/"})
    assert antwort.status_code == 302 and antwort["Location"] == "/start/sachbearbeitung/"
    assert not Benachrichtigung.objects.filter(gelesen_am__isnull=True).exists()
    seite = client.get(reverse("start_sachbearbeitung")).content.decode()
    assert "ungelesen" not in seite and "Alle als gelesen markieren" not in seite
    # A foreign "zurueck" is not followed.
    antwort = client.post(reverse("benachrichtigungen_gelesen"), {"zurueck": "https://example.org/"})
    assert antwort["Location"] == reverse("start")


def test_fremde_benachrichtigung_404_und_nichts_geaendert(client_als, kommune_user, notizen):
    antwort = client_als(kommune_user).get(reverse("benachrichtigung_oeffnen", args=[notizen[0].pk]))
    assert antwort.status_code == 404
    notizen[0].refresh_from_db()
    assert notizen[0].gelesen_am is None
    client_als(kommune_user).post(reverse("benachrichtigungen_gelesen"))
    assert Benachrichtigung.objects.filter(gelesen_am__isnull=True).count() == 2


def test_ohne_anmeldung_zur_anmeldung(client, notizen):
    antwort = client.get(reverse("benachrichtigung_oeffnen", args=[notizen[0].pk]))
    assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"]
