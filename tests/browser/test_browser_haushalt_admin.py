"""Browser (issue 14 item 10): the Admin enters the Haushaltsmittel and a CM-Kontingent of a year on the Haushalt
page – not in /admin/ – and the chart shows the new amount; a wrong amount is answered in German, input kept."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_pflegt_haushalt_in_der_app(page, live_server, anmelden, axe_pruefen, demo_benutzer, konsole):
    anmelden("admin")
    page.goto(live_server.url + "/haushalt/2027/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Haushaltsmittel 2027")
    expect(page.get_by_role("status").filter(has_text="noch keine Haushaltsmittel erfasst")).to_be_visible()
    axe_pruefen(page)

    feld = page.get_by_label("verfügbare Haushaltsmittel (€)")
    feld.fill("-20.000")
    with konsole.erwartet():  # the refused post answers 400 with the page and its German error
        page.get_by_role("button", name="Haushaltsmittel speichern").click()
        expect(page.locator("#mittel-fehler")).to_contain_text("Der Betrag darf nicht negativ sein.")
    expect(page.get_by_label("verfügbare Haushaltsmittel (€)")).to_have_value("-20.000")
    axe_pruefen(page)

    page.get_by_label("verfügbare Haushaltsmittel (€)").fill("20.000.000,00")
    page.get_by_role("button", name="Haushaltsmittel speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Die Haushaltsmittel 2027 sind gespeichert")
    expect(page.locator("figure svg title")).to_contain_text("Haushaltsmittel: 20.000.000,00")

    page.get_by_label("Kommune", exact=True).select_option(label="Kreis Unna")
    page.get_by_label("Kontingent (VZÄ)").fill("2,5")
    page.get_by_role("button", name="Kontingent speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("auf 2,5 VZÄ festgelegt")
    expect(page.locator("section[aria-labelledby=kontingente-titel] table")).to_contain_text("Kreis Unna")
    axe_pruefen(page)
