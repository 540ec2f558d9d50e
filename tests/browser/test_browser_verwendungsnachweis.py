"""Browser: the Verwendungsnachweis of the demo Förderjahr 2025 with paid tranches (issue 11). `kommune` imports the
Belegliste from an .xlsx file (a bad row is reported, then fixed), files the Verwendungsnachweis with one Stelle
cheaper than granted (the Überzahlung shows beside the form), submits it with the Versicherung and sees Anlage 3;
`sachbearbeitung` sees the computed Überzahlung and the Anhörung of Kreis Soest; `kommune2` gets 404 on every URL of
Kreis Unna's Verwendungsnachweis; axe finds no serious or critical violation on any page on the way."""
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.test_browser_bescheid import _csrf, abmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_vn(demo_benutzer, time_machine, settings):
    settings.CSRF_COOKIE_AGE = None  # the browser's clock is not moved
    settings.DEBUG = True
    time_machine.move_to("2026-02-20 09:00 +01:00", tick=True)
    call_command("demo_verwendungsnachweise", stdout=open("/dev/null", "w"))
    settings.DEBUG = False
    from verwendungsnachweis.models import Verwendungsnachweis

    return {n.antrag.kommune.ags: n for n in Verwendungsnachweis.objects.select_related("antrag__kommune")}


def _xlsx(pfad, zeilen):
    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Belegliste"
    blatt.append(["Kategorie", "Stelle", "Datum", "Empfänger/in", "Zweck", "Betrag (€)"])
    for z in zeilen:
        blatt.append(z)
    mappe.save(pfad)
    return str(pfad)


def test_verwendungsnachweis_im_browser(page, live_server, anmelden, axe_pruefen, demo_vn, tmp_path, konsole):
    unna, soest = demo_vn["05978000"], demo_vn["05974000"]
    k1 = unna.stellen.filter(art="koordination").first()
    anmelden("kommune")
    axe_pruefen(page)
    page.get_by_role("link", name="Verwendungsnachweise", exact=True).first.click()
    axe_pruefen(page)
    page.get_by_role("link", name="Verwendungsnachweis 2025").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwendungsnachweis 2025 – Kreis Unna")
    detail = page.url
    axe_pruefen(page)

    # Belegliste from an .xlsx file: a bad row (unknown Stelle) is reported, nothing imported; fixed, it is taken
    schlecht = _xlsx(tmp_path / "schlecht.xlsx", [["Personalausgaben", k1.kennung, "15.03.2025", "Stadtkasse Unna",
                                                   "Gehalt März", "4.750,00"],
                                                  ["Sachausgaben", "X9", "16.03.2025", "Bürobedarf", "Papier", "120"]])
    page.get_by_label("Belegliste als Excel (.xlsx) oder CSV (.csv)").set_input_files(schlecht)
    page.get_by_role("button", name="Belegliste hochladen").click()
    expect(page.locator("#fehlerzusammenfassung")).to_contain_text("Zeile 3: Die Stelle „X9“ steht nicht im")
    axe_pruefen(page)
    gut = _xlsx(tmp_path / "gut.xlsx", [["Personalausgaben", k1.kennung, "15.03.2025", "Stadtkasse Unna",
                                         "Gehalt März", "4.750,00"],
                                        ["Sachausgaben", k1.kennung, "16.03.2025", "Bürobedarf", "Papier", "120"]])
    page.get_by_label("Belegliste als Excel (.xlsx) oder CSV (.csv)").set_input_files(gut)
    page.get_by_role("button", name="Belegliste hochladen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("2 Belege aus gut.xlsx übernommen")
    expect(page.get_by_role("cell", name="Gehalt März")).to_be_visible()
    axe_pruefen(page)

    # one Stelle cost 6.000 € less: the Überzahlung shows beside the form before saving (htmx), then saved
    feld = page.locator("#id_stellen-0-personalausgaben")
    weniger = f"{(k1.personalausgaben - 6000):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    feld.fill(weniger)
    feld.dispatch_event("input")
    expect(page.locator("#ergebnis")).to_contain_text("6.000,00 €")
    page.get_by_role("button", name="Zahlenmäßigen Nachweis speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Gespeichert.")

    # Prüfen und einreichen: without the Versicherung a German message, with it Anlage 3
    with konsole.erwartet():
        page.get_by_role("button", name="Verwendungsnachweis einreichen").click()
    expect(page.get_by_text("Bitte bestätigen Sie die Versicherung.").first).to_be_visible()
    axe_pruefen(page)
    page.get_by_label(re.compile("Ich versichere")).check()
    page.get_by_role("button", name="Verwendungsnachweis einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Verwendungsnachweis ist eingereicht")
    anlage = page.get_by_role("link", name="Anlage 3 (PDF) herunterladen")
    expect(anlage).to_be_visible()
    pdf = page.request.get(live_server.url + anlage.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    axe_pruefen(page)
    abmelden(page)

    # kommune2: 404 on every URL of Kreis Unna's Verwendungsnachweis, GET and POST
    anmelden("kommune2")
    pfade = ["", "abschnitt/sachbericht/", "rechnen/", "einreichen/", "belege/neu/", "belege/import/",
             "belege/vorlage.xlsx", "pruefen/", "anhoerung/", "stellungnahme/", "erstattung/"]
    for pfad in pfade:
        url = f"{live_server.url}/verwendungsnachweis/{unna.pk}/{pfad}"
        assert page.request.get(url).status == 404, url
        assert page.request.post(url, headers=_csrf(page)).status == 404, url
    abmelden(page)

    # sachbearbeitung: the submitted Überzahlung of Kreis Unna and Kreis Soest's Anhörung
    anmelden("sachbearbeitung")
    axe_pruefen(page)
    page.goto(detail)
    expect(page.get_by_role("heading", name="Prüfung (VV Nr. 11 zu § 44 LHO)")).to_be_visible()
    expect(page.locator("#ergebnis")).to_contain_text("6.000,00 €")
    axe_pruefen(page)
    page.goto(f"{live_server.url}/verwendungsnachweis/{soest.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Anhörung zur Erstattung von 9.500,00"))).to_be_visible()
    axe_pruefen(page)
