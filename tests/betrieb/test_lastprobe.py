"""The load benchmark (scripts/lastprobe.py, `make lastprobe`) works: its short mode builds the throw-away
PostgreSQL database, starts gunicorn with production settings, logs in through the form (CSRF, axes), loads
the pages and prints the table. It checks that the run works, never how fast a page is (issue 13: speed is
shown by the benchmark, not asserted by a timed test)."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import lastprobe  # noqa: E402


@pytest.mark.postgres
def test_kurzlauf_misst_jede_kurze_seite_und_druckt_die_tabelle():
    ergebnis = subprocess.run([sys.executable, "scripts/lastprobe.py", "--kurz"], cwd=ROOT, env=dict(os.environ),
                              capture_output=True, text=True, timeout=600)
    assert ergebnis.returncode == 0, ergebnis.stdout[-3000:] + ergebnis.stderr[-3000:]
    ausgabe = ergebnis.stdout
    assert ("| Rolle | Seite | Abfragen | ohne Seitencache | p50 ms | p99 ms | Probeseite p50 ms | Verhältnis | |"
            in ausgabe)
    for seite in [s for s in lastprobe.SEITEN if s.kurz]:
        zeile = re.search(rf"^\| {seite.rolle} \| {re.escape(seite.titel)} \| (\d+) \| \d+ \| [\d,]+ \| [\d,]+ \| "
                          rf"[\d,]+ \| ([\d,]+) \| (ok|ZU LANGSAM) \|$", ausgabe, re.M)
        assert zeile, (seite.titel, ausgabe[-3000:])
        assert int(zeile.group(1)) > 0  # the page really ran its queries (HTTP 200, logged in)
    assert "Schlechteste Seite:" in ausgabe
    for pdf in ("Anlage 1 (Antrag)", "Anlage 2 (Zuwendungsbescheid)", "Ablehnungsbescheid"):
        assert re.search(rf"^\| {re.escape(pdf)} \| \d+ \| \d+ \| \d+ \| \d+ \| [\d,]+ \|", ausgabe, re.M), pdf
    assert "Fehlerantworten" not in ausgabe


def test_jede_seite_der_lastprobe_hat_eine_rolle_und_ist_eindeutig():
    titel = [s.titel for s in lastprobe.SEITEN + lastprobe.PDF_SEITEN]
    assert len(titel) == len(set(titel))
    assert {s.rolle for s in lastprobe.SEITEN} == {"kommune", "sachbearbeitung", "zeichnung", "finanzen", "admin"}
    assert any(s.kurz for s in lastprobe.SEITEN)
