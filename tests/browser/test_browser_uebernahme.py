"""Browser (issue 14 item 9): Kreis Unna starts its Antrag 2027 from the Antrag 2026 – the Stellen (same months, now
in 2027), Begleitmaßnahmen, Weiterleitungen and Lenkungsgruppe are there to review; the uploads are listed as
"bitte aktuelle Fassung hochladen" until the current Fassung is uploaded."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.test_browser_breite import AUSSERHALB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def antrag_2026(demo_benutzer, time_machine, settings):
    from antraege import services
    from kim_foerderung.stammdaten.models import Kommune

    settings.CSRF_COOKIE_AGE = None  # the browser's clock is not moved
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    user = demo_benutzer["kommune"]
    unna = Kommune.objects.get(ags="05978000")
    antrag = factories.vollstaendig_machen(services.antrag_anlegen(user, 2026, zeilen=factories.stellen_2026()), user)
    traeger = factories.TraegerFactory(kommune=unna, name="Caritasverband Unna e. V.")
    services.weiterleitung_speichern(antrag, user, zweck="case_management", betrag=Decimal("57000.00"),
                                     stellen="CM1", traeger=traeger,
                                     vertrag_datei=factories.pdf_upload("vertrag-caritas-2026.pdf"))
    antrag = services.einreichen(antrag, user, versicherung=True)
    time_machine.move_to("2026-09-15 09:00 +02:00", tick=True)  # the Antragsfrist 2027 (31.10.2026) runs
    return antrag


def test_neuer_antrag_aus_dem_vorjahr(page, live_server, anmelden, axe_pruefen, antrag_2026, tmp_path, konsole):
    pdf = tmp_path / "kim-konzept-2027.pdf"
    pdf.write_bytes(factories.pdf_bytes())
    anmelden("kommune")
    page.goto(live_server.url + "/antraege/")
    page.get_by_label("Förderjahr").select_option("2027")
    expect(page.get_by_label("Angaben übernehmen aus")).to_have_value(str(antrag_2026.pk))
    axe_pruefen(page)
    page.get_by_role("button", name="Antrag anlegen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag 2027 – Kreis Unna")
    expect(page.locator(".kim-meldungen")).to_contain_text("mit den Angaben aus dem Antrag 2026")
    box = page.locator("#uebernahme")
    expect(box).to_contain_text("Aus dem Antrag 2026 übernommen – bitte prüfen")
    hochladen = page.locator("#uebernahme-hochladen li")
    expect(hochladen).to_have_count(3)  # KIM-Konzept, CM-Konzept, Vertrag mit dem Träger
    expect(hochladen.nth(2)).to_contain_text("vertrag-caritas-2026.pdf")
    # The seven Stellen with their months: CM2 still April to December (now 2027), and the same total.
    expect(page.locator("#abschnitt-stellen fieldset.kim-stellenzeile")).to_have_count(7)
    expect(page.locator("#id_stellen-6-von_monat")).to_have_value("4")
    expect(page.locator("#id_stellen-6-bis_monat")).to_have_value("12")
    expect(page.locator("#gesamtbetrag")).to_have_text("333.862,50 €")
    expect(page.locator("#abschnitt-voraussetzungen").get_by_label("Mitglieder der Lenkungsgruppe")).to_have_value(
        "Landrat (Vorsitz)\nJobcenter\nAusländerbehörde")
    expect(page.locator("#abschnitt-weiterleitungen")).to_contain_text("bitte aktuelle Fassung hochladen")
    axe_pruefen(page)
    # The draft with its notices and the Vertrag upload in the Weiterleitungen fits (issue 14 item 2).
    for breite in (1366, 390):
        page.set_viewport_size({"width": breite, "height": 768 if breite > 1000 else 844})
        messung = page.evaluate(AUSSERHALB)
        assert messung["seite"] <= breite, messung
        if breite >= 1366:
            assert not messung["draussen"], messung
    page.set_viewport_size({"width": 1366, "height": 768})

    # Uploading the current KIM-Konzept takes it off the list at once.
    page.locator("#datei-kim_konzept").set_input_files(str(pdf))
    page.locator("#datei-kim_konzept").locator("xpath=ancestor::form").get_by_role("button", name="Hochladen").click()
    expect(page.locator("#abschnitt-uploads")).to_contain_text("Die Datei ist hochgeladen.")
    expect(hochladen).to_have_count(2)
    expect(page.locator("#uebernahme-hochladen")).not_to_contain_text("KIM-Konzept")
    # Nothing was submitted: it is a draft.
    expect(page.locator(".kim-status")).to_have_text("Entwurf")
