"""The Verwendungsnachweis as the rules see it: every number from kim_foerderung.regeln.pruefe_nachweis (Nr. 7.4,
7.5, ANBest-G 1.2), never re-derived here. What was paid comes from the Auszahlung stage through the PROGRAMMZAHLEN
slot ("ausgezahlt" per Kommune and Förderjahr), so this module also works before that stage pays anything."""
from decimal import Decimal

from kim_foerderung import erweiterungen, regeln

from .models import BelegKategorie

NULL = Decimal("0.00")


def ausgezahlt(nachweis):
    """Sum paid to the Kommune for the Förderjahr (Auszahlung stage); 0,00 € while nothing is reported."""
    kommune = nachweis.antrag.kommune
    summe = NULL
    for spalten in erweiterungen.beitraege(erweiterungen.PROGRAMMZAHLEN, nachweis.foerderjahr, kommune=kommune):
        wert = (spalten or {}).get("ausgezahlt", {}).get(kommune.pk)
        if wert is not None:
            summe += Decimal(wert)
    return summe


def bescheid_stellen(bescheid):
    """The granted Stellen of the Bescheid in force (a Stelle not granted counts as not in the Bescheid)."""
    return [s for s in bescheid.stellen.all() if s.bewilligt]


def nachweis_eingabe(nachweis, *, stellen=None, veranstaltungen=None, schnittstellen=None):
    """regeln.Nachweis from the stored Verwendungsnachweis, or from rows being typed (``stellen``: objects with
    kennung, art, vzae, von_monat, bis_monat, personalausgaben, sachausgaben)."""
    jahr = nachweis.foerderjahr
    bescheid = nachweis.bescheid
    kommune = nachweis.antrag.kommune
    summen = bescheid.summen or {}
    zeilen = list(nachweis.stellen.all()) if stellen is None else list(stellen)
    return regeln.Nachweis(
        foerderjahr=jahr, kommune_art=kommune.art,
        qualifizierte_kreisangehoerige=kommune.qualifizierte_kreisangehoerige_anzahl(),
        hoechstbetrag=Decimal(bescheid.hoechstbetrag), ausgezahlt=ausgezahlt(nachweis),
        bescheid_stellen=tuple(
            regeln.BescheidStelle(id=s.kennung, art=s.art, vzae=s.vzae, von=regeln.Monat(jahr, s.von_monat),
                                  bis=regeln.Monat(jahr, s.bis_monat), personalausgaben=Decimal(s.betrag_personal),
                                  sachausgaben=Decimal(s.betrag_sach))
            for s in bescheid_stellen(bescheid)),
        ist_stellen=tuple(
            regeln.IstStelle(id=z.kennung, art=z.art, vzae=Decimal(z.vzae), von=regeln.Monat(jahr, z.von_monat),
                             bis=regeln.Monat(jahr, z.bis_monat), personalausgaben=Decimal(z.personalausgaben or 0),
                             sachausgaben=Decimal(z.sachausgaben or 0))
            for z in zeilen),
        bescheid_veranstaltungen=Decimal(summen.get("veranstaltungen", "0")),
        bescheid_schnittstellen=Decimal(summen.get("schnittstellen", "0")),
        ist_veranstaltungen=Decimal(nachweis.veranstaltungen if veranstaltungen is None else veranstaltungen),
        ist_schnittstellen=Decimal(nachweis.schnittstellen if schnittstellen is None else schnittstellen),
    )


def berechnen(nachweis, **eingaben):
    """regeln.Pruefergebnis of the Verwendungsnachweis (anerkannt per Stelle and category, Über-/Nachzahlung,
    Befunde with their numbers)."""
    return regeln.pruefe_nachweis(nachweis_eingabe(nachweis, **eingaben))


def beleg_abgleich(nachweis, belege=None):
    """Belegliste sums per Stelle and category against the zahlenmäßiger Nachweis: a list of German findings
    (a finding, never a silent fix). Only checked once the Belegliste has any line."""
    belege = list(nachweis.belege.all()) if belege is None else list(belege)
    if not belege:
        return []
    summen = {}
    for b in belege:
        schluessel = (b.kategorie, b.stelle if b.kategorie in (BelegKategorie.PERSONAL, BelegKategorie.SACH) else "")
        summen[schluessel] = summen.get(schluessel, NULL) + Decimal(b.betrag)
    soll = {}
    for s in nachweis.stellen.all():
        soll[(BelegKategorie.PERSONAL, s.kennung)] = Decimal(s.personalausgaben)
        soll[(BelegKategorie.SACH, s.kennung)] = Decimal(s.sachausgaben)
    soll[(BelegKategorie.VERANSTALTUNGEN, "")] = Decimal(nachweis.veranstaltungen)
    soll[(BelegKategorie.SCHNITTSTELLEN, "")] = Decimal(nachweis.schnittstellen)
    befunde = []
    namen = dict(BelegKategorie.choices)
    for schluessel in sorted(set(soll) | set(summen)):
        belegt, nachgewiesen = summen.get(schluessel, NULL), soll.get(schluessel, NULL)
        if belegt != nachgewiesen:
            kategorie, stelle = schluessel
            was = f"{namen[kategorie]} der Stelle {stelle}" if stelle else namen[kategorie]
            befunde.append(f"Nr. 7.4: Die Belegliste weist für {was} {regeln.betrag_de(belegt)} aus, der "
                           f"zahlenmäßige Nachweis {regeln.betrag_de(nachgewiesen)}.")
    return befunde
