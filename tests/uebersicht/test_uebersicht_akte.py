"""The Akte of one Kommune and Förderjahr (issue 12): every step in time order with its documents, reachable from
the Antrag and Bescheid pages; another Kommune gets 404; the ZIP holds every document with its SHA-256."""
import csv
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from kim_foerderung.arbeitsliste.models import Aktenexport, ExportStatus
from kim_foerderung.dokumente.models import Dokument
from tests.pdf_pruefung import pruefe_pdf_a, text_von
from uebersicht.akte import akte_fuer, foerderjahr_pfad

pytestmark = pytest.mark.django_db


def test_foerderjahr_pfad_findet_den_weg_ueber_fremdschluessel():
    from antraege.models import Antrag, Nachforderung
    from bescheide.models import Bescheid, BescheidStelle, Pruefung

    assert foerderjahr_pfad(Antrag) == "foerderjahr"
    assert foerderjahr_pfad(Bescheid) == "antrag__foerderjahr"
    assert foerderjahr_pfad(Nachforderung) == "antrag__foerderjahr"
    assert foerderjahr_pfad(Pruefung) == "antrag__foerderjahr"
    assert foerderjahr_pfad(BescheidStelle) == "bescheid__antrag__foerderjahr"


def test_akte_zeigt_jeden_schritt_in_zeitlicher_folge(bestandskraeftiger_bescheid, sachbearbeitung_user,
                                                      client_als):
    bescheid = bestandskraeftiger_bescheid
    unna = bescheid.antrag.kommune
    akte = akte_fuer(sachbearbeitung_user, unna, 2026)
    titel = [e.titel for e in akte.ereignisse]
    reihenfolge = ["Antrag angelegt", "Antrag eingereicht", "Prüfvermerk gespeichert",
                   "Zuzeichnung vorgelegt", "Versandt", "Bekanntgabe (§ 41 Abs. 2 VwVfG NRW)"]
    gefunden = [next(i for i, t in enumerate(titel) if t.startswith(s.replace("Zuzeichnung", "Zur Zeichnung")))
                for s in reihenfolge]
    assert gefunden == sorted(gefunden), titel
    assert any(t.startswith("Gezeichnet und freigegeben als") for t in titel)
    zeiten = [e.zeitpunkt for e in akte.ereignisse]
    assert zeiten == sorted(zeiten)
    # Every document of the case: Anlage 1, the two Konzepte, the Bescheid.
    arten = sorted(d.art for d in akte.dokumente)
    assert "anlage2" in arten and "anlage1" in arten
    assert bescheid.dokument in akte.dokumente

    antwort = client_als(sachbearbeitung_user).get(reverse("akte", args=[unna.ags, 2026]))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert bescheid.nummer in html
    assert reverse("dokument_herunterladen", args=[bescheid.dokument.pk]) in html


def test_akte_ist_von_antrag_und_bescheid_aus_erreichbar(bestandskraeftiger_bescheid, kommune_user, client_als):
    bescheid = bestandskraeftiger_bescheid
    ziel = reverse("akte", args=[bescheid.antrag.kommune.ags, 2026])
    client = client_als(kommune_user)
    for url in (reverse("antrag_detail", args=[bescheid.antrag.pk]), reverse("bescheid_detail", args=[bescheid.pk])):
        assert ziel in client.get(url).content.decode(), url


def test_andere_kommune_bekommt_404(bestandskraeftiger_bescheid, kommune2_user, client_als):
    client = client_als(kommune2_user)
    unna = bestandskraeftiger_bescheid.antrag.kommune
    assert client.get(reverse("akte", args=[unna.ags, 2026])).status_code == 404
    assert client.post(reverse("akte_zip", args=[unna.ags, 2026])).status_code == 404
    assert not Aktenexport.objects.exists()


def test_kommune_sieht_keine_internen_schritte(bestandskraeftiger_bescheid, kommune_user):
    akte = akte_fuer(kommune_user, bestandskraeftiger_bescheid.antrag.kommune, 2026)
    assert akte.ereignisse
    assert all(e.stufe in ("Antrag", "Bescheid", "Auszahlung") for e in akte.ereignisse)
    assert not any("Prüfvermerk (Stand)" in e.titel for e in akte.ereignisse)
    # Nr. 7.3: the two Tranchen of the Auszahlung are steps of the Akte (Termin 1 May and 1 October).
    assert [e.titel for e in akte.ereignisse if e.stufe == "Auszahlung"] == [
        "Auszahlungstermin 1. Rate (Nr. 7.3)", "Auszahlungstermin 2. Rate (Nr. 7.3)"]


