"""Förderrechner-Vertrag (shared/rechner/CONTRACT.md): Eingabeprüfung und JSON-Ausgabe, Nr. 5.4 und 8."""
import ast
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kim_foerderung.regeln import EingabeFehler, berechne, ergebnis_als_json, fall_aus_json, parse_fall

REPO = Path(__file__).resolve().parents[2]
REGELN = REPO / "kim_foerderung" / "regeln"


def basis(**aenderungen):
    fall = {"foerderjahr": 2026, "kommune_art": "kreis",
            "stellen": [{"id": "K1", "art": "koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12"}]}
    fall.update(aenderungen)
    return fall


def stelle(**aenderungen):
    s = {"id": "K1", "art": "koordination", "vzae": "1.0", "von": "2026-01", "bis": "2026-12"}
    s.update(aenderungen)
    return basis(stellen=[s])


# Jede Art fehlerhafter Eingabe: (Eingabe als JSON-Text, Feld, das die Meldung nennen muss)
FEHLERHAFT = {
    "kein_json": ('{"foerderjahr": 2026,', None),
    "leer": ("", None),
    "kein_objekt": ("[1, 2]", None),
    "foerderjahr_fehlt": (json.dumps({"kommune_art": "kreis", "stellen": []}), "foerderjahr"),
    "foerderjahr_text": (json.dumps(basis(foerderjahr="zweitausend")), "foerderjahr"),
    "foerderjahr_bruch": ('{"foerderjahr": 2026.5, "kommune_art": "kreis", "stellen": []}', "foerderjahr"),
    "kommune_art_unbekannt": (json.dumps(basis(kommune_art="gemeinde")), "kommune_art"),
    "art_unbekannt": (json.dumps(stelle(art="hausmeister")), "stellen[0].art"),
    "vzae_null": (json.dumps(stelle(vzae="0")), "stellen[0].vzae"),
    "vzae_negativ": (json.dumps(stelle(vzae=-0.5)), "stellen[0].vzae"),
    "vzae_ueber_eins": (json.dumps(stelle(vzae="1.25")), "stellen[0].vzae"),
    "vzae_keine_zahl": (json.dumps(stelle(vzae="halb")), "stellen[0].vzae"),
    "von_format": (json.dumps(stelle(von="01/2026")), "stellen[0].von"),
    "bis_format": (json.dumps(stelle(bis="2026-13")), "stellen[0].bis"),
    "monat_ausserhalb_foerderjahr": (json.dumps(stelle(bis="2027-01")), "stellen[0].bis"),
    "von_nach_bis": (json.dumps(stelle(von="2026-07", bis="2026-03")), "stellen[0].bis"),
    "betrag_negativ": (json.dumps(stelle(personalausgaben="-1.00")), "stellen[0].personalausgaben"),
    "betrag_keine_zahl": (json.dumps(stelle(sachausgaben="viel")), "stellen[0].sachausgaben"),
    "begleit_negativ": (json.dumps(basis(begleitmassnahmen={"veranstaltungen": "-5"})),
                        "begleitmassnahmen.veranstaltungen"),
    "qualifizierte_negativ": (json.dumps(basis(qualifizierte_kreisangehoerige=-1)), "qualifizierte_kreisangehoerige"),
    "doppelte_id": (json.dumps(basis(stellen=[stelle()["stellen"][0], stelle()["stellen"][0]])), "stellen[1].id"),
    "stellen_keine_liste": (json.dumps(basis(stellen={"K1": 1})), "stellen"),
    "nan": ('{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [], "cm_kontingent_vzae": NaN}',
            "cm_kontingent_vzae"),
    "kontingent_riesig": (json.dumps(basis(cm_kontingent_vzae="1000")), "cm_kontingent_vzae"),
    "foerderjahr_infinity": ('{"foerderjahr": Infinity, "kommune_art": "kreis", "stellen": []}', "foerderjahr"),
    "qualifizierte_infinity": ('{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [], '
                               '"qualifizierte_kreisangehoerige": Infinity}', "qualifizierte_kreisangehoerige"),
    "betrag_riesig_exponent": ('{"foerderjahr": 2026, "kommune_art": "kreis", "stellen": [], '
                               '"begleitmassnahmen": {"veranstaltungen": 1E+999999999}}',
                               "begleitmassnahmen.veranstaltungen"),
    "betrag_milliarde": (json.dumps(stelle(sachausgaben="1000000000.00")), "stellen[0].sachausgaben"),
}


