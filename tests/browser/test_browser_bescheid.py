"""Browser: Prüfung, Nachforderung, partial Bewilligung with reason, four-eyes release, Bekanntgabe,
Rechtsbehelfsverzicht → bestandskräftig (Nr. 4.1, 5.4.1, 7.2, 7.3; § 74 VwGO); `kommune2` gets 404 on every URL
of the Bescheid and the Prüfung (GET and POST), on the Antrag and on both PDFs; axe on every page on the way,
the start pages of Kommune, Sachbearbeitung and Zeichnung included."""
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
    from tests.factories import stellen_2026, vollstaendig_machen
    STELLEN_2026 = stellen_2026()

    time_machine.move_to("2025-10-15 09:00 +02:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("25000000.00"))
    kommune = demo_benutzer["kommune"]
    antrag = antrag_services.antrag_anlegen(kommune, 2026, zeilen=STELLEN_2026)
    antrag = vollstaendig_machen(antrag, kommune)
    return antrag_services.einreichen(antrag, kommune, versicherung=True)


def abmelden(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))


def test_vom_antrag_zum_bestandskraeftigen_bescheid(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                                    demo_antrag, konsole):
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
    expect(page.locator(".kim-status").first).to_have_text("Nachforderung")
    axe_pruefen(page)  # the Antrag page with the Nachforderung, as Sachbearbeitung
    page.goto(live_server.url + "/start/sachbearbeitung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sachbearbeitung – Übersicht")
    axe_pruefen(page)
    abmelden(page)

    anmelden("kommune")
    expect(page.get_by_text("Nächster Schritt: Nachforderung beantworten und den Antrag erneut einreichen (Kommune)")).to_be_visible()
    expect(page.get_by_text("Nachforderung zum Antrag 2026")).to_be_visible()  # the next Frist: the answer
    expect(page.get_by_text("Nachforderung zu Ihrem Antrag 2026")).to_be_visible()  # the notice
    axe_pruefen(page)  # the Kommune's start page
    page.goto(antrag_url)
    expect(page.get_by_label("Ihre Antwort")).to_be_visible()
    axe_pruefen(page)  # the Antrag page with the Nachforderung to answer
    page.get_by_label("Ihre Antwort").fill("CM2 wird erst zum 1. Juli besetzt.")
    page.get_by_role("button", name="Antwort speichern").click()
    expect(page.locator("#nachforderungen")).to_contain_text("CM2 wird erst zum 1. Juli besetzt.")
    page.get_by_role("link", name="Prüfen und erneut einreichen").click()
    page.get_by_label("Die Angaben sind vollständig und richtig.").check()
    page.get_by_role("button", name="Antrag erneut einreichen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Antrag ist eingereicht.")
    abmelden(page)

    anmelden("sachbearbeitung")
    page.goto(antrag_url)
    page.get_by_role("link", name="Zur Prüfung dieses Antrags").click()
    # Issue 9 Nr. 5: only a complete Prüfung (every point decided, a Prüfvermerk) lets the draft go to Zeichnung.
    for haken in page.locator("form input[type=checkbox]").all():
        haken.check()
    page.get_by_label("Prüfvermerk").fill("Voraussetzungen Nr. 4.1 und 4.2 belegt; CM2 ab Juli.")
    page.get_by_role("button", name="Prüfvermerk speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Prüfvermerk ist gespeichert.")
    page.get_by_role("button", name="Bewilligung entwerfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid (Entwurf)")
    bescheid_url = page.url
    axe_pruefen(page)
    page.get_by_label("von CM2").select_option("7")
    with konsole.erwartet():  # the refused draft comes back with 400
        page.get_by_role("button", name="Entwurf speichern und neu berechnen").click()
        expect(page.locator(".kim-meldungen")).to_contain_text("Bitte begründen Sie jede Kürzung")
    expect(page.get_by_label("von CM2")).to_have_value("7")
    page.get_by_label("Grund der Kürzung CM2").fill("Besetzung erst zum 1. Juli belegt (Nachforderung 1).")
    page.get_by_role("button", name="Entwurf speichern und neu berechnen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Entwurf ist gespeichert")
    expect(page.get_by_text("Entscheidung: teilweise Bewilligung")).to_be_visible()  # issue 14 item 7 wording
    expect(page.get_by_text("323.175,00 €").first).to_be_visible()
    page.get_by_role("button", name="Zur Zeichnung vorlegen").click()
    expect(page.locator(".kim-status").first).to_have_text("zur Zeichnung")
    expect(page.get_by_text("Zeichnen muss eine andere Person")).to_be_visible()
    expect(page.get_by_role("button", name="Zeichnen und freigeben")).to_have_count(0)
    antwort = page.request.post(bescheid_url + "zeichnen/", headers=_csrf(page), form={"bestaetigt": "ja"},
                                max_redirects=0)
    assert antwort.status == 302
    page.goto(bescheid_url)
    expect(page.locator(".kim-meldungen")).to_contain_text("Vier-Augen-Prinzip")
    expect(page.locator(".kim-status").first).to_have_text("zur Zeichnung")
    abmelden(page)

    anmelden("zeichnung")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeichnung – Übersicht")
    axe_pruefen(page)
    page.get_by_role("link", name=re.compile(r"Zuwendungsbescheid \(Entwurf\) – Kreis Unna 2026")).click()
    axe_pruefen(page)
    page.get_by_role("button", name="Zeichnen und freigeben").click()
    dialog = page.get_by_role("dialog", name="Zeichnen und freigeben")  # irreversible: asked first (item 4)
    expect(dialog).to_contain_text("kann nicht rückgängig gemacht werden")
    axe_pruefen(page)
    dialog.get_by_role("button", name="Jetzt zeichnen und freigeben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid KIM-2026-05978000-01")
    # Issue 14 Nr. 5: the Zeichnung's page says what comes next, in the one wording of the state
    expect(page.locator(".kim-status").first).to_have_text("gezeichnet – noch zu versenden")
    expect(page.locator("#bescheid-naechster-schritt")).to_contain_text("Versand vermerken")
    expect(page.locator("#bescheid-naechster-schritt")).to_contain_text("zuständig: Sachbearbeitung")
    axe_pruefen(page)
    abmelden(page)

    anmelden("sachbearbeitung")
    page.goto(bescheid_url)
    page.get_by_role("button", name="Versand vermerken").click()
    page.get_by_role("dialog", name="Versand vermerken").get_by_role("button", name="Versand jetzt vermerken").click()
    expect(page.locator(".kim-status").first).to_have_text("versandt")
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
    page.get_by_role("dialog", name="Rechtsbehelfsverzicht erklären").get_by_role(
        "button", name="Verzicht jetzt erklären").click()
    expect(page.locator(".kim-status").first).to_have_text("bestandskräftig")
    axe_pruefen(page)
    abmelden(page)

    anmelden("kommune2")
    with konsole.erwartet():
        _ueberall_404(page, live_server, demo_antrag, bescheid_url, dokument_url, antrag_url)


