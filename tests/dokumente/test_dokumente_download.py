"""Serving stored documents: who may download what (DESIGN.md roles), and never a tampered file."""
import hashlib
import io
import logging

import pytest
from django.urls import reverse
from pypdf import PdfWriter

from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.dokumente.services import datei_speichern
from kim_foerderung.zugang.zugriff import sichtbar

pytestmark = pytest.mark.django_db


def kleines_pdf():
    schreiber = PdfWriter()
    schreiber.add_blank_page(width=595, height=842)
    puffer = io.BytesIO()
    schreiber.write(puffer)
    return puffer.getvalue()


def speichern(bezug, kommune, schluessel, benutzer=None, dateiname="Zuwendungsbescheid 2025 – Unna.pdf"):
    datei = io.BytesIO(kleines_pdf())
    return datei_speichern(
        datei=datei, bezug=bezug, kommune=kommune, benutzer=benutzer, titel="Zuwendungsbescheid 2025",
        art="anlage2", schluessel=schluessel, dateiname=dateiname,
    )


@pytest.fixture
def unna_dokument(unna, sachbearbeitung_user):
    return speichern(unna, unna, "test-unna-anlage2-v1", sachbearbeitung_user)


@pytest.fixture
def dokument_ohne_kommune(unna, finanzen_user):
    # e.g. a payout list: visible only to the Bezirksregierung.
    return speichern(finanzen_user, None, "zahlungslauf-1-liste", finanzen_user, dateiname="Auszahlungsliste.pdf")


def url(dokument):
    return reverse("dokument_herunterladen", args=[dokument.pk])


def inhalt(antwort):
    return b"".join(antwort.streaming_content)


def test_url():
    assert reverse("dokument_herunterladen", args=[7]) == "/dokumente/7/"


@pytest.mark.parametrize("wer", ["kommune_user", "sachbearbeitung_user", "zeichnung_user", "finanzen_user",
                                 "admin_user"])
def test_eigene_kommune_und_bezirksregierung_laden_herunter(request, wer, unna_dokument, client_als):
    antwort = client_als(request.getfixturevalue(wer)).get(url(unna_dokument))
    assert antwort.status_code == 200
    daten = inhalt(antwort)
    assert hashlib.sha256(daten).hexdigest() == unna_dokument.sha256
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert antwort["Cache-Control"] == "private, no-store"
    disposition = antwort["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Zuwendungsbescheid%202025%20%E2%80%93%20Unna.pdf" in disposition


def test_andere_kommune_bekommt_404(unna_dokument, kommune2_user, client_als):
    antwort = client_als(kommune2_user).get(url(unna_dokument))
    assert antwort.status_code == 404
    assert b"%PDF" not in antwort.content


def test_anonym_wird_zur_anmeldung_geleitet(unna_dokument, client):
    antwort = client.get(url(unna_dokument))
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("login"))
    assert "next=" in antwort["Location"]


def test_dokument_ohne_kommune_nur_fuer_bezirksregierung(dokument_ohne_kommune, kommune_user, finanzen_user,
                                                          client_als):
    assert dokument_ohne_kommune.kommune is None
    assert not sichtbar(kommune_user, Dokument).filter(pk=dokument_ohne_kommune.pk).exists()
    assert client_als(kommune_user).get(url(dokument_ohne_kommune)).status_code == 404
    assert client_als(finanzen_user).get(url(dokument_ohne_kommune)).status_code == 200


def test_sichtbar_fuer_kommunen(unna_dokument, dokument_ohne_kommune, kommune_user, kommune2_user,
                                sachbearbeitung_user):
    assert list(sichtbar(kommune_user, Dokument)) == [unna_dokument]
    assert list(sichtbar(kommune2_user, Dokument)) == []
    assert set(sichtbar(sachbearbeitung_user, Dokument)) == {unna_dokument, dokument_ohne_kommune}


def test_unbekanntes_dokument_404(client_als, sachbearbeitung_user):
    assert client_als(sachbearbeitung_user).get("/dokumente/999999/").status_code == 404


def test_nur_lesen_erlaubt(unna_dokument, client_als, sachbearbeitung_user):
    assert client_als(sachbearbeitung_user).post(url(unna_dokument)).status_code == 405


def test_manipulierte_datei_wird_nicht_ausgeliefert(unna_dokument, client_als, kommune_user, caplog):
    with open(unna_dokument.datei.path, "r+b") as datei:
        datei.seek(-8, io.SEEK_END)
        datei.write(b"XXXXXXXX")
    with caplog.at_level(logging.ERROR, logger="kim_foerderung.dokumente.views"):
        antwort = client_als(kommune_user).get(url(unna_dokument))
    assert antwort.status_code == 409
    assert b"%PDF" not in antwort.content
    assert "Prüfsumme" in antwort.content.decode()
    assert antwort["Cache-Control"] == "private, no-store"
    assert any("Prüfsumme" in r.getMessage() and str(unna_dokument.pk) in r.getMessage() for r in caplog.records)


def test_fehlende_datei_wird_gemeldet_nicht_500(unna_dokument, client_als, sachbearbeitung_user):
    import os

    os.remove(unna_dokument.datei.path)
    antwort = client_als(sachbearbeitung_user).get(url(unna_dokument))
    assert antwort.status_code == 409
    assert "nicht verfügbar" in antwort.content.decode()
