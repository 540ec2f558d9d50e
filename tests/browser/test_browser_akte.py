"""Browser (issue 12): `sachbearbeitung` finds the demo case of Kreis Unna by its Bescheidnummer from the header,
opens its Akte, sees every step of the year in order and downloads the ZIP (every document inside with its
SHA-256, and the index); `kommune2` gets 404 on the Akte and the ZIP of Kreis Unna; axe finds no serious or
critical violation on the new pages (Akte, ZIP, Suche, Programmübersicht, Meine Vorgänge, Zeichnung in Reihe)."""
import csv
import hashlib
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from bescheide import selectors as bescheid_selectors
from kim_foerderung import regeln
from uebersicht.akte import akte_fuer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STILL = open("/dev/null", "w")


@pytest.fixture
def demo_daten(demo_benutzer, time_machine, settings):
    time_machine.move_to("2026-11-25 08:00 +01:00", tick=True)
    settings.CSRF_COOKIE_AGE = None
    for befehl in ("demo_antraege", "demo_bescheide", "demo_arbeitsliste"):
        call_command(befehl, stdout=STILL)
    return demo_benutzer


def test_sachbearbeitung_findet_akte_ueber_die_bescheidnummer_und_laedt_das_zip(
        page, live_server, anmelden, axe_pruefen, demo_daten, tmp_path):
    unna_bescheid = bescheid_selectors.wirksame_bescheide(foerderjahr=2026).get(antrag__kommune__ags="05978000")
    anmelden("sachbearbeitung")
    # Start page: "Meine Vorgänge" first, with the demo Wiedervorlage due today.
    panel = page.get_by_role("region", name=re.compile("Meine Vorgänge"))
    expect(panel).to_contain_text("Stellenbesetzung K3")
    axe_pruefen(page)

    page.get_by_label("Suche nach Antrags- oder Bescheidnummer").fill(unna_bescheid.nummer)
    page.get_by_role("banner").get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("status")).to_contain_text("Treffer")
    axe_pruefen(page)
    page.get_by_role("link", name="Akte Kreis Unna 2026").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akte Kreis Unna – Förderjahr 2026")
    axe_pruefen(page)

    schritte = page.locator("table.kim-akte tbody tr td:nth-child(3)").all_inner_texts()
    reihenfolge = ["Antrag angelegt", "Antrag eingereicht", "Als Entwurf angelegt", "Zur Zeichnung vorgelegt",
                   "Gezeichnet und freigegeben", "Versandt", "Bekanntgabe", "Rechtsbehelfsverzicht erklärt",
                   "Bestandskräftig"]
    positionen = []
    for schritt in reihenfolge:
        treffer = [i for i, t in enumerate(schritte) if schritt.lower() in t.lower()]
        assert treffer, (schritt, schritte)
        positionen.append(treffer[0])
    assert positionen == sorted(positionen), list(zip(reihenfolge, positionen))
    expect(page.locator(f'table.kim-akte a[href="/dokumente/{unna_bescheid.dokument.pk}/"]')).to_be_visible()

    page.get_by_role("button", name="Akte als ZIP zusammenstellen").click()
    herunterladen = page.get_by_role("link", name="ZIP herunterladen")
    expect(herunterladen).to_be_visible(timeout=30000)
    axe_pruefen(page)
    with page.expect_download() as laden:
        herunterladen.click()
    ziel = tmp_path / "akte.zip"
    laden.value.save_as(ziel)

    zf = zipfile.ZipFile(ziel)
    dokumente = akte_fuer(demo_daten["sachbearbeitung"], unna_bescheid.antrag.kommune, 2026).dokumente
    index = list(csv.reader(io.StringIO(zf.read("index.csv").decode("utf-8-sig")), delimiter=";"))[1:]
    assert len(index) == len(dokumente) >= 4
    assert {d.sha256 for d in dokumente} == {zeile[6] for zeile in index}
    for zeile in index:
        assert hashlib.sha256(zf.read(zeile[1])).hexdigest() == zeile[6]
    assert unna_bescheid.dokument.sha256 in {zeile[6] for zeile in index}
    assert {"index.pdf", "protokoll.pdf"} <= set(zf.namelist())


def test_kommune2_bekommt_404_auf_akte_und_zip_von_kreis_unna(page, live_server, anmelden, demo_daten, konsole):
    anmelden("sachbearbeitung")
    page.goto(f"{live_server.url}/akte/05978000/2026/")
    page.get_by_role("button", name="Akte als ZIP zusammenstellen").click()
    expect(page.get_by_role("link", name="ZIP herunterladen")).to_be_visible(timeout=30000)
    export_url = page.url
    page.context.clear_cookies()

    anmelden("kommune2")
    for url in ("/akte/05978000/2026/", export_url.replace(live_server.url, ""),
                export_url.replace(live_server.url, "") + "datei/"):
        with konsole.erwartet():
            assert page.goto(live_server.url + url).status == 404, url
    # POST with a valid CSRF token of kommune2's own session: still 404, nothing ordered.
    page.goto(f"{live_server.url}/akte/05711000/2026/")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    antwort = page.request.post(f"{live_server.url}/akte/05978000/2026/zip/",
                                form={"csrfmiddlewaretoken": token},
                                headers={"Referer": f"{live_server.url}/akte/05711000/2026/"})
    assert antwort.status == 404


@pytest.mark.parametrize("username, pfad", [
    ("sachbearbeitung", "/programm/?jahr=2026"),
    ("sachbearbeitung", "/programm/?jahr=2027&bezirk=Arnsberg"),
    ("kommune", "/programm/?jahr=2026"),
    ("kommune", "/akte/05978000/2026/"),
    ("zeichnung", "/zeichnung/reihe/"),
    ("zeichnung", "/start/zeichnung/"),
])
def test_neue_seiten_ohne_schwere_axe_verstoesse(page, live_server, anmelden, axe_pruefen, demo_daten, username,
                                                 pfad):
    anmelden(username)
    antwort = page.goto(live_server.url + pfad)
    assert antwort.status == 200
    axe_pruefen(page)
    if pfad.startswith("/programm/?jahr=2026") and username == "sachbearbeitung":
        bewilligt = sum(b.hoechstbetrag for b in bescheid_selectors.wirksame_bescheide(foerderjahr=2026))
        expect(page.locator("[data-summe=bewilligt]")).to_have_text(regeln.betrag_de(bewilligt))
