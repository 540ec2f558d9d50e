"""Programmübersicht (issue 12): the totals equal the sums over the Bescheide in force (Nr. 1.3) and their two
Tranchen (Nr. 7.3); the later stages' columns come from the PROGRAMMZAHLEN slot; CSV and XLSX read back with
German headers and amounts; a fixed number of queries whatever the number of Kommunen and Bescheide."""
import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from antraege.models import AntragStatus
from bescheide import selectors as bescheid_selectors
from bescheide.models import BescheidStatus
from kim_foerderung import erweiterungen, regeln
from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
from tests import factories
from uebersicht.programm import programmuebersicht

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _bescheide(anzahl, jahr=2026, betrag=Decimal("100000.01"), ab=0):
    """``anzahl`` Kommunen (from the ``ab``-th on) with a sent Zuwendungsbescheid (two Stellen) for ``jahr``."""
    kommunen = list(Kommune.objects.exclude(ags__in=["05978000"]).order_by("ags")[ab:ab + anzahl])
    for i, kommune in enumerate(kommunen):
        antrag = factories.AntragFactory(kommune=kommune, foerderjahr=jahr, status=AntragStatus.BEWILLIGT,
                                         beantragt=betrag + 1000)
        bescheid = factories.BescheidFactory(
            antrag=antrag, status=BescheidStatus.VERSANDT, nummer=f"KIM-{jahr}-{kommune.ags}-01",
            hoechstbetrag=betrag + i, freigegeben_am=datetime(jahr, 2, 3, 10, tzinfo=BERLIN))
        factories.BescheidStelleFactory(bescheid=bescheid, vzae=Decimal("1.00"), besetzt=True)
        factories.BescheidStelleFactory(bescheid=bescheid, vzae=Decimal("0.50"), besetzt=False,
                                        art="case_management")
    return kommunen


@pytest.fixture
def sieben(db):
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("5000000.00"))
    return _bescheide(7)


def test_summen_gleich_der_summe_ueber_bescheide_und_tranchen(sieben, sachbearbeitung_user):
    u = programmuebersicht(sachbearbeitung_user, 2026)
    wirksame = list(bescheid_selectors.wirksame_bescheide(foerderjahr=2026))
    assert len(wirksame) == 7
    assert u.summe.bewilligt == sum(b.hoechstbetrag for b in wirksame)
    # Nr. 7.3: the two Tranchen of every Bescheid, split by regeln, add up to the Bescheide to the cent.
    assert sum(v["geplant"] for v in u.verlauf) == u.summe.bewilligt
    assert u.verlauf[4]["geplant"] == sum(regeln.tranchen(b.hoechstbetrag)[0] for b in wirksame)
    assert u.verlauf[11]["bewilligt_kumuliert"] == u.summe.bewilligt
    assert u.summe.beantragt == sum(b.antrag.beantragt for b in wirksame)
    assert u.verfuegbar == Decimal("5000000.00") - u.summe.bewilligt
    assert sum(b.bewilligt for b in u.bezirke) == u.summe.bewilligt
    art = {v["art"]: v for v in u.vzae}
    assert art["Koordination"]["bewilligt"] == Decimal("7.00") and art["Case Management"]["besetzt"] == 0
    assert {s["code"]: s["anzahl"] for s in u.status}["bewilligt"] == 7
    # Later stages: 0 until one registers for PROGRAMMZAHLEN.
    assert u.summe.ausgezahlt == u.summe.erstattet == u.summe.zurueckgefordert == 0


def test_spalten_spaeterer_stufen_kommen_aus_programmzahlen(sieben, sachbearbeitung_user):
    erste = sieben[0]

    def ausgezahlt(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {erste.pk: Decimal("50000.00")}, "erstattet": {erste.pk: Decimal("12.34")},
                "monatlich": {"ausgezahlt": {5: Decimal("50000.00")}}}

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, ausgezahlt)
    try:
        u = programmuebersicht(sachbearbeitung_user, 2026)
    finally:
        erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, ausgezahlt)
    zeile = next(z for z in u.kommunen if z.kommune == erste)
    assert zeile.ausgezahlt == u.summe.ausgezahlt == Decimal("50000.00")
    assert u.summe.erstattet == Decimal("12.34")
    assert u.verlauf[4]["ausgezahlt"] == Decimal("50000.00")


def test_seite_zeigt_summen_diagramme_und_tabellen(sieben, sachbearbeitung_user, client_als):
    antwort = client_als(sachbearbeitung_user).get(reverse("programmuebersicht") + "?jahr=2026")
    html = antwort.content.decode()
    u = programmuebersicht(sachbearbeitung_user, 2026)
    assert f'data-summe="bewilligt">{regeln.betrag_de(u.summe.bewilligt)}' in html
    assert html.count('src="data:image/svg+xml') == 4
    assert html.count("<caption") >= 4  # a table beside every chart


