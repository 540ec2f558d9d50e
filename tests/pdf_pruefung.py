"""Shared checks of our PDF/A-3b documents (DESIGN.md "Documents"): no PDF/A validator runs here, so the
structure is checked with pikepdf and the text with pypdf."""
import io
import re

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


# --- Where the words are (issue 14 Nr. 3: nothing may cross the margin) -------------------------------------
# A small interpreter of the text operators of WeasyPrint's content streams (pikepdf parses, we position):
# every glyph's box from the text matrix, the CTM and the glyph widths of its font (/W of the CID font), the
# character from the font's ToUnicode map. pypdf's visitor_text gives the text matrix but not the glyph widths,
# so it could not tell a word's right edge.

MM = 72 / 25.4
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _mal(a, b):
    """Product of two PDF matrices [a b c d e f] (row vectors: p' = p × a × b)."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _punkt(m, x, y):
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _unicode_karte(font):
    """code → text from the font's ToUnicode CMap (bfchar and bfrange)."""
    karte = {}
    strom = font.get("/ToUnicode")
    if strom is None:
        return karte
    daten = strom.read_bytes()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", daten, re.S):
        werte = _HEX.findall(block)
        for code, text in zip(werte[::2], werte[1::2]):
            karte[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", daten, re.S):
        for zeile in block.splitlines():
            werte = _HEX.findall(zeile)
            if len(werte) < 3:
                continue
            von, bis = int(werte[0], 16), int(werte[1], 16)
            if b"[" in zeile:
                for i, text in enumerate(werte[2:]):
                    karte[von + i] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
            else:
                start = int(werte[2], 16)
                for i in range(bis - von + 1):
                    karte[von + i] = chr(start + i)
    return karte


class _Schrift:
    def __init__(self, font):
        self.zweibyte = font.get("/Subtype") == "/Type0"
        self.breiten, self.standard = {}, 1000.0
        if self.zweibyte:
            nachfahr = font["/DescendantFonts"][0]
            self.standard = float(nachfahr.get("/DW", 1000))
            w = list(nachfahr.get("/W", []))
            i = 0
            while i < len(w):
                erster = int(w[i])
                if isinstance(w[i + 1], pikepdf.Array):
                    for k, breite in enumerate(w[i + 1]):
                        self.breiten[erster + k] = float(breite)
                    i += 2
                else:
                    for code in range(erster, int(w[i + 1]) + 1):
                        self.breiten[code] = float(w[i + 2])
                    i += 3
        else:
            erster = int(font.get("/FirstChar", 0))
            for k, breite in enumerate(font.get("/Widths", [])):
                self.breiten[erster + k] = float(breite)
        self.zeichen = _unicode_karte(font)

    def codes(self, roh):
        if self.zweibyte:
            return [int.from_bytes(roh[i:i + 2], "big") for i in range(0, len(roh) - 1, 2)]
        return list(roh)


def _glyphen(inhalt, ressourcen, ctm, ausgabe):
    """Append (text, x0, x1, y) per glyph of ``inhalt`` (a page or form XObject) to ``ausgabe``."""
    schriften = {}
    stapel = []
    tm = tlm = [1, 0, 0, 1, 0, 0]
    schrift, groesse, tc, tw, th, tl, rise = None, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0

    def zeigen(roh):
        nonlocal tm
        for code in schrift.codes(bytes(roh)):
            breite = schrift.breiten.get(code, schrift.standard) / 1000 * groesse
            m = _mal(tm, ctm)
            x0, y = _punkt(m, 0, rise)
            x1, _ = _punkt(m, breite * th, rise)
            ausgabe.append((schrift.zeichen.get(code, "\ufffd"), min(x0, x1), max(x0, x1), round(y, 1)))
            vorschub = (breite + tc + (tw if not schrift.zweibyte and code == 32 else 0)) * th
            tm = _mal([1, 0, 0, 1, vorschub, 0], tm)

    fonts = ressourcen.get("/Font", pikepdf.Dictionary())
    xobjekte = ressourcen.get("/XObject", pikepdf.Dictionary())
    for operanden, operator in pikepdf.parse_content_stream(inhalt):
        op = str(operator)
        if op == "q":
            stapel.append(ctm)
        elif op == "Q":
            ctm = stapel.pop()
        elif op == "cm":
            ctm = _mal([float(v) for v in operanden], ctm)
        elif op == "BT":
            tm = tlm = [1, 0, 0, 1, 0, 0]
        elif op == "Tf":
            name = str(operanden[0])
            if name not in schriften:
                schriften[name] = _Schrift(fonts[name])
            schrift, groesse = schriften[name], float(operanden[1])
        elif op == "Tm":
            tm = tlm = [float(v) for v in operanden]
        elif op in ("Td", "TD"):
            tx, ty = float(operanden[0]), float(operanden[1])
            if op == "TD":
                tl = -ty
            tm = tlm = _mal([1, 0, 0, 1, tx, ty], tlm)
        elif op == "T*":
            tm = tlm = _mal([1, 0, 0, 1, 0, -tl], tlm)
        elif op == "Tc":
            tc = float(operanden[0])
        elif op == "Tw":
            tw = float(operanden[0])
        elif op == "Tz":
            th = float(operanden[0]) / 100
        elif op == "TL":
            tl = float(operanden[0])
        elif op == "Ts":
            rise = float(operanden[0])
        elif op == "Tj":
            zeigen(operanden[0])
        elif op in ("'", '"'):
            tm = tlm = _mal([1, 0, 0, 1, 0, -tl], tlm)
            zeigen(operanden[-1])
        elif op == "TJ":
            for teil in operanden[0]:
                if isinstance(teil, pikepdf.String):
                    zeigen(teil)
                else:
                    tm = _mal([1, 0, 0, 1, -float(teil) / 1000 * groesse * th, 0], tm)
        elif op == "Do":
            objekt = xobjekte.get(str(operanden[0]))
            if objekt is not None and objekt.get("/Subtype") == "/Form":
                matrix = [float(v) for v in objekt.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                _glyphen(objekt, objekt.get("/Resources", ressourcen), _mal(matrix, ctm), ausgabe)


def woerter(daten):
    """Every word of every page: dicts with seite (1-based), text, x0, x1 (PDF points from the left edge), y
    (baseline, points from the bottom), breite and hoehe of the page. A word is a run of glyphs without white
    space on one baseline, each glyph starting where the previous one ended."""
    ergebnis = []
    with pikepdf.open(io.BytesIO(daten)) as pdf:
        for nummer, seite in enumerate(pdf.pages, start=1):
            box = [float(v) for v in seite.mediabox]
            glyphen = []
            _glyphen(seite, seite.obj.get("/Resources", pikepdf.Dictionary()), [1, 0, 0, 1, 0, 0], glyphen)
            wort = None
            for text, x0, x1, y in glyphen:
                if not text.strip():
                    wort = None
                    continue
                # kerning (T e) may pull a glyph a little into its predecessor
                if wort is not None and wort["y"] == y and -3 < x0 - wort["x1"] < 0.8:
                    wort["text"] += text
                    wort["x1"] = max(wort["x1"], x1)
                    continue
                wort = {"seite": nummer, "text": text, "x0": x0, "x1": x1, "y": y,
                        "breite": box[2] - box[0], "hoehe": box[3] - box[1]}
                ergebnis.append(wort)
    return ergebnis


def ueber_den_rand(daten, *, links_mm=25, rechts_mm=20, toleranz=0.5):
    """The words that lie outside the text box (page width minus the left and right margins of pdf/basis.html):
    a list of "Seite n: „Wort“ endet 7,1 mm hinter dem rechten Rand" sentences, empty if everything fits."""
    fehler = []
    for w in woerter(daten):
        rechts = w["breite"] - rechts_mm * MM
        links = links_mm * MM
        if w["x1"] > rechts + toleranz:
            fehler.append(f"Seite {w['seite']}: „{w['text']}“ endet {(w['x1'] - rechts) / MM:.1f} mm hinter dem "
                          "rechten Rand")
        elif w["x0"] < links - toleranz:
            fehler.append(f"Seite {w['seite']}: „{w['text']}“ beginnt {(links - w['x0']) / MM:.1f} mm vor dem "
                          "linken Rand")
    return fehler


def zeilen(daten, *, unten_mm=None):
    """The lines of text per page as strings (words on one baseline, left to right), top to bottom. With
    ``unten_mm`` only the lines in the bottom margin (the running footer)."""
    nach_zeile = {}
    for w in woerter(daten):
        if unten_mm is not None and w["y"] > unten_mm * MM:
            continue
        nach_zeile.setdefault((w["seite"], -w["y"]), []).append(w)
    return [(seite, " ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])))
            for (seite, _), ws in sorted(nach_zeile.items())]
