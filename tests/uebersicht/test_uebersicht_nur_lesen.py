"""The Übersicht is read only (issue 12 Nr. 1): no models, no services, no writes of its own – it reads the stages
through their selectors, and the few writes it offers go through kim_foerderung.arbeitsliste.services (or, for
signing, through the Bescheid's own URL)."""
import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "uebersicht"
SCHREIBEND = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create",
              "update_or_create", "select_for_update"}


def test_keine_modelle_und_keine_schreibenden_aufrufe():
    assert not (APP / "models.py").exists() and not (APP / "services.py").exists()
    assert not (APP / "migrations").exists()
    for datei in APP.rglob("*.py"):
        for knoten in ast.walk(ast.parse(datei.read_text())):
            if isinstance(knoten, ast.Call) and isinstance(knoten.func, ast.Attribute):
                if getattr(knoten.func.value, "id", "") in ("mappe", "pruefsumme"):  # XLSX in memory, hashlib
                    continue
                assert knoten.func.attr not in SCHREIBEND, f"{datei.name}:{knoten.lineno} schreibt ({knoten.func.attr})"
