"""Auszahlungsplan: die zwei Tranchen eines Bescheids (Nr. 7.3 mit Nr. 7.4 VVG zu § 44 LHO; Rückforderung Nr. 7.5).

Leseweise des Projekts (DESIGN.md „The money half“, Vertrag ``shared/rechner/CONTRACT.md`` „auszahlungsplan“):

- Zwei Termine, 1. Mai und 1. Oktober des Förderjahres; Zahltag = letzter TARGET-Bankarbeitstag am oder vor
  dem Termin, damit das Geld zum Termin da ist.
- Nichts ausgezahlt: erste Tranche = halber Höchstbetrag auf den Cent abgerundet, zweite = der Rest.
- Eine ausgezahlte Tranche behält ihren Betrag; die offene bekommt Höchstbetrag − ausgezahlt, höchstens bis 0;
  was darüber gezahlt ist, ist Rückforderung (ein Änderungsbescheid hat den Betrag gesenkt).
- Gezahlt wird nur nach Bestandskraft und auf Mittelanforderung; eine fällige Tranche, deren regulärer
  Zahltag davor lag, wird im nächsten Zahlungslauf gezahlt (Zahltag ``None``).

Die App berechnet jeden Tranchenbetrag, Status und Zahltag über :func:`auszahlungsplan`. Reines Python.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .basis import FOERDERJAHRE, RegelFehler
from .fristen import auszahlungstermine, ist_target_tag, tranchen, zahltag
from .geld import NULL

AUSGEZAHLT = "ausgezahlt"
ENTFAELLT = "entfaellt"
GESPERRT = "gesperrt"
FAELLIG = "faellig"
GEPLANT = "geplant"
STATUS = (AUSGEZAHLT, ENTFAELLT, GESPERRT, FAELLIG, GEPLANT)

VOR_BESTANDSKRAFT = "VOR_BESTANDSKRAFT"
KEINE_MITTELANFORDERUNG = "KEINE_MITTELANFORDERUNG"
UEBERZAHLUNG = "UEBERZAHLUNG"
BEFUND_REGELN = {VOR_BESTANDSKRAFT: "7.3", KEINE_MITTELANFORDERUNG: "7.3", UEBERZAHLUNG: "7.5"}
BEFUND_TEXTE = {
    VOR_BESTANDSKRAFT: "Der Bescheid ist noch nicht bestandskräftig; vorher wird nichts ausgezahlt (Nr. 7.3).",
    KEINE_MITTELANFORDERUNG: "Die Mittelanforderung fehlt noch; ohne sie wird nichts ausgezahlt (Nr. 7.3).",
    UEBERZAHLUNG: "Es wurde mehr ausgezahlt, als der geltende Bescheid bewilligt; der Unterschied wird "
                  "zurückgefordert (Nr. 7.5).",
}

#: Standard: Zahlungslauf so viele TARGET-Bankarbeitstage vor dem Zahltag vorbereiten (Einstellung der App).
VORLAUF_TARGET_TAGE = 5


class AuszahlungEingabeFehler(RegelFehler):
    """Fehlerhafte Eingabe des Auszahlungsplans; ``str(fehler)`` ist ein deutscher Satz mit dem Feldnamen."""


@dataclass(frozen=True)
class Tranche:
    nummer: int  # 1 (1. Mai) oder 2 (1. Oktober)
    termin: date
    zahltag: date | None
    betrag: Decimal
    status: str

    @property
    def regulaerer_zahltag(self) -> date:
        return zahltag(self.termin)


@dataclass(frozen=True)
class PlanBefund:
    code: str
    regel: str

    @property
    def text(self) -> str:
        return BEFUND_TEXTE[self.code]


@dataclass(frozen=True)
class Plan:
    tranchen: tuple  # of Tranche, in Termin order
    rueckforderung: Decimal
    befunde: tuple  # of PlanBefund

    def tranche(self, termin: date) -> Tranche:
        return next(t for t in self.tranchen if t.termin == termin)


def _gesperrt_bis(stichtag: date, bestandskraeftig_ab: date | None, angefordert_am: date | None) -> bool:
    return (bestandskraeftig_ab is None or bestandskraeftig_ab > stichtag
            or angefordert_am is None or angefordert_am > stichtag)


def auszahlungsplan(*, foerderjahr: int, hoechstbetrag: Decimal, bestandskraeftig_ab: date | None,
                    angefordert_am: date | None, ausgezahlt: dict | None = None, stichtag: date) -> Plan:
    """Die zwei Tranchen mit Betrag, Zahltag und Status am ``stichtag`` (Vertrag „auszahlungsplan“).

    ``ausgezahlt``: {Termin: ausgezahlter Betrag} der bereits gezahlten Tranchen. Die Eingaben müssen gültig sein
    (``plan_aus_json`` prüft JSON-Eingaben); Beträge sind Decimal mit höchstens zwei Nachkommastellen.
    """
    if foerderjahr not in FOERDERJAHRE:
        raise AuszahlungEingabeFehler(
            f'Feld "foerderjahr": Das Förderjahr {foerderjahr} liegt außerhalb der Geltungsdauer der Richtlinie '
            f"({FOERDERJAHRE[0]} bis {FOERDERJAHRE[-1]}, Nr. 8).")
    termine = auszahlungstermine(foerderjahr)
    ausgezahlt = dict(ausgezahlt or {})
    for termin in ausgezahlt:
        if termin not in termine:
            raise AuszahlungEingabeFehler(
                f'Feld "ausgezahlt": Der Termin {termin.isoformat()} ist keiner der beiden Auszahlungstermine '
                f"({termine[0].isoformat()}, {termine[1].isoformat()}).")
    hoechstbetrag = Decimal(hoechstbetrag)
    gezahlt = sum((Decimal(b) for b in ausgezahlt.values()), NULL)

    if not ausgezahlt:
        betraege = dict(zip(termine, tranchen(hoechstbetrag)))
        rueckforderung = NULL
    elif len(ausgezahlt) == 1:
        offen = hoechstbetrag - gezahlt
        betraege = {t: (Decimal(ausgezahlt[t]) if t in ausgezahlt else max(offen, NULL)) for t in termine}
        rueckforderung = max(-offen, NULL)
    else:
        betraege = {t: Decimal(ausgezahlt[t]) for t in termine}
        rueckforderung = max(gezahlt - hoechstbetrag, NULL)

    gesperrt = _gesperrt_bis(stichtag, bestandskraeftig_ab, angefordert_am)
    ergebnis = []
    for nummer, termin in enumerate(termine, start=1):
        betrag = betraege[termin].quantize(Decimal("0.01"))
        regulaer = zahltag(termin)
        tag = regulaer
        if termin in ausgezahlt:
            status = AUSGEZAHLT
        elif betrag == NULL:
            status = ENTFAELLT
        elif gesperrt:
            status = GESPERRT
        elif termin <= stichtag:
            status = FAELLIG
            if regulaer < bestandskraeftig_ab or regulaer < angefordert_am:
                tag = None  # im nächsten Zahlungslauf, nie vor Bestandskraft
        else:
            status = GEPLANT
        ergebnis.append(Tranche(nummer=nummer, termin=termin, zahltag=tag, betrag=betrag, status=status))

    befunde = []
    if bestandskraeftig_ab is None or bestandskraeftig_ab > stichtag:
        befunde.append(PlanBefund(VOR_BESTANDSKRAFT, BEFUND_REGELN[VOR_BESTANDSKRAFT]))
    if angefordert_am is None or angefordert_am > stichtag:
        befunde.append(PlanBefund(KEINE_MITTELANFORDERUNG, BEFUND_REGELN[KEINE_MITTELANFORDERUNG]))
    if rueckforderung > 0:
        befunde.append(PlanBefund(UEBERZAHLUNG, BEFUND_REGELN[UEBERZAHLUNG]))
    return Plan(tranchen=tuple(ergebnis), rueckforderung=rueckforderung.quantize(Decimal("0.01")),
                befunde=tuple(befunde))


# --- Zahlungslauf-Termine (TARGET-Kalender) ---------------------------------------------------------------


def target_tage_zurueck(tag: date, anzahl: int) -> date:
    """Der ``anzahl``-te TARGET-Bankarbeitstag vor ``tag`` (0: ``tag`` selbst)."""
    if anzahl < 0:
        raise ValueError("Die Zahl der TARGET-Tage darf nicht negativ sein.")
    while anzahl:
        tag -= timedelta(days=1)
        if ist_target_tag(tag):
            anzahl -= 1
    return tag


def naechster_target_tag(tag: date) -> date:
    """``tag`` selbst, wenn TARGET-Bankarbeitstag, sonst der nächste (Ausführung eines Nachhollaufs)."""
    while not ist_target_tag(tag):
        tag += timedelta(days=1)
    return tag


def vorbereitungstage(foerderjahr: int, vorlauf: int = VORLAUF_TARGET_TAGE) -> tuple[date, date]:
    """Je Termin der Tag, an dem der Zahlungslauf vorbereitet wird: ``vorlauf`` TARGET-Tage vor dem Zahltag."""
    return tuple(target_tage_zurueck(zahltag(t), vorlauf) for t in auszahlungstermine(foerderjahr))


# --- JSON-Vertrag ---------------------------------------------------------------------------------------------

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BETRAG = re.compile(r"^\d+(\.\d{1,2})?$")
BETRAG_GRENZE = Decimal("1000000000")


def _fehler(feld: str, satz: str) -> AuszahlungEingabeFehler:
    return AuszahlungEingabeFehler(f'Feld "{feld}": {satz}')


def _datum(obj: dict, feld: str, pflicht: bool, name: str | None = None) -> date | None:
    wert = obj.get(feld)
    feld = name or feld
    if wert is None:
        if pflicht:
            raise _fehler(feld, "Das Datum fehlt (Format JJJJ-MM-TT, z. B. \"2027-06-01\").")
        return None
    if not isinstance(wert, str) or not _DATUM.match(wert):
        raise _fehler(feld, 'Das Datum muss im Format JJJJ-MM-TT angegeben werden, z. B. "2027-06-01".')
    try:
        return date.fromisoformat(wert)
    except ValueError:
        raise _fehler(feld, f"„{wert}“ ist kein gültiges Datum.") from None


def _betrag(wert, feld: str) -> Decimal:
    if wert is None:
        raise _fehler(feld, "Der Betrag fehlt.")
    if isinstance(wert, bool):
        raise _fehler(feld, 'Der Betrag muss eine Zahl in Euro sein, z. B. "149981.25".')
    if isinstance(wert, (int, Decimal)):
        text = format(Decimal(wert), "f") if Decimal(wert).is_finite() else "x"
    elif isinstance(wert, str):
        text = wert.strip()
    else:
        raise _fehler(feld, 'Der Betrag muss eine Zahl in Euro sein, z. B. "149981.25".')
    if text.startswith("-") and _BETRAG.match(text[1:]):
        raise _fehler(feld, "Der Betrag darf nicht negativ sein.")
    if re.match(r"^-?\d+\.\d{3,}$", text):
        raise _fehler(feld, "Der Betrag darf höchstens zwei Nachkommastellen haben.")
    if not _BETRAG.match(text):
        raise _fehler(feld, 'Der Betrag muss eine Zahl in Euro mit höchstens zwei Nachkommastellen sein, '
                            'z. B. "149981.25".')
    betrag = Decimal(text)
    if betrag >= BETRAG_GRENZE:
        raise _fehler(feld, "Der Betrag muss unter 1 000 000 000 Euro liegen.")
    return betrag


def _lade(text: str | bytes):
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AuszahlungEingabeFehler("Die Eingabe ist kein UTF-8-kodierter Text.") from None
    if not text.strip():
        raise AuszahlungEingabeFehler("Die Eingabe ist leer; erwartet wird ein JSON-Objekt.")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as e:
        raise AuszahlungEingabeFehler(
            f"Die Eingabe ist kein gültiges JSON (Zeile {e.lineno}, Spalte {e.colno}).") from None


def eingabe_pruefen(obj) -> dict:
    """Geladenes JSON-Objekt → Schlüsselwortargumente für :func:`auszahlungsplan` (oder AuszahlungEingabeFehler)."""
    if not isinstance(obj, dict):
        raise AuszahlungEingabeFehler('Die Eingabe muss ein JSON-Objekt mit den Feldern "foerderjahr", '
                                      '"hoechstbetrag" und "stichtag" sein.')
    jahr = obj.get("foerderjahr")
    if jahr is None:
        raise _fehler("foerderjahr", "Das Förderjahr fehlt.")
    if isinstance(jahr, bool) or not isinstance(jahr, int):
        raise _fehler("foerderjahr", "Das Förderjahr muss eine Jahreszahl sein, z. B. 2027.")
    if jahr not in FOERDERJAHRE:
        raise _fehler("foerderjahr", f"Das Förderjahr {jahr} liegt außerhalb der Geltungsdauer der Richtlinie "
                                     f"({FOERDERJAHRE[0]} bis {FOERDERJAHRE[-1]}, Nr. 8).")
    hoechstbetrag = _betrag(obj.get("hoechstbetrag"), "hoechstbetrag")
    bestandskraeftig = _datum(obj, "bestandskraeftig_ab", pflicht=False)
    angefordert = _datum(obj, "angefordert_am", pflicht=False)
    stichtag = _datum(obj, "stichtag", pflicht=True)

    roh = obj.get("ausgezahlt")
    if roh is None:
        roh = []
    if not isinstance(roh, list):
        raise _fehler("ausgezahlt", 'Die ausgezahlten Tranchen müssen eine Liste von Objekten mit "termin" und '
                                    '"betrag" sein.')
    termine = auszahlungstermine(jahr)
    ausgezahlt = {}
    for i, eintrag in enumerate(roh):
        feld = f"ausgezahlt[{i}]"
        if not isinstance(eintrag, dict):
            raise _fehler(feld, 'Jeder Eintrag muss ein JSON-Objekt mit "termin" und "betrag" sein.')
        if eintrag.get("termin") is None:
            raise _fehler(f"{feld}.termin", f'Der Termin fehlt ("{termine[0]}" oder "{termine[1]}").')
        termin = _datum(eintrag, "termin", pflicht=True, name=f"{feld}.termin")
        if termin not in termine:
            raise _fehler(f"{feld}.termin", f"Der Termin {termin.isoformat()} ist keiner der beiden "
                                            f"Auszahlungstermine ({termine[0]}, {termine[1]}).")
        if termin in ausgezahlt:
            raise _fehler(f"{feld}.termin", f"Der Termin {termin.isoformat()} kommt mehrfach vor.")
        ausgezahlt[termin] = _betrag(eintrag.get("betrag"), f"{feld}.betrag")
    return {"foerderjahr": jahr, "hoechstbetrag": hoechstbetrag, "bestandskraeftig_ab": bestandskraeftig,
            "angefordert_am": angefordert, "ausgezahlt": ausgezahlt, "stichtag": stichtag}


def plan_als_json(plan: Plan) -> dict:
    return {
        "tranchen": [
            {"termin": t.termin.isoformat(), "zahltag": t.zahltag.isoformat() if t.zahltag else None,
             "betrag": format(t.betrag, "f"), "status": t.status}
            for t in plan.tranchen
        ],
        "rueckforderung": format(plan.rueckforderung, "f"),
        "befunde": [{"code": b.code, "regel": b.regel} for b in plan.befunde],
    }


def plan_aus_json(text: str | bytes) -> dict:
    """JSON-Text des Vertrags → Ausgabe-dict (``AuszahlungEingabeFehler`` bei fehlerhafter Eingabe)."""
    return plan_als_json(auszahlungsplan(**eingabe_pruefen(_lade(text))))
