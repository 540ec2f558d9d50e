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


def manage(*args, eingabe=b"", env=None):
    return subprocess.run([sys.executable, "manage.py", *args], input=eingabe, capture_output=True, cwd=REPO,
                          env=env or UMGEBUNG, timeout=60)


def schlichte_umgebung():
    """os.environ as a user's shell has it (PATH, HOME, locale …) without any Django/KIM/service variable."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "KIM_")) and k not in {"DATABASE_URL", "REDIS_URL"}}


def umgebung(art):
    """"test": as the suite runs (KIM_TESTING); "schlicht": as in the README – a plain shell without
    DJANGO_DEBUG, KIM_TESTING and DJANGO_SECRET_KEY. Both point DATABASE_URL at a server that does not exist."""
    if art == "test":
        return UMGEBUNG
    env = {**schlichte_umgebung(), "DATABASE_URL": UMGEBUNG["DATABASE_URL"]}
    assert not {"DJANGO_DEBUG", "KIM_TESTING", "DJANGO_SECRET_KEY"} & set(env)
    return env


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

@pytest.mark.parametrize("art", ["test", "schlicht"])
@pytest.mark.parametrize("name", OEFFENTLICHE_FAELLE)
def test_nr_5_4_foerderrechner_oeffentliche_faelle(name, art):
    """Nr. 5.4.1/5.4.2/4.3: manage.py foerderrechner < oeff-*.json gibt genau das expected.json aus, Exit 0 –
    auch wie im README in einer schlichten Shell ohne DJANGO_DEBUG, KIM_TESTING und DJANGO_SECRET_KEY."""
    assert RECHNER.is_dir(), f"{RECHNER} fehlt"
    ergebnis = manage("foerderrechner", eingabe=(RECHNER / f"{name}.json").read_bytes(), env=umgebung(art))
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    ausgabe = json.loads(ergebnis.stdout.decode("utf-8"))
    erwartet = json.loads((RECHNER / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert befundmenge(ausgabe) == befundmenge(erwartet)
    assert {k: v for k, v in ausgabe.items() if k != "befunde"} == {k: v for k, v in erwartet.items() if k != "befunde"}
    assert ergebnis.stdout.decode("utf-8") == json.dumps(ausgabe, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("art", ["test", "schlicht"])
def test_nr_7_fristen_kommando_2027_mit_bekanntgabe(art):
    """Nr. 7.1.2, 7.3, 7.4: manage.py fristen 2027 --bekanntgabe 2027-01-31 wie im Vertrag, zeichengenau –
    auch in einer schlichten Shell wie im README."""
    ergebnis = manage("fristen", "2027", "--bekanntgabe", "2027-01-31", env=umgebung(art))
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    erwartet = (RECHNER / "fristen-2027-bekanntgabe-2027-01-31.expected.json").read_text(encoding="utf-8")
    assert json.loads(ergebnis.stdout) == json.loads(erwartet)
    assert ergebnis.stdout.decode("utf-8") == json.dumps(json.loads(erwartet), indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("art", ["test", "schlicht"])
def test_41_vwvfg_nrw_fristen_kommando_mit_absendung(art):
    """§ 41 Abs. 2 VwVfG NRW: fristen 2026 --abgesandt 2026-01-05 → Bekanntgabe Fr 2026-01-09, Klagefrist bis
    2026-02-09, bestandskräftig ab 2026-02-10 (auch in einer schlichten Shell wie im README)."""
    ergebnis = manage("fristen", "2026", "--abgesandt", "2026-01-05", env=umgebung(art))
    assert ergebnis.returncode == 0, ergebnis.stderr.decode()
    assert ergebnis.stderr == b""
    ausgabe = json.loads(ergebnis.stdout)
    assert list(ausgabe)[-3:] == ["bekanntgabe", "klagefrist_ende", "bestandskraeftig_ab"]
    assert (ausgabe["bekanntgabe"], ausgabe["klagefrist_ende"], ausgabe["bestandskraeftig_ab"]) == (
        "2026-01-09", "2026-02-09", "2026-02-10")
    assert ausgabe["verwendungsnachweis_frist"] == "2027-03-31"


def test_41_vwvfg_nrw_fristen_beides_angegeben_exit_2():
    """§ 41 Abs. 2 VwVfG NRW (Vertrag): --abgesandt und --bekanntgabe zugleich → Exit 2 mit deutschem Satz."""
    meldung = pruefe_abbruch(manage("fristen", "2026", "--abgesandt", "2026-01-05", "--bekanntgabe", "2026-01-09"))
    assert '"--abgesandt"' in meldung and '"--bekanntgabe"' in meldung


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


# --- subprocess in a plain shell: no DJANGO_DEBUG, no KIM_TESTING, no DJANGO_SECRET_KEY ------------

def schlicht(*args, eingabe=b""):
    return manage(*args, eingabe=eingabe, env=umgebung("schlicht"))


def test_nr_7_fristen_fehler_ohne_geheimnis_exit_2():
    """Nr. 7.4: auch ohne Schlüssel meldet ein ungültiges Argument Exit 2 mit einem deutschen Satz."""
    pruefe_abbruch(schlicht("fristen", "2026", "--bekanntgabe", "9999-12-15"), "--bekanntgabe")


def test_ohne_geheimnis_verweigern_alle_anderen_kommandos_und_die_web_app():
    """Die Ausnahme gilt nur für foerderrechner und fristen: check, migrate und die WSGI-App (gunicorn)
    starten ohne DJANGO_SECRET_KEY weiterhin nicht."""
    for args in (["check"], ["migrate", "--plan"], ["help", "fristen"]):
        ergebnis = schlicht(*args)
        assert ergebnis.returncode != 0, args
        assert "DJANGO_SECRET_KEY fehlt" in ergebnis.stderr.decode("utf-8"), args
    wsgi = subprocess.run([sys.executable, "-c", "import kim_foerderung.wsgi"], capture_output=True, cwd=REPO,
                          env=schlichte_umgebung(), timeout=60)
    assert wsgi.returncode != 0
    assert "DJANGO_SECRET_KEY fehlt" in wsgi.stderr.decode("utf-8")


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
    ("vzae_negativ", json.dumps(basis(vzae="-0.5")), "stellen[0].vzae"),
    ("vzae_negativ_zahl", json.dumps(basis(vzae=-1)), "stellen[0].vzae"),
    # Huge or non-finite numbers: no decimal.InvalidOperation traceback, but exit 2 naming the field.
    ("betrag_1e400", '{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [{"id": "K1", "art": '
     '"koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12", "personalausgaben": 1e400}]}',
     "stellen[0].personalausgaben"),
    ("betrag_35_stellen", json.dumps(basis(sachausgaben="1" * 35)), "stellen[0].sachausgaben"),
    ("betrag_35_stellen_zahl", json.dumps(basis(personalausgaben=int("9" * 35))), "stellen[0].personalausgaben"),
    ("betrag_eine_milliarde", json.dumps(basis(personalausgaben="1000000000")), "stellen[0].personalausgaben"),
    ("betrag_nan", '{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [{"id": "K1", "art": '
     '"koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12", "sachausgaben": NaN}]}',
     "stellen[0].sachausgaben"),
    ("begleit_infinity", json.dumps({**basis(), "begleitmassnahmen": {"schnittstellen": "x"}}).replace(
        '"x"', "Infinity"), "begleitmassnahmen.schnittstellen"),
    ("vzae_1e400", '{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [{"id": "K1", "art": '
     '"koordination", "vzae": 1e400, "von": "2026-01", "bis": "2026-12"}]}', "stellen[0].vzae"),
    ("vzae_infinity", '{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [{"id": "K1", "art": '
     '"koordination", "vzae": Infinity, "von": "2026-01", "bis": "2026-12"}]}', "stellen[0].vzae"),
    ("vzae_35_stellen", json.dumps(basis(vzae="1" * 35)), "stellen[0].vzae"),
    ("kontingent_1e400", json.dumps({**basis(), "cm_kontingent_vzae": "x"}).replace('"x"', "1e400"),
     "cm_kontingent_vzae"),
    ("kontingent_minus_infinity", json.dumps({**basis(), "cm_kontingent_vzae": "x"}).replace('"x"', "-Infinity"),
     "cm_kontingent_vzae"),
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
    (["2027.0"], "jahr"),
    (["-2027"], "jahr"),
    (["2027.5", "--bekanntgabe", "2027-01-31"], "jahr"),
    (["2029", "--bekanntgabe", "9999-12-15"], "jahr"),
    (["2026", "--bekanntgabe", "9999-12-15"], "--bekanntgabe"),
    (["2026", "--bekanntgabe", "0001-01-01"], "--bekanntgabe"),
    (["2026", "--bekanntgabe", "2024-12-31"], "--bekanntgabe"),
    (["2026", "--bekanntgabe", "2029-01-01"], "--bekanntgabe"),
    (["2026", "--abgesandt", "05.01.2026"], "--abgesandt"),
    (["2026", "--abgesandt"], "--abgesandt"),
    (["2026", "--abgesandt", "2024-12-31"], "--abgesandt"),
    (["2026", "--abgesandt", "2026-01-05", "--bekanntgabe", "2026-01-09"], "--abgesandt"),
], ids=["jahr_text", "jahr_fehlt", "jahr_ausserhalb_nr_8", "datum_deutsch", "datum_ungueltig", "datum_fehlt",
        "zu_viele", "jahr_dezimal", "jahr_negativ", "jahr_bruch_mit_datum", "jahr_vor_datum_geprueft",
        "datum_jahr_9999", "datum_jahr_1", "datum_vor_vorjahr", "datum_nach_uebernaechstem_jahr",
        "abgesandt_deutsch", "abgesandt_fehlt", "abgesandt_vor_vorjahr", "abgesandt_und_bekanntgabe"])
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


@pytest.mark.parametrize("datum", ["2025-01-01", "2028-12-31"])
def test_nr_7_4_bekanntgabe_an_den_raendern_des_zeitraums(datum, capsys):
    """§ 74 VwGO, Nr. 7.4: Bekanntgabe vom 1.1. des Vorjahres bis 31.12. des übernächsten Jahres ist erlaubt."""
    call_command("fristen", "2026", "--bekanntgabe", datum)
    ausgabe = json.loads(capsys.readouterr().out)
    assert ausgabe["klagefrist_ende"] > datum and ausgabe["bestandskraeftig_ab"] > ausgabe["klagefrist_ende"]


def test_nr_7_4_bekanntgabe_ausserhalb_nennt_den_zeitraum(capsys):
    """§ 74 VwGO, Nr. 7.4: die Meldung sagt auf Deutsch, welcher Zeitraum erlaubt ist."""
    with pytest.raises(SystemExit) as ende:
        call_command("fristen", "2026", "--bekanntgabe", "9999-12-15")
    assert ende.value.code == 2
    assert capsys.readouterr().err == (
        'Argument "--bekanntgabe": Der Tag der Bekanntgabe eines Bescheids zum Förderjahr 2026 muss zwischen '
        "dem 01.01.2025 und dem 31.12.2028 liegen.\n")


def test_nr_5_4_riesenbetrag_meldung_wortlaut(capsys):
    """Nr. 5.4.1: ein Betrag ab 1 Mrd. € → Exit 2, ein deutscher Satz mit dem Feld, nichts auf stdout."""
    with pytest.raises(SystemExit) as ende:
        call_command("foerderrechner", stdin=io.StringIO(json.dumps(basis(personalausgaben="1" * 35))))
    assert ende.value.code == 2
    aus = capsys.readouterr()
    assert aus.out == ""
    assert aus.err == 'Feld "stellen[0].personalausgaben": Der Betrag muss unter 1 000 000 000 Euro liegen.\n'


def test_nr_5_4_1_grosse_betraege_unter_der_grenze_werden_gekappt(capsys):
    """Nr. 5.4.1/5.4.2: 999 999 999,99 € ist erlaubt und wird auf den Höchstbetrag gekappt."""
    call_command("foerderrechner", stdin=io.StringIO(json.dumps(
        basis(personalausgaben="999999999.99", sachausgaben=999999999))))
    ausgabe = json.loads(capsys.readouterr().out)
    assert ausgabe["stellen"][0]["personalausgaben"] == "57000.00"
    assert ausgabe["stellen"][0]["sachausgaben"] == "5700.00"


def test_nr_5_4_riesenbetrag_im_subprozess_ohne_traceback():
    """Nr. 5.4.1: 1e400 als Betrag → Exit 2 im echten Prozess, kein Traceback, stdout leer."""
    text = ('{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [{"id": "K1", "art": "koordination", '
            '"vzae": "1.0", "von": "2026-01", "bis": "2026-12", "personalausgaben": 1e400}]}')
    pruefe_abbruch(manage("foerderrechner", eingabe=text.encode()), "stellen[0].personalausgaben")
