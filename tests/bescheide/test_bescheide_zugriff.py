"""Every URL of the bescheide app, listed from Django's resolver (a new URL cannot be forgotten): a user of another
Kommune gets 404 on every URL of a Bescheid or of the Prüfung of an Antrag, on GET and POST, whether the action
belongs to the Kommune or to the Bezirksregierung; only a user who may see the object but lacks the role gets 403
(DESIGN.md "Who uses it": a Kommune sees only its own data)."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, reverse

from antraege.models import Antrag, AntragStatus
from bescheide.models import Bescheid, BescheidArt, BescheidStatus
from kim_foerderung.zugang.rollen import Rolle

pytestmark = pytest.mark.django_db

# Route parameters that name a Kommune's object, and which object of the fixture fills them.
OBJEKT_PARAMETER = {"pk": "bescheid", "antrag_pk": "antrag"}
# URLs of the app without such an object, with the status a Kommune user gets on GET and POST (Landes pages:
# 403; 405 where the method is refused first – neither reveals anything of a Kommune).
OHNE_OBJEKT = {"bescheide_liste": (200, 200), "haushalt": (403, 403), "haushalt_jahr": (403, 405),
               "verteilung": (403, 405), "verteilung_uebernehmen": (405, 403),
               "haushaltsmittel_speichern": (405, 403), "cm_kontingent_speichern": (405, 403)}
POST_DATEN = {"bestaetigt": "ja", "notiz": "Bitte prüfen", "abgesandt_am": "01.12.2025", "ab_monat": "4",
              "beschreibung": "K3 beginnt erst im April", "art": "ablehnung", "vermerk": "x"}


def _muster(muster=None, praefix=""):
    for m in get_resolver().url_patterns if muster is None else muster:
        if isinstance(m, URLResolver):
            yield from _muster(m.url_patterns, praefix + str(m.pattern))
        else:
            yield praefix + str(m.pattern), m


def bescheide_urls():
    """(name, route, parameter names, view) of every URL whose view lives in the bescheide app."""
    return sorted(
        (m.name, route, tuple(m.pattern.converters), m.callback)
        for route, m in _muster() if m.callback.__module__.startswith("bescheide.")
    )


OBJEKT_URLS = [u for u in bescheide_urls() if u[0] not in OHNE_OBJEKT]


def test_jede_url_ist_eingeordnet():
    """A new URL either names its object through a known parameter (and resolves it first, bescheide.zugriff), or
    is listed in OHNE_OBJEKT with the status a Kommune gets."""
    namen = set()
    for name, route, parameter, view in bescheide_urls():
        namen.add(name)
        if name in OHNE_OBJEKT:
            continue
        assert len(parameter) == 1 and parameter[0] in OBJEKT_PARAMETER, (name, route, parameter)
        assert getattr(view, "objekt_parameter", None) == parameter[0], (
            f"{route}: die Ansicht muss ihr Objekt vor der Rolle laden (bescheide.zugriff)")
    assert set(OHNE_OBJEKT) <= namen
    assert len(OBJEKT_URLS) >= 14  # detail, PDF-Vorschau, 10 actions, Prüfung, Entwurf anlegen
    assert "bescheid_vorschau" in namen


@pytest.fixture
def objekte(unna, sachbearbeitung_user, zeichnung_user):
    """Kreis Unna: a bewilligtes Antrag 2026, its sent Zuwendungsbescheid and a draft Änderungsbescheid."""
    antrag = Antrag.objects.create(kommune=unna, foerderjahr=2026, status=AntragStatus.BEWILLIGT,
                                   beantragt=Decimal("100000.00"))
    versandt = Bescheid.objects.create(
        antrag=antrag, status=BescheidStatus.VERSANDT, nummer="KIM-2026-05978000-01",
        hoechstbetrag=Decimal("100000.00"), vorbereitet_von=sachbearbeitung_user, freigegeben_von=zeichnung_user,
        abgesandt_am=date(2025, 12, 1), bekanntgabe_am=date(2025, 12, 5), klagefrist_ende=date(2026, 1, 5),
        bestandskraeftig_ab=date(2026, 1, 6))
    entwurf = Bescheid.objects.create(antrag=antrag, art=BescheidArt.AENDERUNG, ersetzt=versandt, gilt_ab_monat=4,
                                      vorbereitet_von=sachbearbeitung_user)
    return {"antrag": antrag, "versandt": versandt, "entwurf": entwurf}


def _url(name, parameter, objekte, bescheid):
    ziel = objekte["antrag"] if OBJEKT_PARAMETER[parameter[0]] == "antrag" else bescheid
    return reverse(name, kwargs={parameter[0]: ziel.pk})


@pytest.mark.parametrize("name, route, parameter, view", OBJEKT_URLS, ids=[u[0] for u in OBJEKT_URLS])
def test_andere_kommune_bekommt_404_auf_jeder_objekt_url(client_als, kommune2_user, objekte, name, route,
                                                         parameter, view):
    client = client_als(kommune2_user)
    for zustand in ("versandt", "entwurf"):
        url = _url(name, parameter, objekte, objekte[zustand])
        assert client.get(url).status_code == 404, ("GET", url)
        assert client.post(url, POST_DATEN).status_code == 404, ("POST", url)
        assert client.post(url, POST_DATEN, HTTP_HX_REQUEST="true").status_code == 404, ("POST htmx", url)
    for b in Bescheid.objects.all():
        assert b.status == objekte["versandt" if b.pk == objekte["versandt"].pk else "entwurf"].status
    assert Bescheid.objects.count() == 2


@pytest.mark.parametrize("name, route, parameter, view", OBJEKT_URLS, ids=[u[0] for u in OBJEKT_URLS])
def test_wer_das_objekt_sieht_aber_die_rolle_nicht_hat_bekommt_403(client_als, kommune_user, finanzen_user,
                                                                   objekte, name, route, parameter, view):
    """The own Kommune sees its sent Bescheid and its Antrag: a Landes action answers 403 (not 404); Finanzen
    sees everything and holds none of these roles except the detail page."""
    url = _url(name, parameter, objekte, objekte["versandt"])
    if Rolle.KOMMUNE not in view.rollen:
        assert client_als(kommune_user).post(url, POST_DATEN).status_code == 403, url
    if Rolle.FINANZEN not in view.rollen:
        assert client_als(finanzen_user).post(url, POST_DATEN).status_code == 403, url
    # The own Kommune never sees a draft: 404, as for anyone outside the Bezirksregierung.
    if parameter[0] == "pk":
        url = _url(name, parameter, objekte, objekte["entwurf"])
        assert client_als(kommune_user).get(url).status_code == 404, url


@pytest.mark.parametrize("name", sorted(OHNE_OBJEKT))
def test_urls_ohne_objekt_fuer_kommune(client_als, kommune2_user, objekte, name):
    url = reverse(name, args=[2026] if name != "haushalt" and name != "bescheide_liste" else [])
    client = client_als(kommune2_user)
    for antwort, erwartet in zip((client.get(url), client.post(url, POST_DATEN)), OHNE_OBJEKT[name]):
        assert antwort.status_code == erwartet, url
        assert "KIM-2026-05978000-01" not in antwort.content.decode()


def test_anonym_wird_zur_anmeldung_geleitet(client, objekte):
    for name, route, parameter, view in OBJEKT_URLS:
        url = _url(name, parameter, objekte, objekte["versandt"])
        antwort = client.get(url)
        assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"], url


def test_post_nach_abgelaufener_anmeldung_fuehrt_nach_login_zur_seite_des_objekts(client, objekte):
    """A POST after the session expired is not carried out; login leads back to the Bescheid's (or the
    Prüfung's) page, never to the POST-only URL, which would answer 405 after login."""
    from urllib.parse import parse_qs, urlparse

    for name, route, parameter, view in OBJEKT_URLS:
        url = _url(name, parameter, objekte, objekte["entwurf"])
        antwort = client.post(url, POST_DATEN)
        assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"], url
        weiter = parse_qs(urlparse(antwort["Location"]).query)["next"][0]
        seite = (reverse("pruefung", args=[objekte["antrag"].pk]) if parameter[0] == "antrag_pk"
                 else reverse("bescheid_detail", args=[objekte["entwurf"].pk]))
        assert weiter == seite, (url, weiter)
    assert Bescheid.objects.get(pk=objekte["entwurf"].pk).status == BescheidStatus.ENTWURF
