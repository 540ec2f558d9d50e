"""Erstattungszinsen (Nr. 7.5 mit § 49a Abs. 3 VwVfG NRW).

Der zu erstattende Betrag ist vom Eintritt der Unwirksamkeit des Bescheids an mit drei Prozentpunkten über
dem Basiszinssatz (§ 247 BGB) jährlich zu verzinsen. Berechnung (Leseweise des Projekts):
- Tag für Tag vom Tag der Unwirksamkeit (einschließlich) bis zum Tag der Rückzahlung (ausschließlich);
- jeder Tag zum Basiszinssatz, der an diesem Tag gilt, plus 3 Prozentpunkte, geteilt durch die Zahl der
  Tage seines Kalenderjahres (365 oder 366; act/act);
- exakt summiert (Brüche) und einmal kaufmännisch auf Cent gerundet.
Die Aufstellung je Abschnitt (gleicher Zinssatz und gleiches Kalenderjahr) dient der Anzeige; ihre
einzeln gerundeten Beträge können in der Summe um Cent vom Gesamtbetrag abweichen.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .basis import RegelFehler
from .geld import NULL, cent

#: Basiszinssatz nach § 247 BGB in Prozent, gültig ab dem jeweiligen Datum (Admin ergänzt spätere Sätze).
BASISZINSSAETZE = {
    date(2024, 1, 1): Decimal("3.62"),
    date(2024, 7, 1): Decimal("3.37"),
    date(2025, 1, 1): Decimal("2.27"),
    date(2025, 7, 1): Decimal("1.27"),
    date(2026, 1, 1): Decimal("1.27"),
}
#: § 49a Abs. 3 Satz 1 VwVfG NRW: drei Prozentpunkte über dem Basiszinssatz.
ZINSAUFSCHLAG_PROZENTPUNKTE = Decimal("3")


@dataclass(frozen=True)
class ZinsAbschnitt:
    von: date  # einschließlich
    bis: date  # ausschließlich
    tage: int
    basiszinssatz: Decimal
    zinssatz: Decimal  # Prozent p. a. (Basiszinssatz + 3)
    tage_im_jahr: int
    betrag: Decimal  # für die Anzeige auf Cent gerundet


@dataclass(frozen=True)
class Zinsberechnung:
    betrag: Decimal
    von: date
    bis: date
    tage: int
    zinsen: Decimal
    abschnitte: tuple  # of ZinsAbschnitt


def basiszinssatz_am(tag: date, basiszinssaetze=None) -> Decimal:
    """Basiszinssatz, der am ``tag`` gilt (letzter Eintrag mit Datum ≤ tag)."""
    tabelle = BASISZINSSAETZE if basiszinssaetze is None else basiszinssaetze
    gueltig = [d for d in tabelle if d <= tag]
    if not gueltig:
        raise RegelFehler(f"Für den {tag.strftime('%d.%m.%Y')} ist kein Basiszinssatz hinterlegt.")
    return Decimal(tabelle[max(gueltig)])


def zinsberechnung(betrag: Decimal, von: date, bis: date, basiszinssaetze=None) -> Zinsberechnung:
    """Erstattungszinsen mit Aufstellung je Abschnitt; ``von`` einschließlich, ``bis`` ausschließlich."""
    betrag = Decimal(betrag)
    if betrag <= 0 or bis <= von:
        return Zinsberechnung(betrag=betrag, von=von, bis=bis, tage=max(0, (bis - von).days),
                              zinsen=NULL, abschnitte=())
    tabelle = BASISZINSSAETZE if basiszinssaetze is None else basiszinssaetze
    wechsel = sorted(d for d in tabelle if von < d < bis)
    jahreswechsel = [date(j, 1, 1) for j in range(von.year + 1, bis.year + 1)]
    grenzen = sorted(set([von, bis] + wechsel + jahreswechsel))
    summe = Fraction(0)
    abschnitte = []
    for anfang, ende in zip(grenzen, grenzen[1:]):
        tage = (ende - anfang).days
        basis = basiszinssatz_am(anfang, tabelle)
        satz = basis + ZINSAUFSCHLAG_PROZENTPUNKTE
        tage_im_jahr = 366 if calendar.isleap(anfang.year) else 365
        zinsen = Fraction(betrag) * Fraction(satz) / 100 * tage / tage_im_jahr
        summe += zinsen
        abschnitte.append(ZinsAbschnitt(von=anfang, bis=ende, tage=tage, basiszinssatz=basis, zinssatz=satz,
                                        tage_im_jahr=tage_im_jahr, betrag=cent(zinsen)))
    return Zinsberechnung(betrag=betrag, von=von, bis=bis, tage=(bis - von).days, zinsen=cent(summe),
                          abschnitte=tuple(abschnitte))


def erstattungszinsen(betrag: Decimal, von: date, bis: date, basiszinssaetze=None) -> Decimal:
    """Zinsen nach § 49a Abs. 3 VwVfG NRW, auf Cent gerundet; 0 bei leerem Zeitraum oder Betrag ≤ 0."""
    return zinsberechnung(betrag, von, bis, basiszinssaetze).zinsen
