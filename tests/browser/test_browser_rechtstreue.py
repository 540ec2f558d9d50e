"""Issue 9 Nr. 3 and 5 in the browser: the caseworker uses "Kürzung vorschlagen" on a draft over the Nr. 5.4.1
ceiling and can then submit it for Zeichnung; the second person sees the Prüfung on the signing page. Both pages
are checked with axe-core."""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_bescheid import abmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def entwurf_ueber_obergrenze(demo_benutzer, time_machine, settings):
    """Kreis Unna's Antrag 2026, fully checked; its draft has K4 at 0,75 VZÄ, so Koordination is 3,75 VZÄ in every
    month against 3,5 VZÄ (Nr. 5.4.1)."""
    from antraege import services as antrag_services
    from bescheide import services
    from bescheide.services.entwurf import _neu_berechnen
    from kim_foerderung.stammdaten.models import Haushaltsmittel
    from tests import factories

    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("25000000.00"))
    kommune, sachbearbeitung = demo_benutzer["kommune"], demo_benutzer["sachbearbeitung"]
    antrag = antrag_services.antrag_anlegen(kommune, 2026, zeilen=factories.stellen_2026())
    antrag = antrag_services.einreichen(factories.vollstaendig_machen(antrag, kommune), kommune, versicherung=True)
    factories.pruefung_abschliessen(antrag, sachbearbeitung, vermerk="Alle Voraussetzungen nach Nr. 4 belegt.")
    entwurf = services.entwurf_anlegen(antrag, sachbearbeitung)
    entwurf.stellen.filter(kennung="K4").update(vzae=Decimal("0.75"))
    _neu_berechnen(entwurf)
    return entwurf


def test_kuerzung_vorschlagen_vorlegen_und_pruefung_beim_zeichnen(page, live_server, anmelden, axe_pruefen,
                                                                  entwurf_ueber_obergrenze):
    url = f"{live_server.url}/bescheide/{entwurf_ueber_obergrenze.pk}/"
    anmelden("sachbearbeitung")
    page.goto(url)
    expect(page.locator(".kim-befunde")).to_contain_text("3,75")
    page.get_by_role("link", name="Kürzung vorschlagen").click()
    expect(page.locator("#kuerzung-hinweis")).to_contain_text("noch nicht gespeichert")
    expect(page.get_by_label("VZÄ K4")).to_have_value("0,5")
    expect(page.get_by_label("Grund der Kürzung K4")).to_have_value(
        re.compile(r"^Nr\. 5\.4\.1: Koordination im Januar–Dezember auf 3,5 VZÄ begrenzt"))
    axe_pruefen(page)
    page.get_by_role("button", name="Entwurf speichern und neu berechnen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Entwurf ist gespeichert")
    page.get_by_role("button", name="Zur Zeichnung vorlegen").click()
    expect(page.locator(".kim-status")).to_have_text("zur Zeichnung")
    abmelden(page)

    anmelden("zeichnung")
    page.goto(url)
    pruefung = page.locator("section", has=page.get_by_role("heading", name="Prüfung des Antrags"))
    expect(pruefung).to_contain_text("Nr. 4.1 a: Betrieb eines geförderten KI")
    expect(pruefung.locator("#pruefvermerk")).to_have_text("Alle Voraussetzungen nach Nr. 4 belegt.")
    expect(page.get_by_text(re.compile(r"Nr\. 5\.4\.1: Koordination im Januar–Dezember auf 3,5 VZÄ")).first)\
        .to_be_visible()
    axe_pruefen(page)
    expect(page.get_by_role("button", name="Zeichnen und freigeben")).to_be_visible()
