"""Browser: the Auszahlung as its users work it (Nr. 7.3 mit Nr. 7.4 VVG): `kommune` sends the Mittelanforderung
for its bestandskräftigen Bescheid; a few days before 1 May the beat task prepares the run; `finanzen` states it
"sachlich und rechnerisch richtig" and cannot release it; `finanzen2` releases it; the pain.001.001.09 file
validates against its XSD and holds IBAN, amount and EndToEndId; a camt.054 file books the Tranche; `kommune` sees
it paid with the date; `kommune2` gets 404 on every URL of it; axe on every page on the way."""
import re
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import expect

from tests.browser.test_browser_bescheid import _csrf, abmelden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
IBAN = "DE89370400440532013000"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture
def bestandskraeftig(demo_benutzer, time_machine, settings):
    """Kreis Unna's Zuwendungsbescheid 2026 (333.862,50 €), bestandskräftig since 10.02.2026, built through the
    services; its bank account in the Stammdaten."""
    from tests.factories import bestandskraeftigen_bescheid_bauen

    settings.CSRF_COOKIE_AGE = None
    bescheid = bestandskraeftigen_bescheid_bauen(
        kommune_user=demo_benutzer["kommune"], sachbearbeitung=demo_benutzer["sachbearbeitung"],
        zeichnung=demo_benutzer["zeichnung"], time_machine=time_machine)
    kommune = bescheid.antrag.kommune
    kommune.kontoinhaber, kommune.iban, kommune.bic = "Kreis Unna", IBAN, "COBADEFFXXX"
    kommune.save()
    return bescheid


