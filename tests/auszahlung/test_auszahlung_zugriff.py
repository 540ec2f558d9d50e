"""Every URL of the auszahlung app, listed from Django's resolver (a new URL cannot be forgotten): another Kommune
gets 404 on every URL of an object (Antrag, Tranche, Zahlungslauf, Kontoauszug, Buchung – by guessed id too), on
GET and POST; the own Kommune gets 403 on Finanzen actions; Finanzen pages without object answer 403 to a Kommune."""
from datetime import date

import pytest
from django.urls import reverse

from auszahlung import services
from auszahlung.camt import camt054_beispiel
from auszahlung.models import Buchung, Kontoauszug, Tranche, Zahlungslauf
from tests.bescheide.test_bescheide_zugriff import _muster
from tests.auszahlung.test_auszahlung_ablauf import uhr

pytestmark = pytest.mark.django_db

OBJEKT_PARAMETER = {"antrag_pk": "antrag", "pk": "tranche", "lauf_pk": "lauf", "auszug_pk": "auszug",
                    "buchung_pk": "buchung"}
# Without object: status for a Kommune user on GET and POST.
OHNE_OBJEKT = {"auszahlung_uebersicht": (403, 403), "auszahlung_csv": (403, 403), "zahlungslauf_liste": (403, 403),
               "zahlungslauf_vorbereiten": (403, 403), "buchungen": (403, 403)}
POST_DATEN = {"erklaerung": "on", "notiz": "x", "grund": "x", "am": "30.04.2026"}


def auszahlung_urls():
    return sorted((m.name, route, tuple(m.pattern.converters), m.callback)
                  for route, m in _muster() if m.callback.__module__.startswith("auszahlung."))


OBJEKT_URLS = [u for u in auszahlung_urls() if u[0] not in OHNE_OBJEKT]


def test_jede_url_ist_eingeordnet():
    """A new URL of the auszahlung app names its object through a known parameter and resolves it before the role
    (auszahlung.zugriff), or is listed in OHNE_OBJEKT with what a Kommune gets."""
    namen = set()
    for name, route, parameter, view in auszahlung_urls():
        namen.add(name)
        if name in OHNE_OBJEKT:
            continue
        assert len(parameter) == 1 and parameter[0] in OBJEKT_PARAMETER, (name, route, parameter)
        assert getattr(view, "objekt_parameter", None) == parameter[0], route
    assert set(OHNE_OBJEKT) <= namen
    assert len(OBJEKT_URLS) >= 10


@pytest.fixture
def objekte(angefordert, finanzen_user, finanzen2_user, time_machine):
    uhr(time_machine, date(2026, 4, 24))
    lauf = services.zahlungslauf_vorbereiten()
    services.feststellen(lauf=lauf, benutzer=finanzen_user)
    services.anordnen(lauf=lauf, benutzer=finanzen2_user)
    t1 = Tranche.objects.get(antrag=angefordert.antrag, nummer=1)
    offen = services.zahlungslauf_vorbereiten(benutzer=finanzen_user, von_hand=True)  # the October Tranche
    auszug, _ = services.kontoauszug_einlesen(inhalt=camt054_beispiel(msg_id="N1", buchungen=[
        ("FREMD", t1.betrag, date(2026, 4, 30), "x")]), dateiname="n.xml", benutzer=finanzen_user)
    return {"antrag": angefordert.antrag, "tranche": t1, "lauf": offen or lauf, "auszug": auszug,
            "buchung": auszug.buchungen.get()}


def _url(name, parameter, objekte):
    return reverse(name, kwargs={parameter[0]: objekte[OBJEKT_PARAMETER[parameter[0]]].pk})


@pytest.mark.parametrize("name, route, parameter, view", OBJEKT_URLS, ids=[u[0] for u in OBJEKT_URLS])
def test_andere_kommune_bekommt_404_auf_jeder_objekt_url(client_als, kommune2_user, objekte, name, route,
                                                         parameter, view):
    client = client_als(kommune2_user)
    vorher = (Zahlungslauf.objects.filter(status="angeordnet").count(), Buchung.objects.filter(
        status="erledigt").count())
    url = _url(name, parameter, objekte)
    assert client.get(url).status_code == 404, ("GET", url)
    assert client.post(url, POST_DATEN).status_code == 404, ("POST", url)
    geraten = reverse(name, kwargs={parameter[0]: 999999})
    assert client.get(geraten).status_code == 404
    assert (Zahlungslauf.objects.filter(status="angeordnet").count(),
            Buchung.objects.filter(status="erledigt").count()) == vorher
    assert not objekte["antrag"].mittelanforderung.antrag.kommune_id == kommune2_user.kommune_id


@pytest.mark.parametrize("name, route, parameter, view", OBJEKT_URLS, ids=[u[0] for u in OBJEKT_URLS])
def test_eigene_kommune_sieht_nur_ihre_seite_finanzen_aktionen_403_oder_404(client_als, kommune_user,
                                                                           sachbearbeitung_user, objekte, name,
                                                                           route, parameter, view):
    """The own Kommune: its Auszahlung page 200; a Finanzen action on its Tranche 403; runs and bank entries
    (which list every Kommune) 404. Sachbearbeitung sees but may not act: 403 on every Finanzen action."""
    from kim_foerderung.zugang.rollen import Rolle

    url = _url(name, parameter, objekte)
    antwort = client_als(kommune_user).post(url, POST_DATEN)
    if parameter[0] in ("lauf_pk", "auszug_pk", "buchung_pk"):
        assert antwort.status_code == 404, url
    elif Rolle.KOMMUNE not in view.rollen:
        assert antwort.status_code == 403, url
    if Rolle.SACHBEARBEITUNG not in view.rollen:
        assert client_als(sachbearbeitung_user).post(url, POST_DATEN).status_code == 403, url


@pytest.mark.parametrize("name", sorted(OHNE_OBJEKT))
def test_urls_ohne_objekt_fuer_kommune(client_als, kommune2_user, name):
    client = client_als(kommune2_user)
    url = reverse(name)
    assert (client.get(url).status_code, client.post(url, POST_DATEN).status_code) == OHNE_OBJEKT[name]
    assert not Zahlungslauf.objects.exists() and not Kontoauszug.objects.exists()
