"""Förderrechner: JSON-Vertrag (shared/rechner/CONTRACT.md) für ``berechne`` und die Fristen.

``parse_fall`` prüft die Eingabe und meldet den ersten Fehler als ``EingabeFehler`` mit genau einem
deutschen Satz, der das Feld nennt (Listenindizes ab 0, z. B. ``stellen[2].vzae``).
"""
from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from .basis import Monat, RegelFehler
from .foerderung import ARTEN, KOMMUNE_ARTEN, MAX_VZAE_JE_STELLE, Ergebnis, Fall, StelleEingabe, berechne
from .fristen import (
    BEKANNTGABE_TAGE,
    antragsfrist,
    auszahlungstermine,
    bekanntgabe as bekanntgabe_nach_absendung,
    bestandskraeftig_ab,
    klagefrist_ende,
    verwendungsnachweis_frist,
    zahltage,
)


class EingabeFehler(RegelFehler):
    """Fehlerhafte Eingabe des Förderrechners; ``str(fehler)`` ist ein deutscher Satz mit dem Feldnamen."""


_ZAHL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_MONAT = re.compile(r"^(\d{4})-(\d{2})$")

#: Obergrenze (ausschließlich) für jeden Eurobetrag der Eingabe: 1 Milliarde Euro. Größere Werte sind keine
#: denkbaren Ausgaben einer Kommune, sprengen aber die Decimal-Genauigkeit (28 Stellen) beim Runden auf Cent.
BETRAG_GRENZE = Decimal("1000000000")
#: Obergrenze (ausschließlich) für das CM-Kontingent einer Kommune in VZÄ.
KONTINGENT_GRENZE = Decimal("1000")


def _fehler(feld: str, satz: str) -> EingabeFehler:
    return EingabeFehler(f'Feld "{feld}": {satz}')


def _liste(werte) -> str:
    namen = [f'"{w}"' for w in werte]
    return ", ".join(namen[:-1]) + " oder " + namen[-1]


def _zahl(wert, feld: str, satz: str) -> Decimal:
    if isinstance(wert, bool):
        raise _fehler(feld, satz)
    if isinstance(wert, int):
        return Decimal(wert)
    if isinstance(wert, Decimal):
        if not wert.is_finite():  # NaN, Infinity, -Infinity
            raise _fehler(feld, satz)
        return wert
    if isinstance(wert, str) and _ZAHL.match(wert.strip()):
        return Decimal(wert.strip())
    raise _fehler(feld, satz)


def _ist_ganzzahl(wert) -> bool:
    return isinstance(wert, Decimal) and wert.is_finite() and wert == wert.to_integral_value()


def _betrag(objekt: dict, schluessel: str, feld: str) -> Decimal | None:
    wert = objekt.get(schluessel)
    if wert is None:
        return None
    betrag = _zahl(wert, feld, 'Der Betrag muss eine Zahl in Euro sein, z. B. "57000.00".')
    if betrag < 0:
        raise _fehler(feld, "Der Betrag darf nicht negativ sein.")
    if betrag >= BETRAG_GRENZE:
        raise _fehler(feld, "Der Betrag muss unter 1 000 000 000 Euro liegen.")
    return betrag


def _monat(wert, feld: str, foerderjahr: int) -> Monat:
    treffer = _MONAT.match(wert) if isinstance(wert, str) else None
    if treffer is None or not 1 <= int(treffer.group(2)) <= 12:
        raise _fehler(feld, f'Der Monat muss im Format JJJJ-MM angegeben werden, z. B. "{foerderjahr}-01".')
    monat = Monat(int(treffer.group(1)), int(treffer.group(2)))
    if monat.jahr != foerderjahr:
        raise _fehler(feld, f"Der Monat {monat} liegt nicht im Förderjahr {foerderjahr}.")
    return monat


