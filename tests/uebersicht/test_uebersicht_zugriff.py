"""Every URL of the Übersicht, listed from Django's resolver (a new URL cannot be forgotten): a URL naming a
Kommune's object (the Akte by AGS, an export, a Wiedervorlage) resolves it through kim_foerderung.zugang first,
so another Kommune gets 404 on GET and POST; URLs without an object are listed with what a Kommune gets."""
from datetime import date

import pytest
from django.urls import reverse

from kim_foerderung.arbeitsliste import services as arbeitsliste
from kim_foerderung.arbeitsliste.models import Aktenexport, Wiedervorlage
from tests.bescheide.test_bescheide_zugriff import _muster

pytestmark = pytest.mark.django_db

# URL name -> the object of the fixture that fills its parameter.
OBJEKT_URLS = {"akte": "ags", "akte_zip": "ags", "wiedervorlage_anlegen": "ags", "akte_export": "export",
               "akte_export_datei": "export", "wiedervorlage_erledigen": "wiedervorlage"}
# URLs without a Kommune's object: status for a Kommune user on GET and POST (scoped to her own data or 403).
OHNE_OBJEKT = {"programmuebersicht": (200, 405), "programm_csv": (200, 405), "programm_xlsx": (200, 405),
               "suche": (200, 405), "zeichnungsreihe": (403, 403)}


def uebersicht_urls():
    return sorted((m.name, route, tuple(m.pattern.converters), m.callback)
                  for route, m in _muster() if m.callback.__module__.startswith("uebersicht."))


def test_jede_url_ist_eingeordnet():
    namen = {name for name, *_ in uebersicht_urls()}
    assert namen == set(OBJEKT_URLS) | set(OHNE_OBJEKT), namen
    for name, route, parameter, view in uebersicht_urls():
        if name in OBJEKT_URLS:
            assert getattr(view, "objekt_parameter", None) in ("ags", "pk"), (
                f"{route}: die Ansicht muss ihr Objekt vor der Rolle laden (uebersicht.zugriff)")


@pytest.fixture
def objekte(unna, kommune_user, sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-03-02 10:00 +01:00", tick=False)
    export = arbeitsliste.export_beauftragen(benutzer=kommune_user, kommune=unna, foerderjahr=2026)
    wv = arbeitsliste.wiedervorlage_anlegen(benutzer=sachbearbeitung_user, kommune=unna, foerderjahr=2026,
                                            faellig_am=date(2026, 3, 2), notiz="Stellenbesetzung nachfragen")
    return {"ags": unna, "export": export, "wiedervorlage": wv}


def _url(name, objekte):
    art = OBJEKT_URLS[name]
    if art == "ags":
        return reverse(name, args=[objekte["ags"].ags, 2026])
    return reverse(name, args=[objekte[art].pk])


@pytest.mark.parametrize("name", sorted(OBJEKT_URLS))
def test_andere_kommune_bekommt_404_auf_jeder_objekt_url(client_als, kommune2_user, objekte, name):
    client = client_als(kommune2_user)
    url = _url(name, objekte)
    assert client.get(url).status_code == 404, ("GET", url)
    assert client.post(url, {"faellig_am": "2026-04-01", "notiz": "x"}).status_code == 404, ("POST", url)
    assert Aktenexport.objects.count() == 1 and Wiedervorlage.objects.filter(erledigt_am__isnull=True).count() == 1


def test_eigene_kommune_ohne_rolle_bekommt_403(client_als, kommune_user, objekte):
    client = client_als(kommune_user)
    assert client.post(_url("wiedervorlage_anlegen", objekte), {"faellig_am": "2026-04-01",
                                                                "notiz": "x"}).status_code == 403
    assert client.post(_url("wiedervorlage_erledigen", objekte)).status_code == 403
    assert client.get(_url("akte", objekte)).status_code == 200


def test_export_sieht_nur_wer_ihn_beauftragt_hat(client_als, sachbearbeitung_user, objekte):
    """Even the Bezirksregierung does not fetch another person's export (it may order its own)."""
    assert client_als(sachbearbeitung_user).get(_url("akte_export", objekte)).status_code == 404


@pytest.mark.parametrize("name", sorted(OHNE_OBJEKT))
def test_urls_ohne_objekt_fuer_kommune(client_als, kommune2_user, objekte, name):
    client = client_als(kommune2_user)
    url = reverse(name) + "?q=Unna&jahr=2026"
    for antwort, erwartet in zip((client.get(url), client.post(url)), OHNE_OBJEKT[name]):
        assert antwort.status_code == erwartet, url
        if antwort.status_code == 200 and antwort.get("Content-Type", "").startswith("text/"):
            assert "Kreis Unna" not in antwort.content.decode(), url


def test_anonym_wird_zur_anmeldung_geleitet(client, objekte):
    for name in list(OBJEKT_URLS) + list(OHNE_OBJEKT):
        url = _url(name, objekte) if name in OBJEKT_URLS else reverse(name)
        antwort = client.get(url)
        assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"], url
