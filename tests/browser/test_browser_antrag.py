"""Browser: the `kommune` demo user files a full Antrag 2026 (Anlage 1) with live calculation; `kommune2` gets 404.

Nr. 5.4.1 (caps per month), Nr. 4.1 (declarations, uploads), Nr. 7.1.2 (Antragsfrist 2026: 31.10.2025).
"""
import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STELLEN = [
    # art, VZÄ, von, bis, besetzt
    ("koordination", "1,0", "1", "12", True),
    ("koordination", "1,0", "1", "12", True),
    ("koordination", "1,0", "1", "12", True),
    ("koordination", "1,0", "1", "12", False),  # 4,0 VZÄ: over the cap of 3,5 until fixed
    ("verwaltungsassistenz", "0,5", "1", "12", True),
    ("case_management", "1,0", "1", "12", True),
    ("case_management", "0,75", "4", "12", False),
]


@pytest.fixture
def im_oktober_2025(time_machine, settings):
    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    settings.CSRF_COOKIE_AGE = None  # the browser's clock is not moved: keep the cookie for the session


@pytest.fixture
def pdf_datei(tmp_path):
    pfad = tmp_path / "konzept.pdf"
    pfad.write_bytes(factories.pdf_bytes())
    return pfad


def gesamt(page):
    return page.locator("#gesamtbetrag")


def zeile_ausfuellen(page, index, art, vzae, von, bis, besetzt):
    page.locator(f"#id_stellen-{index}-art").select_option(art)
    page.locator(f"#id_stellen-{index}-vzae").fill(vzae)
    page.locator(f"#id_stellen-{index}-von_monat").select_option(von)
    page.locator(f"#id_stellen-{index}-bis_monat").select_option(bis)
    page.locator(f"#id_stellen-{index}-besetzt").set_checked(besetzt)
    if besetzt:
        page.locator(f"#id_stellen-{index}-qualifikation").fill("Master Soziale Arbeit")


def test_kommune_stellt_vollstaendigen_antrag(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                             im_oktober_2025, pdf_datei, konsole):
    anmelden("kommune")
    page.get_by_role("link", name="Anträge").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anträge Kreis Unna")
    axe_pruefen(page)
    page.get_by_label("Förderjahr").select_option("2026")
    page.get_by_role("button", name="Antrag anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag 2026 – Kreis Unna")
    antrag_url = page.url
    axe_pruefen(page)

    # 1. Antragsteller und Bankverbindung
    abschnitt = page.locator("#abschnitt-antragsteller")
    abschnitt.get_by_label("Ansprechperson", exact=True).fill("Katrin Kommunal")
    abschnitt.get_by_label("IBAN", exact=True).fill("DE89 3704 0044 0532 0130 00")
    abschnitt.get_by_label("Kontoinhaber", exact=True).fill("Kreis Unna")
    abschnitt.get_by_role("button", name="Abschnitt speichern").click()
    expect(page.locator("#abschnitt-antragsteller")).to_contain_text("Abschnitt gespeichert.")

    # 2. Zuwendungsvoraussetzungen
    abschnitt = page.locator("#abschnitt-voraussetzungen")
    for haken in abschnitt.locator("input[type=checkbox]").all():
        haken.check()
    abschnitt.get_by_label("Mitglieder der Lenkungsgruppe").fill("Landrat (Vorsitz)\nJobcenter\nAusländerbehörde")
    abschnitt.get_by_role("button", name="Abschnitt speichern").click()
    expect(page.locator("#abschnitt-voraussetzungen")).to_contain_text("Abschnitt gespeichert.")

    # 3. Konzepte as PDF
    for feld in ("kim_konzept", "cm_konzept"):
        page.locator(f"#datei-{feld}").set_input_files(str(pdf_datei))
        page.locator(f"#datei-{feld}").locator("xpath=ancestor::form").get_by_role("button", name="Hochladen").click()
        expect(page.locator("#abschnitt-uploads")).to_contain_text("Die Datei ist hochgeladen.")

    # 4. Stellen, with the live total changing while she types
    expect(gesamt(page)).to_have_text("0,00 €")
    for index, zeile in enumerate(STELLEN):
        page.get_by_role("button", name="Stelle hinzufügen").click()
        zeile_ausfuellen(page, index, *zeile)
        if index == 0:
            expect(gesamt(page)).to_have_text("62.700,00 €")  # 57.000 + 5.700 (Nr. 5.4.1, 5.4.2)
    expect(page.locator("#zusammenfassung")).to_contain_text(
        "Nr. 5.4.1: Im Januar 2026 übersteigen die Koordinationsstellen 3,5 VZÄ (4,0)")
    page.get_by_role("button", name="Stellen speichern").click()
    expect(page.locator("#abschnitt-stellen")).to_contain_text("Abschnitt gespeichert.")
    axe_pruefen(page)

    # "Prüfen und einreichen" warns with the German reason (§ 24 Abs. 3 VwVfG NRW: it would still be received) …
    page.get_by_role("link", name="Prüfen und einreichen").click()
    expect(page.locator("#einreichen-hinweise")).to_contain_text("übersteigen die Koordinationsstellen 3,5 VZÄ (4,0)")
    axe_pruefen(page)

    # … she goes back, fixes the fourth Stelle to 0,5 VZÄ and sees the total fall.
    # She starts typing before the page has finished loading (its scripts are held back here): what she typed
    # counts once the page is ready, and the total follows each keystroke, without leaving the field.
    gehalten = []
    htmx_js = re.compile(r"/htmx-2[.0-9a-f]*\.min\.js$")
    page.route(htmx_js, lambda route: gehalten.append(route))
    page.get_by_role("link", name="Zurück zum Antrag").click()
    vzae = page.locator("#id_stellen-3-vzae")
    vzae.fill("0,4")  # below 0,5 VZÄ: not fundable (Nr. 5.4.1)
    assert gehalten, "htmx ist noch nicht geladen, während sie tippt"
    for route in gehalten:
        route.continue_()
    page.unroute(htmx_js)
    expect(gesamt(page)).to_have_text("302.512,50 €")
    vzae.select_text()
    vzae.press_sequentially("0,5", delay=30)
    expect(gesamt(page)).to_have_text("333.862,50 €")
    page.get_by_role("button", name="Stellen speichern").click()
    expect(page.locator("#abschnitt-stellen")).to_contain_text("Abschnitt gespeichert.")
    expect(page.locator("#zusammenfassung")).not_to_contain_text("übersteigen")

    page.get_by_role("link", name="Prüfen und einreichen").click()
    expect(page.locator("#einreichen-hinweise")).to_have_count(0)
    page.get_by_label("Die Angaben sind vollständig und richtig.").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Antrag ist eingereicht.")
    expect(page.locator(".kim-status")).to_have_text("eingereicht")
    axe_pruefen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Anlage 1, Fassung 1")).click()
    pfad = download.value.path()
    assert open(pfad, "rb").read(5) == b"%PDF-"
    dokument_urls = [a.get_attribute("href") for a in page.locator("a[href^='/dokumente/']").all()]
    assert len(dokument_urls) >= 1

    # The other Kommune: 404 on the Antrag and its documents.
    page.get_by_role("button", name="Abmelden").click()
    anmelden("kommune2")
    with konsole.erwartet():
        assert page.goto(antrag_url).status == 404
    for url in dokument_urls:
        antwort = page.request.get(live_server.url + url)
        assert antwort.status == 404
    page.goto(live_server.url + "/antraege/")
    expect(page.get_by_text("Kreis Unna")).to_have_count(0)
    axe_pruefen(page)


