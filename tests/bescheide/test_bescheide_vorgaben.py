"""Issue 14 Nr. 8 – offer only what the state allows: "Änderungsbescheid entwerfen" only on a sent Bescheid in
force without another open draft; the service refuses the same (DESIGN: a Bescheid becomes effective with its
Bekanntgabe)."""
import pytest
from django.urls import reverse

from bescheide import services

pytestmark = pytest.mark.django_db

KNOPF = "Änderungsbescheid entwerfen</button>"


def test_aenderungsbescheid_erst_nach_versand(freigegebener_bescheid, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    url = reverse("bescheid_detail", args=[freigegebener_bescheid.pk])
    assert KNOPF not in client.get(url).content.decode()
    with pytest.raises(services.BescheidFehler, match="geändert wird erst ein versandter Bescheid"):
        services.aenderungsbescheid_anlegen(freigegebener_bescheid, sachbearbeitung_user, 4)
    antwort = client.post(reverse("bescheid_aenderungsbescheid", args=[freigegebener_bescheid.pk]),
                          {"ab_monat": "4"}, follow=True)
    assert antwort.status_code == 200 and "geändert wird erst ein versandter Bescheid" in antwort.content.decode()
    assert not freigegebener_bescheid.antrag.bescheide.filter(art="aenderung").exists()

    services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    assert KNOPF in client.get(url).content.decode()
    services.aenderungsbescheid_anlegen(freigegebener_bescheid, sachbearbeitung_user, 4)
    # with the draft open, no second one is offered
    assert KNOPF not in client.get(url).content.decode()
