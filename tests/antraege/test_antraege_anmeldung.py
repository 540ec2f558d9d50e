"""Session expired before a plain POST (no htmx): the step is not carried out, and logging in again leads to the
Antrag's page, never to the POST-only URL (which would answer the GET after login with 405)."""
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import AntragStatus

pytestmark = pytest.mark.django_db


def weiter_nach(antwort):
    assert antwort.status_code == 302
    teile = urlsplit(antwort["Location"])
    assert teile.path == reverse("login")
    return parse_qs(teile.query)["next"][0]


def anmelden(client, user, weiter):
    """Log in through the real login form (axes needs the request), as after an expired session."""
    return client.post(reverse("login"), {"username": user.username, "password": "kim-demo-passwort",
                                          "next": weiter}, follow=True)


@pytest.mark.parametrize("url_name, daten", [
    ("antrag_einreichen", {}),
    ("antrag_zurueckziehen", {"grund": "x"}),
    ("antrag_antwort", {"antwort": "Die Qualifikation ist nachgereicht."}),
    ("antrag_abschnitt", {"antragsteller-ansprechperson": "Neu"}),
    ("antrag_hochladen", {}),
    ("antrag_weiterleitung", {}),
])
def test_post_ohne_anmeldung_fuehrt_nach_login_zum_antrag(client, antrag_2026, kommune_user, url_name, daten):
    args = {"antrag_abschnitt": [antrag_2026.pk, "antragsteller"],
            "antrag_hochladen": [antrag_2026.pk, "kim_konzept"]}.get(url_name, [antrag_2026.pk])
    antwort = client.post(reverse(url_name, args=args), daten)
    detail = reverse("antrag_detail", args=[antrag_2026.pk])
    assert weiter_nach(antwort) == detail
    antrag_2026.refresh_from_db()
    assert antrag_2026.status == AntragStatus.ENTWURF and antrag_2026.ansprechperson != "Neu"  # nothing done
    seite = anmelden(client, kommune_user, detail)
    assert seite.redirect_chain[-1][0] == detail and seite.status_code == 200
    html = seite.content.decode()
    assert "Antrag 2026 – Kreis Unna" in html


def test_entfernen_einer_weiterleitung_nach_ablauf(client, antrag_2026, kommune_user):
    url = reverse("antrag_weiterleitung_entfernen", args=[antrag_2026.pk, 7])
    assert weiter_nach(client.post(url)) == reverse("antrag_detail", args=[antrag_2026.pk])


def test_login_seite_sagt_dass_der_schritt_nicht_ausgefuehrt_wurde(client, antrag_2026):
    antwort = client.post(reverse("antrag_einreichen", args=[antrag_2026.pk]), follow=True)
    assert "Ihre Anmeldung war abgelaufen; der letzte Schritt wurde nicht ausgeführt." in antwort.content.decode()


def test_nachforderung_der_sachbearbeitung_nach_ablauf(client, einreichbarer_antrag, kommune_user,
                                                      sachbearbeitung_user):
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    detail = reverse("antrag_detail", args=[antrag.pk])
    for url_name in ("antrag_nachforderung", "antrag_pruefung_beginnen"):
        assert weiter_nach(client.post(reverse(url_name, args=[antrag.pk]), {"fragen": "?"})) == detail
    seite = anmelden(client, sachbearbeitung_user, detail)
    assert seite.status_code == 200 and seite.redirect_chain[-1][0] == detail


def test_post_ohne_antrag_fuehrt_zur_seite_des_formulars(client, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    assert weiter_nach(client.post(reverse("antrag_neu"), {"foerderjahr": "2027"})) == reverse("antraege_liste")
    assert weiter_nach(client.post(reverse("foerderrechner_uebernehmen"), {})) == reverse("foerderrechner")
    seite = anmelden(client, kommune_user, reverse("foerderrechner"))
    assert seite.status_code == 200 and "Förderrechner" in seite.content.decode()


def test_get_fuehrt_weiter_zu_sich_selbst_und_htmx_bekommt_hx_redirect(client, antrag_2026):
    detail = reverse("antrag_detail", args=[antrag_2026.pk])
    assert weiter_nach(client.get(detail + "?x=1")) == detail + "?x=1"
    antwort = client.post(reverse("antrag_abschnitt", args=[antrag_2026.pk, "antragsteller"]), {},
                          HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=detail)
    assert antwort.status_code == 401 and antwort["HX-Redirect"] == f"{reverse('login')}?next={detail}"
