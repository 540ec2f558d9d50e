"""The trivial page of the load benchmark (issue 13): login required, the base layout, one paragraph."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_probeseite_nur_angemeldet(client):
    antwort = client.get(reverse("probeseite"))
    assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"]


def test_probeseite_zeigt_grundlayout_mit_navigation(client_als, kommune_user):
    antwort = client_als(kommune_user).get(reverse("probeseite"))
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    assert 'aria-label="Hauptnavigation"' in inhalt and "Abmelden" in inhalt
    assert inhalt.count("<p>") == 1
