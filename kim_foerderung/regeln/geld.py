"""Geld und Zahlen: Decimal, auf Cent kaufmännisch gerundet; deutsche Schreibweise für Texte."""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from .basis import RegelFehler

CENT = Decimal("0.01")
NULL = Decimal("0.00")


def dezimal(wert, feld: str = "Der Betrag") -> Decimal:
    """``Decimal`` aus Decimal, int oder Dezimal-Text; float wird abgelehnt (nie float für Geld)."""
    if isinstance(wert, (bool, float)):
        raise RegelFehler(f"{feld} muss als Decimal, ganze Zahl oder Dezimal-Text angegeben werden.")
    if isinstance(wert, Decimal):
        ergebnis = wert
    elif isinstance(wert, int):
        ergebnis = Decimal(wert)
    elif isinstance(wert, str):
        try:
            ergebnis = Decimal(wert.strip())
        except InvalidOperation:
            raise RegelFehler(f"{feld} ist keine Zahl.") from None
    else:
        raise RegelFehler(f"{feld} ist keine Zahl.")
    if not ergebnis.is_finite():
        raise RegelFehler(f"{feld} ist keine endliche Zahl.")
    return ergebnis


def cent(x) -> Decimal:
    """Auf 0,01 kaufmännisch runden (ROUND_HALF_UP). Nimmt Decimal, int oder (exakt) Fraction."""
    if isinstance(x, Fraction):
        hundertstel = x * 100
        ganz, rest = divmod(abs(hundertstel.numerator), hundertstel.denominator)
        if 2 * rest >= hundertstel.denominator:
            ganz += 1
        if hundertstel < 0:
            ganz = -ganz
        return Decimal(ganz).scaleb(-2).quantize(CENT)
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def cent_abgerundet(x) -> Decimal:
    """Auf 0,01 abrunden (z. B. verfügbare Haushaltsmittel, erste Tranche)."""
    return Decimal(x).quantize(CENT, rounding=ROUND_DOWN)


def zahl_de(x, min_nachkommastellen: int = 1) -> str:
    """Zahl in deutscher Schreibweise ohne überflüssige Nullen: 3.75 → „3,75“, 3 → „3,0“."""
    text = format(Decimal(x).normalize(), "f")
    ganz, _, bruch = text.partition(".")
    bruch = bruch.rstrip("0").ljust(min_nachkommastellen, "0")
    ganz = _tausender(ganz)
    return f"{ganz},{bruch}" if bruch else ganz


def betrag_de(x) -> str:
    """Betrag in deutscher Schreibweise mit Euro-Zeichen: „57.000,00 €“."""
    q = cent(x)
    ganz, bruch = format(abs(q), "f").split(".")
    return f"{'-' if q < 0 else ''}{_tausender(ganz)},{bruch} €"


def _tausender(ganz: str) -> str:
    vorzeichen = ""
    if ganz.startswith("-"):
        vorzeichen, ganz = "-", ganz[1:]
    gruppen = []
    while len(ganz) > 3:
        gruppen.insert(0, ganz[-3:])
        ganz = ganz[:-3]
    gruppen.insert(0, ganz)
    return vorzeichen + ".".join(gruppen)


def aufteilen(betrag, anteile) -> list[Decimal]:
    """Den Betrag ``betrag`` (volle Cent) im Verhältnis der ``anteile`` (z. B. Monate, Beträge) aufteilen, so dass
    die Teile zusammen genau ``betrag`` ergeben – der eine Aufteiler des Projekts (Änderungsbescheid,
    Verteilung, Tranchen …).

    Kaufmännisch gerundet wird die laufende Summe: Teil i = cent(Anteil 1..i) − cent(Anteil 1..i−1). Bei zwei
    Teilen heißt das: der erste wird kaufmännisch gerundet, der Rest kommt auf den letzten (50.000,01 € zu
    6/6 Monaten → 25.000,01 € + 25.000,00 €). Bei mehr Teilen bleibt so jeder Teil weniger als einen Cent von
    seinem genauen Anteil entfernt, und kein Teil wird negativ.
    """
    gesamt = dezimal(betrag)
    if gesamt != gesamt.quantize(CENT):
        raise RegelFehler("Der aufzuteilende Betrag muss auf volle Cent lauten.")
    gewichte = [Fraction(dezimal(a, "Ein Anteil")) for a in anteile]
    if not gewichte:
        raise RegelFehler("Es gibt keine Teile, auf die der Betrag aufgeteilt werden kann.")
    if any(g < 0 for g in gewichte):
        raise RegelFehler("Ein Anteil darf nicht negativ sein.")
    summe = sum(gewichte, Fraction(0))
    if summe == 0:
        if gesamt == 0:
            return [NULL for _ in gewichte]
        raise RegelFehler("Alle Anteile sind null; der Betrag kann nicht aufgeteilt werden.")
    teile = []
    bisher = NULL
    laufend = Fraction(0)
    for i, g in enumerate(gewichte):
        laufend += g
        bis_hier = gesamt if i == len(gewichte) - 1 else cent(Fraction(gesamt) * laufend / summe)
        teile.append((bis_hier - bisher).quantize(CENT))
        bisher = bis_hier
    return teile
