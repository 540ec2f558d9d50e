"""DESIGN.md: an earlier stage never imports a later one – antraege knows nothing of bescheide, auszahlung or
verwendungsnachweis, neither in its code nor in its templates. Later stages hook into the Antrag page through
antraege.erweiterungen."""
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPAETERE = ("bescheide", "auszahlung", "verwendungsnachweis")


def test_antraege_importiert_keine_spaetere_stufe():
    muster = re.compile(rf"^\s*(from|import)\s+({'|'.join(SPAETERE)})\b", re.M)
    treffer = [str(p.relative_to(REPO)) for p in (REPO / "antraege").rglob("*.py") if muster.search(p.read_text())]
    assert treffer == []


def test_antrag_vorlagen_laden_keine_spaetere_stufe():
    muster = re.compile(rf"{{%\s*load\b[^%]*\b({'|'.join(SPAETERE)})\b")
    treffer = [str(p.relative_to(REPO)) for p in (REPO / "templates" / "antraege").rglob("*.html")
               if muster.search(p.read_text(encoding="utf-8"))]
    assert treffer == []
