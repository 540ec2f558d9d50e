"""Browser (issue 14 item 2 and 6): the Stellen of the Antrag form and of the Förderrechner fit a 1366 px screen
without sideways scrolling – every control lies inside the viewport – each Stelle shows its Kennung, and the
Bezirksregierung's list of Anträge is not wider than a 390 px phone; the Kommunen and Anträge lists sort German."""
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SELEKTOR = ".kim-stellen input:not([type=hidden]), .kim-stellen select, #abschnitt-stellen button"
AUSSERHALB = ("() => [...document.querySelectorAll('" + SELEKTOR + "')].filter(e => { const r = "
              "e.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map(e => e.id || e.name)")


@pytest.fixture
def demo_daten(demo_benutzer, time_machine, settings):
    time_machine.move_to("2026-11-25 08:00 +01:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    call_command("demo_antraege", stdout=open("/dev/null", "w"))
    return demo_benutzer


def test_stellen_passen_auf_1366_px_mit_kennung(page, live_server, anmelden, axe_pruefen, demo_daten):
    from antraege.models import Antrag

    page.set_viewport_size({"width": 1366, "height": 768})
    anmelden("kommune")
    antrag = Antrag.objects.filter(kommune__ags="05978000", status="entwurf").order_by("-foerderjahr").first()
    page.goto(f"{live_server.url}/antraege/{antrag.pk}/")
    stellen = page.locator("#abschnitt-stellen")
    expect(stellen.locator(".kim-kennung", has_text="K1").first).to_be_visible()
    anzahl = stellen.locator(".kim-stellenzeile").count()
    assert anzahl == antrag.stellen.count() > 0
    assert stellen.locator(".kim-kennung").all_inner_texts() == [s.kennung for s in antrag.stellen.all()]
    assert page.evaluate(AUSSERHALB) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    axe_pruefen(page)
    page.get_by_role("link", name="Förderrechner", exact=True).click()
    page.get_by_role("button", name="Stelle hinzufügen").click()
    assert page.evaluate(AUSSERHALB) == []
    axe_pruefen(page)


def test_antragsliste_passt_auf_390_px_und_sortiert_deutsch(page, live_server, anmelden, axe_pruefen, demo_daten):
    page.set_viewport_size({"width": 390, "height": 844})
    anmelden("sachbearbeitung")
    page.goto(f"{live_server.url}/antraege/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anträge aller Kommunen")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_pruefen(page)
    page.goto(f"{live_server.url}/stammdaten/kommunen/")
    namen = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert len(namen) == 54
    reihenfolge = ["Städteregion Aachen", "Kreis Borken", "Stadt Bottrop", "Stadt Köln",
                   "Stadt Mülheim an der Ruhr", "Stadt Münster", "Kreis Unna"]
    assert [n for n in namen if n in reihenfolge] == reihenfolge
