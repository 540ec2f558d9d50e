"""Layering for every pair (issue 8 Nr. 5; DESIGN.md, README "Aufbau"), checked on the syntax tree of every source
file – imports inside functions, relative imports and ``import_module("…")`` included:

- the core ``kim_foerderung`` (stammdaten, zugang, protokoll, dokumente, regeln, …) imports no stage app;
- ``kim_foerderung.regeln`` is pure Python: no Django, no app, not even the rest of the core (plain libraries
  such as ``holidays`` are fine);
- stage order antraege < bescheide < auszahlung < verwendungsnachweis < uebersicht: a stage never imports a
  later one (it reads an earlier one only through that stage's modules, and later stages plug in through
  ``kim_foerderung.erweiterungen``).
"""
import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STUFEN = ("antraege", "bescheide", "auszahlung", "verwendungsnachweis", "uebersicht")
KERN = "kim_foerderung"
DJANGO_WELT = ("django", "django_", "celery", "crispy_", "pgtrigger", "axes", "csp")  # not in regeln


def _modulname(pfad):
    teile = list(pfad.relative_to(REPO).with_suffix("").parts)
    if teile[-1] == "__init__":
        teile = teile[:-1]
    return ".".join(teile), pfad.name == "__init__.py"


def importe(quelle, modul, ist_paket=False):
    """Every module name ``quelle`` (source of module ``modul``) imports, anywhere in the file."""
    paket = modul.split(".") if ist_paket else modul.split(".")[:-1]
    gefunden = []
    for knoten in ast.walk(ast.parse(quelle)):
        if isinstance(knoten, ast.Import):
            gefunden += [(a.name, knoten.lineno) for a in knoten.names]
        elif isinstance(knoten, ast.ImportFrom):
            if knoten.level:
                basis = paket[: len(paket) - knoten.level + 1]
                name = ".".join(basis + ([knoten.module] if knoten.module else []))
                if not knoten.module:  # "from . import services" imports the submodules
                    gefunden += [(f"{name}.{a.name}", knoten.lineno) for a in knoten.names]
                    continue
            else:
                name = knoten.module
            gefunden.append((name, knoten.lineno))
        elif (isinstance(knoten, ast.Call) and getattr(knoten.func, "attr", getattr(knoten.func, "id", ""))
              in ("import_module", "__import__") and knoten.args and isinstance(knoten.args[0], ast.Constant)
              and isinstance(knoten.args[0].value, str)):
            gefunden.append((knoten.args[0].value, knoten.lineno))
    return gefunden


def schicht(modul):
    """("regeln" | "kern" | a stage | None for third-party and the standard library)."""
    teile = modul.split(".")
    if teile[0] == KERN:
        return "regeln" if teile[1:2] == ["regeln"] else "kern"
    if teile[0] in STUFEN:
        return teile[0]
    return None


def verstoesse(quelle, modul, ist_paket=False):
    von = schicht(modul)
    fehler = []
    for ziel, zeile in importe(quelle, modul, ist_paket):
        nach = schicht(ziel)
        wo = f"{modul}:{zeile} importiert {ziel}"
        if von == "regeln":
            oben = ziel.split(".")[0]
            if nach not in (None, "regeln") or oben == "django" or oben.startswith(DJANGO_WELT):
                fehler.append(f"{wo} – regeln ist reines Python (kein Django, keine App)")
        elif von == "kern" and nach in STUFEN:
            fehler.append(f"{wo} – der Kern importiert keine Stufe")
        elif von in STUFEN and nach in STUFEN and STUFEN.index(nach) > STUFEN.index(von):
            fehler.append(f"{wo} – eine frühere Stufe importiert keine spätere")
    return fehler


def _quelldateien():
    for wurzel in (KERN, *STUFEN):
        if (REPO / wurzel).is_dir():
            yield from sorted((REPO / wurzel).rglob("*.py"))


def test_jedes_paar_von_schichten_im_ganzen_baum():
    fehler = []
    for pfad in _quelldateien():
        modul, ist_paket = _modulname(pfad)
        fehler += verstoesse(pfad.read_text(encoding="utf-8"), modul, ist_paket)
    assert fehler == []


@pytest.mark.parametrize("modul, quelle, erwartet", [
    ("kim_foerderung.zugang.views", "def f():\n    from antraege.services import x\n", "der Kern importiert keine Stufe"),
    ("kim_foerderung.zugang.views", "import bescheide.selectors\n", "der Kern importiert keine Stufe"),
    ("kim_foerderung.regeln.fristen", "from django.conf import settings\n", "reines Python"),
    ("kim_foerderung.regeln.fristen", "from kim_foerderung import zeit\n", "reines Python"),
    ("kim_foerderung.regeln.fristen", "def f():\n    import django_fsm\n", "reines Python"),
    ("kim_foerderung.regeln.fristen", "from antraege.models import Antrag\n", "reines Python"),
    ("antraege.views", "def f():\n    import bescheide\n", "frühere Stufe"),
    ("bescheide.services.entwurf", "from auszahlung import services\n", "frühere Stufe"),
    ("auszahlung.views", "def f():\n    from importlib import import_module\n    import_module('uebersicht.x')\n",
     "frühere Stufe"),
    ("verwendungsnachweis.x", "from uebersicht.selectors import y\n", "frühere Stufe"),
])
def test_pruefung_erkennt_verstoesse(modul, quelle, erwartet):
    fehler = verstoesse(quelle, modul)
    assert len(fehler) == 1 and erwartet in fehler[0], fehler


@pytest.mark.parametrize("modul, quelle", [
    ("bescheide.views", "from antraege import selectors\nfrom kim_foerderung import erweiterungen\n"),
    ("uebersicht.views", "from auszahlung.selectors import a\nfrom bescheide.selectors import b\n"),
    ("kim_foerderung.regeln.geld", "from decimal import Decimal\nfrom .basis import RegelFehler\nimport holidays\n"),
    ("kim_foerderung.zugang.views", "from kim_foerderung import erweiterungen\n"),
])
def test_erlaubte_richtungen(modul, quelle):
    assert verstoesse(quelle, modul) == []


def test_relativer_import_wird_aufgeloest():
    assert importe("from ..selectors import wirksamer_bescheid\n", "bescheide.services.entwurf") == [
        ("bescheide.selectors", 1)]
    assert importe("from . import entwurf\n", "bescheide.services", ist_paket=True) == [
        ("bescheide.services.entwurf", 1)]


def test_vorlagen_laden_keine_tags_spaeterer_stufen():
    """Templates of a stage load no template-tag library of a later stage (templates/<stage>/…)."""
    bibliotheken = {}
    for stufe in STUFEN:
        for datei in (REPO / stufe / "templatetags").glob("*.py") if (REPO / stufe).is_dir() else ():
            bibliotheken[datei.stem] = stufe
    laden = re.compile(r"{%\s*load\s+([^%]*)%}")
    fehler = []
    for stufe in STUFEN:
        for vorlage in sorted((REPO / "templates" / stufe).rglob("*.html")):
            for namen in laden.findall(vorlage.read_text(encoding="utf-8")):
                for name in namen.split():
                    if name in bibliotheken and STUFEN.index(bibliotheken[name]) > STUFEN.index(stufe):
                        fehler.append(f"{vorlage.relative_to(REPO)} lädt {name} ({bibliotheken[name]})")
    assert fehler == []
