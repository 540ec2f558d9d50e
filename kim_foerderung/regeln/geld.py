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
