"""Fristen und Termine (Nr. 7.1.2, 7.3, 7.4, 8; DESIGN.md „Deadlines“).

- Fristberechnung nach §§ 187, 188 BGB (über § 31 Abs. 1 VwVfG NRW bzw. § 57 VwGO, § 222 ZPO).
- Fällt das Fristende auf einen Sonnabend, Sonntag oder gesetzlichen Feiertag in NRW, endet die Frist mit
  dem nächsten Werktag (§ 31 Abs. 3 VwVfG NRW, § 222 Abs. 2 ZPO).
- Zahltage richten sich nach dem TARGET-Kalender (Bankarbeitstage im Euroraum).
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

import holidays

from .basis import FOERDERJAHRE, RICHTLINIE_DATUM, RegelFehler
from .geld import cent, cent_abgerundet

# Die Jahre der Geltungsdauer samt Umfeld werden beim Import berechnet (weitere Jahre ergänzt das Paket
# bei Bedarf selbst), damit parallele Aufrufe nicht gleichzeitig Kalender füllen.
_VORAB_JAHRE = range(2020, 2036)
_FEIERTAGE_NRW = holidays.DE(subdiv="NW", language="de", years=_VORAB_JAHRE)
_TARGET_FEIERTAGE = holidays.financial_holidays("XECB", years=_VORAB_JAHRE)

#: § 41 Abs. 2 VwVfG NRW (seit 1. Januar 2025): Bekanntgabe am vierten Tag nach der Aufgabe zur Post.
BEKANNTGABE_TAGE = 4


def feiertag_nrw(d: date) -> str | None:
    """Name des gesetzlichen Feiertags in NRW an ``d`` (z. B. „Allerheiligen“) oder None."""
    return _FEIERTAGE_NRW.get(d)


def ist_werktag_nrw(d: date) -> bool:
    """Montag bis Freitag und kein gesetzlicher Feiertag in NRW."""
    return d.weekday() < 5 and d not in _FEIERTAGE_NRW


def naechster_werktag(d: date) -> date:
    """``d`` selbst, wenn Werktag in NRW, sonst der nächste (§ 31 Abs. 3 VwVfG NRW)."""
    while not ist_werktag_nrw(d):
        d += timedelta(days=1)
    return d


def ist_target_tag(d: date) -> bool:
    """Bankarbeitstag im TARGET-Kalender (Mo–Fr, nicht Neujahr, Karfreitag, Ostermontag, 1. Mai,
    25. und 26. Dezember)."""
    return d.weekday() < 5 and d not in _TARGET_FEIERTAGE


def _pruefe_foerderjahr(foerderjahr: int) -> None:
    if isinstance(foerderjahr, bool) or not isinstance(foerderjahr, int) or foerderjahr not in FOERDERJAHRE:
        raise RegelFehler(
            f"Das Förderjahr {foerderjahr} liegt außerhalb der Geltungsdauer der Richtlinie "
            f"({FOERDERJAHRE[0]} bis {FOERDERJAHRE[-1]}, Nr. 8).")


def monat_frist_ende(start: date, monate: int = 1) -> date:
    """Ende einer Monatsfrist, die mit dem Ereignis am Tag ``start`` beginnt (§ 187 Abs. 1, § 188 Abs. 2
    und 3 BGB): der Tag des letzten Monats mit derselben Zahl, sonst dessen letzter Tag. Ohne Verschiebung
    auf Werktage."""
    index = start.year * 12 + start.month - 1 + monate
    jahr, monat = divmod(index, 12)
    monat += 1
    return date(jahr, monat, min(start.day, calendar.monthrange(jahr, monat)[1]))


def antragsfrist(foerderjahr: int, veroeffentlichung: date | None = None) -> date:
    """Nr. 7.1.2: 2025 vier Wochen nach Veröffentlichung der Richtlinie (§ 188 Abs. 2 BGB: derselbe
    Wochentag), ab 2026 bis Ende Oktober des Vorjahres; jeweils auf den nächsten Werktag verschoben.
    ``veroeffentlichung`` fehlt → Datum des Runderlasses (12. Dezember 2024)."""
    _pruefe_foerderjahr(foerderjahr)
    if foerderjahr == FOERDERJAHRE[0]:
        ende = (veroeffentlichung or RICHTLINIE_DATUM) + timedelta(weeks=4)
    else:
        ende = date(foerderjahr - 1, 10, 31)
    return naechster_werktag(ende)


def klagefrist_ende(bekanntgabe: date) -> date:
    """§ 74 Abs. 1 Satz 2 VwGO: ein Monat nach Bekanntgabe, Fristende auf den nächsten Werktag verschoben
    (§ 57 Abs. 2 VwGO mit § 222 ZPO, §§ 187, 188 BGB)."""
    return naechster_werktag(monat_frist_ende(bekanntgabe))


def bestandskraeftig_ab(bekanntgabe: date, verzicht_am: date | None = None) -> date:
    """Erster Tag der Bestandskraft: der Tag nach dem Ende der Klagefrist. Ein Rechtsbehelfsverzicht macht den
    Bescheid am Tag des Verzichts bestandskräftig, wenn dieser früher liegt – auch vor der fingierten
    Bekanntgabe, ohne dass dafür ein Empfang erfunden wird (DESIGN.md „Deadlines“)."""
    regulaer = klagefrist_ende(bekanntgabe) + timedelta(days=1)
    if verzicht_am is None:
        return regulaer
    return min(regulaer, verzicht_am)


def bekanntgabe(abgesandt: date, *, tage: int = BEKANNTGABE_TAGE, spaeterer_empfang: date | None = None) -> date:
    """Tag der Bekanntgabe eines mit der Post übermittelten Bescheids (§ 41 Abs. 2 VwVfG NRW).

    - Der Bescheid gilt am ``tage``-ten Tag nach der Absendung (``abgesandt``) als bekanntgegeben; fällt dieser
      Tag auf einen Sonnabend, Sonntag oder gesetzlichen Feiertag in NRW, ist es der nächste Werktag
      (Leseweise des Projekts nach BFH IX R 68/98 zur Parallelnorm § 122 AO; DESIGN.md „Deadlines“).
    - Ein früherer tatsächlicher Empfang verlegt den Tag **nicht** nach vorn (die Fiktion gilt trotzdem);
      eine Empfangsbestätigung ist nur ein Vermerk und wird hier gar nicht übergeben.
    - Nur ein nachgewiesener späterer Empfang (``spaeterer_empfang``, von der Sachbearbeitung mit Grund
      erfasst) verlegt die Bekanntgabe auf diesen Tag (§ 41 Abs. 2 Satz 3 VwVfG NRW). Liegt er nicht nach dem
      fingierten Tag, bleibt es bei diesem.
    """
    if isinstance(tage, bool) or not isinstance(tage, int) or tage < 0:
        raise RegelFehler("Die Zahl der Tage bis zur Bekanntgabe muss eine ganze Zahl ab 0 sein.")
    fiktion = naechster_werktag(abgesandt + timedelta(days=tage))
    if spaeterer_empfang is None:
        return fiktion
    if spaeterer_empfang < abgesandt:
        raise RegelFehler("Der Empfang kann nicht vor der Absendung des Bescheids liegen.")
    return max(fiktion, spaeterer_empfang)



#: Antwortfrist einer Nachforderung (Issue 14 Nr. 10): vier Wochen ab Versand, solange die Sachbearbeitung keine
#: andere setzt.
NACHFORDERUNG_WOCHEN = 4
#: Länger als drei Monate lässt sich eine Antwort nicht sinnvoll erbitten (die Prüfung des Förderjahres ruht so lange).
NACHFORDERUNG_HOECHSTENS_TAGE = 92


def nachforderung_frist(gesendet: date, wochen: int = NACHFORDERUNG_WOCHEN) -> date:
    """Antwortfrist einer am Tag ``gesendet`` versandten Nachforderung: ``wochen`` Wochen später (§ 31 Abs. 1
    VwVfG NRW mit § 187 Abs. 1, § 188 Abs. 2 BGB: der Tag der letzten Woche mit demselben Wochentag), fällt er
    auf einen Sonnabend, Sonntag oder Feiertag in NRW, der nächste Werktag (§ 31 Abs. 3 VwVfG NRW)."""
    if isinstance(wochen, bool) or not isinstance(wochen, int) or wochen < 1:
        raise RegelFehler("Die Antwortfrist muss mindestens eine Woche betragen.")
    return naechster_werktag(gesendet + timedelta(weeks=wochen))


def nachforderung_frist_pruefen(gesendet: date, frist: date) -> None:
    """Eine von der Sachbearbeitung gesetzte Antwortfrist: nach dem Versandtag, höchstens drei Monate später und
    ein Werktag in NRW (eine Frist, die an einem Wochenende oder Feiertag endet, endete erst am nächsten Werktag,
    § 31 Abs. 3 VwVfG NRW – der Kommune wird der Tag genannt, an dem sie wirklich endet)."""
    if frist <= gesendet:
        raise RegelFehler(f"Die Antwortfrist muss nach dem heutigen Tag ({gesendet:%d.%m.%Y}) liegen. Vorgeschlagen "
                          f"sind vier Wochen: der {nachforderung_frist(gesendet):%d.%m.%Y}.")
    if (frist - gesendet).days > NACHFORDERUNG_HOECHSTENS_TAGE:
        raise RegelFehler(f"Die Antwortfrist darf höchstens drei Monate betragen (bis "
                          f"{gesendet + timedelta(days=NACHFORDERUNG_HOECHSTENS_TAGE):%d.%m.%Y}).")
    if not ist_werktag_nrw(frist):
        grund = feiertag_nrw(frist) or ("ein Sonnabend" if frist.weekday() == 5 else "ein Sonntag")
        raise RegelFehler(f"Der {frist:%d.%m.%Y} ist kein Werktag in NRW ({grund}); die Frist endete erst am "
                          f"nächsten Werktag (§ 31 Abs. 3 VwVfG NRW). Bitte wählen Sie einen Werktag, z. B. den "
                          f"{naechster_werktag(frist):%d.%m.%Y}.")


def auszahlungstermine(jahr: int) -> tuple[date, date]:
    """Nr. 7.3: anteilig zum 1. Mai und 1. Oktober des Förderjahres."""
    return date(jahr, 5, 1), date(jahr, 10, 1)


def zahltag(termin: date) -> date:
    """Letzter TARGET-Bankarbeitstag am oder vor ``termin``, damit das Geld zum Termin da ist."""
    d = termin
    while not ist_target_tag(d):
        d -= timedelta(days=1)
    return d


def zahltage(jahr: int) -> tuple[date, date]:
    return tuple(zahltag(t) for t in auszahlungstermine(jahr))


def tranchen(betrag: Decimal) -> tuple[Decimal, Decimal]:
    """Nr. 7.3: zwei gleiche Teile; ein Rest-Cent kommt auf den zweiten."""
    gesamt = cent(Decimal(betrag))
    erste = cent_abgerundet(gesamt / 2)
    return erste, gesamt - erste


def verwendungsnachweis_frist(foerderjahr: int) -> date:
    """Nr. 7.4: drei Monate nach Ende des Bewilligungszeitraums (31. Dezember) = 31. März des Folgejahres
    (§ 188 Abs. 2 BGB), auf den nächsten Werktag verschoben."""
    return naechster_werktag(monat_frist_ende(date(foerderjahr, 12, 31), monate=3))


def entscheidungsjahr(heute: date, veroeffentlichung: date | None = None) -> int:
    """Das Förderjahr, über dessen Anträge an ``heute`` entschieden wird (Haushalt, Verteilung, Fristausnahme):
    das laufende Jahr, sobald aber die Antragsfrist des Folgejahres (Nr. 7.1.2, 31. Oktober) abgelaufen ist,
    das Folgejahr – am 1. Dezember 2026 also 2027. Außerhalb der Geltungsdauer (Nr. 8) das nächste Jahr darin."""
    jahr = min(max(heute.year, FOERDERJAHRE[0]), FOERDERJAHRE[-1])
    for kandidat in FOERDERJAHRE:
        if kandidat > jahr and antragsfrist(kandidat, veroeffentlichung) < heute:
            jahr = kandidat
    return jahr


def antrag_noch_moeglich(foerderjahr: int, frist: date, heute: date) -> bool:
    """Kann an ``heute`` noch ein Antrag für ``foerderjahr`` gestellt werden? Ja, solange die Frist (die reguläre
    oder die der Ausnahme, Nr. 7.1.2) läuft, und – verspätet, § 24 Abs. 3 VwVfG NRW – solange der
    Bewilligungszeitraum (das Kalenderjahr, Nr. 8) noch nicht begonnen hat. Ein laufendes oder vergangenes
    Förderjahr ohne offene Frist bietet die Anwendung nicht mehr an."""
    _pruefe_foerderjahr(foerderjahr)
    return frist >= heute or foerderjahr > heute.year
