"""Erstattungszinsen (Nr. 7.5 mit § 49a Abs. 3 VwVfG NRW; Vertrag ``zinsen`` in shared/rechner/CONTRACT.md).

Der zu erstattende Betrag ist vom Eintritt der Unwirksamkeit des Bescheids an mit drei Prozentpunkten über
dem Basiszinssatz (§ 247 BGB) jährlich zu verzinsen. Leseweise des Projekts:
- Zinstage nach § 187 Abs. 1 BGB: vom Tag nach ``von`` (Tag, an dem der Bescheid unwirksam wurde) bis ``bis``
  (Tag, an dem die Rückzahlung einging), beide einschließlich.
- Jeder Zinstag zum Basiszinssatz seines Halbjahres (§ 247 Abs. 2 BGB: Stichtage 1. Januar und 1. Juli) plus
  3 Prozentpunkte, geteilt durch 365 (auch in Schaltjahren).
- Ein Abschnitt je Halbjahr, das die Zinstage berühren (auch bei gleichem Satz); jeder Abschnitt wird für die
  Anzeige kaufmännisch auf Cent gerundet, die Summe exakt gebildet und einmal gerundet.
- Die Tabelle der Basiszinssätze ist Eingabe (in der Anwendung pflegt sie der Admin). Ein Eintrag gilt nur für
  sein Halbjahr; fehlt für ein Halbjahr mit Zinstagen der Eintrag, wird nicht gerechnet (kein stilles
  Fortschreiben des letzten Satzes), sondern ``FehlenderBasiszinssatz`` mit dem Halbjahr gemeldet.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from .basis import RegelFehler
from .geld import NULL, cent, dezimal

#: Bekannte Basiszinssätze nach § 247 BGB in Prozent (Bekanntmachungen der Deutschen Bundesbank), je Halbjahr.
#: Vorgabe des Kommandos ``zinsen`` und Inhalt der Datenmigration; die Anwendung rechnet mit der Tabelle des
#: Admins.
BASISZINSSAETZE = {
    date(2024, 1, 1): Decimal("3.62"),
    date(2024, 7, 1): Decimal("3.37"),
    date(2025, 1, 1): Decimal("2.27"),
    date(2025, 7, 1): Decimal("1.27"),
    date(2026, 1, 1): Decimal("1.27"),
}
#: § 49a Abs. 3 Satz 1 VwVfG NRW: drei Prozentpunkte über dem Basiszinssatz.
ZINSAUFSCHLAG_PROZENTPUNKTE = Decimal("3")
#: Zinstage je Jahr (Vertrag: 365, auch in Schaltjahren).
TAGE_IM_JAHR = 365


class FehlenderBasiszinssatz(RegelFehler):
    """Für ein Halbjahr mit Zinstagen ist kein Basiszinssatz bekannt; ``halbjahr`` ist dessen erster Tag."""

    def __init__(self, halbjahr: date):
        self.halbjahr = halbjahr
        super().__init__(f"Für das {halbjahr_name(halbjahr)} ist kein Basiszinssatz hinterlegt.")


@dataclass(frozen=True)
class ZinsAbschnitt:
    von: date  # erster Zinstag des Abschnitts (einschließlich)
    bis: date  # letzter Zinstag des Abschnitts (einschließlich)
    tage: int
    basiszinssatz: Decimal
    zinssatz: Decimal  # Prozent p. a. (Basiszinssatz + 3)
    zinsen: Decimal  # für die Anzeige auf Cent gerundet


@dataclass(frozen=True)
class Zinsberechnung:
    betrag: Decimal
    von: date  # Tag der Unwirksamkeit
    bis: date  # Tag des Zahlungseingangs
    tage: int
    abschnitte: tuple  # of ZinsAbschnitt
    zinsen: Decimal  # exakte Summe, einmal gerundet


def halbjahr_beginn(tag: date) -> date:
    """1. Januar oder 1. Juli des Halbjahres von ``tag``."""
    return date(tag.year, 1 if tag.month <= 6 else 7, 1)


def halbjahr_ende(beginn: date) -> date:
    return date(beginn.year, 6, 30) if beginn.month == 1 else date(beginn.year, 12, 31)


def halbjahr_name(beginn: date) -> str:
    """z. B. „2. Halbjahr 2026 (1. Juli bis 31. Dezember 2026)“."""
    if beginn.month == 1:
        return f"1. Halbjahr {beginn.year} (1. Januar bis 30. Juni {beginn.year})"
    return f"2. Halbjahr {beginn.year} (1. Juli bis 31. Dezember {beginn.year})"


def pruefe_tabelle(basiszinssaetze) -> dict:
    """Prüft die Tabelle (Datum → Prozent): jeder Eintrag am 1. Januar oder 1. Juli, höchstens zwei
    Nachkommastellen; gibt sie mit ``Decimal``-Werten zurück."""
    tabelle = {}
    for tag, satz in dict(basiszinssaetze).items():
        if not isinstance(tag, date) or tag.day != 1 or tag.month not in (1, 7):
            raise RegelFehler(f"Ein Basiszinssatz gilt ab dem 1. Januar oder 1. Juli, nicht ab dem {tag}.")
        wert = dezimal(satz, "Der Basiszinssatz")
        if wert != wert.quantize(Decimal("0.01")):
            raise RegelFehler(f"Der Basiszinssatz ab {tag:%d.%m.%Y} hat mehr als zwei Nachkommastellen.")
        tabelle[tag] = wert
    return tabelle


def halbjahre(erster: date, letzter: date):
    """Erste Tage der Halbjahre, die der Zeitraum ``erster``..``letzter`` (einschließlich) berührt."""
    beginn = halbjahr_beginn(erster)
    while beginn <= letzter:
        yield beginn
        beginn = halbjahr_ende(beginn) + timedelta(days=1)


def fehlende_halbjahre(basiszinssaetze, erster: date, letzter: date) -> list:
    """Halbjahre (erste Tage) zwischen ``erster`` und ``letzter``, für die kein Satz in der Tabelle steht."""
    return [h for h in halbjahre(erster, letzter) if h not in basiszinssaetze]


def basiszinssatz_am(tag: date, basiszinssaetze) -> Decimal:
    """Basiszinssatz, der am ``tag`` gilt: der Eintrag seines Halbjahres (``FehlenderBasiszinssatz`` ohne)."""
    beginn = halbjahr_beginn(tag)
    if beginn not in basiszinssaetze:
        raise FehlenderBasiszinssatz(beginn)
    return Decimal(basiszinssaetze[beginn])


def zinsberechnung(betrag, von: date, bis: date, *, basiszinssaetze) -> Zinsberechnung:
    """Erstattungszinsen nach § 49a Abs. 3 VwVfG NRW mit Aufstellung je Halbjahr.

    ``betrag``: der zu erstattende Betrag (> 0); ``von``: Tag der Unwirksamkeit; ``bis``: Tag des
    Zahlungseingangs (≥ ``von``); ``basiszinssaetze``: {1. Januar/1. Juli: Prozent}. ``RegelFehler`` bei
    ungültiger Eingabe, ``FehlenderBasiszinssatz`` für ein Halbjahr ohne Satz.
    """
    betrag = dezimal(betrag)
    if betrag <= 0:
        raise RegelFehler("Der zu erstattende Betrag muss größer als 0 sein.")
    if bis < von:
        raise RegelFehler("Der Tag des Zahlungseingangs liegt vor dem Tag der Unwirksamkeit.")
    tabelle = pruefe_tabelle(basiszinssaetze)
    erster, letzter = von + timedelta(days=1), bis
    if letzter < erster:
        return Zinsberechnung(betrag=betrag, von=von, bis=bis, tage=0, abschnitte=(), zinsen=NULL)
    summe = Fraction(0)
    abschnitte = []
    for beginn in halbjahre(erster, letzter):
        anfang, ende = max(beginn, erster), min(halbjahr_ende(beginn), letzter)
        basis = basiszinssatz_am(beginn, tabelle)
        satz = basis + ZINSAUFSCHLAG_PROZENTPUNKTE
        tage = (ende - anfang).days + 1
        zinsen = Fraction(betrag) * Fraction(satz) / 100 * tage / TAGE_IM_JAHR
        summe += zinsen
        abschnitte.append(ZinsAbschnitt(von=anfang, bis=ende, tage=tage, basiszinssatz=basis, zinssatz=satz,
                                        zinsen=cent(zinsen)))
    return Zinsberechnung(betrag=betrag, von=von, bis=bis, tage=(bis - von).days, abschnitte=tuple(abschnitte),
                          zinsen=cent(summe))


def erstattungszinsen(betrag, von: date, bis: date, *, basiszinssaetze) -> Decimal:
    """Nur der Zinsbetrag von ``zinsberechnung`` (auf Cent gerundet)."""
    return zinsberechnung(betrag, von, bis, basiszinssaetze=basiszinssaetze).zinsen


def zinsen_als_json(berechnung: Zinsberechnung) -> dict:
    """``Zinsberechnung`` → dict in Form und Schlüsselreihenfolge des Vertrags."""
    def geld(x):
        return format(Decimal(x).quantize(Decimal("0.01")), "f")

    return {
        "betrag": geld(berechnung.betrag),
        "von": berechnung.von.isoformat(),
        "bis": berechnung.bis.isoformat(),
        "tage": berechnung.tage,
        "abschnitte": [
            {"von": a.von.isoformat(), "bis": a.bis.isoformat(), "tage": a.tage, "zinssatz": geld(a.zinssatz),
             "zinsen": geld(a.zinsen)}
            for a in berechnung.abschnitte
        ],
        "zinsen": geld(berechnung.zinsen),
    }
