"""Browser: the Verwendungsnachweis of the demo Förderjahr 2025 with paid tranches (issue 11, "Done when"). `kommune`
imports the Belegliste from an .xlsx file (a bad row is reported, then fixed), files the Verwendungsnachweis with one
Stelle cheaper than granted (the Überzahlung shows beside the form), submits it with the Versicherung and downloads
Anlage 3; `sachbearbeitung` sees the computed Überzahlung, decides the Prüfung (VV Nr. 11 zu § 44 LHO) and sends the
Anhörung (§ 28 VwVfG NRW); `kommune` answers it; `sachbearbeitung` prepares the Erstattungsbescheid (Nr. 7.5) and
cannot release it (no control, a forced POST refused: four-eyes by person); `zeichnung` releases it; its PDF shows
amount, payment date and interest (§ 49a Abs. 3 VwVfG NRW); `finanzen` imports the camt.053 with the repayment, which
is booked by its reference (final interest to that day) and the case is abgeschlossen;
`kommune2` gets 404 on every URL and document of it; axe finds no serious or critical violation on any page. Nothing
typed is lost: an unsaved section comes back after the session ended (a copy per person, as in the Antrag)."""
import io
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from openpyxl import Workbook
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from kim_foerderung import regeln, zeit
from kim_foerderung.zugang.models import Benutzer
from tests.browser.test_browser_bescheid import _csrf, abmelden
from verwendungsnachweis.models import Erstattungsbescheid, ErstattungStatus
from verwendungsnachweis.services import PRUEFPUNKTE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_vn(demo_benutzer, time_machine, settings):
    settings.CSRF_COOKIE_AGE = None  # the browser's clock is not moved
    settings.DEBUG = True
    time_machine.move_to("2026-02-20 09:00 +01:00", tick=True)
    # The known Basiszinssätze of the data migration (idempotent): after other transactional tests the tables may
    # have been emptied, and the Erstattung of the demo needs the rates.
    from importlib import import_module

    import_module("verwendungsnachweis.migrations.0002_bekannte_basiszinssaetze").eintragen(django_apps, None)
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

    # nothing typed is lost: the session ends while she types the Sachbericht; after logging in again the unsaved
    # input is back (a copy per person in this browser); once saved, the copy is gone
    sb_feld = "Tätigkeiten der strategischen Steuerung (Nr. 2.1)"
    page.context.clear_cookies(name="sessionid")
    page.get_by_label(sb_feld).fill("Lenkungsgruppe neu aufgestellt, Konzept mit den Ämtern fortgeschrieben.")
    page.get_by_role("button", name="Sachbericht speichern").click()
    expect(page).to_have_url(re.compile(r"/anmelden/"))
    page.get_by_label("Benutzername").fill("kommune")
    page.get_by_label("Passwort").fill("kim-demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(detail)
    sachbericht = page.locator("#abschnitt-sachbericht")
    expect(sachbericht).to_contain_text("Nicht gespeicherte Eingaben")
    expect(sachbericht.get_by_label(sb_feld)).to_have_value(
        "Lenkungsgruppe neu aufgestellt, Konzept mit den Ämtern fortgeschrieben.")
    axe_pruefen(page)
    sachbericht.get_by_role("button", name="Sachbericht speichern").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Gespeichert.")
    page.reload()
    expect(page.locator("#abschnitt-sachbericht .kim-wiederhergestellt")).to_have_count(0)
    expect(page.get_by_label(sb_feld)).to_have_value(
        "Lenkungsgruppe neu aufgestellt, Konzept mit den Ämtern fortgeschrieben.")

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

    # sachbearbeitung (who also holds the Zeichnung role: four-eyes is by person): the computed Überzahlung,
    # the Prüfung, the Anhörung
    Benutzer.objects.filter(username="sachbearbeitung").update(ist_zeichnung=True)
    anmelden("sachbearbeitung")
    axe_pruefen(page)
    page.goto(detail)
    expect(page.get_by_role("heading", name="Prüfung (VV Nr. 11 zu § 44 LHO)")).to_be_visible()
    expect(page.locator("#ergebnis")).to_contain_text("6.000,00 €")
    axe_pruefen(page)
    for code, _ in PRUEFPUNKTE:
        page.locator(f"#id_pr-ok_{code}_0").check()
    page.get_by_label("Prüfvermerk (was sachlich und rechnerisch geprüft wurde)").fill(
        "Sachbericht plausibel; die Koordinationsstelle hat 6.000 € weniger gekostet als bewilligt.")
    page.get_by_role("button", name="Ergebnis feststellen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Die Prüfung ist abgeschlossen.")
    ergebnis = page.locator("section", has=page.get_by_role("heading", name="Ergebnis der Prüfung"))
    expect(ergebnis).to_contain_text("6.000,00 €")
    axe_pruefen(page)
    page.get_by_role("button", name="Anhörung senden").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Das Anhörungsschreiben ist erstellt")
    expect(page.get_by_role("heading", name="Anhörung zur Erstattung von 6.000,00 €")).to_be_visible()
    assert "6.000,00" in _pdf_text(page, live_server, "Anhörungsschreiben (PDF)")
    axe_pruefen(page)
    abmelden(page)

    # kommune answers the Anhörung in the browser
    anmelden("kommune")
    page.goto(detail)
    expect(page.get_by_role("heading", name="Anhörung zur Erstattung von 6.000,00 €")).to_be_visible()
    axe_pruefen(page)
    page.get_by_label("Ihre Stellungnahme zur beabsichtigten Erstattung").fill(
        "Die Stelle K1 war von Juli bis September nur zur Hälfte besetzt; wir sind mit der Erstattung einverstanden.")
    page.get_by_role("button", name="Stellungnahme abgeben").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Ihre Stellungnahme ist bei der Bezirksregierung")
    expect(page.locator("#abschnitt-anhoerung")).to_contain_text("wir sind mit der Erstattung einverstanden")
    axe_pruefen(page)
    abmelden(page)

    # sachbearbeitung prepares the Erstattungsbescheid and cannot release it: no control, a forced POST refused
    anmelden("sachbearbeitung")
    page.goto(detail)
    page.get_by_label("Bescheid unwirksam geworden am (Beginn der Verzinsung)").fill("01.05.2025")
    page.get_by_label("zu zahlen bis").fill("31.03.2026")
    page.get_by_role("button", name="Zur Zeichnung vorlegen").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Erstattungsbescheid liegt der Zeichnung vor.")
    expect(page.get_by_text("Zeichnen muss eine andere Person")).to_be_visible()
    expect(page.get_by_role("button", name="Erstattungsbescheid zeichnen")).to_have_count(0)
    axe_pruefen(page)
    antwort = page.request.post(detail + "erstattung/zeichnen/", headers=_csrf(page), form={"bestaetigt": "ja"},
                                max_redirects=0)
    assert antwort.status == 302
    page.goto(detail)
    expect(page.locator(".kim-meldungen")).to_contain_text("Vier-Augen-Prinzip")
    eb = Erstattungsbescheid.objects.get(nachweis=unna)
    assert eb.status == ErstattungStatus.ZUR_ZEICHNUNG and eb.freigegeben_von is None
    abmelden(page)

    # before the Zeichnung the Kommune sees no Erstattungsbescheid
    anmelden("kommune")
    page.goto(detail)
    expect(page.get_by_text("Entscheidung über die Erstattung").first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Erstattungsbescheid"))).to_have_count(0)
    abmelden(page)

    # zeichnung finds it on the start page and releases it (asked first: irreversible)
    anmelden("zeichnung")
    axe_pruefen(page)
    page.get_by_role("link", name="Erstattungsbescheid – Kreis Unna 2025").click()
    axe_pruefen(page)
    page.get_by_role("button", name="Erstattungsbescheid zeichnen").click()
    dialog = page.get_by_role("dialog", name="Erstattungsbescheid zeichnen")
    expect(dialog).to_contain_text("kann nicht rückgängig gemacht werden")
    axe_pruefen(page)
    dialog.get_by_role("button", name="Jetzt zeichnen und bekanntgeben").click()
    expect(page.locator(".kim-meldungen")).to_contain_text("Der Erstattungsbescheid ist gezeichnet")
    eb.refresh_from_db()
    assert eb.status == ErstattungStatus.FREIGEGEBEN and eb.freigegeben_von.username == "zeichnung"
    assert eb.zinsen_bis_frist > 0
    text = " ".join(_pdf_text(page, live_server, "Erstattungsbescheid (PDF)").split())
    assert "6.000,00 €" in text and "31.03.2026" in text, text
    assert regeln.betrag_de(eb.zinsen_bis_frist) in text and "§ 49a Abs. 3" in text
    assert eb.verwendungszweck in text
    axe_pruefen(page)
    abmelden(page)

    # finanzen imports the bank statement (camt.053, the same import as for the Auszahlung): the credit with the
    # prescribed reference books the repayment – final interest to that day –, a credit without one is a finding
    anmelden("finanzen")
    page.goto(live_server.url + reverse("buchungen"))
    axe_pruefen(page)
    datei = tmp_path / "camt053.xml"
    vorlage = (Path(__file__).parents[1] / "verwendungsnachweis" / "daten" / "camt053_rueckzahlung.xml").read_text()
    datei.write_text(vorlage.replace("KIM-ERST-2026-05978000", eb.verwendungszweck)
                     .replace("2027-05-20", zeit.heute().isoformat()).replace("7000.00", "6000.00"))
    page.get_by_label("Kontoauszug (camt.054 oder camt.053, XML)").set_input_files(str(datei))
    page.get_by_role("button", name="Einlesen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kontoauszug camt.053")
    zeilen = page.get_by_role("row")
    expect(zeilen.filter(has_text="Kreis Unna")).to_contain_text("Rückzahlung gebucht")
    expect(zeilen.filter(has_text="Stadt Hamm")).to_contain_text("nicht zuzuordnen")
    axe_pruefen(page)
    eb.refresh_from_db()
    assert eb.status == ErstattungStatus.ERSTATTET and eb.eingang_am == zeit.heute() and eb.zinsen_endgueltig > 0
    abmelden(page)

    # sachbearbeitung: the case is abgeschlossen, with the repayment and the interest up to its day
    anmelden("sachbearbeitung")
    page.goto(detail)
    expect(page.get_by_text("abgeschlossen · vorzulegen bis")).to_be_visible()
    expect(page.locator("#abschnitt-erstattung")).to_contain_text(
        f"Zinsen bis dahin {regeln.betrag_de(eb.zinsen_endgueltig)}")
    axe_pruefen(page)
    abmelden(page)

    # kommune sees the released Erstattungsbescheid with its PDF and the closed case
    anmelden("kommune")
    page.goto(detail)
    expect(page.get_by_role("heading", name=f"Erstattungsbescheid {eb.nummer}")).to_be_visible()
    expect(page.get_by_role("link", name="Erstattungsbescheid (PDF)")).to_be_visible()
    axe_pruefen(page)
    abmelden(page)

    # kommune2: 404 on every URL of Kreis Unna's Verwendungsnachweis (GET and POST) and on each of its documents
    unna.refresh_from_db()
    eb.refresh_from_db()
    anmelden("kommune2")
    pfade = ["", "abschnitt/sachbericht/", "abschnitt/stellen/", "abschnitt/begleit/", "rechnen/", "einreichen/",
             "belege/neu/", "belege/entfernen/", "belege/import/", "belege/vorlage.xlsx", "nachfordern/", "pruefen/",
             "anhoerung/", "stellungnahme/", "erstattung/", "erstattung/zeichnen/", "erstattung/rueckzahlung/"]
    urls = [f"{live_server.url}/verwendungsnachweis/{unna.pk}/{pfad}" for pfad in pfade]
    urls += [live_server.url + reverse("dokument_herunterladen", args=[d.pk]) for d in
             (unna.dokument, unna.pruefvermerk_dokument, unna.anhoerung_dokument, eb.dokument)]
    for url in urls:
        assert page.request.get(url).status == 404, url
        assert page.request.post(url, headers=_csrf(page)).status == 404, url
    abmelden(page)

    # sachbearbeitung: Kreis Soest's Anhörung from the demo data
    anmelden("sachbearbeitung")
    page.goto(f"{live_server.url}/verwendungsnachweis/{soest.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Anhörung zur Erstattung von 9.500,00"))).to_be_visible()
    axe_pruefen(page)


def _pdf_text(page, live_server, linkname):
    link = page.get_by_role("link", name=linkname)
    antwort = page.request.get(live_server.url + link.get_attribute("href"))
    assert antwort.status == 200 and antwort.body().startswith(b"%PDF")
    return "".join(s.extract_text() for s in PdfReader(io.BytesIO(antwort.body())).pages)
