"""`manage.py demodaten` (demo users with a published password) in a real process against its own SQLite file.

Production (DJANGO_DEBUG=0) must refuse before any database write; KIM_TESTING=1 alone does not open the door
either (only an in-process pytest run does, see zugang.services.demo_erlaubt); DJANGO_DEBUG=1 creates the users.
"""
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MELDUNG = "Demo-Daten (Benutzer, Anträge, Bescheide) werden nur im Entwicklungsmodus angelegt (DJANGO_DEBUG=1)."


@pytest.fixture(scope="module")
def leere_datenbank(tmp_path_factory):
    """A migrated SQLite file (54 Kommunen from the data migration, no users), copied fresh for every test."""
    ordner = tmp_path_factory.mktemp("demodaten")
    datei = ordner / "vorlage.sqlite3"
    ergebnis = manage(umgebung(ordner, datei, DJANGO_DEBUG="0"), "migrate", "--noinput")
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    # A Kommune that differs from data/kommunen-nrw.csv: the command's kommunen_laden() would correct it, so
    # the test also sees that write, not only the users.
    with sqlite3.connect(datei) as verbindung:
        assert verbindung.execute(
            "UPDATE stammdaten_kommune SET name = 'Testkreis' WHERE ags = '05978000'").rowcount == 1
    return datei


@pytest.fixture
def datenbank(leere_datenbank, tmp_path):
    kopie = tmp_path / "db.sqlite3"
    kopie.write_bytes(leere_datenbank.read_bytes())
    return kopie


def umgebung(ordner, datei, **werte):
    """os.environ without any Django/KIM/service switch, a real secret key and the given SQLite file."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "KIM_")) and k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kim.example.org",
        DATABASE_URL=f"sqlite:///{datei}",
        KIM_VAR_DIR=str(ordner / "var"),
        KIM_DOKUMENTE_ROOT=str(ordner / "dokumente"),
        PYTHONIOENCODING="utf-8",
    )
    env.update(werte)
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def zaehle(datei):
    with sqlite3.connect(datei) as verbindung:
        return {
            "benutzer": verbindung.execute("SELECT COUNT(*) FROM zugang_benutzer").fetchone()[0],
            "kommunen": verbindung.execute("SELECT COUNT(*) FROM stammdaten_kommune").fetchone()[0],
            "protokoll": verbindung.execute("SELECT COUNT(*) FROM protokoll_protokolleintrag").fetchone()[0],
            "unna": verbindung.execute("SELECT name FROM stammdaten_kommune WHERE ags = '05978000'").fetchone()[0],
        }


@pytest.mark.parametrize("kommando", ["demodaten", "demo_antraege", "demo_bescheide", "demo_auszahlung",
                                     "demo_verwendungsnachweise"])
@pytest.mark.parametrize("schalter", [{"DJANGO_DEBUG": "0"}, {"DJANGO_DEBUG": "0", "KIM_TESTING": "1"}],
                         ids=["produktion", "produktion_mit_kim_testing"])
def test_demodaten_verweigert_ohne_debug_vor_jedem_schreiben(datenbank, tmp_path, schalter, kommando):
    """Demo-Daten (Benutzer mit bekanntem Passwort, Anträge, Bescheide) nie in Produktion: Exit ≠ 0, deutsche
    Meldung, nichts geschrieben – für jedes der drei Demo-Kommandos von `make run`."""
    vorher = zaehle(datenbank)
    assert vorher["benutzer"] == 0 and vorher["unna"] == "Testkreis"
    stempel = datenbank.stat().st_mtime_ns
    ergebnis = manage(umgebung(tmp_path, datenbank, **schalter), kommando)
    assert ergebnis.returncode != 0
    assert MELDUNG in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr
    assert ergebnis.stdout == ""
    assert zaehle(datenbank) == vorher
    assert datenbank.stat().st_mtime_ns == stempel, "die Datenbankdatei wurde verändert"


def test_demodaten_mit_debug_legt_die_benutzer_an(datenbank, tmp_path):
    """Gegenprobe: mit DJANGO_DEBUG=1 legt derselbe Aufruf die acht Demo-Benutzer an."""
    ergebnis = manage(umgebung(tmp_path, datenbank, DJANGO_DEBUG="1"), "demodaten")
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert "Demo-Benutzer (Passwort für alle: kim-demo):" in ergebnis.stdout
    nachher = zaehle(datenbank)
    assert nachher["benutzer"] == 8
    assert nachher["unna"] == "Kreis Unna"  # kommunen_laden() ran as well
