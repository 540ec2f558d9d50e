"""Zugang: roles, scoping of Kommune-owned objects, start pages, login lockout, session timeout."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang import zugriff
from kim_foerderung.zugang.rollen import Rolle, rollen_von
from tests import factories

pytestmark = pytest.mark.django_db


def test_kommune_sieht_nur_eigene_kommune(kommune_user, unna, bielefeld):
    sichtbar = zugriff.sichtbar(kommune_user, Kommune)
    assert list(sichtbar) == [unna]
    assert zugriff.darf_sehen(kommune_user, unna)
    assert not zugriff.darf_sehen(kommune_user, bielefeld)


def test_bezirksregierung_sieht_alle_54_kommunen(sachbearbeitung_user, zeichnung_user, finanzen_user, admin_user):
    for user in (sachbearbeitung_user, zeichnung_user, finanzen_user, admin_user):
        assert zugriff.sichtbar(user, Kommune).count() == 54


def test_benutzer_ohne_rolle_sieht_nichts(db):
    niemand = factories.BenutzerFactory()
    assert rollen_von(niemand) == []
    assert zugriff.sichtbar(niemand, Kommune).count() == 0


def test_fremde_kommune_per_url_404(client_als, kommune_user, unna, bielefeld):
    client = client_als(kommune_user)
    assert client.get(reverse("kommune_detail", args=[unna.ags])).status_code == 200
    antwort = client.get(reverse("kommune_detail", args=[bielefeld.ags]))
    assert antwort.status_code == 404
    assert "Seite nicht gefunden" in antwort.content.decode()
    assert client.get(reverse("kommune_detail", args=["05999999"])).status_code == 404


def test_kommune_erreicht_keine_stammdatenliste_und_keine_verwaltung(client_als, kommune_user):
    client = client_als(kommune_user)
    antwort = client.get(reverse("kommunen_liste"))
    assert antwort.status_code == 403
    assert "Kein Zugriff" in antwort.content.decode()
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]
    assert client.get("/admin/stammdaten/kommune/").status_code == 302
    for fremde_startseite in ("start_sachbearbeitung", "start_zeichnung", "start_finanzen", "start_admin"):
        assert client.get(reverse(fremde_startseite)).status_code == 403


@pytest.mark.parametrize(
    "fixture, ziel",
    [
        ("kommune_user", "start_kommune"),
        ("sachbearbeitung_user", "start_sachbearbeitung"),
        ("zeichnung_user", "start_zeichnung"),
        ("finanzen_user", "start_finanzen"),
        ("admin_user", "start_admin"),
    ],
)
def test_jede_rolle_landet_auf_ihrer_startseite(request, client_als, fixture, ziel):
    user = request.getfixturevalue(fixture)
    client = client_als(user)
    antwort = client.get(reverse("start"))
    assert antwort.status_code == 302 and antwort["Location"] == reverse(ziel)
    seite = client.get(reverse(ziel))
    assert seite.status_code == 200
    assert user.anzeigename in seite.content.decode()


def test_startseite_kommune_zeigt_antragsfrist_und_tage(client_als, kommune_user, time_machine):
    time_machine.move_to("2026-10-20 10:00 +01:00")
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    # Nr. 7.1.2: Förderjahr 2027 bis 31.10.2026, ein Samstag → Montag 02.11.2026 (§ 31 Abs. 3 VwVfG NRW).
    assert "02.11.2026" in seite
    assert "noch 13 Tage" in seite
    assert "Kreis Unna" in seite


def test_anonym_wird_zur_anmeldung_geleitet(client, unna):
    antwort = client.get(reverse("kommune_detail", args=[unna.ags]))
    assert antwort.status_code == 302 and antwort["Location"].startswith(reverse("login"))
    assert client.get(reverse("start")).status_code == 302


def test_kommune_benutzer_darf_keine_landesrolle_haben(unna):
    benutzer = factories.BenutzerFactory.build(username="gemischt", kommune=unna, ist_sachbearbeitung=True)
    with pytest.raises(ValidationError, match="keine Rolle der Bezirksregierung"):
        benutzer.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        benutzer.save()


def test_aktionen_nach_rolle(kommune_user, sachbearbeitung_user, zeichnung_user, unna, bielefeld):
    assert zugriff.darf(kommune_user, "antrag.bearbeiten", unna)
    assert not zugriff.darf(kommune_user, "antrag.bearbeiten", bielefeld)
    assert not zugriff.darf(kommune_user, "stammdaten.ansehen")
    assert zugriff.darf(sachbearbeitung_user, "antrag.pruefen", bielefeld)
    assert not zugriff.darf(sachbearbeitung_user, "bescheid.zeichnen")
    assert zugriff.darf(zeichnung_user, "bescheid.zeichnen")
    with pytest.raises(zugriff.Zugriffsverweigert):
        zugriff.pruefe(kommune_user, "bescheid.zeichnen")


def test_vier_augen_nach_person_nicht_nach_rolle(db):
    beide = factories.BenutzerFactory(ist_sachbearbeitung=True, ist_zeichnung=True)
    andere = factories.ZeichnungFactory()
    assert set(rollen_von(beide)) == {Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG}
    with pytest.raises(zugriff.Zugriffsverweigert, match="Vier-Augen-Prinzip"):
        zugriff.vier_augen(beide, beide)
    zugriff.vier_augen(beide, andere)  # a different person may release


def test_anmeldeseite_deutsch(client):
    seite = client.get(reverse("login")).content.decode()
    assert 'lang="de"' in seite
    assert "Benutzername" in seite and "Passwort" in seite and "Anmelden" in seite


def test_falsches_passwort_deutscher_hinweis_und_eingabe_bleibt(client, kommune_user):
    antwort = client.post(reverse("login"), {"username": "kommune", "password": "falsch"})
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Benutzername oder Passwort ist falsch" in seite
    assert 'value="kommune"' in seite


def test_login_sperre_nach_fuenf_fehlversuchen(client, kommune_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "kommune", "password": "falsch"})
    gesperrt = client.post(reverse("login"), {"username": "kommune", "password": "kim-demo-passwort"})
    assert gesperrt.status_code == 429
    assert "vorübergehend gesperrt" in gesperrt.content.decode()
    assert "_auth_user_id" not in client.session


def test_richtiges_passwort_meldet_an(client, kommune_user):
    antwort = client.post(reverse("login"), {"username": "kommune", "password": "kim-demo-passwort"})
    assert antwort.status_code == 302 and antwort["Location"] == reverse("start")
    assert client.session["_auth_user_id"] == str(kommune_user.pk)


def test_sitzung_laeuft_nach_30_minuten_ab(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_abmelden(client_als, kommune_user):
    client = client_als(kommune_user)
    antwort = client.post(reverse("logout"))
    assert antwort.status_code == 302
    assert "_auth_user_id" not in client.session


def test_passwortregeln_deutsch(db):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError) as fehler:
        validate_password("12345678")
    text = " ".join(fehler.value.messages)
    assert "Passwort" in text


def test_demo_benutzer_nur_im_entwicklungsmodus(settings, db):
    from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus, demo_benutzer_anlegen

    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(DemoNurImEntwicklungsmodus, match="DJANGO_DEBUG=1"):
        demo_benutzer_anlegen()


def test_demo_benutzer_anlegen_idempotent(db):
    from kim_foerderung.zugang.models import Benutzer
    from kim_foerderung.zugang.services import demo_benutzer_anlegen

    demo_benutzer_anlegen()
    demo_benutzer_anlegen()
    assert Benutzer.objects.count() == 8
    assert Benutzer.objects.get(username="kommune").kommune.name == "Kreis Unna"
    assert Benutzer.objects.get(username="kommune2").kommune.ags == "05711000"
    assert Benutzer.objects.get(username="admin").check_password("kim-demo")
