"""Management commands foerderrechner and fristen (shared/rechner/CONTRACT.md): Nr. 5.4, 7.1.2, 7.3, 7.4, 8.

They run without a database: the subprocess tests point DATABASE_URL at an unreachable server, and the
in-process tests run under pytest-django without database access (any query would fail)."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
RECHNER = REPO.parent / "shared" / "rechner"
OEFFENTLICHE_FAELLE = ["oeff-01-kreis-voll", "oeff-02-stadt-teiljahr", "oeff-03-obergrenze"]
UMGEBUNG = {**os.environ, "KIM_TESTING": "1", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "PYTHONIOENCODING": "utf-8"}


def manage(*args, eingabe=b""):
    return subprocess.run([sys.executable, "manage.py", *args], input=eingabe, capture_output=True, cwd=REPO,
                          env=UMGEBUNG, timeout=60)


def befundmenge(daten):
    return sorted((b["code"], b["regel"], b.get("stelle")) for b in daten["befunde"])


def pruefe_abbruch(ergebnis, feld=None):
    assert ergebnis.returncode == 2
    assert ergebnis.stdout == b""
    meldung = ergebnis.stderr.decode("utf-8")
    assert meldung.endswith("\n") and meldung.count("\n") == 1, meldung
    assert "Traceback" not in meldung and "CommandError" not in meldung and "usage" not in meldung
    if feld:
        assert f'"{feld}"' in meldung
    return meldung


# --- subprocess: real exit codes, real stdout/stderr, unreachable database -----------------------

@pytest.mark.parametrize("name", OEFFENTLICHE_FAELLE)
def test_nr_5_4_foerderrechner_oeffentliche_faelle(name):
    """Nr. 5.4.1/5.4.2/4.3: manage.py foerderrechner < oeff-*.json gibt genau das expected.json aus, Exit 0."""
    assert RECHNER.is_dir(), f"{RECHNER} fehlt"
    ergebnis = manage("foerderrechner", eingabe=(RECHNER / f"{name}.json").read_bytes())
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    ausgabe = json.loads(ergebnis.stdout.decode("utf-8"))
    erwartet = json.loads((RECHNER / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert befundmenge(ausgabe) == befundmenge(erwartet)
    assert {k: v for k, v in ausgabe.items() if k != "befunde"} == {k: v for k, v in erwartet.items() if k != "befunde"}
    assert ergebnis.stdout.decode("utf-8") == json.dumps(ausgabe, indent=1, ensure_ascii=False) + "\n"


def test_nr_7_fristen_kommando_2027_mit_bekanntgabe():
    """Nr. 7.1.2, 7.3, 7.4: manage.py fristen 2027 --bekanntgabe 2027-01-31 wie im Vertrag."""
    ergebnis = manage("fristen", "2027", "--bekanntgabe", "2027-01-31")
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    erwartet = (RECHNER / "fristen-2027-bekanntgabe-2027-01-31.expected.json").read_text(encoding="utf-8")
    assert json.loads(ergebnis.stdout) == json.loads(erwartet)
    assert ergebnis.stdout.decode("utf-8") == json.dumps(json.loads(erwartet), indent=1, ensure_ascii=False) + "\n"


def test_nr_5_4_1_foerderrechner_fehlerhafte_eingabe_exit_2():
    """Nr. 5.4.1: VZÄ über 1,0 → Exit 2, ein deutscher Satz mit dem Feld auf stderr, nichts auf stdout."""
    fall = {"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [
        {"id": "K1", "art": "koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12"},
        {"id": "K2", "art": "koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12"},
        {"id": "K3", "art": "koordination", "vzae": "1.5", "von": "2026-01", "bis": "2026-12"}]}
    meldung = pruefe_abbruch(manage("foerderrechner", eingabe=json.dumps(fall).encode()), "stellen[2].vzae")
    assert meldung == 'Feld "stellen[2].vzae": Die VZÄ müssen größer als 0 und höchstens 1,0 sein.\n'
    pruefe_abbruch(manage("foerderrechner", eingabe=b"kein json"))


def test_nr_7_fristen_kommando_ungueltige_argumente_exit_2():
    """Nr. 7.1.2: ungültiges Jahr → Exit 2 mit deutschem Satz statt argparse-Englisch."""
    pruefe_abbruch(manage("fristen", "abc"), "jahr")


# --- in-process (call_command): every kind of malformed input --------------------------------------

def basis(**stelle):
    s = {"id": "K1", "art": "koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12", **stelle}
    return {"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [s]}


FEHLERHAFT = [
    ("kein_json", "{", None),
    ("kein_objekt", '"text"', None),
    ("foerderjahr_fehlt", json.dumps({"kommune_art": "kreis", "stellen": []}), "foerderjahr"),
    ("foerderjahr_ungueltig", json.dumps({**basis(), "foerderjahr": "2026"}), "foerderjahr"),
    ("kommune_art", json.dumps({**basis(), "kommune_art": "dorf"}), "kommune_art"),
    ("art", json.dumps(basis(art="leitung")), "stellen[0].art"),
    ("vzae_null", json.dumps(basis(vzae="0.0")), "stellen[0].vzae"),
    ("vzae_gross", json.dumps(basis(vzae=2)), "stellen[0].vzae"),
    ("vzae_text", json.dumps(basis(vzae="eins")), "stellen[0].vzae"),
    ("von_format", json.dumps(basis(von="2026-1")), "stellen[0].von"),
    ("monat_ausserhalb", json.dumps(basis(von="2025-12")), "stellen[0].von"),
    ("von_nach_bis", json.dumps(basis(von="2026-12", bis="2026-01")), "stellen[0].bis"),
    ("betrag_negativ", json.dumps(basis(sachausgaben="-0.01")), "stellen[0].sachausgaben"),
    ("betrag_text", json.dumps(basis(personalausgaben="57.000,00")), "stellen[0].personalausgaben"),
    ("qualifizierte_negativ", json.dumps({**basis(), "qualifizierte_kreisangehoerige": -2}),
     "qualifizierte_kreisangehoerige"),
    ("doppelte_id", json.dumps({**basis(), "stellen": basis()["stellen"] * 2}), "stellen[1].id"),
]


@pytest.mark.parametrize("art,text,feld", FEHLERHAFT, ids=[f[0] for f in FEHLERHAFT])
def test_nr_5_4_foerderrechner_jede_fehlerhafte_eingabe(art, text, feld, capsys):
    """Nr. 5.4 (Vertrag): jede Art fehlerhafter Eingabe → Exit 2, eine deutsche Zeile mit Feld, stdout leer."""
    with pytest.raises(SystemExit) as ende:
        call_command("foerderrechner", stdin=io.StringIO(text))
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err.count("\n") == 1 and aus.err.endswith(".\n")
    if feld:
        assert aus.err.startswith(f'Feld "{feld}": ')


@pytest.mark.parametrize("args,feld", [
    (["abc"], "jahr"),
    ([], "jahr"),
    (["2029"], "jahr"),
    (["2027", "--bekanntgabe", "31.01.2027"], "--bekanntgabe"),
    (["2027", "--bekanntgabe", "2027-02-30"], "--bekanntgabe"),
    (["2027", "--bekanntgabe"], "--bekanntgabe"),
    (["2027", "2028"], "2028"),
], ids=["jahr_text", "jahr_fehlt", "jahr_ausserhalb_nr_8", "datum_deutsch", "datum_ungueltig", "datum_fehlt",
        "zu_viele"])
def test_nr_7_fristen_jedes_ungueltige_argument(args, feld, capsys):
    """Nr. 7 und Nr. 8: ungültige Argumente → Exit 2, eine deutsche Zeile, die das Argument nennt, stdout leer."""
    with pytest.raises(SystemExit) as ende:
        call_command("fristen", *args)
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err.count("\n") == 1 and f'"{feld}"' in aus.err
    assert "error" not in aus.err and "usage" not in aus.err


def test_nr_7_1_2_fristen_2025_nutzt_konfigurierte_veroeffentlichung(settings, capsys):
    """Nr. 7.1.2: die Antragsfrist 2025 richtet sich nach settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG."""
    from datetime import date

    settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG = date(2024, 12, 19)
    call_command("fristen", "2025")
    ausgabe = json.loads(capsys.readouterr().out)
    assert ausgabe["antragsfrist"] == "2025-01-16"
    assert "klagefrist_ende" not in ausgabe


def test_nr_5_4_foerderrechner_in_process(capsys):
    """Nr. 5.4.2 a: call_command liefert dieselbe JSON-Ausgabe, Exit ohne Fehler."""
    call_command("foerderrechner", stdin=io.StringIO(json.dumps(
        {**basis(), "begleitmassnahmen": {"veranstaltungen": "7000"}})))
    ausgabe = json.loads(capsys.readouterr().out)
    assert ausgabe["summen"]["gesamt"] == "67700.00"
    assert ausgabe["befunde"] == [{"code": "VERANSTALTUNGEN_GEKAPPT", "regel": "5.4.2 a"}]
