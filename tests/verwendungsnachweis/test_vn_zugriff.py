"""Every URL of the verwendungsnachweis app, listed from Django's resolver (a new URL cannot be forgotten): a URL
naming a Kommune's object resolves it through kim_foerderung.zugang first (verwendungsnachweis.zugriff), so another
Kommune gets 404 on GET and POST; URLs without such an object are listed with what a Kommune gets."""
import pytest
from django.urls import reverse

from tests.bescheide.test_bescheide_zugriff import _muster

pytestmark = pytest.mark.django_db

# URL name -> the route parameter that names the Kommune's object.
OBJEKT_URLS = {}
# URLs without a Kommune's object: status for a Kommune user on GET and POST.
OHNE_OBJEKT = {"basiszinssaetze": (403, 403)}


def vn_urls():
    return sorted((m.name, route, tuple(m.pattern.converters), m.callback)
                  for route, m in _muster() if m.callback.__module__.startswith("verwendungsnachweis."))


def test_jede_url_ist_eingeordnet():
    namen = {name for name, *_ in vn_urls()}
    assert namen == set(OBJEKT_URLS) | set(OHNE_OBJEKT), namen
    for name, route, parameter, view in vn_urls():
        if name in OBJEKT_URLS:
            assert parameter == (OBJEKT_URLS[name],), (name, parameter)
            assert getattr(view, "objekt_parameter", None) == OBJEKT_URLS[name], (
                f"{route}: die Ansicht muss ihr Objekt vor der Rolle laden (verwendungsnachweis.zugriff)")


@pytest.mark.parametrize("name", sorted(OHNE_OBJEKT))
def test_urls_ohne_objekt_fuer_kommune(client_als, kommune2_user, name):
    client = client_als(kommune2_user)
    url = reverse(name)
    for antwort, erwartet in zip((client.get(url), client.post(url)), OHNE_OBJEKT[name]):
        assert antwort.status_code == erwartet, url
