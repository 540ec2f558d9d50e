"""Every URL of the verwendungsnachweis app, listed from Django's resolver (a new URL cannot be forgotten): a URL
naming a Kommune's object resolves it through kim_foerderung.zugang first (verwendungsnachweis.zugriff), so another
Kommune gets 404 on GET and POST; URLs without such an object are listed with what a Kommune gets."""
import pytest
from django.urls import reverse

from tests.bescheide.test_bescheide_zugriff import _muster

pytestmark = pytest.mark.django_db

# URL name -> the route parameters (the first names the Kommune's object, a Verwendungsnachweis).
OBJEKT_URLS = {"vn_detail": ("pk",), "vn_abschnitt": ("pk", "abschnitt"), "vn_rechnen": ("pk",),
               "vn_einreichen": ("pk",), "vn_beleg_hinzufuegen": ("pk",), "vn_beleg_entfernen": ("pk",),
               "vn_belege_importieren": ("pk",), "vn_belege_vorlage": ("pk",), "vn_nachfordern": ("pk",),
               "vn_pruefen": ("pk",), "vn_anhoerung": ("pk",), "vn_stellungnahme": ("pk",), "vn_erstattung": ("pk",),
               "vn_erstattung_zeichnen": ("pk",), "vn_rueckzahlung": ("pk",)}
# URLs without a Kommune's object: status for a Kommune user on GET and POST.
OHNE_OBJEKT = {"basiszinssaetze": (403, 403), "vn_liste": (200, 405)}


def vn_urls():
    return sorted((m.name, route, tuple(m.pattern.converters), m.callback)
                  for route, m in _muster() if m.callback.__module__.startswith("verwendungsnachweis."))


def test_jede_url_ist_eingeordnet():
    namen = {name for name, *_ in vn_urls()}
    assert namen == set(OBJEKT_URLS) | set(OHNE_OBJEKT), namen
    for name, route, parameter, view in vn_urls():
        if name in OBJEKT_URLS:
            assert parameter == OBJEKT_URLS[name], (name, parameter)
            assert getattr(view, "objekt_parameter", None) == "pk", (
                f"{route}: die Ansicht muss ihr Objekt vor der Rolle laden (verwendungsnachweis.zugriff)")


@pytest.mark.parametrize("name", sorted(OHNE_OBJEKT))
def test_urls_ohne_objekt_fuer_kommune(client_als, kommune2_user, name):
    client = client_als(kommune2_user)
    url = reverse(name)
    for antwort, erwartet in zip((client.get(url), client.post(url)), OHNE_OBJEKT[name]):
        assert antwort.status_code == erwartet, url


@pytest.fixture
def nachweis(bestandskraeftiger_bescheid, time_machine):
    from verwendungsnachweis import services
    from verwendungsnachweis.models import Verwendungsnachweis

    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    services.nachweise_eroeffnen()
    return Verwendungsnachweis.objects.get()


@pytest.mark.parametrize("name", sorted(OBJEKT_URLS))
def test_andere_kommune_bekommt_404_auf_jeder_url_des_nachweises(client_als, kommune2_user, nachweis, name):
    """DESIGN.md: eine andere Kommune bekommt 404 auf jede URL des Nachweises (GET und POST), nichts ändert sich."""
    args = [nachweis.pk, "sachbericht"][:len(OBJEKT_URLS[name])]
    url = reverse(name, args=args)
    client = client_als(kommune2_user)
    assert client.get(url).status_code == 404, url
    assert client.post(url, {"versicherung": "on", "sb-cm_faelle": "1"}).status_code == 404, url
    nachweis.refresh_from_db()
    assert nachweis.sachbericht == {} and nachweis.status == "entwurf"
    assert client.get(reverse("vn_detail", args=[999999])).status_code == 404


def test_liste_nur_eigene_und_konstante_abfragen(client_als, kommune2_user, kommune_user, nachweis,
                                                 django_assert_max_num_queries, sachbearbeitung_user):
    """DESIGN.md: die Liste zeigt einer Kommune nur ihre eigenen Nachweise; die Zahl der Abfragen hängt nicht von
    der Zahl der Zeilen ab (1 und 21 Nachweise)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories
    from verwendungsnachweis.models import Verwendungsnachweis

    assert "Verwendungsnachweis 2026" not in client_als(kommune2_user).get(reverse("vn_liste")).content.decode()
    assert "Verwendungsnachweis 2026" in client_als(kommune_user).get(reverse("vn_liste")).content.decode()
    client = client_als(sachbearbeitung_user)
    with CaptureQueriesContext(connection) as eine:
        client.get(reverse("vn_liste"))
    for _ in range(20):
        bescheid = factories.BescheidFactory(antrag=factories.AntragFactory(), hoechstbetrag="1000.00")
        Verwendungsnachweis.objects.create(antrag=bescheid.antrag, bescheid=bescheid, frist=nachweis.frist,
                                           eroeffnet_am=nachweis.eroeffnet_am)
    with CaptureQueriesContext(connection) as viele:
        antwort = client.get(reverse("vn_liste"))
    assert antwort.content.decode().count("Verwendungsnachweis 2026</a>") == 21
    assert len(viele) == len(eine)