@pytest.mark.parametrize("art", sorted(FEHLERHAFT))
def test_nr_5_4_fehlerhafte_eingabe_ein_deutscher_satz_mit_feld(art):
    """Nr. 5.4.1/5.4.2 (Vertrag): jede fehlerhafte Eingabe ergibt genau einen deutschen Satz, der das Feld nennt."""
    text, feld = FEHLERHAFT[art]
    with pytest.raises(EingabeFehler) as fehler:
        fall_aus_json(text)
    meldung = str(fehler.value)
    assert "\n" not in meldung and meldung.endswith(".")
    if feld is not None:
        assert meldung.startswith(f'Feld "{feld}": ')


def test_nr_5_4_1_vzae_meldung_wortlaut():
    """Nr. 5.4.1: die Meldung für VZÄ außerhalb (0; 1,0] nennt Feld und Grenze."""
    with pytest.raises(EingabeFehler, match=r'^Feld "stellen\[0\]\.vzae": Die VZÄ müssen größer als 0 und '
                                            r"höchstens 1,0 sein\.$"):
        parse_fall(stelle(vzae="1.5"))


def test_nr_5_4_zahlen_und_texte_werden_angenommen():
    """Nr. 5.4: Beträge und VZÄ als Dezimaltext oder JSON-Zahl (nie float), Felder optional wie im Vertrag."""
    fall = fall_aus_json('{"foerderjahr": 2026, "kommune_art": "staedteregion", "cm_kontingent_vzae": 1.5,'
                         ' "stellen": [{"id": "K1", "art": "koordination", "vzae": 0.75, "von": "2026-01",'
                         ' "bis": "2026-12", "personalausgaben": 40000.10, "sachausgaben": 100, "besetzt": false}],'
                         ' "begleitmassnahmen": {"veranstaltungen": 4999.99}}')
    s = fall.stellen[0]
    assert s.vzae == Decimal("0.75") and isinstance(s.vzae, Decimal)
    assert s.personalausgaben == Decimal("40000.10") and s.sachausgaben == Decimal("100")
    assert s.besetzt is False
    assert fall.cm_kontingent_vzae == Decimal("1.5") and fall.veranstaltungen == Decimal("4999.99")
    assert fall.schnittstellen is None
    ausgabe = ergebnis_als_json(berechne(fall))
    assert ausgabe["stellen"][0] == {"id": "K1", "foerderfaehig": True, "personalausgaben": "40000.10",
                                     "sachausgaben": "100.00"}
    assert ausgabe["begleitmassnahmen"] == {"veranstaltungen": "4999.99", "schnittstellen": "0.00"}


def test_nr_5_4_ausgabeform_wie_vertrag():
    """Nr. 5.4 (Vertrag): Schlüssel und Reihenfolge der Ausgabe; Befunde nur mit code, regel, stelle."""
    ausgabe = ergebnis_als_json(berechne(parse_fall(stelle(personalausgaben="60000.00", sachausgaben="4000.00")
                                                    | {"begleitmassnahmen": {"veranstaltungen": "6000.00",
                                                                             "schnittstellen": "0"}})))
    assert ausgabe == {
        "stellen": [{"id": "K1", "foerderfaehig": True, "personalausgaben": "57000.00", "sachausgaben": "4000.00"}],
        "begleitmassnahmen": {"veranstaltungen": "5000.00", "schnittstellen": "0.00"},
        "summen": {"koordination": "57000.00", "verwaltungsassistenz": "0.00", "case_management": "0.00",
                   "sachausgaben": "4000.00", "begleitmassnahmen": "5000.00", "gesamt": "66000.00"},
        "befunde": [{"code": "PERSONALAUSGABEN_GEKAPPT", "regel": "5.4.1", "stelle": "K1"},
                    {"code": "VERANSTALTUNGEN_GEKAPPT", "regel": "5.4.2 a"}],
    }
    assert list(ausgabe) == ["stellen", "begleitmassnahmen", "summen", "befunde"]
    assert list(ausgabe["summen"]) == ["koordination", "verwaltungsassistenz", "case_management", "sachausgaben",
                                       "begleitmassnahmen", "gesamt"]