def _ueberall_404(page, live_server, antrag, bescheid_url, dokument_url, antrag_url):
    """Another Kommune: 404 on every URL of the Bescheid and the Prüfung (listed from Django's resolver, so a new
    URL is covered), on the Antrag page and on both PDFs – on GET and on POST, never 403."""
    from django.urls import reverse

    from antraege.models import Anlage1
    from bescheide.models import Bescheid
    from tests.bescheide.test_bescheide_zugriff import OBJEKT_PARAMETER, OBJEKT_URLS

    bescheid = Bescheid.objects.get(antrag=antrag)
    assert bescheid_url.endswith(reverse("bescheid_detail", args=[bescheid.pk]))
    anlage1_url = reverse("dokument_herunterladen", args=[Anlage1.objects.filter(antrag=antrag).first().dokument_id])
    urls = [reverse(name, kwargs={parameter[0]: (antrag if OBJEKT_PARAMETER[parameter[0]] == "antrag"
                                                 else bescheid).pk})
            for name, _route, parameter, _view in OBJEKT_URLS]
    urls.append(antrag_url.removeprefix(live_server.url))
    assert page.goto(bescheid_url).status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("nicht gefunden")
    assert page.goto(live_server.url + dokument_url).status == 404
    assert page.goto(live_server.url + anlage1_url).status == 404
    for url in urls:
        antwort = page.request.get(live_server.url + url, max_redirects=0)
        assert antwort.status == 404, ("GET", url, antwort.status)
        antwort = page.request.post(live_server.url + url, headers=_csrf(page),
                                    form={"bestaetigt": "ja", "notiz": "x", "abgesandt_am": "01.12.2025"},
                                    max_redirects=0)
        assert antwort.status == 404, ("POST", url, antwort.status)
    # The PDFs: 404 on GET; a POST is refused before any lookup, alike for an existing and a missing document.
    fehlt = reverse("dokument_herunterladen", args=[999999])
    for url in (dokument_url, anlage1_url):
        assert page.request.get(live_server.url + url, max_redirects=0).status == 404, url
        assert (page.request.post(live_server.url + url, headers=_csrf(page), max_redirects=0).status
                == page.request.post(live_server.url + fehlt, headers=_csrf(page), max_redirects=0).status), url
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
