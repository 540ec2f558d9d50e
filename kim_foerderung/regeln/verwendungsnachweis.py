"""Verwendungsnachweis: anerkannte Ausgaben gegen Bewilligung und Auszahlung (Nr. 7.4, 7.5; ANBest-G Nr. 1.2).

Leseweise des Projekts (DESIGN.md „The money half“, Vertrag ``verwendungsnachweis`` in
shared/rechner/CONTRACT.md), in dieser Reihenfolge:

1. Je Stelle des Nachweises (``ist``): Höchstbeträge nach Nr. 5.4 wie im Förderrechner aus den tatsächlichen
   VZÄ und Monaten (unter 0,5 VZÄ: 0; Case Management: keine Sachausgaben); anerkannt = min(Ist, Höchstbetrag).
   Eine Stelle, deren Kennung nicht im Bescheid steht oder dort eine andere Art hat, wird nicht anerkannt (0,
   ``NICHT_BEWILLIGT``, Nr. 7.4).
2. Begleitmaßnahmen: min(Ist, 5 000 € bzw. 10 000 €).
3. Einzelansätze (Nr. 1.2 ANBest-G): Personal Koordination, Personal Verwaltungsassistenz, Personal Case
   Management, Sachausgaben, Veranstaltungen, Schnittstellen dürfen ihren Betrag im Bescheid um höchstens 20 %
   überschreiten (120 % kaufmännisch auf Cent; 0 im Bescheid → 0); darüber wird gekürzt
   (``EINZELANSATZ_UEBERSCHRITTEN``), innerhalb der Kategorie von den Stellen in umgekehrter Reihenfolge des
   Nachweises, jede bis 0, bevor die nächste drankommt.
4. Insgesamt nie mehr als der Höchstbetrag (``HOECHSTBETRAG_ERREICHT``, Nr. 5.4): gekürzt wird von den
   Kategorien in umgekehrter Reihenfolge von 3., darin wie in 3.
5. Überzahlung = max(0, ausgezahlt − anerkannt), Nachzahlung = max(0, anerkannt − ausgezahlt)
   (``UEBERZAHLUNG``, Nr. 7.5).
6./7. Obergrenzen je Monat und alle übrigen Befunde des Förderrechners auf den anerkannten Stellen werden
   gemeldet, kürzen hier aber nichts (die Prüfung entscheidet).

Nicht angegebene Beträge (im Bescheid wie im Nachweis) sind 0,00 €, nicht der Höchstbetrag. Reines Python.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .basis import FOERDERJAHRE, Monat, RegelFehler
from .foerderung import (
    ARTEN,
    CASE_MANAGEMENT,
    KOMMUNE_ARTEN,
    KOORDINATION,
    MAX_VZAE_JE_STELLE,
    VERWALTUNGSASSISTENZ,
    Befund,
    Fall,
    StelleEingabe,
    berechne,
)
from . import rechner  # die Helfer des Vertrags (Feldnamen, Zahlenprüfung)
from .geld import NULL, betrag_de

NICHT_BEWILLIGT = "NICHT_BEWILLIGT"
EINZELANSATZ_UEBERSCHRITTEN = "EINZELANSATZ_UEBERSCHRITTEN"
HOECHSTBETRAG_ERREICHT = "HOECHSTBETRAG_ERREICHT"
UEBERZAHLUNG = "UEBERZAHLUNG"
VN_BEFUND_REGELN = {
    NICHT_BEWILLIGT: "7.4",
    EINZELANSATZ_UEBERSCHRITTEN: "ANBest-G 1.2",
    HOECHSTBETRAG_ERREICHT: "5.4",
    UEBERZAHLUNG: "7.5",
}

#: Nr. 1.2 ANBest-G: ein Einzelansatz darf um bis zu 20 % überschritten werden.
EINZELANSATZ_FAKTOR = Decimal("1.2")

PERSONAL_KOORDINATION = "personal_koordination"
PERSONAL_VERWALTUNGSASSISTENZ = "personal_verwaltungsassistenz"
PERSONAL_CASE_MANAGEMENT = "personal_case_management"
SACHAUSGABEN = "sachausgaben"
VERANSTALTUNGEN = "veranstaltungen"
SCHNITTSTELLEN = "schnittstellen"
#: Die Einzelansätze in der Reihenfolge von Regel 3.
KATEGORIEN = (PERSONAL_KOORDINATION, PERSONAL_VERWALTUNGSASSISTENZ, PERSONAL_CASE_MANAGEMENT, SACHAUSGABEN,
              VERANSTALTUNGEN, SCHNITTSTELLEN)
KATEGORIE_NAMEN = {
    PERSONAL_KOORDINATION: "Personalausgaben Koordination",
    PERSONAL_VERWALTUNGSASSISTENZ: "Personalausgaben Verwaltungsassistenz",
    PERSONAL_CASE_MANAGEMENT: "Personalausgaben Case Management",
    SACHAUSGABEN: "Sachausgaben",
    VERANSTALTUNGEN: "Veranstaltungsformate",
    SCHNITTSTELLEN: "Schnittstellen-Maßnahmen",
}
_PERSONAL_KATEGORIE = {KOORDINATION: PERSONAL_KOORDINATION, VERWALTUNGSASSISTENZ: PERSONAL_VERWALTUNGSASSISTENZ,
                       CASE_MANAGEMENT: PERSONAL_CASE_MANAGEMENT}


# --- Eingabe ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BescheidStelle:
    """Eine Stelle des geltenden Bescheids mit ihren bewilligten Beträgen (fehlend = 0)."""

    id: str
    art: str
    vzae: Decimal
    von: Monat
    bis: Monat
    personalausgaben: Decimal = NULL
    sachausgaben: Decimal = NULL


@dataclass(frozen=True)
class IstStelle:
    """Eine Stelle des zahlenmäßigen Nachweises: tatsächliche VZÄ, Monate und Ausgaben (fehlend = 0);
    ``art`` ``None`` = die Art der Bescheid-Stelle mit derselben Kennung."""

    id: str
    vzae: Decimal
    von: Monat
    bis: Monat
    personalausgaben: Decimal = NULL
    sachausgaben: Decimal = NULL
    art: str | None = None


@dataclass(frozen=True)
class Nachweis:
    foerderjahr: int
    kommune_art: str
    hoechstbetrag: Decimal
    ausgezahlt: Decimal
    bescheid_stellen: tuple = ()  # of BescheidStelle
    ist_stellen: tuple = ()  # of IstStelle
    qualifizierte_kreisangehoerige: int = 0
    bescheid_veranstaltungen: Decimal = NULL
    bescheid_schnittstellen: Decimal = NULL
    ist_veranstaltungen: Decimal = NULL
    ist_schnittstellen: Decimal = NULL

    def __post_init__(self):
        if self.foerderjahr not in FOERDERJAHRE:
            raise RegelFehler(f"Das Förderjahr {self.foerderjahr} liegt außerhalb der Geltungsdauer der Richtlinie "
                              f"({FOERDERJAHRE[0]} bis {FOERDERJAHRE[-1]}, Nr. 8).")
        if self.kommune_art not in KOMMUNE_ARTEN:
            raise RegelFehler(f"Die Kommunenart „{self.kommune_art}“ ist unbekannt.")
        for liste in (self.bescheid_stellen, self.ist_stellen):
            ids = [s.id for s in liste]
            doppelt = sorted({i for i in ids if ids.count(i) > 1})
            if doppelt:
                raise RegelFehler(f"Die Stellen-ID „{doppelt[0]}“ kommt mehrfach vor.")
        object.__setattr__(self, "bescheid_stellen", tuple(self.bescheid_stellen))
        object.__setattr__(self, "ist_stellen", tuple(self.ist_stellen))


# --- Ergebnis -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StelleAnerkannt:
    id: str
    art: str | None
    anerkannt_personal: Decimal
    anerkannt_sach: Decimal
    bewilligt_personal: Decimal  # 0, wenn nicht im Bescheid
    bewilligt_sach: Decimal
    ist_personal: Decimal
    ist_sach: Decimal
    bewilligt: bool  # False: NICHT_BEWILLIGT

    @property
    def anerkannt(self) -> Decimal:
        return self.anerkannt_personal + self.anerkannt_sach

    @property
    def bewilligt_gesamt(self) -> Decimal:
        return self.bewilligt_personal + self.bewilligt_sach


@dataclass(frozen=True)
class Kategorie:
    name: str  # einer der KATEGORIEN
    bewilligt: Decimal  # Betrag im Bescheid
    grenze: Decimal  # 120 % davon
    anerkannt: Decimal  # nach allen Kürzungen


@dataclass(frozen=True)
class Pruefergebnis:
    stellen: tuple  # of StelleAnerkannt, in der Reihenfolge des Nachweises
    veranstaltungen: Decimal
    schnittstellen: Decimal
    kategorien: tuple  # of Kategorie, Reihenfolge KATEGORIEN
    bewilligt: Decimal  # = Höchstbetrag
    anerkannt: Decimal
    ausgezahlt: Decimal
    ueberzahlung: Decimal
    nachzahlung: Decimal
    befunde: tuple = field(default=())  # of Befund

    def kategorie(self, name: str) -> Kategorie:
        return next(k for k in self.kategorien if k.name == name)

    def stelle(self, stelle_id: str) -> StelleAnerkannt:
        return next(s for s in self.stellen if s.id == stelle_id)


def _befund(code: str, text: str, stelle: str | None = None) -> Befund:
    regel = VN_BEFUND_REGELN[code]
    kopf = regel if regel.startswith("ANBest") else f"Nr. {regel}"
    return Befund(code=code, regel=regel, stelle=stelle, text=f"{kopf}: {text}", blockierend=False)


def _kuerzen(posten: list, betrag: Decimal) -> Decimal:
    """Kürzt ``betrag`` von ``posten`` (Liste [Wert], in Kürzungsreihenfolge), jeden bis 0; gibt den Rest
    zurück, der nicht gekürzt werden konnte."""
    for p in posten:
        if betrag <= 0:
            break
        abzug = min(p[0], betrag)
        p[0] -= abzug
        betrag -= abzug
    return betrag


def pruefe_nachweis(n: Nachweis) -> Pruefergebnis:
    """Rechnet den Verwendungsnachweis nach den Regeln 1–7 (Modul-Docstring); alle Beträge ``Decimal``."""
    bescheid = {s.id: s for s in n.bescheid_stellen}
    befunde: list[Befund] = []

    # Regel 1 und 7: anerkannte Stellen über den Förderrechner (fehlende Beträge sind 0, nicht der Höchstbetrag)
    erkannt = []
    for s in n.ist_stellen:
        b = bescheid.get(s.id)
        if b is not None and (s.art is None or s.art == b.art):
            erkannt.append(StelleEingabe(id=s.id, art=b.art, vzae=s.vzae, von=s.von, bis=s.bis,
                                         personalausgaben=s.personalausgaben, sachausgaben=s.sachausgaben))
    fall = Fall(foerderjahr=n.foerderjahr, kommune_art=n.kommune_art,
                qualifizierte_kreisangehoerige=n.qualifizierte_kreisangehoerige, stellen=tuple(erkannt),
                veranstaltungen=n.ist_veranstaltungen, schnittstellen=n.ist_schnittstellen)
    rechnung = berechne(fall)
    befunde.extend(rechnung.befunde)  # Regeln 6 und 7: melden, nicht kürzen

    werte = {}  # id → [personal], [sach] (veränderlich für die Kürzungen)
    arten = {}
    for s in n.ist_stellen:
        b = bescheid.get(s.id)
        if b is None or (s.art is not None and s.art != b.art):
            werte[s.id] = ([NULL], [NULL])
            arten[s.id] = s.art
            grund = ("steht nicht im Bescheid" if b is None
                     else f"ist im Bescheid eine andere Stellenart ({b.art}) als im Nachweis ({s.art})")
            befunde.append(_befund(NICHT_BEWILLIGT, f"Die Stelle {s.id} {grund} und wird nicht anerkannt.", s.id))
        else:
            e = rechnung.stelle(s.id)
            werte[s.id] = ([e.personalausgaben], [e.sachausgaben])
            arten[s.id] = b.art
    veranstaltungen = [rechnung.begleitmassnahmen.veranstaltungen]
    schnittstellen = [rechnung.begleitmassnahmen.schnittstellen]

    # Regel 3: Einzelansätze
    rueckwaerts = [s.id for s in reversed(n.ist_stellen)]
    posten = {
        PERSONAL_KOORDINATION: [werte[i][0] for i in rueckwaerts if arten[i] == KOORDINATION],
        PERSONAL_VERWALTUNGSASSISTENZ: [werte[i][0] for i in rueckwaerts if arten[i] == VERWALTUNGSASSISTENZ],
        PERSONAL_CASE_MANAGEMENT: [werte[i][0] for i in rueckwaerts if arten[i] == CASE_MANAGEMENT],
        SACHAUSGABEN: [werte[i][1] for i in rueckwaerts],
        VERANSTALTUNGEN: [veranstaltungen],
        SCHNITTSTELLEN: [schnittstellen],
    }
    bewilligt = {
        PERSONAL_KOORDINATION: sum((s.personalausgaben for s in n.bescheid_stellen if s.art == KOORDINATION), NULL),
        PERSONAL_VERWALTUNGSASSISTENZ: sum((s.personalausgaben for s in n.bescheid_stellen
                                            if s.art == VERWALTUNGSASSISTENZ), NULL),
        PERSONAL_CASE_MANAGEMENT: sum((s.personalausgaben for s in n.bescheid_stellen if s.art == CASE_MANAGEMENT),
                                      NULL),
        SACHAUSGABEN: sum((s.sachausgaben for s in n.bescheid_stellen), NULL),
        VERANSTALTUNGEN: n.bescheid_veranstaltungen,
        SCHNITTSTELLEN: n.bescheid_schnittstellen,
    }
    grenze = {k: (bewilligt[k] * EINZELANSATZ_FAKTOR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
              for k in KATEGORIEN}

    def summe(k):
        return sum((p[0] for p in posten[k]), NULL)

    ueberschritten = []
    for k in KATEGORIEN:
        if summe(k) > grenze[k]:
            ueberschritten.append(f"{KATEGORIE_NAMEN[k]} {betrag_de(summe(k))} statt höchstens "
                                  f"{betrag_de(grenze[k])}")
            _kuerzen(posten[k], summe(k) - grenze[k])
    if ueberschritten:
        befunde.append(_befund(
            EINZELANSATZ_UEBERSCHRITTEN,
            "Ein Einzelansatz darf um höchstens 20 % überschritten werden; gekürzt: " + "; ".join(ueberschritten)
            + "."))

    # Regel 4: Höchstbetrag
    gesamt = sum((summe(k) for k in KATEGORIEN), NULL)
    if gesamt > n.hoechstbetrag:
        befunde.append(_befund(
            HOECHSTBETRAG_ERREICHT,
            f"Die anerkannten Ausgaben ({betrag_de(gesamt)}) übersteigen den Höchstbetrag des Bescheids "
            f"({betrag_de(n.hoechstbetrag)}); anerkannt wird höchstens dieser."))
        rest = gesamt - n.hoechstbetrag
        for k in reversed(KATEGORIEN):
            rest = _kuerzen(posten[k], rest)
        gesamt = sum((summe(k) for k in KATEGORIEN), NULL)

    # Regel 5
    ueberzahlung = max(NULL, n.ausgezahlt - gesamt)
    nachzahlung = max(NULL, gesamt - n.ausgezahlt)
    if ueberzahlung > 0:
        befunde.append(_befund(
            UEBERZAHLUNG,
            f"Ausgezahlt wurden {betrag_de(n.ausgezahlt)}, anerkannt sind {betrag_de(gesamt)}; die Überzahlung "
            f"von {betrag_de(ueberzahlung)} ist zu erstatten."))

    stellen = []
    for s in n.ist_stellen:
        b = bescheid.get(s.id)
        stellen.append(StelleAnerkannt(
            id=s.id, art=arten[s.id], anerkannt_personal=werte[s.id][0][0], anerkannt_sach=werte[s.id][1][0],
            bewilligt_personal=b.personalausgaben if b else NULL, bewilligt_sach=b.sachausgaben if b else NULL,
            ist_personal=s.personalausgaben, ist_sach=s.sachausgaben,
            bewilligt=b is not None and (s.art is None or s.art == b.art)))
    kategorien = tuple(Kategorie(name=k, bewilligt=bewilligt[k], grenze=grenze[k], anerkannt=summe(k))
                       for k in KATEGORIEN)
    return Pruefergebnis(stellen=tuple(stellen), veranstaltungen=veranstaltungen[0], schnittstellen=schnittstellen[0],
                         kategorien=kategorien, bewilligt=n.hoechstbetrag, anerkannt=gesamt, ausgezahlt=n.ausgezahlt,
                         ueberzahlung=ueberzahlung, nachzahlung=nachzahlung, befunde=tuple(befunde))


# --- JSON-Vertrag ----------------------------------------------------------------------------------

def _betrag(objekt: dict, schluessel: str, feld: str, pflicht: bool = False) -> Decimal:
    r = rechner
    wert = objekt.get(schluessel)
    if wert is None:
        if pflicht:
            raise r._fehler(feld, "Der Betrag fehlt.")
        return NULL
    betrag = r._zahl(wert, feld, 'Der Betrag muss eine Zahl in Euro sein, z. B. "57000.00".')
    if betrag < 0:
        raise r._fehler(feld, "Der Betrag darf nicht negativ sein.")
    if betrag.as_tuple().exponent < -2:
        raise r._fehler(feld, "Der Betrag darf höchstens zwei Nachkommastellen haben.")
    if betrag >= r.BETRAG_GRENZE:
        raise r._fehler(feld, "Der Betrag muss unter 1 000 000 000 Euro liegen.")
    return betrag.quantize(Decimal("0.01"))


def _objekt(wert, feld: str, satz: str) -> dict:
    if not isinstance(wert, dict):
        raise rechner._fehler(feld, satz)
    return wert


def _stellen(liste, prefix: str, jahr: int, *, art_pflicht: bool) -> list:
    r = rechner
    if liste is None:
        raise r._fehler(prefix, "Die Liste der Stellen fehlt.")
    if not isinstance(liste, list):
        raise r._fehler(prefix, "Die Stellen müssen als Liste angegeben werden.")
    ergebnis, gesehen = [], set()
    for i, roh in enumerate(liste):
        p = f"{prefix}[{i}]"
        if not isinstance(roh, dict):
            raise r._fehler(p, "Jede Stelle muss ein JSON-Objekt sein.")
        sid = roh.get("id")
        if not isinstance(sid, str) or not sid.strip():
            raise r._fehler(f"{p}.id", "Die Stellen-ID muss ein nicht leerer Text sein.")
        if sid in gesehen:
            raise r._fehler(f"{p}.id", f'Die Stellen-ID "{sid}" kommt mehrfach vor.')
        gesehen.add(sid)
        art = roh.get("art")
        if art is None and art_pflicht:
            raise r._fehler(f"{p}.art", "Die Stellenart fehlt.")
        if art is not None and art not in ARTEN:
            raise r._fehler(f"{p}.art", f"Die Stellenart muss {r._liste(ARTEN)} sein.")
        if roh.get("vzae") is None:
            raise r._fehler(f"{p}.vzae", "Die VZÄ fehlen.")
        vzae = r._zahl(roh["vzae"], f"{p}.vzae", 'Die VZÄ müssen eine Zahl sein, z. B. "0.5".')
        if not Decimal(0) < vzae <= MAX_VZAE_JE_STELLE:
            raise r._fehler(f"{p}.vzae", "Die VZÄ müssen größer als 0 und höchstens 1,0 sein.")
        for schluessel in ("von", "bis"):
            if roh.get(schluessel) is None:
                raise r._fehler(f"{p}.{schluessel}", f"Der Monat fehlt (Format JJJJ-MM, z. B. \"{jahr}-01\").")
        von = r._monat(roh["von"], f"{p}.von", jahr)
        bis = r._monat(roh["bis"], f"{p}.bis", jahr)
        if von > bis:
            raise r._fehler(f"{p}.bis", f"Das Ende ({bis}) liegt vor dem Beginn ({von}).")
        personal = _betrag(roh, "personalausgaben", f"{p}.personalausgaben")
        sach = _betrag(roh, "sachausgaben", f"{p}.sachausgaben")
        if art_pflicht:
            ergebnis.append(BescheidStelle(id=sid, art=art, vzae=vzae, von=von, bis=bis, personalausgaben=personal,
                                           sachausgaben=sach))
        else:
            ergebnis.append(IstStelle(id=sid, art=art, vzae=vzae, von=von, bis=bis, personalausgaben=personal,
                                      sachausgaben=sach))
    return ergebnis


def _begleit(obj: dict, prefix: str) -> tuple:
    begleit = obj.get("begleitmassnahmen")
    if begleit is None:
        return NULL, NULL
    begleit = _objekt(begleit, prefix, 'Die Begleitmaßnahmen müssen ein JSON-Objekt mit "veranstaltungen" und '
                                       '"schnittstellen" sein.')
    return (_betrag(begleit, "veranstaltungen", f"{prefix}.veranstaltungen"),
            _betrag(begleit, "schnittstellen", f"{prefix}.schnittstellen"))


def nachweis_aus_json(text) -> Nachweis:
    """JSON-Text des Vertrags → ``Nachweis`` (``EingabeFehler`` mit deutschem Satz und Feldnamen)."""
    r = rechner
    obj = r.lade_json(text)
    if not isinstance(obj, dict):
        raise r.EingabeFehler('Die Eingabe muss ein JSON-Objekt mit den Feldern "foerderjahr", "kommune_art", '
                              '"bescheid", "ist" und "ausgezahlt" sein.')
    jahr = obj.get("foerderjahr")
    if jahr is None:
        raise r._fehler("foerderjahr", "Das Förderjahr fehlt.")
    if isinstance(jahr, bool) or not isinstance(jahr, int) or jahr not in FOERDERJAHRE:
        raise r._fehler("foerderjahr", f"Das Förderjahr muss zwischen {FOERDERJAHRE[0]} und {FOERDERJAHRE[-1]} "
                                       "liegen (Nr. 8).")
    kommune_art = obj.get("kommune_art")
    if kommune_art is None:
        raise r._fehler("kommune_art", "Die Kommunenart fehlt.")
    if kommune_art not in KOMMUNE_ARTEN:
        raise r._fehler("kommune_art", f"Die Kommunenart muss {r._liste(KOMMUNE_ARTEN)} sein.")
    qualifizierte = obj.get("qualifizierte_kreisangehoerige", 0)
    if qualifizierte is None:
        qualifizierte = 0
    if r._ist_ganzzahl(qualifizierte):
        qualifizierte = int(qualifizierte)
    if isinstance(qualifizierte, bool) or not isinstance(qualifizierte, int) or qualifizierte < 0:
        raise r._fehler("qualifizierte_kreisangehoerige",
                        "Die Zahl der qualifizierten kreisangehörigen Kommunen muss eine ganze Zahl ab 0 sein.")

    if obj.get("bescheid") is None:
        raise r._fehler("bescheid", "Der Bescheid fehlt.")
    bescheid = _objekt(obj["bescheid"], "bescheid", 'Der Bescheid muss ein JSON-Objekt mit "hoechstbetrag" und '
                                                    '"stellen" sein.')
    hoechstbetrag = _betrag(bescheid, "hoechstbetrag", "bescheid.hoechstbetrag", pflicht=True)
    bescheid_stellen = _stellen(bescheid.get("stellen"), "bescheid.stellen", jahr, art_pflicht=True)
    b_veranstaltungen, b_schnittstellen = _begleit(bescheid, "bescheid.begleitmassnahmen")

    if obj.get("ist") is None:
        raise r._fehler("ist", "Der Nachweis (ist) fehlt.")
    ist = _objekt(obj["ist"], "ist", 'Der Nachweis muss ein JSON-Objekt mit "stellen" sein.')
    ist_stellen = _stellen(ist.get("stellen"), "ist.stellen", jahr, art_pflicht=False)
    i_veranstaltungen, i_schnittstellen = _begleit(ist, "ist.begleitmassnahmen")

    ausgezahlt = _betrag(obj, "ausgezahlt", "ausgezahlt", pflicht=True)
    return Nachweis(foerderjahr=jahr, kommune_art=kommune_art, qualifizierte_kreisangehoerige=qualifizierte,
                    hoechstbetrag=hoechstbetrag, ausgezahlt=ausgezahlt, bescheid_stellen=tuple(bescheid_stellen),
                    ist_stellen=tuple(ist_stellen), bescheid_veranstaltungen=b_veranstaltungen,
                    bescheid_schnittstellen=b_schnittstellen, ist_veranstaltungen=i_veranstaltungen,
                    ist_schnittstellen=i_schnittstellen)


def pruefergebnis_als_json(e: Pruefergebnis) -> dict:
    """``Pruefergebnis`` → dict in Form und Schlüsselreihenfolge des Vertrags."""
    def geld(x):
        return format(Decimal(x).quantize(Decimal("0.01")), "f")

    befunde = []
    for b in e.befunde:
        eintrag = {"code": b.code, "regel": b.regel}
        if b.stelle is not None:
            eintrag["stelle"] = b.stelle
        befunde.append(eintrag)
    return {
        "stellen": [{"id": s.id, "anerkannt_personal": geld(s.anerkannt_personal),
                     "anerkannt_sach": geld(s.anerkannt_sach)} for s in e.stellen],
        "begleitmassnahmen": {"veranstaltungen": geld(e.veranstaltungen), "schnittstellen": geld(e.schnittstellen)},
        "summen": {"bewilligt": geld(e.bewilligt), "anerkannt": geld(e.anerkannt), "ausgezahlt": geld(e.ausgezahlt),
                   "ueberzahlung": geld(e.ueberzahlung), "nachzahlung": geld(e.nachzahlung)},
        "befunde": befunde,
    }


def verwendungsnachweis_json(text) -> dict:
    """JSON-Text des Vertrags → Ausgabe-dict (``EingabeFehler`` bei fehlerhafter Eingabe)."""
    return pruefergebnis_als_json(pruefe_nachweis(nachweis_aus_json(text)))