def test_nr_8_foerderjahr_ausserhalb_ist_kein_eingabefehler():
    """Nr. 8: ein Förderjahr außerhalb der Geltungsdauer ist ein Befund, kein Eingabefehler."""
    fall = parse_fall({"foerderjahr": 2029, "kommune_art": "kreis", "stellen": [
        {"id": "K1", "art": "koordination", "vzae": "1", "von": "2029-01", "bis": "2029-12"}]})
    ausgabe = ergebnis_als_json(berechne(fall))
    assert ausgabe["befunde"] == [{"code": "FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER", "regel": "8"}]
    assert ausgabe["summen"]["gesamt"] == "0.00"
    assert ausgabe["stellen"][0]["foerderfaehig"] is False


def test_regelmodul_importiert_kein_django_und_keine_app():
    """Nr. 5.4 (Architektur): kim_foerderung.regeln ist reines Python ohne Django und ohne App-Import."""
    for datei in REGELN.glob("*.py"):
        baum = ast.parse(datei.read_text(encoding="utf-8"))
        for knoten in ast.walk(baum):
            if isinstance(knoten, ast.Import):
                namen = [a.name for a in knoten.names]
            elif isinstance(knoten, ast.ImportFrom):
                if knoten.level:
                    continue  # relative Importe innerhalb des Pakets
                namen = [knoten.module or ""]
            else:
                continue
            for name in namen:
                assert not name.startswith(("django", "kim_foerderung", "antraege", "bescheide", "auszahlung",
                                            "verwendungsnachweis")), f"{datei.name} importiert {name}"
    # und tatsächlich: das Paket allein (ohne das Projektpaket mit Celery) lädt kein Django
    code = (
        "import sys, types\n"
        f"paket = types.ModuleType('kim_foerderung'); paket.__path__ = [{str(REPO / 'kim_foerderung')!r}]\n"
        "sys.modules['kim_foerderung'] = paket\n"
        "import kim_foerderung.regeln\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django geladen'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_nr_5_4_betragsgrenze_genau():
    """Nr. 5.4.1: Beträge bis 999 999 999,99 € sind Eingabe, ab 1 000 000 000 € ein Eingabefehler."""
    fall = parse_fall(stelle(personalausgaben="999999999.99"))
    assert fall.stellen[0].personalausgaben == Decimal("999999999.99")
    with pytest.raises(EingabeFehler, match=r'^Feld "stellen\[0\]\.personalausgaben": Der Betrag muss unter '
                                            r"1 000 000 000 Euro liegen\.$"):
        parse_fall(stelle(personalausgaben=Decimal("1E+9")))


def test_nr_7_4_fristen_als_json_bekanntgabe_zeitraum():
    """§ 74 VwGO, Nr. 7.4: fristen_als_json prüft die Bekanntgabe gegen bekanntgabe_zeitraum (kein OverflowError)."""
    from datetime import date

    from kim_foerderung.regeln import bekanntgabe_zeitraum, fristen_als_json

    assert bekanntgabe_zeitraum(2026) == (date(2025, 1, 1), date(2028, 12, 31))
    assert fristen_als_json(2026, bekanntgabe=date(2028, 12, 31))["klagefrist_ende"] == "2029-01-31"
    for ausserhalb in (date(9999, 12, 15), date(2024, 12, 31), date(2029, 1, 1)):
        with pytest.raises(EingabeFehler, match="zwischen dem 01.01.2025 und dem 31.12.2028"):
            fristen_als_json(2026, bekanntgabe=ausserhalb)
