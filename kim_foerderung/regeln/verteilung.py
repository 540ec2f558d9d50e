"""Verteilungsvorschlag bei knappen Haushaltsmitteln (Nr. 1.3, Nr. 5.4.1 „Vorrangig sollen besetzte
Personalstellen gefördert werden“).

Verfahren (Leseweise des Projekts):
1. Rang 1 sind alle besetzten Stellen (Personal- und Sachausgaben der Stelle zusammen).
   Reichen die Mittel dafür nicht, werden die besetzten Stellen anteilig gekürzt und alles andere
   erhält nichts.
2. Rang 2 sind die unbesetzten Stellen und die Begleitmaßnahmen; sie teilen sich den Rest anteilig.
Anteilige Kürzung: centgenau nach dem Verfahren der größten Reste (Hare/Niemeyer): jeder Posten erhält
zunächst den abgerundeten Anteil in Cent; die übrigen Cent gehen einzeln an die Posten mit den größten
Resten, bei gleichem Rest in der Reihenfolge der Eingabe. Die Summe ist damit genau gleich den Mitteln
des Rangs, kein Posten erhält mehr als beantragt, und das Ergebnis ist deterministisch.
Verfügbare Mittel werden auf volle Cent abgerundet; negative Mittel gelten als 0.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .basis import RegelFehler
from .foerderung import Ergebnis
from .geld import NULL, cent, cent_abgerundet

BEGLEITMASSNAHMEN = None  # Schlüssel des Begleitmaßnahmen-Postens in den internen Listen


@dataclass(frozen=True)
class VerteilungAntrag:
    antrag: object
    beantragt: Decimal
    betrag: Decimal
    stellen: dict  # stelle_id → vorgeschlagener Betrag (in Eingabereihenfolge)
    begleitmassnahmen: Decimal


@dataclass(frozen=True)
class Verteilung:
    haushaltsmittel: Decimal
    beantragt: Decimal
    verteilt: Decimal
    besetzte_voll_gedeckt: bool
    alles_gedeckt: bool
    antraege: dict  # antrag_key → VerteilungAntrag (in Eingabereihenfolge)

    def betrag(self, antrag) -> Decimal:
        return self.antraege[antrag].betrag


def _in_cent(betrag: Decimal) -> int:
    return int(cent(betrag) * 100)


def anteilig(betraege: list[int], verfuegbar: int) -> list[int]:
    """Verteilt ``verfuegbar`` Cent anteilig auf ``betraege`` (Cent) nach größten Resten.

    Reicht ``verfuegbar`` für alle, erhält jeder seinen Betrag."""
    gesamt = sum(betraege)
    if verfuegbar >= gesamt:
        return list(betraege)
    if verfuegbar <= 0 or gesamt == 0:
        return [0] * len(betraege)
    grund = [verfuegbar * b // gesamt for b in betraege]
    reste = [verfuegbar * b % gesamt for b in betraege]
    uebrig = verfuegbar - sum(grund)
    reihenfolge = sorted(range(len(betraege)), key=lambda i: (-reste[i], i))
    for i in reihenfolge[:uebrig]:
        grund[i] += 1
    return grund


def _posten_aus(eintrag):
    if not isinstance(eintrag, (tuple, list)) or len(eintrag) not in (2, 3):
        raise RegelFehler("Jeder Antrag braucht (Schlüssel, Ergebnis oder Stellenliste[, Begleitmaßnahmen]).")
    key, inhalt = eintrag[0], eintrag[1]
    begleit = eintrag[2] if len(eintrag) == 3 else None
    if isinstance(inhalt, Ergebnis):
        stellen = [(s.id, s.besetzt, s.personalausgaben + s.sachausgaben) for s in inhalt.stellen]
        if begleit is None:
            begleit = inhalt.summen.begleitmassnahmen
    else:
        stellen = [tuple(s) for s in inhalt]
    begleit = Decimal(0) if begleit is None else Decimal(begleit)
    ids = [s[0] for s in stellen]
    if len(set(ids)) != len(ids):
        raise RegelFehler(f"Im Antrag {key} kommt eine Stellen-ID mehrfach vor.")
    for sid, _besetzt, betrag in stellen:
        if Decimal(betrag) < 0:
            raise RegelFehler(f"Der Betrag der Stelle {sid} im Antrag {key} ist negativ.")
    if begleit < 0:
        raise RegelFehler(f"Der Betrag der Begleitmaßnahmen im Antrag {key} ist negativ.")
    return key, [(sid, bool(besetzt), Decimal(betrag)) for sid, besetzt, betrag in stellen], begleit


def verteilungsvorschlag(antraege, haushaltsmittel: Decimal) -> Verteilung:
    """Schlägt die Verteilung der Haushaltsmittel auf Anträge und Stellen vor.

    ``antraege``: Folge von ``(antrag_key, ergebnis_oder_stellen[, begleitmassnahmen])``; dabei ist
    ``ergebnis_oder_stellen`` entweder ein ``Ergebnis`` von ``berechne`` (Betrag je Stelle = Personal- plus
    Sachausgaben, Begleitmaßnahmen aus ``summen.begleitmassnahmen``, falls nicht angegeben) oder eine Liste
    von ``(stelle_id, besetzt, betrag)``. Siehe Moduldokumentation für das Verfahren.
    """
    eintraege = [_posten_aus(e) for e in antraege]
    keys = [e[0] for e in eintraege]
    if len(set(keys)) != len(keys):
        raise RegelFehler("Ein Antrag kommt in der Verteilung mehrfach vor.")

    rang1, rang2 = [], []  # (antrag_index, stelle_id|None, cent)
    for ai, (_key, stellen, begleit) in enumerate(eintraege):
        for sid, besetzt, betrag in stellen:
            (rang1 if besetzt else rang2).append((ai, sid, _in_cent(betrag)))
        rang2.append((ai, BEGLEITMASSNAHMEN, _in_cent(begleit)))

    mittel = max(0, _in_cent(cent_abgerundet(Decimal(haushaltsmittel))))
    zuteilung1 = anteilig([p[2] for p in rang1], mittel)
    rest = mittel - sum(zuteilung1)
    zuteilung2 = anteilig([p[2] for p in rang2], rest)

    je_antrag = {i: ({sid: NULL for sid, _b, _x in e[1]}, [NULL]) for i, e in enumerate(eintraege)}
    for posten, zugeteilt in zip(rang1 + rang2, zuteilung1 + zuteilung2):
        ai, sid, _ = posten
        betrag = Decimal(zugeteilt).scaleb(-2).quantize(Decimal("0.01"))
        if sid is BEGLEITMASSNAHMEN:
            je_antrag[ai][1][0] = betrag
        else:
            je_antrag[ai][0][sid] = betrag

    ergebnis = {}
    for ai, (key, stellen, begleit) in enumerate(eintraege):
        stellen_betraege, begleit_betrag = je_antrag[ai]
        beantragt = sum((cent(b) for _s, _x, b in stellen), NULL) + cent(begleit)
        betrag = sum(stellen_betraege.values(), NULL) + begleit_betrag[0]
        ergebnis[key] = VerteilungAntrag(antrag=key, beantragt=beantragt, betrag=betrag,
                                         stellen=stellen_betraege, begleitmassnahmen=begleit_betrag[0])
    beantragt = sum((a.beantragt for a in ergebnis.values()), NULL)
    verteilt = sum((a.betrag for a in ergebnis.values()), NULL)
    return Verteilung(
        haushaltsmittel=Decimal(haushaltsmittel), beantragt=beantragt, verteilt=verteilt,
        besetzte_voll_gedeckt=sum(zuteilung1) == sum(p[2] for p in rang1),
        alles_gedeckt=verteilt == beantragt, antraege=ergebnis)
