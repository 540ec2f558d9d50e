"""Browser: every demo user logs in through the German form, lands on their start page, axe finds no
serious or critical violation; a Kommune user gets 404 for another Kommune and cannot use the admin."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STARTSEITEN = {
    "kommune": ("/start/kommune/", "Übersicht: Kreis Unna"),
    "kommune2": ("/start/kommune/", "Übersicht: Stadt Bielefeld"),
    "sachbearbeitung": ("/start/sachbearbeitung/", "Sachbearbeitung – Übersicht"),
    "sachbearbeitung2": ("/start/sachbearbeitung/", "Sachbearbeitung – Übersicht"),
    "zeichnung": ("/start/zeichnung/", "Zeichnung – Übersicht"),
    "finanzen": ("/start/finanzen/", "Finanzen – Übersicht"),
    "finanzen2": ("/start/finanzen/", "Finanzen – Übersicht"),
    "admin": ("/start/admin/", "Verwaltung – Übersicht"),
}


def test_anmeldeseite_deutsch_und_barrierefrei(page, live_server, axe_pruefen, demo_benutzer):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "de"
    axe_pruefen(page)
    # A wrong password: German error summary, the user name stays, still accessible.
    page.get_by_label("Benutzername").fill("kommune")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Benutzername oder Passwort ist falsch")
    expect(page.get_by_label("Benutzername")).to_have_value("kommune")
    axe_pruefen(page)


def test_jeder_demo_benutzer_landet_auf_seiner_startseite(page, live_server, anmelden, axe_pruefen, demo_benutzer):
    for username, (pfad, ueberschrift) in STARTSEITEN.items():
        anmelden(username)
        expect(page).to_have_url(live_server.url + pfad)
        expect(page.get_by_role("heading", level=1)).to_have_text(ueberschrift)
        # Who is logged in stands in the header (the start pages lost their "Ihr Zugang" box, issue 14 Nr. 10).
        expect(page.locator("header")).to_contain_text(f"Angemeldet: {demo_benutzer[username].anzeigename}")
        axe_pruefen(page)
        page.get_by_role("button", name="Abmelden").click()
        expect(page).to_have_url(re.compile(r"/anmelden/"))


def test_kommune_sieht_fremde_kommune_nicht_und_keine_verwaltung(page, live_server, anmelden, axe_pruefen,
                                                                  demo_benutzer, konsole):
    anmelden("kommune")
    eigene = page.goto(f"{live_server.url}/stammdaten/kommunen/05978000/")
    assert eigene.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Kreis Unna")
    axe_pruefen(page)
    with konsole.erwartet():
        fremde = page.goto(f"{live_server.url}/stammdaten/kommunen/05711000/")
    assert fremde.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    axe_pruefen(page)
    with konsole.erwartet():
        liste = page.goto(f"{live_server.url}/stammdaten/kommunen/")
    assert liste.status == 403
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    expect(page.get_by_text("Kommunen", exact=True)).to_have_count(0)


def test_sachbearbeitung_sieht_kommunenliste(page, live_server, anmelden, axe_pruefen, demo_benutzer):
    anmelden("sachbearbeitung")
    page.get_by_role("link", name="Kommunen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsempfänger (Nr. 3.1)")
    expect(page.get_by_text("54 Kommunen")).to_be_visible()
    axe_pruefen(page)
    page.get_by_label("Name oder AGS").fill("Bielefeld")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="Stadt Bielefeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stadt Bielefeld")
    axe_pruefen(page)
