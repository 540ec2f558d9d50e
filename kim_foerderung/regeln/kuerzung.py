"""Kürzungsvorschlag für einen Bescheid-Entwurf, dessen Stellen eine Obergrenze je Monat überschreiten.

Obergrenzen je Monat (wie ``foerderung.berechne`` sie prüft):
- Koordination: 3,5 VZÄ (Kreis, Städteregion) bzw. 2,5 VZÄ (kreisfreie Stadt), bei Kreisen und der
  Städteregion + 1,0 je qualifizierte kreisangehörige Kommune (Nr. 5.4.1 mit Nr. 4.3);
- Verwaltungsassistenz: 0,5 VZÄ (Nr. 5.4.1);
- Case Management: das CM-Kontingent der Kommune, falls eines gesetzt ist (Nr. 2.2).

Leseweise des Projekts (issue 9 Nr. 3, Nr. 5.4.1 „vorrangig besetzte Stellen“):
- Jede Obergrenze wird für sich behandelt (nur Stellen derselben Art zählen, und nur Stellen ab 0,5 VZÄ —
  kleinere sind ohnehin nicht zuwendungsfähig; eine unbesetzte unter 0,5 VZÄ entfällt nur, wenn in einem ihrer
  Monate eine besetzte Stelle derselben Art gekürzt wird).
- Gekürzt werden zuerst die unbesetzten Stellen, danach die besetzten; innerhalb jeder Gruppe zuerst die
  zuletzt aufgeführte Stelle.
- Jede Stelle bleibt eine gültige Stelle: ein zusammenhängender Zeitraum innerhalb ihres bisherigen und ein
  VZÄ-Wert von mindestens 0,5 (höchstens der bisherige), oder sie entfällt. Eine Stelle kann daher nicht
  nur in einzelnen Monaten gekürzt werden; sie wird entweder verkürzt (späterer Beginn, früheres Ende), im
  Umfang gesenkt, beides, oder sie entfällt.
- Die gerade behandelte Stelle nimmt in jedem ihrer Monate mit Überschreitung so viel auf, wie sie kann (die
  ganze Überschreitung oder, wenn diese größer ist als die Stelle, die ganze Stelle in diesem Monat). Unter den
  gültigen Möglichkeiten dafür wird die gewählt, die die meisten VZÄ-Monate behält (VZÄ × Monate, also auch den
  höchsten Höchstbetrag nach Nr. 5.4.1); bei Gleichstand die mit dem höheren VZÄ-Wert, dann die frühere.
- Eine besetzte Stelle wird in keinem Monat gekürzt, in dem eine unbesetzte Stelle derselben Art nach dem
  Vorschlag noch VZÄ hat. Müsste die beste Kürzung einer besetzten Stelle (z. B. ein früheres Ende) solche
  Monate treffen, entfallen dort zuerst die unbesetzten Stellen (sie werden verkürzt oder entfallen ganz) –
  außer eine Kürzung der besetzten Stelle, die diese Monate ausspart, behält mindestens ebenso viele VZÄ-Monate
  wie die beste Kürzung abzüglich dessen, was die unbesetzten dabei verlören.

Das Ergebnis ist ein Vorschlag: die Sachbearbeitung kann ihn vor dem Speichern ändern.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .basis import MONATSNAMEN, Monat, RegelFehler
from .foerderung import (
    CASE_MANAGEMENT,
    KOORDINATION,
    MINDEST_VZAE,
    VERWALTUNGSASSISTENZ,
    VERWALTUNGSASSISTENZ_VZAE,
    StelleEingabe,
    koordination_obergrenze_vzae,
)
from .geld import dezimal, zahl_de

NULL_VZAE = Decimal("0")


@dataclass(frozen=True)
class StelleVorschlag:
    """Vorschlag für eine Stelle (in der Reihenfolge der Eingabe, auch unveränderte Stellen).

    ``vorher_*`` sind die Werte der Eingabe; ``vzae``/``von``/``bis`` der Vorschlag (alle ``None``, wenn die
    Stelle ``entfaellt``). ``gruende`` sind deutsche Sätze mit der Nummer der Richtlinie, leer bei einer
    unveränderten Stelle.
    """

    id: str
    art: str
    besetzt: bool
    vorher_vzae: Decimal
    vorher_von: Monat
    vorher_bis: Monat
    vzae: Decimal | None
    von: Monat | None
    bis: Monat | None
    gruende: tuple = ()

    @property
    def entfaellt(self) -> bool:
        return self.vzae is None

    @property
    def geaendert(self) -> bool:
        return (self.vzae, self.von, self.bis) != (self.vorher_vzae, self.vorher_von, self.vorher_bis)

    def vzae_in(self, monat: Monat) -> Decimal:
        """VZÄ der Stelle im ``monat`` nach dem Vorschlag (0 außerhalb ihres Zeitraums oder wenn sie entfällt)."""
        if self.vzae is None or not self.von <= monat <= self.bis:
            return NULL_VZAE
        return self.vzae


@dataclass(frozen=True)
class Kuerzungsvorschlag:
    stellen: tuple  # of StelleVorschlag, in input order

    @property
    def geaenderte(self) -> tuple:
        return tuple(s for s in self.stellen if s.geaendert)

    @property
    def noetig(self) -> bool:
        """True, wenn mindestens eine Stelle gekürzt werden muss."""
        return bool(self.geaenderte)

    def stelle(self, stelle_id: str) -> StelleVorschlag:
        for s in self.stellen:
            if s.id == stelle_id:
                return s
        raise KeyError(stelle_id)


# --- innere Darstellung ------------------------------------------------------------------------------

class _Stelle:
    """Veränderlicher Zustand einer Stelle während der Berechnung; Monate als 1..12 des Förderjahres."""

    def __init__(self, eingabe: StelleEingabe, jahr: int):
        self.eingabe = eingabe
        self.von = max(eingabe.von, Monat(jahr, 1)).monat if eingabe.von.jahr <= jahr else 13
        self.bis = min(eingabe.bis, Monat(jahr, 12)).monat if eingabe.bis.jahr >= jahr else 0
        self.vzae = eingabe.vzae
        self.gruende: list[str] = []

    @property
    def aktiv(self) -> bool:
        return self.vzae > 0 and self.von <= self.bis

    def wert(self, m: int) -> Decimal:
        return self.vzae if self.aktiv and self.von <= m <= self.bis else NULL_VZAE

    def setze(self, von: int, bis: int, vzae: Decimal) -> None:
        if vzae <= 0 or von > bis:
            self.von, self.bis, self.vzae = 13, 0, NULL_VZAE
        else:
            self.von, self.bis, self.vzae = von, bis, vzae


def _ueberschreitung(gruppe, grenze: Decimal) -> dict:
    """Monat (1..12) → VZÄ über der Grenze, nur Monate mit Überschreitung."""
    ergebnis = {}
    for m in range(1, 13):
        summe = sum((s.wert(m) for s in gruppe), NULL_VZAE)
        if summe > grenze:
            ergebnis[m] = summe - grenze
    return ergebnis


def _beste_moeglichkeit(s: _Stelle, erlaubt: dict, geschuetzt: set):
    """Beste gültige (von, bis, vzae) für ``s``: in jedem Monat höchstens ``erlaubt[m]`` (fehlt: der bisherige
    Wert); in ``geschuetzt`` Monaten unverändert. ``None`` bedeutet: die Stelle entfällt. Gibt ``False``
    zurück, wenn wegen ``geschuetzt`` keine Möglichkeit besteht."""
    v = s.vzae
    aktiv = [m for m in range(s.von, s.bis + 1)]
    schutz = [m for m in aktiv if m in geschuetzt]
    bestes = None  # (behalten, vzae, -von, (von, bis, vzae))
    for von in aktiv:
        for bis in range(von, s.bis + 1):
            if schutz and not (von <= min(schutz) and max(schutz) <= bis):
                continue
            w = min([v] + [erlaubt[m] for m in range(von, bis + 1) if m in erlaubt])
            if w < MINDEST_VZAE:
                continue
            if schutz and w != v:
                continue
            schluessel = (w * (bis - von + 1), w, -von)
            if bestes is None or schluessel > bestes[0]:
                bestes = (schluessel, (von, bis, w))
    if bestes is not None:
        return bestes[1]
    if schutz:
        return False
    return None


def _zeitraum_text(monate) -> str:
    """[7, 8, 9, 12] → „Juli–September und Dezember“."""
    monate = sorted(monate)
    stuecke = []
    anfang = vorher = monate[0]
    for m in monate[1:] + [None]:
        if m is not None and m == vorher + 1:
            vorher = m
            continue
        stuecke.append(MONATSNAMEN[anfang - 1] if anfang == vorher
                       else f"{MONATSNAMEN[anfang - 1]}–{MONATSNAMEN[vorher - 1]}")
        if m is not None:
            anfang = vorher = m
    if len(stuecke) == 1:
        return stuecke[0]
    return ", ".join(stuecke[:-1]) + " und " + stuecke[-1]


def _aenderung_text(s: _Stelle, vorher) -> str:
    von0, bis0, v0 = vorher
    e = s.eingabe
    zustand = "besetzt" if e.besetzt else "unbesetzt"
    if not s.aktiv:
        return f"Stelle {e.id} ({zustand}) entfällt"
    teile = []
    if s.von != von0:
        teile.append(f"beginnt im {MONATSNAMEN[s.von - 1]} statt im {MONATSNAMEN[von0 - 1]}")
    if s.bis != bis0:
        teile.append(f"endet im {MONATSNAMEN[s.bis - 1]} statt im {MONATSNAMEN[bis0 - 1]}")
    if s.vzae != v0:
        teile.append(f"von {zahl_de(v0)} auf {zahl_de(s.vzae)} VZÄ gesenkt")
    return f"Stelle {e.id} ({zustand}) " + " und ".join(teile)


def _anwenden(s: _Stelle, moeglichkeit, monate, grund: str, zusatz: str = "") -> None:
    """Setzt ``moeglichkeit`` (``None``: entfällt) und hält den Grund fest; ``grund`` enthält ``{zeitraum}``."""
    vorher = (s.von, s.bis, s.vzae)
    s.setze(*(moeglichkeit or (13, 0, NULL_VZAE)))
    if (s.von, s.bis, s.vzae) != vorher:
        s.gruende.append(f"{grund.format(zeitraum=_zeitraum_text(monate))}; {zusatz}{_aenderung_text(s, vorher)}.")


def _gekuerzte_monate(s: _Stelle, moeglichkeit) -> set:
    von, bis, w = moeglichkeit or (13, 0, NULL_VZAE)
    return {m for m in range(s.von, s.bis + 1) if (w if von <= m <= bis else NULL_VZAE) < s.wert(m)}


def _kuerze_gruppe(gruppe, grenze: Decimal, grund: str) -> None:
    """Kürzt die Stellen einer Art so, dass in keinem Monat ``grenze`` überschritten ist."""
    unbesetzt = [s for s in reversed(gruppe) if not s.eingabe.besetzt]
    besetzt = [s for s in reversed(gruppe) if s.eingabe.besetzt]

    def lage(s):
        ueber = _ueberschreitung(gruppe, grenze)
        monate = [m for m in range(s.von, s.bis + 1) if m in ueber] if s.aktiv else []
        return monate, {m: s.vzae - ueber[m] for m in monate}

    for s in unbesetzt:
        monate, erlaubt = lage(s)
        if monate:
            _anwenden(s, _beste_moeglichkeit(s, erlaubt, set()), monate, grund)
    for s in besetzt:
        while True:
            monate, erlaubt = lage(s)
            if not monate:
                break
            geschuetzt = {m for m in range(1, 13) if any(u.wert(m) > 0 for u in unbesetzt)}
            geschont = _beste_moeglichkeit(s, erlaubt, geschuetzt)
            frei = _beste_moeglichkeit(s, erlaubt, set())
            # Kürzt die beste Möglichkeit die besetzte Stelle in Monaten, in denen unbesetzte Stellen noch VZÄ
            # haben, entfallen dort stattdessen zuerst die unbesetzten (Nr. 5.4.1 „vorrangig besetzte
            # Stellen“) – außer die Stelle lässt sich ohne diese Monate zu kürzen mindestens ebenso gut halten.
            gekuerzt = _gekuerzte_monate(s, frei)
            konflikte = [(u, sorted(m for m in gekuerzt if u.wert(m) > 0)) for u in unbesetzt]
            konflikte = [(u, k) for u, k in konflikte if k]
            vorschlaege = [(u, k, _beste_moeglichkeit(u, {m: NULL_VZAE for m in k}, set())) for u, k in konflikte]
            verlust = sum((_behalten(u.von, u.bis, u.vzae) - _behalten(*(v or (13, 0, NULL_VZAE)))
                           for u, _, v in vorschlaege), NULL_VZAE)
            if not konflikte or (geschont is not False and _behalten(*(geschont or (13, 0, NULL_VZAE)))
                                 >= _behalten(*(frei or (13, 0, NULL_VZAE))) - verlust):
                _anwenden(s, frei if not konflikte else geschont, monate, grund)
                break
            for u, k, v in vorschlaege:
                _anwenden(u, v, k, grund, zusatz=f"vorrangig besetzte Stellen (Stelle {s.eingabe.id}): ")


def _behalten(von: int, bis: int, vzae: Decimal) -> Decimal:
    """VZÄ-Monate einer Möglichkeit."""
    return vzae * max(0, bis - von + 1) if vzae > 0 else NULL_VZAE


def kuerzung_vorschlagen(stellen, *, foerderjahr: int, kommune_art: str, qualifizierte_kreisangehoerige: int = 0,
                         cm_kontingent_vzae: Decimal | None = None) -> Kuerzungsvorschlag:
    """Schlägt Kürzungen vor, nach denen keine Obergrenze je Monat mehr überschritten ist (Nr. 5.4.1, 4.3, 2.2).

    Eingabe:
    - ``stellen``: die Stellen des Bescheid-Entwurfs in der aufgeführten Reihenfolge, je ein
      ``regeln.StelleEingabe`` (``id`` = Kennung, ``art``, ``vzae``, ``von``/``bis`` als ``Monat`` oder
      ``"JJJJ-MM"``, ``besetzt``; die Beträge werden nicht gebraucht);
    - ``foerderjahr``: das Förderjahr (nur dessen Monate zählen);
    - ``kommune_art``: ``"kreis"``, ``"staedteregion"`` oder ``"kreisfreie_stadt"``;
    - ``qualifizierte_kreisangehoerige``: Zahl der nach Nr. 4.3 qualifizierten kreisangehörigen Kommunen;
    - ``cm_kontingent_vzae``: das CM-Kontingent (``None``: keine Obergrenze für Case Management).

    Ausgabe: ``Kuerzungsvorschlag`` mit ``stellen`` — je Eingabestelle in gleicher Reihenfolge ein
    ``StelleVorschlag`` (``id``, ``art``, ``besetzt``, ``vorher_vzae``/``vorher_von``/``vorher_bis``, vorgeschlagene
    ``vzae``/``von``/``bis`` als ``Decimal``/``Monat`` oder alle ``None`` wenn die Stelle ``entfaellt``,
    ``geaendert`` und ``gruende``: deutsche Sätze wie „Nr. 5.4.1: Koordination im Juli–Dezember auf 3,5 VZÄ
    begrenzt; Stelle K4 (unbesetzt) endet im Juni statt im Dezember.“). ``geaenderte`` liefert nur die
    geänderten Stellen, ``noetig`` ob überhaupt gekürzt wird. Unverändert bleiben Stellen ohne Überschreitung
    und Monate außerhalb des Förderjahres. Eine Stelle mit ``geaendert`` ersetzt man im Entwurf durch den
    Vorschlag (``entfaellt``: Stelle streichen); die Sachbearbeitung kann ihn vorher ändern.

    ``RegelFehler`` bei unbekannter Kommunenart, negativer Zahl qualifizierter Kommunen oder negativem
    Kontingent.
    """
    grenze_k = koordination_obergrenze_vzae(kommune_art, qualifizierte_kreisangehoerige)
    if cm_kontingent_vzae is not None:
        cm_kontingent_vzae = dezimal(cm_kontingent_vzae, "Das CM-Kontingent")
        if cm_kontingent_vzae < 0:
            raise RegelFehler("Das CM-Kontingent darf nicht negativ sein.")
    eingaben = [s if isinstance(s, StelleEingabe) else StelleEingabe(**s) for s in stellen]
    ids = [s.id for s in eingaben]
    doppelt = sorted({i for i in ids if ids.count(i) > 1})
    if doppelt:
        raise RegelFehler(f"Die Stellen-ID „{doppelt[0]}“ kommt mehrfach vor.")

    intern = [_Stelle(s, foerderjahr) for s in eingaben]
    zaehlend = [s for s in intern if s.eingabe.vzae >= MINDEST_VZAE and s.aktiv]

    def gruppe(art):
        return [s for s in zaehlend if s.eingabe.art == art]

    def unter_halb_nachziehen(art):
        # Eine unbesetzte Stelle unter 0,5 VZÄ zählt nicht zur Obergrenze und ist nicht zuwendungsfähig; wird
        # eine besetzte Stelle derselben Art in einem ihrer Monate gekürzt, entfällt sie (Nr. 5.4.1).
        gekuerzt = {m for s in gruppe(art) if s.eingabe.besetzt for m in range(1, 13)
                    if s.wert(m) < (s.eingabe.vzae if s.eingabe.aktiv_in(Monat(foerderjahr, m)) else NULL_VZAE)}
        for u in intern:
            if u.eingabe.art != art or u.eingabe.besetzt or u.eingabe.vzae >= MINDEST_VZAE or not u.aktiv:
                continue
            konflikt = sorted(m for m in gekuerzt if u.wert(m) > 0)
            if konflikt:
                _anwenden(u, None, konflikt, grenze_text[art],
                          zusatz="vorrangig besetzte Stellen, unter 0,5 VZÄ nicht zuwendungsfähig: ")

    grenze_text = {
        KOORDINATION: f"Nr. 5.4.1: Koordination im {{zeitraum}} auf {zahl_de(grenze_k)} VZÄ begrenzt",
        VERWALTUNGSASSISTENZ: (f"Nr. 5.4.1: Verwaltungsassistenz im {{zeitraum}} auf "
                               f"{zahl_de(VERWALTUNGSASSISTENZ_VZAE)} VZÄ begrenzt"),
        CASE_MANAGEMENT: (f"Nr. 2.2: Case Management im {{zeitraum}} auf das Kontingent von "
                          f"{zahl_de(cm_kontingent_vzae or 0)} VZÄ begrenzt"),
    }
    grenzen = {KOORDINATION: grenze_k, VERWALTUNGSASSISTENZ: VERWALTUNGSASSISTENZ_VZAE,
               CASE_MANAGEMENT: cm_kontingent_vzae}
    for art, grenze in grenzen.items():
        if grenze is not None:
            _kuerze_gruppe(gruppe(art), grenze, grenze_text[art])
            unter_halb_nachziehen(art)

    ergebnis = []
    for s in intern:
        e = s.eingabe
        if s.gruende:
            vzae, von, bis = ((s.vzae, Monat(foerderjahr, s.von), Monat(foerderjahr, s.bis)) if s.aktiv
                              else (None, None, None))
        else:
            vzae, von, bis = e.vzae, e.von, e.bis
        ergebnis.append(StelleVorschlag(id=e.id, art=e.art, besetzt=e.besetzt, vorher_vzae=e.vzae,
                                        vorher_von=e.von, vorher_bis=e.bis, vzae=vzae, von=von, bis=bis,
                                        gruende=tuple(s.gruende)))
    return Kuerzungsvorschlag(stellen=tuple(ergebnis))
