"""Browser (Chromium 1366×768): "Prüfen und einreichen" (issue 14 item 1) and § 24 Abs. 3 VwVfG NRW (issue 9
item 2).

- An unsaved Stellen row blocks "Prüfen und einreichen" with the prompt naming the section; leaving the page with
  unsaved input asks first.
- The confirmation step shows the Anlage 1 with the same total as the submitted PDF.
- `kommune` submits an Antrag with a coordination month at 3,75 VZÄ (Nr. 5.4.1: warning shown, accepted).
- A late Antrag of another Kommune (`kommune2`, after the Antragsfrist 2026 of 31.10.2025, Nr. 7.1.2) is accepted
  and marked "verspätet eingereicht am …" on the Antrag, in the Prüfung and in the Anlage 1.
"""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.pdf_pruefung import text_von

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ANSICHT = {"width": 1366, "height": 768}


def _antrag(benutzer, jahr, zeilen):
    from antraege import services
    from tests.antraege.conftest import vollstaendig_machen

    return vollstaendig_machen(services.antrag_anlegen(benutzer, jahr, zeilen=zeilen), benutzer)


def test_ungespeicherte_zeile_sperrt_pruefen_und_summe_wie_im_pdf(page, live_server, anmelden, axe_pruefen,
                                                                 demo_benutzer, time_machine, settings, konsole):
    from antraege import services
    from tests.antraege.conftest import STELLEN_2026

    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    zeilen = list(STELLEN_2026)
    zeilen[3] = services.StellenZeile("", "koordination", Decimal("0.75"), 1, 12, False)  # 3,75 VZÄ Koordination
    antrag = _antrag(demo_benutzer["kommune"], 2026, zeilen)
    page.set_viewport_size(ANSICHT)
    anmelden("kommune")
    page.goto(f"{live_server.url}/antraege/{antrag.pk}/")
    antrag_url = page.url

    # A new, unsaved Stelle (live total rises) – "Prüfen und einreichen" asks first and stays on the page.
    vorher = page.locator("#gesamtbetrag").inner_text()
    page.get_by_role("button", name="Stelle hinzufügen").click()
    page.locator("#id_stellen-7-art").select_option("case_management")
    page.locator("#id_stellen-7-vzae").fill("1,0")
    expect(page.locator("#gesamtbetrag")).not_to_have_text(vorher)
    page.get_by_role("link", name="Prüfen und einreichen").click()
    dialog = page.get_by_role("dialog", name="Nicht gespeicherte Eingaben")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Abschnitt 4 ist nicht gespeichert – speichern oder verwerfen?")
    expect(page).to_have_url(antrag_url)
    axe_pruefen(page)
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(dialog).to_have_count(0)

    # Leaving the page with the unsaved row: the browser asks ("beforeunload").
    page.get_by_role("link", name="Anträge").first.click()
    page.wait_for_load_state("load")
    assert "beforeunload" in konsole.dialoge
    page.goto(antrag_url)
    expect(page.locator(".kim-wiederhergestellt")).to_be_visible()  # the row came back from the local copy
    page.get_by_role("link", name="Prüfen und einreichen").click()
    dialog = page.get_by_role("dialog", name="Nicht gespeicherte Eingaben")
    expect(dialog).to_contain_text("Abschnitt 4 ist nicht gespeichert")
    dialog.get_by_role("button", name="Verwerfen und weiter").click()

    # The confirmation step: the Anlage 1 as submitted, the Nr. 5.4.1 warning, the Versicherung.
    expect(page.get_by_role("heading", level=1)).to_have_text("Prüfen und einreichen: Antrag 2026 – Kreis Unna")
    expect(page.locator("#einreichen-hinweise")).to_contain_text("übersteigen die Koordinationsstellen 3,5 VZÄ (3,75)")
    summe = page.locator(".kim-anlage1 tfoot td.zahl").inner_text()
    assert summe == vorher, (summe, vorher)  # the discarded row is not in it
    axe_pruefen(page)
    with konsole.erwartet():  # without the Versicherung: one error summary, 400
        page.get_by_role("button", name="Antrag einreichen").click()
        expect(page.locator("#fehlerzusammenfassung")).to_contain_text("Bitte versichern Sie")
    expect(page.locator("#fehlerzusammenfassung")).to_be_focused()
    axe_pruefen(page)
    page.get_by_label("Die Angaben sind vollständig und richtig.").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Antrag ist eingereicht.")
    expect(page.locator(".kim-status")).to_have_text("eingereicht")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Anlage 1, Fassung 1")).click()
    pdf = " ".join(text_von(open(download.value.path(), "rb").read()).replace("\xa0", " ").split())
    assert f"Gesamt beantragte Zuwendung {summe.replace(chr(160), ' ')}" in pdf


def test_verspaeteter_antrag_einer_anderen_kommune_wird_angenommen(page, live_server, anmelden, axe_pruefen,
                                                                   demo_benutzer, time_machine, settings, konsole):
    from antraege import services

    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    antrag = _antrag(demo_benutzer["kommune2"], 2026, [
        services.StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
        services.StellenZeile("", "case_management", Decimal("1.0"), 1, 12, True)])
    time_machine.move_to("2025-11-04 09:00 +01:00", tick=True)  # Antragsfrist 2026 ended on 31.10.2025
    settings.CSRF_COOKIE_AGE = None
    page.set_viewport_size(ANSICHT)
    anmelden("kommune2")
    page.goto(f"{live_server.url}/antraege/{antrag.pk}/")
    expect(page.locator("#einreichen-hinweise")).to_contain_text("Antragsfrist für 2026 ist am 31.10.2025 abgelaufen")
    page.get_by_role("link", name="Prüfen und einreichen").click()
    expect(page.locator("#einreichen-hinweise")).to_contain_text("Sie können den Antrag trotzdem einreichen")
    expect(page.locator(".kim-anlage1")).to_contain_text("verspätet eingereicht am 04.11.2025")
    page.get_by_label("Die Angaben sind vollständig und richtig.").check()
    page.get_by_role("button", name="Antrag einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Antrag ist eingereicht.")
    expect(page.locator(".kim-verspaetet").first).to_have_text("verspätet eingereicht am 04.11.2025")
    axe_pruefen(page)
    page.get_by_role("button", name="Abmelden").click()

    anmelden("sachbearbeitung")
    page.goto(f"{live_server.url}/antraege/{antrag.pk}/")
    expect(page.locator("#verspaetet")).to_contain_text("Verspätet eingereicht am 04.11.2025")
    expect(page.locator("#verspaetet")).to_contain_text("Die Antragsfrist endete am 31.10.2025")
    axe_pruefen(page)
    page.goto(f"{live_server.url}/pruefung/{antrag.pk}/")
    expect(page.locator(".kim-verspaetet").first).to_have_text("verspätet eingereicht am 04.11.2025")
    axe_pruefen(page)
    page.get_by_label("Ausnahme von der Frist nachträglich erteilen – Begründung").fill(
        "Der Kreistag hat das Konzept erst am 30.10.2025 beschlossen.")
    page.get_by_role("button", name="Ausnahme erteilen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("nachträglich erteilt")
    expect(page.locator("#verspaetet")).to_contain_text("Ausnahme von der Frist erteilt am 04.11.2025")
