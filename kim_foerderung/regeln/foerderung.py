"""Förderberechnung nach Nr. 2.1, 2.2, 4.3, 5.2, 5.4.1, 5.4.2 und 8 der Richtlinie KIM NRW.

Leseweise des Projekts (DESIGN.md „Rules“):
- Höchstbeträge je Stelle = Jahresbetrag × VZÄ × Monate / 12, exakt gerechnet und einmal je Stelle und
  Kategorie auf Cent gerundet (kaufmännisch); Monatsbeträge werden nie gerundet.
- Förderfähig ist min(angegebene Ausgaben, Höchstbetrag); ohne Angabe der Höchstbetrag.
- Eine Stelle unter 0,5 VZÄ ist nicht förderfähig und zählt auch nicht zu den VZÄ-Obergrenzen je Monat.
- Obergrenzen je Monat (Koordination, Verwaltungsassistenz, CM-Kontingent) werden als Befund gemeldet
  (blockierend); die Beträge werden trotzdem berechnet.
- Nur Monate innerhalb des Förderjahres (= Bewilligungszeitraum) zählen.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .basis import FOERDERJAHRE, Monat, RegelFehler, monate_zwischen
from .geld import NULL, betrag_de, cent, dezimal, zahl_de

# --- Konstanten ------------------------------------------------------------------------------------

KOORDINATION = "koordination"
VERWALTUNGSASSISTENZ = "verwaltungsassistenz"
CASE_MANAGEMENT = "case_management"
ARTEN = (KOORDINATION, VERWALTUNGSASSISTENZ, CASE_MANAGEMENT)
ART_NAMEN = {
    KOORDINATION: "Koordinationsstelle",
    VERWALTUNGSASSISTENZ: "Verwaltungsassistenz",
    CASE_MANAGEMENT: "Case-Management-Stelle",
}

KREIS = "kreis"
STAEDTEREGION = "staedteregion"
KREISFREIE_STADT = "kreisfreie_stadt"
KOMMUNE_ARTEN = (KREIS, STAEDTEREGION, KREISFREIE_STADT)

#: Nr. 5.4.1: Jahresbetrag je volle Stelle (VZÄ 1,0). Verwaltungsassistenz: 22 500 € je halbe Stelle.
JAHRESBETRAG = {
    KOORDINATION: Decimal("57000"),
    VERWALTUNGSASSISTENZ: Decimal("45000"),
    CASE_MANAGEMENT: Decimal("57000"),
}
#: Nr. 5.4.2: Sachausgaben-Jahresbetrag je VZÄ (Verwaltungsassistenz 2 850 € je halbe Stelle; CM keine).
SACHAUSGABEN_JAHRESBETRAG = {
    KOORDINATION: Decimal("5700"),
    VERWALTUNGSASSISTENZ: Decimal("5700"),
    CASE_MANAGEMENT: Decimal("0"),
}
#: Nr. 5.4.1: Teilzeitstellen unter einem halben VZÄ sind nicht zuwendungsfähig.
MINDEST_VZAE = Decimal("0.5")
MAX_VZAE_JE_STELLE = Decimal("1.0")
#: Nr. 5.4.1: Koordination bis 3,5 (Kreis, Städteregion) bzw. 2,5 (kreisfreie Stadt) Stellen.
KOORDINATION_VZAE = {KREIS: Decimal("3.5"), STAEDTEREGION: Decimal("3.5"), KREISFREIE_STADT: Decimal("2.5")}
#: Nr. 4.3: je qualifizierte kreisangehörige Kommune eine weitere Koordinationsstelle.
WEITERE_KOORDINATION_VZAE = Decimal("1.0")
#: Nr. 5.4.1: eine halbe Stelle Verwaltungsassistenz.
VERWALTUNGSASSISTENZ_VZAE = Decimal("0.5")
#: Nr. 5.4.2 a und b: Begleitmaßnahmen je Jahr.
VERANSTALTUNGEN_HOECHSTBETRAG = Decimal("5000")
SCHNITTSTELLEN_HOECHSTBETRAG = Decimal("10000")

# --- Befund-Codes (CONTRACT.md) -------------------------------------------------------------------

FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER = "FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER"
VZAE_UNTER_HALB = "VZAE_UNTER_HALB"
KOORDINATION_OBERGRENZE = "KOORDINATION_OBERGRENZE"
VERWALTUNGSASSISTENZ_OBERGRENZE = "VERWALTUNGSASSISTENZ_OBERGRENZE"
WEITERE_KOORDINATION_NUR_KREISE = "WEITERE_KOORDINATION_NUR_KREISE"
CM_KONTINGENT_UEBERSCHRITTEN = "CM_KONTINGENT_UEBERSCHRITTEN"
PERSONALAUSGABEN_GEKAPPT = "PERSONALAUSGABEN_GEKAPPT"
SACHAUSGABEN_GEKAPPT = "SACHAUSGABEN_GEKAPPT"
SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG = "SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG"
VERANSTALTUNGEN_GEKAPPT = "VERANSTALTUNGEN_GEKAPPT"
SCHNITTSTELLEN_GEKAPPT = "SCHNITTSTELLEN_GEKAPPT"

#: code → Nummer der Richtlinie
BEFUND_REGELN = {
    FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER: "8",
    VZAE_UNTER_HALB: "5.4.1",
    KOORDINATION_OBERGRENZE: "5.4.1",
    VERWALTUNGSASSISTENZ_OBERGRENZE: "5.4.1",
    WEITERE_KOORDINATION_NUR_KREISE: "4.3",
    CM_KONTINGENT_UEBERSCHRITTEN: "2.2",
    PERSONALAUSGABEN_GEKAPPT: "5.4.1",
    SACHAUSGABEN_GEKAPPT: "5.4.2",
    SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG: "5.4.2",
    VERANSTALTUNGEN_GEKAPPT: "5.4.2 a",
    SCHNITTSTELLEN_GEKAPPT: "5.4.2 b",
}
#: Befunde, die das Einreichen eines Antrags blockieren; alle anderen sind Hinweise.
BLOCKIERENDE_CODES = frozenset({
    FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER,
    KOORDINATION_OBERGRENZE,
    VERWALTUNGSASSISTENZ_OBERGRENZE,
    CM_KONTINGENT_UEBERSCHRITTEN,
})


# --- reine Hilfsfunktionen -----------------------------------------------------------------------

def _pruefe_art(art: str) -> None:
    if art not in ARTEN:
        raise RegelFehler(f"Die Stellenart „{art}“ ist unbekannt (erlaubt: {', '.join(ARTEN)}).")


def ist_foerderfaehige_vzae(vzae: Decimal) -> bool:
    """Nr. 5.4.1: mindestens ein halbes Vollzeitäquivalent."""
    return Decimal(vzae) >= MINDEST_VZAE


def _obergrenze(jahresbetrag: Decimal, vzae: Decimal, monate: int) -> Decimal:
    if monate <= 0 or not ist_foerderfaehige_vzae(vzae):
        return NULL
    return cent(Fraction(jahresbetrag) * Fraction(Decimal(vzae)) * monate / 12)


def personalausgaben_obergrenze(art: str, vzae: Decimal, monate: int) -> Decimal:
    """Nr. 5.4.1: Jahresbetrag × VZÄ × Monate / 12, einmal auf Cent gerundet; 0 unter 0,5 VZÄ."""
    _pruefe_art(art)
    return _obergrenze(JAHRESBETRAG[art], vzae, monate)


def sachausgaben_obergrenze(art: str, vzae: Decimal, monate: int) -> Decimal:
    """Nr. 5.4.2: 5 700 € × VZÄ × Monate / 12 (Koordination, Verwaltungsassistenz); Case Management 0."""
    _pruefe_art(art)
    return _obergrenze(SACHAUSGABEN_JAHRESBETRAG[art], vzae, monate)


def koordination_obergrenze_vzae(kommune_art: str, qualifizierte: int = 0) -> Decimal:
    """Nr. 5.4.1 mit Nr. 4.3: 3,5 VZÄ (+1,0 je qualifizierte kreisangehörige Kommune) für Kreise und die
    Städteregion, 2,5 VZÄ für kreisfreie Städte (dort zählt ``qualifizierte`` nicht)."""
    if kommune_art not in KOMMUNE_ARTEN:
        raise RegelFehler(f"Die Kommunenart „{kommune_art}“ ist unbekannt.")
    if qualifizierte < 0:
        raise RegelFehler("Die Zahl der qualifizierten kreisangehörigen Kommunen darf nicht negativ sein.")
    grenze = KOORDINATION_VZAE[kommune_art]
    if kommune_art != KREISFREIE_STADT:
        grenze += WEITERE_KOORDINATION_VZAE * qualifizierte
    return grenze


def foerderfaehiger_betrag(angegeben: Decimal | None, obergrenze: Decimal) -> Decimal:
    """min(angegeben, Obergrenze); ohne Angabe die Obergrenze (Nr. 5.4: Bemessungsgrundlage)."""
    if angegeben is None:
        return cent(obergrenze)
    return cent(min(Decimal(angegeben), obergrenze))


# --- Eingabe ----------------------------------------------------------------------------------------

def _betrag_oder_none(wert, feld: str) -> Decimal | None:
    if wert is None:
        return None
    betrag = dezimal(wert, feld)
    if betrag < 0:
        raise RegelFehler(f"{feld} darf nicht negativ sein.")
    return betrag


@dataclass(frozen=True)
class StelleEingabe:
    id: str
    art: str  # 'koordination' | 'verwaltungsassistenz' | 'case_management'
    vzae: Decimal
    von: Monat
    bis: Monat
    personalausgaben: Decimal | None = None
    sachausgaben: Decimal | None = None
    besetzt: bool = True

    def __post_init__(self):
        _pruefe_art(self.art)
        vzae = dezimal(self.vzae, "Die VZÄ")
        if not Decimal(0) < vzae <= MAX_VZAE_JE_STELLE:
            raise RegelFehler("Die VZÄ müssen größer als 0 und höchstens 1,0 sein.")
        von, bis = Monat.aus(self.von), Monat.aus(self.bis)
        if von > bis:
            raise RegelFehler(f"Der Beginn ({von}) liegt nach dem Ende ({bis}) der Stelle {self.id}.")
        object.__setattr__(self, "vzae", vzae)
        object.__setattr__(self, "von", von)
        object.__setattr__(self, "bis", bis)
        object.__setattr__(self, "personalausgaben",
                           _betrag_oder_none(self.personalausgaben, "Die Personalausgaben"))
        object.__setattr__(self, "sachausgaben", _betrag_oder_none(self.sachausgaben, "Die Sachausgaben"))

    def monate_im_jahr(self, jahr: int) -> int:
        """Monate der Stelle innerhalb des Kalenderjahres ``jahr``."""
        von = max(self.von, Monat(jahr, 1))
        bis = min(self.bis, Monat(jahr, 12))
        return monate_zwischen(von, bis)

    def aktiv_in(self, monat: Monat) -> bool:
        return self.von <= monat <= self.bis


@dataclass(frozen=True)
class Fall:
    foerderjahr: int
    kommune_art: str  # 'kreis' | 'staedteregion' | 'kreisfreie_stadt'
    qualifizierte_kreisangehoerige: int = 0
    cm_kontingent_vzae: Decimal | None = None
    stellen: tuple = ()
    veranstaltungen: Decimal | None = None
    schnittstellen: Decimal | None = None

    def __post_init__(self):
        if self.kommune_art not in KOMMUNE_ARTEN:
            raise RegelFehler(f"Die Kommunenart „{self.kommune_art}“ ist unbekannt.")
        if self.qualifizierte_kreisangehoerige < 0:
            raise RegelFehler("Die Zahl der qualifizierten kreisangehörigen Kommunen darf nicht negativ sein.")
        stellen = tuple(self.stellen)
        ids = [s.id for s in stellen]
        doppelt = sorted({i for i in ids if ids.count(i) > 1})
        if doppelt:
            raise RegelFehler(f"Die Stellen-ID „{doppelt[0]}“ kommt mehrfach vor.")
        object.__setattr__(self, "stellen", stellen)
        if self.cm_kontingent_vzae is not None:
            kontingent = dezimal(self.cm_kontingent_vzae, "Das CM-Kontingent")
            if kontingent < 0:
                raise RegelFehler("Das CM-Kontingent darf nicht negativ sein.")
            object.__setattr__(self, "cm_kontingent_vzae", kontingent)
        object.__setattr__(self, "veranstaltungen",
                           _betrag_oder_none(self.veranstaltungen, "Der Betrag für Veranstaltungen"))
        object.__setattr__(self, "schnittstellen",
                           _betrag_oder_none(self.schnittstellen, "Der Betrag für Schnittstellen-Maßnahmen"))


# --- Ergebnis ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Befund:
    code: str
    regel: str
    stelle: str | None
    text: str
    blockierend: bool


@dataclass(frozen=True)
class StelleErgebnis:
    id: str
    art: str
    vzae: Decimal
    besetzt: bool
    monate: int
    foerderfaehig: bool
    personalausgaben: Decimal
    sachausgaben: Decimal
    personalausgaben_obergrenze: Decimal
    sachausgaben_obergrenze: Decimal

    @property
    def gesamt(self) -> Decimal:
        return self.personalausgaben + self.sachausgaben


@dataclass(frozen=True)
class Begleitmassnahmen:
    veranstaltungen: Decimal = NULL
    schnittstellen: Decimal = NULL

    @property
    def gesamt(self) -> Decimal:
        return self.veranstaltungen + self.schnittstellen


@dataclass(frozen=True)
class Summen:
    koordination: Decimal
    verwaltungsassistenz: Decimal
    case_management: Decimal
    sachausgaben: Decimal
    begleitmassnahmen: Decimal
    gesamt: Decimal


@dataclass(frozen=True)
class Ergebnis:
    foerderjahr: int
    stellen: tuple  # of StelleErgebnis, in input order
    begleitmassnahmen: Begleitmassnahmen
    summen: Summen
    befunde: tuple = field(default=())  # of Befund

    @property
    def blockierend(self) -> bool:
        """True, wenn ein Befund das Einreichen des Antrags verhindert."""
        return any(b.blockierend for b in self.befunde)

    @property
    def blockierende_befunde(self) -> tuple:
        return tuple(b for b in self.befunde if b.blockierend)

    def stelle(self, stelle_id: str) -> StelleErgebnis:
        for s in self.stellen:
            if s.id == stelle_id:
                return s
        raise KeyError(stelle_id)


def _befund(code: str, text: str, stelle: str | None = None) -> Befund:
    regel = BEFUND_REGELN[code]
    return Befund(code=code, regel=regel, stelle=stelle, text=f"Nr. {regel}: {text}",
                  blockierend=code in BLOCKIERENDE_CODES)


def _erste_ueberschreitung(stellen, jahr: int, grenze: Decimal):
    """(Monat, VZÄ-Summe) des ersten Monats im Jahr, in dem die Summe die Grenze übersteigt."""
    for m in range(1, 13):
        monat = Monat(jahr, m)
        summe = sum((s.vzae for s in stellen if s.aktiv_in(monat)), Decimal(0))
        if summe > grenze:
            return monat, summe
    return None


# --- Berechnung -----------------------------------------------------------------------------------

def berechne(fall: Fall) -> Ergebnis:
    """Berechnet die zuwendungsfähigen Beträge eines Falls und alle Befunde (Vollfinanzierung, Nr. 5.2).

    Eine reine Funktion mit unveränderlichem Ergebnis: derselbe Fall wird je Prozess einmal gerechnet (Issue 13 –
    die Verteilung rechnet jeden offenen Antrag, jede Seite eines Antrags ihn mehrmals). Schlüssel ist die
    Darstellung des Falls, die auch die Schreibweise der Zahlen unterscheidet (1.0 und 1.00 VZÄ)."""
    return _berechne_gemerkt(repr(fall), fall)


@functools.lru_cache(maxsize=4096)
def _berechne_gemerkt(_schluessel: str, fall: Fall) -> Ergebnis:
    return _berechne(fall)


def _berechne(fall: Fall) -> Ergebnis:
    jahr = fall.foerderjahr
    befunde: list[Befund] = []

    if jahr not in FOERDERJAHRE:
        befunde.append(_befund(
            FOERDERJAHR_AUSSERHALB_GELTUNGSDAUER,
            f"Das Förderjahr {jahr} liegt außerhalb der Geltungsdauer der Richtlinie "
            f"({FOERDERJAHRE[0]} bis {FOERDERJAHRE[-1]}); es kann nichts gefördert werden."))
        stellen = tuple(
            StelleErgebnis(id=s.id, art=s.art, vzae=s.vzae, besetzt=s.besetzt, monate=s.monate_im_jahr(jahr),
                           foerderfaehig=False, personalausgaben=NULL, sachausgaben=NULL,
                           personalausgaben_obergrenze=NULL, sachausgaben_obergrenze=NULL)
            for s in fall.stellen)
        return Ergebnis(foerderjahr=jahr, stellen=stellen, begleitmassnahmen=Begleitmassnahmen(),
                        summen=Summen(NULL, NULL, NULL, NULL, NULL, NULL), befunde=tuple(befunde))

    qualifizierte = fall.qualifizierte_kreisangehoerige
    if fall.kommune_art == KREISFREIE_STADT and qualifizierte > 0:
        befunde.append(_befund(
            WEITERE_KOORDINATION_NUR_KREISE,
            "Weitere Koordinationsstellen für qualifizierte kreisangehörige Kommunen gibt es nur für Kreise "
            f"und die Städteregion Aachen; die Angabe ({qualifizierte}) bleibt für eine kreisfreie Stadt "
            "unberücksichtigt."))

    ergebnisse = []
    for s in fall.stellen:
        monate = s.monate_im_jahr(jahr)
        if not ist_foerderfaehige_vzae(s.vzae):
            befunde.append(_befund(
                VZAE_UNTER_HALB,
                f"Die Stelle {s.id} umfasst {zahl_de(s.vzae)} VZÄ, weniger als ein halbes "
                "Vollzeitäquivalent, und ist nicht zuwendungsfähig.", s.id))
        foerderfaehig = ist_foerderfaehige_vzae(s.vzae) and monate > 0
        if not foerderfaehig:
            ergebnisse.append(StelleErgebnis(
                id=s.id, art=s.art, vzae=s.vzae, besetzt=s.besetzt, monate=monate, foerderfaehig=False,
                personalausgaben=NULL, sachausgaben=NULL,
                personalausgaben_obergrenze=NULL, sachausgaben_obergrenze=NULL))
            continue

        pa_grenze = personalausgaben_obergrenze(s.art, s.vzae, monate)
        sa_grenze = sachausgaben_obergrenze(s.art, s.vzae, monate)
        pa = foerderfaehiger_betrag(s.personalausgaben, pa_grenze)
        if s.personalausgaben is not None and s.personalausgaben > pa_grenze:
            befunde.append(_befund(
                PERSONALAUSGABEN_GEKAPPT,
                f"Die Personalausgaben der Stelle {s.id} ({betrag_de(s.personalausgaben)}) übersteigen den "
                f"Höchstbetrag von {betrag_de(pa_grenze)}; gefördert werden {betrag_de(pa)}.", s.id))
        if s.art == CASE_MANAGEMENT:
            sa = NULL
            if s.sachausgaben is not None and s.sachausgaben > 0:
                befunde.append(_befund(
                    SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG,
                    f"Für die Case-Management-Stelle {s.id} sind Sachausgaben nicht zuwendungsfähig; die "
                    f"angegebenen {betrag_de(s.sachausgaben)} bleiben unberücksichtigt.", s.id))
        else:
            sa = foerderfaehiger_betrag(s.sachausgaben, sa_grenze)
            if s.sachausgaben is not None and s.sachausgaben > sa_grenze:
                befunde.append(_befund(
                    SACHAUSGABEN_GEKAPPT,
                    f"Die Sachausgaben der Stelle {s.id} ({betrag_de(s.sachausgaben)}) übersteigen den "
                    f"Höchstbetrag von {betrag_de(sa_grenze)}; gefördert werden {betrag_de(sa)}.", s.id))
        ergebnisse.append(StelleErgebnis(
            id=s.id, art=s.art, vzae=s.vzae, besetzt=s.besetzt, monate=monate, foerderfaehig=True,
            personalausgaben=pa, sachausgaben=sa,
            personalausgaben_obergrenze=pa_grenze, sachausgaben_obergrenze=sa_grenze))

    # Obergrenzen je Monat: nur förderfähige Stellen (≥ 0,5 VZÄ) zählen.
    zaehlend = [s for s in fall.stellen if ist_foerderfaehige_vzae(s.vzae)]
    grenze_k = koordination_obergrenze_vzae(fall.kommune_art, qualifizierte)
    treffer = _erste_ueberschreitung([s for s in zaehlend if s.art == KOORDINATION], jahr, grenze_k)
    if treffer:
        monat, summe = treffer
        befunde.append(_befund(
            KOORDINATION_OBERGRENZE,
            f"Im {monat.name} übersteigen die Koordinationsstellen {zahl_de(grenze_k)} VZÄ ({zahl_de(summe)})."))
    treffer = _erste_ueberschreitung([s for s in zaehlend if s.art == VERWALTUNGSASSISTENZ], jahr,
                                     VERWALTUNGSASSISTENZ_VZAE)
    if treffer:
        monat, summe = treffer
        befunde.append(_befund(
            VERWALTUNGSASSISTENZ_OBERGRENZE,
            f"Im {monat.name} übersteigt die Verwaltungsassistenz {zahl_de(VERWALTUNGSASSISTENZ_VZAE)} VZÄ "
            f"({zahl_de(summe)})."))
    if fall.cm_kontingent_vzae is not None:
        treffer = _erste_ueberschreitung([s for s in zaehlend if s.art == CASE_MANAGEMENT], jahr,
                                         fall.cm_kontingent_vzae)
        if treffer:
            monat, summe = treffer
            befunde.append(_befund(
                CM_KONTINGENT_UEBERSCHRITTEN,
                f"Im {monat.name} übersteigen die Case-Management-Stellen das Kontingent von "
                f"{zahl_de(fall.cm_kontingent_vzae)} VZÄ ({zahl_de(summe)})."))

    # Begleitmaßnahmen, Nr. 5.4.2 a und b
    veranstaltungen = foerderfaehiger_betrag(
        fall.veranstaltungen if fall.veranstaltungen is not None else Decimal(0), VERANSTALTUNGEN_HOECHSTBETRAG)
    if fall.veranstaltungen is not None and fall.veranstaltungen > VERANSTALTUNGEN_HOECHSTBETRAG:
        befunde.append(_befund(
            VERANSTALTUNGEN_GEKAPPT,
            f"Die Ausgaben für Veranstaltungsformate ({betrag_de(fall.veranstaltungen)}) übersteigen den "
            f"Höchstbetrag von {betrag_de(VERANSTALTUNGEN_HOECHSTBETRAG)} pro Jahr; gefördert werden "
            f"{betrag_de(veranstaltungen)}."))
    schnittstellen = foerderfaehiger_betrag(
        fall.schnittstellen if fall.schnittstellen is not None else Decimal(0), SCHNITTSTELLEN_HOECHSTBETRAG)
    if fall.schnittstellen is not None and fall.schnittstellen > SCHNITTSTELLEN_HOECHSTBETRAG:
        befunde.append(_befund(
            SCHNITTSTELLEN_GEKAPPT,
            f"Die Ausgaben für Schnittstellen-Maßnahmen ({betrag_de(fall.schnittstellen)}) übersteigen den "
            f"Höchstbetrag von {betrag_de(SCHNITTSTELLEN_HOECHSTBETRAG)} pro Jahr; gefördert werden "
            f"{betrag_de(schnittstellen)}."))
    begleit = Begleitmassnahmen(veranstaltungen=veranstaltungen, schnittstellen=schnittstellen)

    def personal(art):
        return sum((e.personalausgaben for e in ergebnisse if e.art == art), NULL)

    summen_k, summen_va, summen_cm = personal(KOORDINATION), personal(VERWALTUNGSASSISTENZ), personal(CASE_MANAGEMENT)
    summe_sach = sum((e.sachausgaben for e in ergebnisse), NULL)
    summen = Summen(
        koordination=summen_k, verwaltungsassistenz=summen_va, case_management=summen_cm,
        sachausgaben=summe_sach, begleitmassnahmen=begleit.gesamt,
        gesamt=summen_k + summen_va + summen_cm + summe_sach + begleit.gesamt)
    return Ergebnis(foerderjahr=jahr, stellen=tuple(ergebnisse), begleitmassnahmen=begleit, summen=summen,
                    befunde=tuple(befunde))
