"""Irreversible steps are confirmed (issue 14 item 4): without JavaScript a POST without ``bestaetigt=ja`` to
Zeichnen und freigeben, Versand vermerken or Vorschlag übernehmen shows a confirmation page that says what will
happen and that it cannot be undone, and changes nothing; confirming posts the same fields again."""
import pytest
from django.urls import reverse

from bescheide import services
from bescheide.models import BescheidStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_zeichnen_ohne_bestaetigung_zeigt_bestaetigungsseite(client_als, entwurf, sachbearbeitung_user,
                                                             zeichnung_user):
    factories.pruefung_abschliessen(entwurf.antrag, sachbearbeitung_user)
    services.vorlegen(entwurf, sachbearbeitung_user)
    client = client_als(zeichnung_user)
    url = reverse("bescheid_freigeben", args=[entwurf.pk])
    antwort = client.post(url, {"weiter": "/zeichnung/reihe/"}, HTTP_REFERER=f"http://testserver/bescheide/{entwurf.pk}/")
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Zeichnen und freigeben: bitte bestätigen" in html and "kann nicht rückgängig gemacht werden" in html
    assert f'action="{url}"' in html and 'name="weiter" value="/zeichnung/reihe/"' in html
    assert 'name="bestaetigt" value="ja"' in html and f'href="http://testserver/bescheide/{entwurf.pk}/"' in html
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG and not entwurf.nummer
    assert client.post(url, {"bestaetigt": "ja"}).status_code == 302
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.FREIGEGEBEN and entwurf.nummer


def test_versand_und_verteilung_fragen_erst(client_als, entwurf, sachbearbeitung_user):
    client = client_als(sachbearbeitung_user)
    for url, daten in ((reverse("bescheid_versenden", args=[entwurf.pk]), {"abgesandt_am": "01.12.2025"}),
                       (reverse("verteilung_uebernehmen", args=[2026]), {})):
        html = client.post(url, daten).content.decode()
        assert "bitte bestätigen" in html and "kann nicht rückgängig gemacht werden" in html, url
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ENTWURF