def test_mittelanforderung_bis_zur_buchung(page, live_server, anmelden, axe_pruefen, demo_benutzer,
                                           bestandskraeftig, time_machine, konsole, tmp_path):
    from auszahlung.camt import camt054_beispiel
    from auszahlung.models import Tranche, Zahlungslauf
    from auszahlung.tasks import zahlungslauf_vorbereiten

    time_machine.move_to("2026-02-16 09:00 +01:00", tick=True)
    anmelden("kommune")
    axe_pruefen(page)
    page.get_by_role("link", name=re.compile(r"Zuwendungsbescheid KIM-2026-05978000-01")).first.click()
    axe_pruefen(page)  # the Bescheid page with its Auszahlung section
    page.get_by_role("link", name="Mittelanforderung und Auszahlung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auszahlung 2026 – Kreis Unna")
    auszahlung_url = page.url
    axe_pruefen(page)
    with konsole.erwartet():  # without the declaration: 400 with the German sentence
        page.get_by_role("button", name="Mittel anfordern").click()
        expect(page.locator("#fehlerzusammenfassung")).to_contain_text("Bitte bestätigen Sie die Erklärung")
    axe_pruefen(page)
    page.get_by_label("Ich gebe die Erklärung oben für meine Kommune ab.").check()
    page.get_by_role("button", name="Mittel anfordern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Ihre Mittelanforderung ist eingegangen")
    expect(page.get_by_role("row", name=re.compile(r"1\. Rate 01\.05\.2026 30\.04\.2026 166\.931,25 € geplant"))
           ).to_be_visible()
    mittelanforderung_pdf = page.get_by_role("link", name="Mittelanforderung als PDF herunterladen").get_attribute(
        "href")
    abmelden(page)

    # A few days before 1 May the beat task (catch-up off) prepares the run of the Termin.
    time_machine.move_to("2026-04-24 06:00 +02:00", tick=True)
    lauf_pk = zahlungslauf_vorbereiten.apply(kwargs={"nur_termin": True}).get()
    lauf = Zahlungslauf.objects.get(pk=lauf_pk)
    assert (lauf.zahltag, lauf.anzahl) == (date(2026, 4, 30), 1)

    anmelden("finanzen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Finanzen – Übersicht")
    axe_pruefen(page)
    page.get_by_role("link", name=re.compile(lauf.nummer)).click()
    lauf_url = page.url
    expect(page.get_by_role("cell", name="KIM 2026 1. Rate Bescheid KIM-2026-05978000-01")).to_be_visible()
    axe_pruefen(page)
    page.get_by_role("button", name="Sachlich und rechnerisch richtig").click()
    expect(page.locator(".kim-status")).to_have_text("sachlich und rechnerisch richtig")
    expect(page.get_by_role("button", name="Anordnen (Zahlungslauf freigeben)")).to_have_count(0)
    expect(page.get_by_text("Anordnen muss eine andere Person")).to_be_visible()
    antwort = page.request.post(lauf_url + "anordnen/", headers=_csrf(page), max_redirects=0)
    assert antwort.status == 302
    page.goto(lauf_url)
    expect(page.locator(".kim-meldungen")).to_contain_text("Vier-Augen-Prinzip")
    expect(page.locator(".kim-status")).to_have_text("sachlich und rechnerisch richtig")
    page.goto(live_server.url + "/auszahlung/?jahr=2026")
    axe_pruefen(page)  # overview with chart and table
    abmelden(page)

    anmelden("finanzen2")
    page.goto(lauf_url)
    page.get_by_role("button", name="Anordnen (Zahlungslauf freigeben)").click()
    expect(page.locator(".kim-status")).to_have_text("angeordnet (freigegeben)")
    axe_pruefen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="SEPA-Datei (pain.001.001.09) herunterladen").click()
    xml = Path(download.value.path()).read_bytes()
    import sepaxml

    schema = etree.XMLSchema(etree.parse(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")))
    baum = etree.fromstring(xml)
    assert schema.validate(baum), schema.error_log
    tranche = Tranche.objects.get(antrag=bestandskraeftig.antrag, nummer=1)
    assert baum.findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN
    assert baum.findtext(".//p:InstdAmt", namespaces=NS) == "166931.25"
    assert baum.findtext(".//p:EndToEndId", namespaces=NS) == tranche.ende_zu_ende_id
    with page.expect_download() as download:
        page.get_by_role("link", name="Auszahlungsliste (PDF) herunterladen").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    abmelden(page)

    # The bank's camt.054 of the Zahltag books it.
    time_machine.move_to("2026-05-04 08:00 +02:00", tick=True)
    datei = tmp_path / "camt054.xml"
    datei.write_bytes(camt054_beispiel(msg_id="NTF-20260430", buchungen=[
        (tranche.ende_zu_ende_id, tranche.betrag, date(2026, 4, 30), "Kreis Unna")]))
    anmelden("finanzen")
    page.get_by_role("link", name="Kontoauszug einlesen").click()
    axe_pruefen(page)
    page.get_by_label("Kontoauszug (camt.054 oder camt.053, XML)").set_input_files(str(datei))
    page.get_by_role("button", name="Einlesen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Kontoauszug ist eingelesen.")
    expect(page.get_by_role("cell", name=re.compile("zugeordnet"))).to_be_visible()
    axe_pruefen(page)
    abmelden(page)

    anmelden("kommune")
    expect(page.get_by_text(re.compile(r"1\. Rate zum 01\.05\.2026: 166\.931,25 € – ausgezahlt am 30\.04\.2026"))
           ).to_be_visible()
    axe_pruefen(page)
    page.goto(auszahlung_url)
    expect(page.get_by_role("row", name=re.compile(r"1\. Rate .* 166\.931,25 € ausgezahlt am 30\.04\.2026"))
           ).to_be_visible()
    axe_pruefen(page)
    abmelden(page)

    anmelden("kommune2")
    with konsole.erwartet():
        _ueberall_404(page, live_server, bestandskraeftig, auszahlung_url, mittelanforderung_pdf, lauf_url)


def _ueberall_404(page, live_server, bescheid, auszahlung_url, mittelanforderung_pdf, lauf_url):
    """Every URL of the auszahlung app with an object (from Django's resolver), filled with Kreis Unna's objects;
    the Mittelanforderung PDF, the SEPA file and the payout list: 404 on GET and POST."""
    from django.urls import reverse

    from auszahlung.models import Buchung, Kontoauszug, Tranche, Zahlungslauf
    from tests.auszahlung.test_auszahlung_zugriff import OBJEKT_PARAMETER, OBJEKT_URLS

    lauf = Zahlungslauf.objects.get()
    auszug = Kontoauszug.objects.get()
    objekte = {"antrag": bescheid.antrag, "tranche": Tranche.objects.get(antrag=bescheid.antrag, nummer=1),
               "lauf": lauf, "auszug": auszug, "buchung": Buchung.objects.get()}
    urls = [reverse(name, kwargs={parameter[0]: objekte[OBJEKT_PARAMETER[parameter[0]]].pk})
            for name, _route, parameter, _view in OBJEKT_URLS]
    assert auszahlung_url.removeprefix(live_server.url) in urls and lauf_url.removeprefix(live_server.url) in urls
    assert page.goto(auszahlung_url).status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("nicht gefunden")
    for url in urls:
        assert page.request.get(live_server.url + url, max_redirects=0).status == 404, ("GET", url)
        antwort = page.request.post(live_server.url + url, headers=_csrf(page),
                                    form={"erklaerung": "on", "notiz": "x", "grund": "x", "am": "01.05.2026"},
                                    max_redirects=0)
        assert antwort.status == 404, ("POST", url, antwort.status)
    for dokument in (mittelanforderung_pdf, reverse("dokument_herunterladen", args=[lauf.sepa_datei_id]),
                     reverse("dokument_herunterladen", args=[lauf.auszahlungsliste_id])):
        assert page.request.get(live_server.url + dokument, max_redirects=0).status == 404, dokument
    page.goto(live_server.url + "/start/kommune/")
    expect(page.get_by_text("166.931,25")).to_have_count(0)
