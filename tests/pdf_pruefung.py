"""Shared checks of our PDF/A-3b documents (DESIGN.md "Documents"): no PDF/A validator runs here, so the
structure is checked with pikepdf and the text with pypdf."""
import io

import pikepdf
import pypdf

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def font_eingebettet(font):
    """True if ``font`` (and, for Type0, every descendant font) carries an embedded font program."""
    if font.get("/Subtype") == "/Type0":
        nachfahren = list(font.get("/DescendantFonts", []))
        return bool(nachfahren) and all(font_eingebettet(d) for d in nachfahren)
    if font.get("/Subtype") == "/Type3":  # glyphs are content streams, nothing to embed
        return True
    beschreibung = font.get("/FontDescriptor")
    if beschreibung is None:
        return False
    return any(k in beschreibung for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def fonts_der_seite(seite):
    ressourcen = seite.obj.get("/Resources", pikepdf.Dictionary())
    return list(ressourcen.get("/Font", pikepdf.Dictionary()).items())


def pruefe_pdf_a(daten):
    """PDF/A-3b identification in the XMP metadata, an sRGB OutputIntent with its ICC profile, every font of every
    page embedded (DejaVu), no encryption, German document language. Returns the number of pages."""
    with pikepdf.open(io.BytesIO(daten)) as pdf:
        assert not pdf.is_encrypted
        assert "/Encrypt" not in pdf.trailer
        xmp = pdf.open_metadata()
        assert xmp.get(f"{PDFAID}part") == "3"
        assert xmp.get(f"{PDFAID}conformance") == "B"
        intents = pdf.Root.get("/OutputIntents")
        assert intents is not None and len(intents) >= 1
        assert intents[0].get("/S") == "/GTS_PDFA1"
        assert isinstance(intents[0].get("/DestOutputProfile"), pikepdf.Stream)
        assert "sRGB" in str(intents[0].get("/OutputConditionIdentifier"))
        fonts = []
        for seite in pdf.pages:
            for name, font in fonts_der_seite(seite):
                fonts.append(str(font.get("/BaseFont")))
                assert font_eingebettet(font), f"Schrift {name} {font.get('/BaseFont')} ist nicht eingebettet"
        assert fonts, "Das Dokument enthält keine Schriften."
        assert all("DejaVu" in f for f in fonts), fonts
        assert str(pdf.Root.get("/Lang")) == "de"
        return len(pdf.pages)


def text_von(daten):
    """All pages' text with every run of whitespace as one blank (a phrase may wrap anywhere)."""
    seiten = pypdf.PdfReader(io.BytesIO(daten)).pages
    return " ".join(" ".join(seite.extract_text() for seite in seiten).split())


def dokument_bytes(dokument):
    with dokument.datei.storage.open(dokument.datei.name, "rb") as datei:
        return datei.read()