def test_kommune_sieht_nur_sich_selbst(sieben, client_als):
    kommune = sieben[0]
    user = factories.BenutzerFactory(username="k-eigene", kommune=kommune)
    u = programmuebersicht(user, 2026)
    assert [z.kommune for z in u.kommunen] == [kommune]
    assert u.haushaltsmittel is None
    html = client_als(user).get(reverse("programmuebersicht") + "?jahr=2026&bezirk=Köln").content.decode()
    assert str(sieben[1]) not in html and str(kommune) in html


def test_csv_und_xlsx_mit_deutschen_kopfzeilen_und_betraegen(sieben, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    u = programmuebersicht(sachbearbeitung_user, 2026)
    antwort = client.get(reverse("programm_csv") + "?jahr=2026")
    assert antwort["Content-Type"].startswith("text/csv")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:2] == ["AGS", "Kommune"] and "bewilligt (€)" in zeilen[0] and "zurückgefordert (€)" in zeilen[0]
    summe = zeilen[-1]
    assert summe[1] == "Summe"
    assert summe[zeilen[0].index("bewilligt (€)")] == f"{u.summe.bewilligt:.2f}".replace(".", ",")

    antwort = client.get(reverse("programm_xlsx") + "?jahr=2026")
    mappe = load_workbook(io.BytesIO(antwort.content))
    assert mappe.sheetnames == ["Kommunen", "Regierungsbezirke", "VZÄ je Art", "Anträge je Status", "Geldfluss"]
    blatt = mappe["Kommunen"]
    kopf = [z.value for z in blatt[1]]
    assert kopf[:6] == ["AGS", "Kommune", "Art", "Regierungsbezirk", "Bearbeiter/in", "Status des Antrags"]
    spalte = kopf.index("bewilligt (€)") + 1
    letzte = blatt.max_row
    assert blatt.cell(letzte, 2).value == "Summe"
    assert Decimal(str(blatt.cell(letzte, spalte).value)) == u.summe.bewilligt
    assert "€" in blatt.cell(2, spalte).number_format
    werte = [Decimal(str(blatt.cell(r, spalte).value)) for r in range(2, letzte)]
    assert sum(werte) == u.summe.bewilligt


@pytest.mark.parametrize("pfad", ["programmuebersicht", "programm_csv", "programm_xlsx"])
def test_abfragen_unabhaengig_von_der_datenmenge(db, sachbearbeitung_user, client_als, pfad):
    client = client_als(sachbearbeitung_user)
    url = reverse(pfad) + "?jahr=2026"
    _bescheide(3)
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        assert client.get(url).status_code == 200
    _bescheide(30, ab=3)
    with CaptureQueriesContext(connection) as viele:
        assert client.get(url).status_code == 200
    assert len(viele) == len(wenige), (len(wenige), len(viele))


def test_geplant_sind_die_tranchen_der_auszahlung(bestandskraeftiger_bescheid, sachbearbeitung_user):
    """Once a Bescheid is bestandskräftig the Auszahlung stores its Tranchen (1 May, 1 October); the money flow
    shows exactly those, and together with the Bescheide without Tranchen they add up to the Bescheide."""
    from auszahlung.models import Tranche, TranchenStatus

    tranchen = list(Tranche.objects.filter(antrag=bestandskraeftiger_bescheid.antrag)
                    .exclude(status=TranchenStatus.ENTFAELLT))
    assert len(tranchen) == 2
    _bescheide(3)  # sent, not bestandskräftig: no Tranchen yet, split by regeln.tranchen
    u = programmuebersicht(sachbearbeitung_user, 2026)
    assert sum(v["geplant"] for v in u.verlauf) == u.summe.bewilligt
    unna_mai = next(t.betrag for t in tranchen if t.termin.month == 5)
    andere_mai = sum(regeln.tranchen(z.bewilligt)[0] for z in u.kommunen if z.bewilligt and z.kommune.ags != "05978000")
    assert u.verlauf[4]["geplant"] == unna_mai + andere_mai
    assert sum(t.betrag for t in tranchen) == bestandskraeftiger_bescheid.hoechstbetrag


def test_diagramm_wird_je_zahlenstand_einmal_gezeichnet_und_folgt_neuen_zahlen(sieben, sachbearbeitung_user):
    """Issue 13: the SVG is kept under a hash of its numbers – the same numbers give the same picture without
    drawing again, changed numbers a new picture (never a stale chart)."""
    import base64

    import pygal

    from uebersicht import diagramme

    u = programmuebersicht(sachbearbeitung_user, 2026)
    gezeichnet = []
    original = pygal.Bar.render

    def zaehlen(self, *args, **kwargs):
        gezeichnet.append(1)
        return original(self, *args, **kwargs)

    pygal.Bar.render = zaehlen
    try:
        erste = diagramme.geld_je_bezirk(u)["uri"]
        zweite = diagramme.geld_je_bezirk(u)["uri"]
        assert zweite == erste
        u.bezirke[0].bewilligt += Decimal("123456.78")
        dritte = diagramme.geld_je_bezirk(u)["uri"]
    finally:
        pygal.Bar.render = original
    assert dritte != erste
    assert len(gezeichnet) <= 2  # at most once for the first numbers (maybe cached by an earlier test), once after
    svg = base64.b64decode(dritte.split(",", 1)[1]).decode()
    assert "je Regierungsbezirk" in svg