def lade_json(text: str | bytes):
    """JSON-Text lesen; Zahlen mit Nachkommastellen als Decimal (nie float)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise EingabeFehler("Die Eingabe ist kein UTF-8-kodierter Text.") from None

    if not text.strip():
        raise EingabeFehler("Die Eingabe ist leer; erwartet wird ein JSON-Objekt.")

    # NaN, Infinity und -Infinity werden zu nicht endlichen Decimals, die die Feldprüfung (``_zahl``) mit dem
    # Feldnamen zurückweist.
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as e:
        raise EingabeFehler(f"Die Eingabe ist kein gültiges JSON (Zeile {e.lineno}, Spalte {e.colno}).") from None


def fall_aus_json(text: str | bytes) -> Fall:
    """JSON-Text → ``Fall`` (``EingabeFehler`` bei jedem Fehler)."""
    return parse_fall(lade_json(text))


def parse_fall(obj) -> Fall:
    """Prüft ein geladenes JSON-Objekt nach dem Vertrag und liefert den ``Fall``."""
    if not isinstance(obj, dict):
        raise EingabeFehler('Die Eingabe muss ein JSON-Objekt mit den Feldern "foerderjahr", "kommune_art" '
                            'und "stellen" sein.')

    jahr = obj.get("foerderjahr")
    if jahr is None:
        raise _fehler("foerderjahr", "Das Förderjahr fehlt.")
    if isinstance(jahr, bool) or not isinstance(jahr, int) or not 1000 <= jahr <= 9998:
        raise _fehler("foerderjahr", "Das Förderjahr muss eine vierstellige Jahreszahl sein, z. B. 2026.")

    kommune_art = obj.get("kommune_art")
    if kommune_art is None:
        raise _fehler("kommune_art", "Die Kommunenart fehlt.")
    if kommune_art not in KOMMUNE_ARTEN:
        raise _fehler("kommune_art", f"Die Kommunenart muss {_liste(KOMMUNE_ARTEN)} sein.")

    qualifizierte = obj.get("qualifizierte_kreisangehoerige", 0)
    if qualifizierte is None:
        qualifizierte = 0
    if _ist_ganzzahl(qualifizierte):
        qualifizierte = int(qualifizierte)
    if isinstance(qualifizierte, bool) or not isinstance(qualifizierte, int) or qualifizierte < 0:
        raise _fehler("qualifizierte_kreisangehoerige",
                      "Die Zahl der qualifizierten kreisangehörigen Kommunen muss eine ganze Zahl ab 0 sein.")

    kontingent = obj.get("cm_kontingent_vzae")
    if kontingent is not None:
        kontingent = _zahl(kontingent, "cm_kontingent_vzae",
                           'Das CM-Kontingent muss eine Zahl in VZÄ sein, z. B. "2.0".')
        if kontingent < 0:
            raise _fehler("cm_kontingent_vzae", "Das CM-Kontingent darf nicht negativ sein.")
        if kontingent >= KONTINGENT_GRENZE:
            raise _fehler("cm_kontingent_vzae", "Das CM-Kontingent muss unter 1 000 VZÄ liegen.")

    stellen_roh = obj.get("stellen")
    if stellen_roh is None:
        raise _fehler("stellen", "Die Liste der Stellen fehlt.")
    if not isinstance(stellen_roh, list):
        raise _fehler("stellen", "Die Stellen müssen als Liste angegeben werden.")
    stellen = []
    gesehen = set()
    for i, roh in enumerate(stellen_roh):
        p = f"stellen[{i}]"
        if not isinstance(roh, dict):
            raise _fehler(p, "Jede Stelle muss ein JSON-Objekt sein.")
        sid = roh.get("id")
        if not isinstance(sid, str) or not sid.strip():
            raise _fehler(f"{p}.id", "Die Stellen-ID muss ein nicht leerer Text sein.")
        if sid in gesehen:
            raise _fehler(f"{p}.id", f'Die Stellen-ID "{sid}" kommt mehrfach vor.')
        gesehen.add(sid)
        art = roh.get("art")
        if art is None:
            raise _fehler(f"{p}.art", "Die Stellenart fehlt.")
        if art not in ARTEN:
            raise _fehler(f"{p}.art", f"Die Stellenart muss {_liste(ARTEN)} sein.")
        vzae_roh = roh.get("vzae")
        if vzae_roh is None:
            raise _fehler(f"{p}.vzae", "Die VZÄ fehlen.")
        vzae = _zahl(vzae_roh, f"{p}.vzae", 'Die VZÄ müssen eine Zahl sein, z. B. "0.5".')
        if not Decimal(0) < vzae <= MAX_VZAE_JE_STELLE:
            raise _fehler(f"{p}.vzae", "Die VZÄ müssen größer als 0 und höchstens 1,0 sein.")
        for schluessel in ("von", "bis"):
            if roh.get(schluessel) is None:
                raise _fehler(f"{p}.{schluessel}", f"Der Monat fehlt (Format JJJJ-MM, z. B. \"{jahr}-01\").")
        von = _monat(roh["von"], f"{p}.von", jahr)
        bis = _monat(roh["bis"], f"{p}.bis", jahr)
        if von > bis:
            raise _fehler(f"{p}.bis", f"Das Ende ({bis}) liegt vor dem Beginn ({von}).")
        personal = _betrag(roh, "personalausgaben", f"{p}.personalausgaben")
        sach = _betrag(roh, "sachausgaben", f"{p}.sachausgaben")
        besetzt = roh.get("besetzt", True)
        if besetzt is None:
            besetzt = True
        if not isinstance(besetzt, bool):
            raise _fehler(f"{p}.besetzt", "Die Angabe muss true oder false sein.")
        stellen.append(StelleEingabe(id=sid, art=art, vzae=vzae, von=von, bis=bis, personalausgaben=personal,
                                     sachausgaben=sach, besetzt=besetzt))

    begleit = obj.get("begleitmassnahmen")
    if begleit is None:
        begleit = {}
    if not isinstance(begleit, dict):
        raise _fehler("begleitmassnahmen", 'Die Begleitmaßnahmen müssen ein JSON-Objekt mit "veranstaltungen" '
                                           'und "schnittstellen" sein.')
    veranstaltungen = _betrag(begleit, "veranstaltungen", "begleitmassnahmen.veranstaltungen")
    schnittstellen = _betrag(begleit, "schnittstellen", "begleitmassnahmen.schnittstellen")

    return Fall(foerderjahr=jahr, kommune_art=kommune_art, qualifizierte_kreisangehoerige=qualifizierte,
                cm_kontingent_vzae=kontingent, stellen=tuple(stellen), veranstaltungen=veranstaltungen,
                schnittstellen=schnittstellen)


def _geld(x: Decimal) -> str:
    return format(Decimal(x).quantize(Decimal("0.01")), "f")


def ergebnis_als_json(ergebnis: Ergebnis) -> dict:
    """``Ergebnis`` → dict in Form und Schlüsselreihenfolge des Vertrags; Beträge als Text mit 2 Stellen."""
    befunde = []
    for b in ergebnis.befunde:
        eintrag = {"code": b.code, "regel": b.regel}
        if b.stelle is not None:
            eintrag["stelle"] = b.stelle
        befunde.append(eintrag)
    s = ergebnis.summen
    return {
        "stellen": [
            {"id": st.id, "foerderfaehig": st.foerderfaehig, "personalausgaben": _geld(st.personalausgaben),
             "sachausgaben": _geld(st.sachausgaben)}
            for st in ergebnis.stellen
        ],
        "begleitmassnahmen": {
            "veranstaltungen": _geld(ergebnis.begleitmassnahmen.veranstaltungen),
            "schnittstellen": _geld(ergebnis.begleitmassnahmen.schnittstellen),
        },
        "summen": {
            "koordination": _geld(s.koordination),
            "verwaltungsassistenz": _geld(s.verwaltungsassistenz),
            "case_management": _geld(s.case_management),
            "sachausgaben": _geld(s.sachausgaben),
            "begleitmassnahmen": _geld(s.begleitmassnahmen),
            "gesamt": _geld(s.gesamt),
        },
        "befunde": befunde,
    }


def bekanntgabe_zeitraum(foerderjahr: int) -> tuple[date, date]:
    """Tage, an denen ein Bescheid zum Förderjahr bekanntgegeben werden kann: vom 1. Januar des Vorjahres
    (Antragsfrist Nr. 7.1.2 im Vorjahr) bis zum 31. Dezember des übernächsten Jahres (Verwendungsnachweis
    Nr. 7.4 im Folgejahr, danach Prüfung und Erstattung)."""
    return date(foerderjahr - 1, 1, 1), date(foerderjahr + 2, 12, 31)


def fristen_als_json(jahr: int, bekanntgabe: date | None = None, veroeffentlichung: date | None = None, *,
                     abgesandt: date | None = None, bekanntgabe_tage: int = BEKANNTGABE_TAGE) -> dict:
    """Fristen eines Förderjahres in Form des Vertrags (``RegelFehler`` außerhalb 2025–2028, ``EingabeFehler``
    bei einer Bekanntgabe oder Absendung außerhalb von ``bekanntgabe_zeitraum`` oder bei beiden zugleich).

    Mit ``abgesandt`` (Tag der Aufgabe zur Post) enthält die Ausgabe auch ``"bekanntgabe"`` nach § 41 Abs. 2
    VwVfG NRW (``regeln.fristen.bekanntgabe``), von der aus die Klagefrist läuft."""
    daten = {
        "foerderjahr": jahr,
        "antragsfrist": antragsfrist(jahr, veroeffentlichung).isoformat(),
        "auszahlungstermine": [d.isoformat() for d in auszahlungstermine(jahr)],
        "zahltage": [d.isoformat() for d in zahltage(jahr)],
        "verwendungsnachweis_frist": verwendungsnachweis_frist(jahr).isoformat(),
    }
    if bekanntgabe is not None and abgesandt is not None:
        raise EingabeFehler("Bitte geben Sie entweder den Tag der Bekanntgabe oder den Tag der Absendung an, "
                            "nicht beide.")
    von, bis = bekanntgabe_zeitraum(jahr)
    if abgesandt is not None:
        if not von <= abgesandt <= bis:
            raise EingabeFehler(
                f"Der Tag der Absendung eines Bescheids zum Förderjahr {jahr} muss zwischen dem "
                f"{von:%d.%m.%Y} und dem {bis:%d.%m.%Y} liegen.")
        bekanntgabe = bekanntgabe_nach_absendung(abgesandt, tage=bekanntgabe_tage)
        daten["bekanntgabe"] = bekanntgabe.isoformat()
    elif bekanntgabe is not None and not von <= bekanntgabe <= bis:
        raise EingabeFehler(
            f"Der Tag der Bekanntgabe eines Bescheids zum Förderjahr {jahr} muss zwischen dem "
            f"{von:%d.%m.%Y} und dem {bis:%d.%m.%Y} liegen.")
    if bekanntgabe is not None:
        daten["klagefrist_ende"] = klagefrist_ende(bekanntgabe).isoformat()
        daten["bestandskraeftig_ab"] = bestandskraeftig_ab(bekanntgabe).isoformat()
    return daten


def rechne_json(text: str | bytes) -> dict:
    """JSON-Text des Vertrags → Ausgabe-dict (``EingabeFehler`` bei fehlerhafter Eingabe)."""
    return ergebnis_als_json(berechne(fall_aus_json(text)))
