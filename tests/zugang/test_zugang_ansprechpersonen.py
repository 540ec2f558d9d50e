"""The Briefkopf names the Sachbearbeiterin with phone and e-mail from her profile (issue 14 Nr. 3, DIN 5008): the
Admin keeps both in the app (audited), not only in the Django admin; the demo users have them."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim_foerderung.protokoll.selectors import protokoll_fuer
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.services import demo_benutzer_anlegen
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/verwaltung/ansprechpersonen/"


def test_admin_pflegt_telefon_und_email_protokolliert(client_als, admin_user, sachbearbeitung_user, kommune_user):
    assert reverse("ansprechpersonen") == URL
    client = client_als(admin_user)
    seite = client.get(URL).content.decode()
    assert sachbearbeitung_user.anzeigename in seite and kommune_user.anzeigename not in seite
    antwort = client.post(URL, {"benutzer": sachbearbeitung_user.pk, f"p{sachbearbeitung_user.pk}-telefon":
                                "02931  82-2417", f"p{sachbearbeitung_user.pk}-email": "sabine.sachs@bra.nrw.de"})
    assert antwort.status_code == 302
    sachbearbeitung_user.refresh_from_db()
    assert (sachbearbeitung_user.telefon, sachbearbeitung_user.email) == ("02931 82-2417", "sabine.sachs@bra.nrw.de")
    eintrag = protokoll_fuer(sachbearbeitung_user).get()
    assert eintrag.benutzer == admin_user and eintrag.daten["neu"]["telefon"] == "02931 82-2417"


def test_falsche_eingabe_deutsche_meldung_nichts_gespeichert(client_als, admin_user, sachbearbeitung_user):
    antwort = client_als(admin_user).post(URL, {"benutzer": sachbearbeitung_user.pk,
                                                f"p{sachbearbeitung_user.pk}-telefon": "ruf mich an",
                                                f"p{sachbearbeitung_user.pk}-email": "kein-at"})
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Die Telefonnummer darf nur Ziffern" in html and "gültige E-Mail-Adresse" in html
    assert 'value="ruf mich an"' in html
    sachbearbeitung_user.refresh_from_db()
    assert sachbearbeitung_user.telefon == ""


def test_nur_admin_und_nie_ein_kommunebenutzer(client_als, admin_user, sachbearbeitung_user, kommune_user):
    assert client_als(sachbearbeitung_user).get(URL).status_code == 403
    assert client_als(kommune_user).post(URL, {"benutzer": sachbearbeitung_user.pk}).status_code == 403
    antwort = client_als(admin_user).post(URL, {"benutzer": kommune_user.pk, f"p{kommune_user.pk}-telefon": "1"})
    assert antwort.status_code == 404
    assert client_als(admin_user).post(URL, {"benutzer": "x"}).status_code == 404


def test_abfragen_konstant(client_als, admin_user):
    client = client_als(admin_user)
    client.get(URL)

    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(URL).status_code == 200
        return len(abfragen)

    wenige = zaehlen()
    for i in range(8):
        factories.SachbearbeitungFactory(username=f"sb{i}")
    assert zaehlen() == wenige


def test_demo_benutzer_haben_telefon(db):
    demo_benutzer_anlegen()
    assert Benutzer.objects.get(username="sachbearbeitung").telefon == "02931 82-2417"
    assert Benutzer.objects.get(username="kommune").telefon == ""
