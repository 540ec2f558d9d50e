"""Browser: Prüfung, Nachforderung, partial Bewilligung with reason, four-eyes release, Bekanntgabe,
Rechtsbehelfsverzicht → bestandskräftig (Nr. 4.1, 5.4.1, 7.2, 7.3; § 74 VwGO); `kommune2` gets 404 everywhere."""
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_antrag(demo_benutzer, time_machine, settings):
    """A demo Antrag 2026 of Kreis Unna, submitted on 15.10.2025; Haushaltsmittel 2026 recorded."""
    from antraege import services as antrag_services
    from kim_foerderung.stammdaten.models import Haushaltsmittel
    from tests.antraege.conftest import STELLEN_2026, vollstaendig_machen

    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("25000000.00"))
    kommune = demo_benutzer["kommune"]
    antrag = antrag_services.antrag_anlegen(kommune, 2026, zeilen=STELLEN_2026)
    antrag = vollstaendig_machen(antrag, kommune)
    return antrag_services.einreichen(antrag, kommune)


def abmelden(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))


def test_vom_antrag_zum_bestandskraeftigen_bescheid(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                                    demo_antrag):
    from kim_foerderung.zugang.models import Benutzer

    # The caseworker also holds the Zeichnung role: four-eyes is checked by person, not by role.
    Benutzer.objects.filter(username="sachbearbeitung").update(ist_zeichnung=True)

    anmelden("sachbearbeitung")
    page.get_by_role("link", name="Kreis Unna – Antrag 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag 2026 – Kreis Unna")
    antrag_url = page.url
    page.get_by_role("link", name="Zur Prüfung dieses Antrags").click()
    page.get_by_label("Nr. 4.1 a: Betrieb eines geförderten KI").check()
    page.get_by_label("Notiz zu Nr. 4.1 a").fill("Förderbescheid KI 2026 liegt vor")
    page.get_by_role("button", name="Prüfvermerk speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Prüfvermerk ist gespeichert.")
    axe_pruefen(page)
    page.goto(antrag_url)
    page.get_by_label("Nachforderung an die Kommune").fill("Bitte belegen Sie die Besetzung von CM2.")
    page.get_by_role("button", name="Nachforderung senden").click()
    expect(page.locator(".kim-status")).to_have_text("Nachforderung")
    abmelden(page)

    anmelden("kommune")
    expect(page.get_by_text("bitte beantworten Sie die Nachforderung")).to_be_visible()
    page.goto(antrag_url)
    page.get_by_label("Ihre Antwort").fill("CM2 wird erst zum 1. Juli besetzt.")
    page.get_by_role("button", name="Antwort speichern").click()
    expect(page.locator("#nachforderungen")).to_contain_text("CM2 wird erst zum 1. Juli besetzt.")
    page.get_by_role("button", name="Antrag erneut einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Antrag ist eingereicht.")
    abmelden(page)

    anmelden("sachbearbeitung")
    page.goto(antrag_url)
    page.get_by_role("link", name="Zur Prüfung dieses Antrags").click()
    page.get_by_role("button", name="Bewilligung entwerfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid (Entwurf)")
    bescheid_url = page.url
    axe_pruefen(page)
    page.get_by_label("von CM2").select_option("7")
    page.get_by_role("button", name="Entwurf speichern und neu berechnen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Bitte begründen Sie jede Kürzung")
    expect(page.get_by_label("von CM2")).to_have_value("7")
    page.get_by_label("Grund der Kürzung CM2").fill("Besetzung erst zum 1. Juli belegt (Nachforderung 1).")
    page.get_by_role("button", name="Entwurf speichern und neu berechnen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Entwurf ist gespeichert")
    expect(page.get_by_text("teilweise bewilligen")).to_be_visible()
    expect(page.get_by_text("323.175,00 €").first).to_be_visible()
    page.get_by_role("button", name="Zur Zeichnung vorlegen").click()
    expect(page.locator(".kim-status")).to_have_text("zur Zeichnung")
    expect(page.get_by_text("Zeichnen muss eine andere Person")).to_be_visible()
    expect(page.get_by_role("button", name="Zeichnen und freigeben")).to_have_count(0)
    antwort = page.request.post(bescheid_url + "zeichnen/", headers=_csrf(page), max_redirects=0)
    assert antwort.status == 302
    page.goto(bescheid_url)
    expect(page.locator(".kim-meldungen")).to_contain_text("Vier-Augen-Prinzip")
    expect(page.locator(".kim-status")).to_have_text("zur Zeichnung")
    abmelden(page)

    anmelden("zeichnung")
    page.get_by_role("link", name=re.compile(r"Zuwendungsbescheid \(Entwurf\) – Kreis Unna 2026")).click()
    axe_pruefen(page)
    page.get_by_role("button", name="Zeichnen und freigeben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid KIM-2026-05978000-01")
    abmelden(page)

    anmelden("sachbearbeitung")
    page.goto(bescheid_url)
    page.get_by_role("button", name="Versand vermerken").click()
    expect(page.locator(".kim-status")).to_have_text("versandt")
    abmelden(page)

    anmelden("kommune")
    page.get_by_role("link", name=re.compile(r"Zuwendungsbescheid KIM-2026-05978000-01 – Kreis Unna")).click()
    axe_pruefen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Bescheid als PDF herunterladen").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    dokument_url = page.get_by_role("link", name="Bescheid als PDF herunterladen").get_attribute("href")
    page.get_by_label(re.compile("Wir verzichten auf die Klage")).check()
    page.get_by_role("button", name="Rechtsbehelfsverzicht erklären").click()
    expect(page.locator(".kim-status")).to_have_text("bestandskräftig")
    axe_pruefen(page)
    abmelden(page)

    anmelden("kommune2")
    assert page.goto(bescheid_url).status == 404
    assert page.goto(live_server.url + dokument_url).status == 404
    assert page.goto(antrag_url).status == 404
    for aktion in ("empfang/", "verzicht/", "aenderung/", "speichern/", "vorlegen/", "zeichnen/", "versenden/"):
        antwort = page.request.post(bescheid_url + aktion, headers=_csrf(page), form={"bestaetigt": "ja"},
                                    max_redirects=0)
        assert antwort.status in (403, 404), (aktion, antwort.status)
        if aktion in ("empfang/", "verzicht/", "aenderung/"):
            assert antwort.status == 404, aktion
    page.goto(live_server.url + "/bescheide/")
    expect(page.get_by_text("KIM-2026-05978000-01")).to_have_count(0)


def _csrf(page):
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return {"X-CSRFToken": token, "Referer": page.url}


def test_haushalt_und_verteilung_barrierefrei(page, live_server, anmelden, axe_pruefen, demo_benutzer, demo_antrag):
    anmelden("sachbearbeitung")
    page.get_by_role("link", name="Haushalt").click()
    page.goto(live_server.url + "/haushalt/2026/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Haushaltsmittel 2026")
    axe_pruefen(page)
    page.goto(live_server.url + "/haushalt/2026/verteilung/")
    axe_pruefen(page)
    page.goto(live_server.url + "/bescheide/")
    axe_pruefen(page)
