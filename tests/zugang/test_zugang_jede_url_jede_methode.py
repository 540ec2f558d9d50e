"""Object before method and role (issue 14 item 12, zugang.zugriff.objekt_vor_rolle): every URL of the project that
names an object of a Kommune answers 404 to a user of another Kommune – on GET, HEAD, POST, PUT, PATCH and DELETE,
with or without htmx – so neither a 405 nor a 403 tells that the object exists. The URLs come from Django's
resolver: a new URL with an object parameter that is not listed here fails the test."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, reverse

from antraege import services as antrag_services
from antraege.models import Weiterleitung
from bescheide.models import Bescheid, BescheidStatus
from kim_foerderung.protokoll.models import Benachrichtigung
from tests import factories

pytestmark = pytest.mark.django_db

METHODEN = ("get", "head", "post", "put", "patch", "delete")
# (app module prefix, URL parameter) → which object of Kreis Unna fills it.
OBJEKT = {
    ("antraege.", "pk"): "antrag", ("antraege.", "wid"): "weiterleitung",
    ("bescheide.", "pk"): "bescheid", ("bescheide.", "antrag_pk"): "antrag",
    ("kim_foerderung.dokumente.", "pk"): "dokument",
    ("kim_foerderung.protokoll.", "pk"): "benachrichtigung",
    ("auszahlung.", "antrag_pk"): "antrag", ("auszahlung.", "pk"): "tranche",
    ("verwendungsnachweis.", "pk"): "nachweis",
}
# Objects of the Bezirksregierung itself (an Akte export, a Wiedervorlage): a Kommune gets 403 or 404, never 405.
LANDESOBJEKT = {("uebersicht.", "pk"), ("auszahlung.", "lauf_pk"), ("auszahlung.", "auszug_pk"),
                ("auszahlung.", "buchung_pk")}
# Parameters that only complete an object URL (a section or upload slot of the Antrag).
ZUSATZ = {"abschnitt": "stellen", "feld": "kim_konzept"}
# Parameters that name no Kommune's object (a year, the public master data of a Kommune).
KEIN_OBJEKT = {"jahr", "ags"}


def _muster(muster=None, praefix=""):
    for m in get_resolver().url_patterns if muster is None else muster:
        if isinstance(m, URLResolver):
            yield from _muster(m.url_patterns, praefix + str(m.pattern))
        else:
            yield praefix + str(m.pattern), m


def objekt_urls():
    urls = []
    for route, m in _muster():
        modul = m.callback.__module__
        parameter = set(m.pattern.converters) if hasattr(m.pattern, "converters") else set()
        if not parameter or parameter <= KEIN_OBJEKT or modul.startswith("django."):
            continue
        urls.append((m.name, modul, tuple(sorted(parameter))))
    return sorted(urls)


def test_jede_objekt_url_ist_eingeordnet():
    for name, modul, parameter in objekt_urls():
        for p in parameter:
            bekannt = p in ZUSATZ or any(modul.startswith(a) and p == q for a, q in {*OBJEKT, *LANDESOBJEKT})
            assert bekannt, f"{name} ({modul}): Parameter {p} ist nicht eingeordnet"
    namen = {u[0] for u in objekt_urls()}
    assert {"antrag_einreichen", "antrag_weiterleitung_entfernen", "dokument_herunterladen",
            "bescheid_freigeben", "pruefung"} <= namen


@pytest.fixture
def objekte(unna, kommune_user, sachbearbeitung_user, zeichnung_user, time_machine):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    antrag = antrag_services.antrag_anlegen(kommune_user, 2026, zeilen=[
        antrag_services.StellenZeile("", "case_management", Decimal("1.0"), 1, 12, True)])
    dokument = antrag_services.konzept_hochladen(antrag, kommune_user, "kim_konzept", factories.pdf_upload())
    gemeinde = factories.KreisangehoerigeKommuneFactory(kreis=unna)
    weiterleitung = Weiterleitung.objects.create(antrag=antrag, zweck="case_management", kreisangehoerige=gemeinde,
                                                 betrag=Decimal("1000.00"), stellen="CM1")
    bescheid = Bescheid.objects.create(
        antrag=antrag, status=BescheidStatus.VERSANDT, nummer="KIM-2026-05978000-01",
        hoechstbetrag=Decimal("100000.00"), vorbereitet_von=sachbearbeitung_user, freigegeben_von=zeichnung_user,
        abgesandt_am=date(2025, 12, 1), bekanntgabe_am=date(2025, 12, 5), klagefrist_ende=date(2026, 1, 5))
    benachrichtigung = Benachrichtigung.objects.create(empfaenger=kommune_user, text="Hinweis", link="/start/",
                                                       erstellt_am=bescheid.abgesandt_am and antrag.angelegt_am)
    from auszahlung.models import Tranche
    from verwendungsnachweis.models import Verwendungsnachweis

    tranche = Tranche.objects.create(antrag=antrag, bescheid=bescheid, nummer=1, termin=date(2026, 5, 1),
                                     zahltag=date(2026, 4, 30), betrag=Decimal("50000.00"), status="angewiesen",
                                     ende_zu_ende_id="KIM2026-05978000-1-R1", aktualisiert_am=antrag.angelegt_am)
    nachweis = Verwendungsnachweis.objects.create(antrag=antrag, bescheid=bescheid, frist=date(2027, 3, 31),
                                                  eroeffnet_am=antrag.angelegt_am)
    return {"antrag": antrag, "weiterleitung": weiterleitung, "bescheid": bescheid, "dokument": dokument,
            "benachrichtigung": benachrichtigung, "tranche": tranche, "nachweis": nachweis}


@pytest.mark.parametrize("name, modul, parameter", objekt_urls(), ids=[u[0] for u in objekt_urls()])
def test_andere_kommune_bekommt_404_mit_jeder_methode(client_als, kommune2_user, objekte, name, modul, parameter):
    kwargs = {}
    landesobjekt = any(modul.startswith(a) and q in parameter for a, q in LANDESOBJEKT)
    for p in parameter:
        if landesobjekt:
            kwargs[p] = 999999
        elif p in ZUSATZ:
            kwargs[p] = ZUSATZ[p]
        else:
            schluessel = next(v for (a, q), v in OBJEKT.items() if modul.startswith(a) and q == p)
            kwargs[p] = objekte[schluessel].pk
    url = reverse(name, kwargs=kwargs)
    client = client_als(kommune2_user)
    for methode in METHODEN:
        for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
            antwort = getattr(client, methode)(url, **htmx)
            erwartet = (403, 404) if landesobjekt else (404,)
            assert antwort.status_code in erwartet, (methode.upper(), url, htmx, antwort.status_code)
    assert Weiterleitung.objects.filter(pk=objekte["weiterleitung"].pk).exists()
    assert Benachrichtigung.objects.get(pk=objekte["benachrichtigung"].pk).gelesen_am is None


def test_fremde_weiterleitung_im_eigenen_antrag_ist_404(client_als, kommune_user, kommune2_user, objekte,
                                                       bielefeld):
    """Removing a Weiterleitung that belongs to another Antrag through one's own Antrag's URL: 404, not a message."""
    fremder = antrag_services.antrag_anlegen(kommune2_user, 2026)
    antwort = client_als(kommune2_user).post(
        reverse("antrag_weiterleitung_entfernen", args=[fremder.pk, objekte["weiterleitung"].pk]))
    assert antwort.status_code == 404
    assert Weiterleitung.objects.filter(pk=objekte["weiterleitung"].pk).exists()
