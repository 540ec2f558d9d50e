"""Gemeinsame Grundlagen des Regelmoduls: Fehlerklasse, Geltungsdauer, Monate.

Reines Python — dieses Paket importiert weder Django noch eine App.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

#: Nr. 8: Die Richtlinie gilt vom 1. Januar 2025 bis zum Ablauf des 31. Dezember 2028;
#: Förderjahr = Bewilligungszeitraum = Kalenderjahr.
FOERDERJAHRE = range(2025, 2029)

#: Datum des Runderlasses; Vorgabe für die Veröffentlichung (Nr. 7.1.2), falls nichts konfiguriert ist.
RICHTLINIE_DATUM = date(2024, 12, 12)

MONATSNAMEN = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


class RegelFehler(ValueError):
    """Fachlicher Fehler des Regelmoduls; die Meldung ist ein deutscher Satz für Menschen."""


class Monat(NamedTuple):
    """Ein Kalendermonat; vergleichbar und gleich zu ``(jahr, monat)``."""

    jahr: int
    monat: int

    @classmethod
    def aus(cls, wert) -> "Monat":
        """Monat aus ``Monat``, ``(jahr, monat)``, ``date`` oder ``"JJJJ-MM"``."""
        if isinstance(wert, Monat):
            return wert
        if isinstance(wert, date):
            return cls(wert.year, wert.month)
        if isinstance(wert, str):
            teile = wert.split("-")
            if len(teile) != 2 or len(teile[0]) != 4 or len(teile[1]) != 2 or not all(
                t.isascii() and t.isdigit() for t in teile
            ):
                raise RegelFehler(f"„{wert}“ ist kein Monat im Format JJJJ-MM.")
            wert = (int(teile[0]), int(teile[1]))
        if isinstance(wert, tuple) and len(wert) == 2 and all(
            isinstance(t, int) and not isinstance(t, bool) for t in wert
        ):
            jahr, monat = wert
            if not 1 <= monat <= 12 or not 1 <= jahr <= 9999:
                raise RegelFehler(f"{jahr}-{monat:02d} ist kein gültiger Monat.")
            return cls(jahr, monat)
        raise RegelFehler(f"{wert!r} ist kein Monat.")

    @property
    def name(self) -> str:
        """z. B. „März 2026“."""
        return f"{MONATSNAMEN[self.monat - 1]} {self.jahr}"

    @property
    def erster_tag(self) -> date:
        return date(self.jahr, self.monat, 1)

    def __str__(self) -> str:
        return f"{self.jahr:04d}-{self.monat:02d}"

    def index(self) -> int:
        return self.jahr * 12 + self.monat - 1


def monate_zwischen(von: Monat, bis: Monat) -> int:
    """Anzahl der Monate von ``von`` bis ``bis`` einschließlich (0, wenn ``von`` nach ``bis`` liegt)."""
    return max(0, Monat.aus(bis).index() - Monat.aus(von).index() + 1)
