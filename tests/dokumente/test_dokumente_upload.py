"""Uploads (e.g. KIM-Konzept as PDF): only real PDFs up to 20 MB, stored with their SHA-256."""
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from kim_foerderung.dokumente import services
from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.dokumente.services import (
    MAX_UPLOAD_BYTES,
    DateiZuGross,
    DokumentFehler,
    KeinPdf,
    datei_speichern,
    ist_pdf,
    pruefsumme_gueltig,
)
from kim_foerderung.protokoll.models import Protokolleintrag


def pdf_bytes(seiten=1):
    schreiber = PdfWriter()
    for _ in range(seiten):
        schreiber.add_blank_page(width=595, height=842)
    puffer = io.BytesIO()
    schreiber.write(puffer)
    return puffer.getvalue()


def hochladen(unna, inhalt, name="KIM-Konzept.pdf", **kwargs):
    return datei_speichern(
        datei=SimpleUploadedFile(name, inhalt, content_type="application/pdf"), bezug=unna, kommune=unna,
        benutzer=kwargs.pop("benutzer", None), titel="KIM-Konzept", art="kim_konzept", **kwargs,
    )


def test_ist_pdf():
    assert ist_pdf(io.BytesIO(pdf_bytes()))
    assert not ist_pdf(io.BytesIO(b"Hallo, ich bin eine Textdatei.\n"))
    assert not ist_pdf(io.BytesIO(b"%PDF-1.7\nkaputt, kein echtes PDF"))
    assert not ist_pdf(io.BytesIO(b""))
    assert not ist_pdf(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))


@pytest.mark.django_db
def test_echtes_pdf_wird_gespeichert(unna, kommune_user):
    inhalt = pdf_bytes(2)
    dokument = hochladen(unna, inhalt, benutzer=kommune_user, schluessel="antrag-1-kim-konzept-v1")
    assert dokument.sha256 == hashlib.sha256(inhalt).hexdigest()
    assert dokument.groesse == len(inhalt)
    assert dokument.dateiname == "KIM-Konzept.pdf"
    assert dokument.mime_typ == "application/pdf"
    assert dokument.erstellt_von == kommune_user
    assert pruefsumme_gueltig(dokument)
    assert Protokolleintrag.objects.filter(aktion="Dokument hochgeladen: KIM-Konzept").count() == 1
    # The same upload again under the same key is the same Dokument.
    assert hochladen(unna, inhalt, schluessel="antrag-1-kim-konzept-v1").pk == dokument.pk
    assert Dokument.objects.count() == 1


@pytest.mark.django_db
def test_anderer_inhalt_unter_gleichem_schluessel_wird_abgelehnt(unna):
    hochladen(unna, pdf_bytes(1), schluessel="antrag-1-kim-konzept-v1")
    with pytest.raises(DokumentFehler, match="nicht überschrieben"):
        hochladen(unna, pdf_bytes(3), schluessel="antrag-1-kim-konzept-v1")


@pytest.mark.django_db
def test_ohne_schluessel_wird_einer_erzeugt(unna):
    a = hochladen(unna, pdf_bytes())
    b = hochladen(unna, pdf_bytes())
    assert a.pk != b.pk and a.schluessel.startswith("upload-")


@pytest.mark.django_db
def test_umbenannte_textdatei_wird_abgelehnt(unna, settings):
    with pytest.raises(KeinPdf) as fehler:
        hochladen(unna, b"Das ist nur Text, kein PDF.\n" * 10, name="Konzept.pdf")
    assert str(fehler.value) == "Die Datei ist kein PDF-Dokument. Bitte laden Sie eine PDF-Datei hoch."
    assert not Dokument.objects.exists()
    assert not settings.KIM_DOKUMENTE_ROOT.exists() or not any(
        p.is_file() for p in settings.KIM_DOKUMENTE_ROOT.rglob("*")
    )


@pytest.mark.django_db
def test_verschluesseltes_pdf_wird_abgelehnt(unna):
    schreiber = PdfWriter()
    schreiber.add_blank_page(width=595, height=842)
    schreiber.encrypt("geheim")
    puffer = io.BytesIO()
    schreiber.write(puffer)
    with pytest.raises(KeinPdf, match="Kennwort"):
        hochladen(unna, puffer.getvalue())


@pytest.mark.django_db
def test_zu_grosse_datei_wird_abgelehnt(unna, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 1000)  # same code path, no 20 MB in the test
    with pytest.raises(DateiZuGross, match="größer als 20 MB"):
        hochladen(unna, pdf_bytes() + b"%" * 1000)
    with pytest.raises(DateiZuGross):  # also a plain file object without .size
        datei_speichern(datei=io.BytesIO(b"%PDF-" + b"0" * 2000), bezug=unna, kommune=unna, benutzer=None,
                        titel="x", art="x")
    assert not Dokument.objects.exists()


def test_grenze_ist_20_mb():
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("eingabe", "erwartet"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\Konzept.PDF", "Konzept.PDF"),
        ('Bescheid "2025"\r\n.pdf', "Bescheid _2025_.pdf"),
        ("", "dokument.pdf"),
        ("Anlage 1 – Antrag Kreis Unna.pdf", "Anlage 1 – Antrag Kreis Unna.pdf"),
    ],
)
def test_download_name_ist_sicher(eingabe, erwartet):
    assert services._download_name(eingabe) == erwartet
