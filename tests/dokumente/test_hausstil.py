"""The house style of every letter, pdf/dokument.css: parsed once, applied to every PDF, overridden by the
document's own <style>, and part of the key of a cached preview (issue 13)."""
import io
import os

import pikepdf
import pytest

from kim_foerderung.dokumente import services
from tests.pdf_pruefung import fonts_der_seite


def schriften(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return {str(font.get("/BaseFont")).split("+")[-1] for seite in pdf.pages for _n, font in fonts_der_seite(seite)}


def brief(stil=""):
    return (f"<html lang='de'><head><style>{stil}</style></head><body>"
            "<h1>Zuwendungsbescheid</h1><p>Text des Bescheids.</p></body></html>")


def test_hausstil_gilt_fuer_jedes_pdf_und_der_eigene_stil_gewinnt():
    """Without a word of style in the document, h1 is set in DejaVu Serif Bold and the text in DejaVu Sans (house
    style); a document's own <style> for h1 wins over it."""
    assert schriften(services.pdf_aus_html(brief())) == {"DejaVu-Serif-Bold", "DejaVu-Sans"}
    eigene = schriften(services.pdf_aus_html(brief("h1 { font-family: 'DejaVu Sans Mono'; font-weight: normal }")))
    assert eigene == {"DejaVu-Sans-Mono", "DejaVu-Sans"}


def test_hausstil_wird_einmal_gelesen_und_nach_einer_aenderung_neu(tmp_path, monkeypatch):
    datei = tmp_path / "dokument.css"
    datei.write_text("h1 { font-family: 'DejaVu Serif'; font-weight: bold }", encoding="utf-8")
    monkeypatch.setattr(services, "HAUSSTIL", datei)
    summe, stil = services.hausstil()
    assert services.hausstil() == (summe, stil)  # the same parsed object, not parsed again

    datei.write_text("h1 { font-family: 'DejaVu Sans Mono' }", encoding="utf-8")
    os.utime(datei, ns=(datei.stat().st_atime_ns, datei.stat().st_mtime_ns + 1_000_000))
    neue_summe, neuer_stil = services.hausstil()
    assert neue_summe != summe and neuer_stil is not stil
    assert "DejaVu-Sans-Mono-Bold" in schriften(services.pdf_aus_html(brief()))


@pytest.mark.django_db
def test_zwischengespeicherte_vorschau_haengt_am_hausstil(tmp_path, monkeypatch):
    """The cached preview's key holds the house style: after an edit of pdf/dokument.css the same HTML is rendered
    anew (with the new style), not served from the cache."""
    datei = tmp_path / "dokument.css"
    datei.write_text("h1 { font-family: 'DejaVu Serif'; font-weight: bold }", encoding="utf-8")
    monkeypatch.setattr(services, "HAUSSTIL", datei)
    html = brief()
    erste = services.pdf_aus_html_zwischengespeichert(html)
    assert services.pdf_aus_html_zwischengespeichert(html) == erste
    assert "DejaVu-Serif-Bold" in schriften(erste)

    datei.write_text("h1 { font-family: 'DejaVu Sans Mono'; font-weight: normal }", encoding="utf-8")
    os.utime(datei, ns=(datei.stat().st_atime_ns, datei.stat().st_mtime_ns + 1_000_000))
    neue = services.pdf_aus_html_zwischengespeichert(html)
    assert "DejaVu-Sans-Mono" in schriften(neue) and "DejaVu-Serif-Bold" not in schriften(neue)