def test_fehler_in_einem_abschnitt_behaelt_alle_eingaben(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                                       im_oktober_2025, konsole):
    anmelden("kommune")
    page.goto(live_server.url + "/antraege/")
    page.get_by_label("Förderjahr").select_option("2026")
    page.get_by_role("button", name="Antrag anlegen").click()
    antrag_url = page.url
    # Typed in section 1, not yet saved:
    page.locator("#abschnitt-antragsteller").get_by_label("Ansprechperson", exact=True).fill("Ungespeichert Ursula")
    page.locator("#abschnitt-begleitmassnahmen").get_by_label("Ausgaben Veranstaltungsformate (€)").fill("4.500,00")
    # An invalid Stelle saved in section 4:
    page.get_by_role("button", name="Stelle hinzufügen").click()
    zeile_ausfuellen(page, 0, "koordination", "1,5", "1", "12", False)
    page.get_by_role("button", name="Stellen speichern").click()
    fehler = page.locator("#abschnitt-stellen .kim-fehlerzusammenfassung")
    expect(fehler).to_contain_text("Die VZÄ müssen größer als 0 und höchstens 1,0 sein")
    expect(fehler).to_be_focused()
    expect(page.locator("#id_stellen-0-vzae")).to_have_value("1,5")
    expect(page.locator("#abschnitt-antragsteller").get_by_label("Ansprechperson", exact=True)).to_have_value("Ungespeichert Ursula")
    expect(page.locator("#abschnitt-begleitmassnahmen").get_by_label("Ausgaben Veranstaltungsformate (€)")).to_have_value("4.500,00")
    axe_pruefen(page)

    # The session expires while she types: after logging in again, nothing is lost.
    page.context.clear_cookies(name="sessionid")  # the session ends; the CSRF cookie stays, as in life
    with konsole.erwartet():  # typing and saving without a session: the htmx posts answer 401 (HX-Redirect)
        page.locator("#abschnitt-antragsteller").get_by_label("Telefon").fill("02303 27-0")
        page.locator("#abschnitt-antragsteller").get_by_role("button", name="Abschnitt speichern").click()
        expect(page).to_have_url(re.compile(r"/anmelden/"))
    page.get_by_label("Benutzername").fill("kommune")
    page.get_by_label("Passwort").fill("kim-demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(antrag_url)
    abschnitt = page.locator("#abschnitt-antragsteller")
    expect(abschnitt).to_contain_text("Nicht gespeicherte Eingaben")
    expect(abschnitt.get_by_label("Telefon")).to_have_value("02303 27-0")
    expect(abschnitt.get_by_label("Ansprechperson", exact=True)).to_have_value("Ungespeichert Ursula")
    abschnitt.get_by_role("button", name="Abschnitt speichern").click()
    expect(page.locator("#abschnitt-antragsteller")).to_contain_text("Abschnitt gespeichert.")
    page.reload()
    expect(page.locator("#abschnitt-antragsteller").get_by_label("Telefon")).to_have_value("02303 27-0")
    expect(page.locator("#abschnitt-antragsteller .kim-wiederhergestellt")).to_have_count(0)
    # Sections still unsaved are restored after the reload, and say so.
    begleit = page.locator("#abschnitt-begleitmassnahmen")
    expect(begleit.locator(".kim-wiederhergestellt")).to_be_visible()
    expect(begleit.get_by_label("Ausgaben Veranstaltungsformate (€)")).to_have_value("4.500,00")

    # The copies belong to this person only: logging out removes them from the browser (a shared office PC).
    gespeichert = "() => Object.keys(localStorage).filter(k => k.startsWith('kim-entwurf:'))"
    assert page.evaluate(gespeichert), "vor dem Abmelden liegt eine Kopie im Browser"
    with konsole.erwartet():  # a live summary still on its way when the session ends is refused, not an error
        page.get_by_role("button", name="Abmelden").click()
        expect(page).to_have_url(re.compile(r"/anmelden/"))
    assert page.evaluate(gespeichert) == []


def test_foerderrechner_und_liste_der_bezirksregierung(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                                      im_oktober_2025, konsole):
    anmelden("sachbearbeitung")
    page.get_by_role("link", name="Förderrechner", exact=True).click()
    page.get_by_label("Art der Kommune").select_option("kreisfreie_stadt")
    page.get_by_role("button", name="Stelle hinzufügen").click()
    zeile_ausfuellen(page, 0, "koordination", "0,75", "4", "12", False)
    expect(gesamt(page)).to_have_text("35.268,75 €")  # 32.062,50 + 3.206,25
    axe_pruefen(page)
    with konsole.erwartet():  # leaving the page cancels a live calculation still queued from typing
        page.get_by_role("link", name="Anträge").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Anträge aller Kommunen")
    axe_pruefen(page)


def test_foerderrechner_uebernahme_mit_fehler_und_abgelaufene_sitzung(page, live_server, anmelden, axe_pruefen,
                                                                     demo_benutzer, im_oktober_2025, konsole):
    """A wrong row keeps the whole plan on the Förderrechner page; after fixing it, names and Begleitmaßnahmen
    arrive in the Antrag. Then the session expires before "Antrag einreichen" (a plain POST): login leads back to
    the Antrag, not to a 405 of the POST-only URL."""
    anmelden("kommune")
    page.get_by_role("link", name="Förderrechner", exact=True).click()
    page.get_by_label("Förderjahr").select_option("2026")
    page.get_by_role("button", name="Stelle hinzufügen").click()
    zeile_ausfuellen(page, 0, "koordination", "1,5", "1", "12", True)
    page.locator("#id_stellen-0-name").fill("Petra Plan")
    page.get_by_label("Veranstaltungsformate (€)").fill("4.500,00")
    with konsole.erwartet():  # the refused plan comes back with 400
        page.get_by_role("button", name="Als Antrag übernehmen").click()
        page.wait_for_load_state("load")
    fehler = page.locator("#fehlerzusammenfassung")
    expect(fehler).to_contain_text("Zeile 1: VZÄ: Die VZÄ müssen größer als 0 und höchstens 1,0 sein")
    expect(fehler).to_be_focused()
    expect(page.locator("#id_stellen-0-vzae")).to_have_value("1,5")
    expect(page.locator("#id_stellen-0-name")).to_have_value("Petra Plan")
    expect(page.get_by_label("Veranstaltungsformate (€)")).to_have_value("4.500,00")
    axe_pruefen(page)

    page.locator("#id_stellen-0-vzae").fill("1,0")
    page.get_by_role("button", name="Als Antrag übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag 2026 – Kreis Unna")
    antrag_url = page.url
    expect(page.locator("#id_stellen-0-name")).to_have_value("Petra Plan")
    expect(page.locator("#abschnitt-begleitmassnahmen").get_by_label("Ausgaben Veranstaltungsformate (€)")
           ).to_have_value("4.500,00")

    page.get_by_role("link", name="Prüfen und einreichen").click()
    page.get_by_label("Die Angaben sind vollständig und richtig.").check()
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    expect(page.locator(".kim-meldungen")).to_contain_text("Ihre Anmeldung war abgelaufen")
    page.get_by_label("Benutzername").fill("kommune")
    page.get_by_label("Passwort").fill("kim-demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(antrag_url)
    expect(page.locator(".kim-status")).to_have_text("Entwurf")  # nothing was submitted behind her back
