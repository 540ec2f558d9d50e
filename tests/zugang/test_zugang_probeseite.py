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


def test_navigation_aus_dem_cache_je_rolle_und_seite(client_als, kommune_user, kommune2_user,
                                                     sachbearbeitung_user):
    """The navigation fragment is cached (issue 13) per roles, own Kommune and page: nobody gets another role's
    links, another Kommune's link or another page's aria-current."""
    for _ in range(2):  # the second round comes from the cache
        ko = client_als(kommune_user).get(reverse("probeseite")).content.decode()
        ko2 = client_als(kommune2_user).get(reverse("probeseite")).content.decode()
        sb = client_als(sachbearbeitung_user).get(reverse("probeseite")).content.decode()
        sb_liste = client_als(sachbearbeitung_user).get(reverse("kommunen_liste")).content.decode()
        assert "Fristausnahmen" not in ko and "Fristausnahmen" in sb
        assert f"/stammdaten/kommunen/{kommune_user.kommune.ags}/" in ko
        assert f"/stammdaten/kommunen/{kommune2_user.kommune.ags}/" in ko2
        assert f"/stammdaten/kommunen/{kommune_user.kommune.ags}/" not in ko2
        assert 'aria-current="page"' not in sb
        assert '<a class="nav-link" href="/stammdaten/kommunen/" aria-current="page">' in sb_liste