def _zip_holen(client, unna, on_commit, jahr=2026):
    with on_commit(execute=True):
        antwort = client.post(reverse("akte_zip", args=[unna.ags, jahr]))
    assert antwort.status_code == 302
    auftrag = Aktenexport.objects.latest("pk")
    assert auftrag.status == ExportStatus.FERTIG  # Celery eager in tests
    stand = client.get(antwort["Location"])
    assert "ZIP herunterladen" in stand.content.decode()
    datei = client.get(reverse("akte_export_datei", args=[auftrag.pk]))
    assert datei.status_code == 200
    return auftrag, zipfile.ZipFile(io.BytesIO(b"".join(datei.streaming_content)))


def test_zip_enthaelt_jedes_dokument_mit_passender_pruefsumme(bestandskraeftiger_bescheid, kommune_user,
                                                              kommune2_user, client_als, django_capture_on_commit_callbacks):
    unna = bestandskraeftiger_bescheid.antrag.kommune
    client = client_als(kommune_user)
    auftrag, zf = _zip_holen(client, unna, django_capture_on_commit_callbacks)
    namen = zf.namelist()
    assert {"index.pdf", "index.csv", "protokoll.pdf"} <= set(namen)
    zeilen = list(csv.reader(io.StringIO(zf.read("index.csv").decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:7] == ["Nr.", "Datei", "Dokument", "Art", "Datum", "erstellt von", "SHA-256"]
    erwartet = akte_fuer(kommune_user, unna, 2026).dokumente
    assert len(zeilen) - 1 == len(erwartet) >= 4
    for zeile, dokument in zip(zeilen[1:], erwartet):
        assert hashlib.sha256(zf.read(zeile[1])).hexdigest() == dokument.sha256 == zeile[6]
    pruefe_pdf_a(zf.read("index.pdf"))
    index_text = text_von(zf.read("index.pdf")).replace("\n", "")
    for dokument in erwartet:
        assert dokument.titel in index_text and dokument.sha256[:12] in index_text
    pruefe_pdf_a(zf.read("protokoll.pdf"))
    protokoll_text = text_von(zf.read("protokoll.pdf"))
    assert bestandskraeftiger_bescheid.nummer in protokoll_text and "Antrag eingereicht" in protokoll_text
    # Only the person who ordered it may fetch it; another Kommune gets 404.
    andere = client_als(kommune2_user)
    assert andere.get(reverse("akte_export", args=[auftrag.pk])).status_code == 404
    assert andere.get(reverse("akte_export_datei", args=[auftrag.pk])).status_code == 404
    assert Dokument.objects.count() == len(erwartet)  # the ZIP stored no new Dokument


def test_akte_abfragen_unabhaengig_von_der_zahl_der_eintraege(bestandskraeftiger_bescheid, sachbearbeitung_user,
                                                              client_als):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kim_foerderung.protokoll.services import protokolliere

    antrag = bestandskraeftiger_bescheid.antrag
    client = client_als(sachbearbeitung_user)
    url = reverse("akte", args=[antrag.kommune.ags, 2026])
    client.get(url)
    with CaptureQueriesContext(connection) as wenige:
        client.get(url)
    for i in range(40):
        protokolliere(antrag, sachbearbeitung_user, f"Vermerk {i}")
        protokolliere(bestandskraeftiger_bescheid, sachbearbeitung_user, f"Notiz {i}")
    with CaptureQueriesContext(connection) as viele:
        html = client.get(url).content.decode()
    assert "Vermerk 39" in html and "Notiz 39" in html
    assert len(viele) == len(wenige), (len(wenige), len(viele))


def test_akte_liest_nur_das_gezeigte_jahr(bestandskraeftiger_bescheid, sachbearbeitung_user, client_als):
    """Issue 13: the Akte of 2026 reads the entries and documents of 2026 only – the history of other years of the
    same Kommune (one more every year) is not loaded, and the page shows none of it."""
    from django.db.models.signals import post_init

    from kim_foerderung.protokoll.models import Protokolleintrag
    from kim_foerderung.protokoll.services import protokolliere
    from tests import factories

    antrag = bestandskraeftiger_bescheid.antrag
    client = client_als(sachbearbeitung_user)
    url = reverse("akte", args=[antrag.kommune.ags, 2026])

    geladen = []

    def zaehlen(sender, instance, **kwargs):
        geladen.append(instance)

    def geladene_eintraege():
        geladen.clear()
        post_init.connect(zaehlen, sender=Protokolleintrag)
        try:
            html = client.get(url).content.decode()
        finally:
            post_init.disconnect(zaehlen, sender=Protokolleintrag)
        return len(geladen), html

    vorher, _html = geladene_eintraege()
    assert vorher > 0
    spaeter = factories.AntragFactory(kommune=antrag.kommune, foerderjahr=2027)
    for i in range(30):
        protokolliere(spaeter, sachbearbeitung_user, f"Vermerk 2027 Nr. {i}")
    nachher, html = geladene_eintraege()
    assert nachher == vorher
    assert "Vermerk 2027" not in html
