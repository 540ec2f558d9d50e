"""Haushaltsmittel per Förderjahr (Nr. 1.3) and the Verteilungsvorschlag when they do not cover every request
(Nr. 5.4.1: „Vorrangig sollen besetzte Personalstellen gefördert werden“).

Reads (``haushaltsuebersicht``, ``verteilungsvorschlag``) and one write (``vorschlag_uebernehmen``). The
distribution itself is ``kim_foerderung.regeln.verteilungsvorschlag``; this module only feeds it and writes its
result into the drafts through ``bescheide.services`` (which checks, computes and audits every save).

Basis of the proposal (the project's reading): the open Anträge (eingereicht, in Prüfung) with the amounts the
Prüfung has so far decided – the draft's Stellen where a draft exists, the Antrag as requested otherwise –
against the Haushaltsmittel minus the Höchstbeträge already in force (``selectors.bewilligt_im_jahr``). A cut
this module made earlier (recognised by its reason ``HAUSHALT_GRUND``) does not count as a decision of the
Prüfung: such a Stelle counts with its requested amount (within the caps for its VZÄ and months), so the
proposal can be recomputed and adopted again, e.g. after the Haushaltsmittel were raised.
"""
import copy
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction


from antraege import selectors as antrag_selectors
from antraege.models import BEANTRAGT_STATUS, UNENTSCHIEDENE_STATUS, Antrag, AntragStatus, StellenArt
from kim_foerderung import erweiterungen, regeln, zeit
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.stammdaten.models import CMKontingent, Haushaltsmittel
from kim_foerderung.zugang.zugriff import pruefe

from . import selectors, services
from .berechnung import ergebnis_fuer
from .models import ENTWURFS_STATUS, Bescheid, BescheidArt, BescheidStatus
from .services import BescheidFehler

NULL = Decimal("0.00")
FOERDERJAHRE = tuple(regeln.FOERDERJAHRE)


HAUSHALT_GRUND = ("Nr. 1.3, 5.4.1: Die Haushaltsmittel reichen nicht für alle Anträge; besetzte Stellen werden "
                  "vorrangig gefördert.")
GRUND_MAX = 500  # max_length of BescheidStelle.kuerzung_grund and Bescheid.begleit_grund


def standard_foerderjahr(heute=None):
    """The Förderjahr whose Anträge are being decided (regeln.entscheidungsjahr): the current one, after the
    Antragsfrist of the next (31 October, Nr. 7.1.2) that next one; within 2025–2028 (Nr. 8)."""
    return regeln.entscheidungsjahr(heute or zeit.heute(), settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG)


def haushaltsmittel(jahr):
    return Haushaltsmittel.objects.filter(foerderjahr=jahr).first()


# --- Übersicht (Nr. 1.3) ----------------------------------------------------------------------------------


@dataclass
class KommuneZeile:
    kommune: object
    antraege: list = field(default_factory=list)
    beantragt: Decimal = NULL
    in_pruefung: Decimal = NULL
    bewilligt: Decimal = NULL
    ausgezahlt: Decimal = NULL


@dataclass
class Haushaltsuebersicht:
    jahr: int
    mittel: object  # Haushaltsmittel or None
    zeilen: list
    beantragt: Decimal
    in_pruefung: Decimal
    bewilligt: Decimal
    ausgezahlt: Decimal
    kontingente: list = field(default_factory=list)  # CMKontingent of the year (Nr. 2.2), by Kommune name

    @property
    def betrag(self):
        return self.mittel.betrag if self.mittel else None

    @property
    def verbleibend(self):
        return None if self.mittel is None else self.mittel.betrag - self.bewilligt


def haushaltsuebersicht(jahr):
    """Haushaltsmittel, beantragt, in Prüfung, bewilligt and ausgezahlt for one Förderjahr, per Kommune and in
    total, in a fixed number of queries whatever the number of Kommunen and Anträge."""
    antraege = (
        Antrag.objects.filter(foerderjahr=jahr, status__in=BEANTRAGT_STATUS)
        .select_related("kommune")
        .annotate(bewilligt_betrag=selectors.wirksamer_hoechstbetrag())
        .order_by("kommune__name", "pk")
    )
    zeilen = {}
    for antrag in antraege:
        zeile = zeilen.setdefault(antrag.kommune_id, KommuneZeile(kommune=antrag.kommune))
        zeile.antraege.append(antrag)
        zeile.beantragt += antrag.beantragt
        if antrag.status in UNENTSCHIEDENE_STATUS:
            zeile.in_pruefung += antrag.beantragt
        zeile.bewilligt += antrag.bewilligt_betrag or NULL
    # Paid amounts come from the later stages through the registry (slot PROGRAMMZAHLEN), never by importing them.
    for beitrag in erweiterungen.beitraege(erweiterungen.PROGRAMMZAHLEN, jahr):
        for kommune_id, betrag in (beitrag.get("ausgezahlt") or {}).items():
            if kommune_id in zeilen:
                zeilen[kommune_id].ausgezahlt += Decimal(betrag)
    zeilen = list(zeilen.values())
    return Haushaltsuebersicht(
        jahr=jahr,
        mittel=haushaltsmittel(jahr),
        zeilen=zeilen,
        beantragt=sum((z.beantragt for z in zeilen), NULL),
        in_pruefung=sum((z.in_pruefung for z in zeilen), NULL),
        # The figure the Haushalt check of every Bescheid uses (services.haushalt_pruefen).
        bewilligt=selectors.bewilligt_im_jahr(jahr),
        ausgezahlt=sum((z.ausgezahlt for z in zeilen), NULL),
        kontingente=list(CMKontingent.objects.filter(foerderjahr=jahr).select_related("kommune")
                         .order_by("kommune__name")),
    )


# --- Verteilungsvorschlag (Nr. 1.3, 5.4.1) ----------------------------------------------------------------


@dataclass
class StelleVorschlag:
    kennung: str
    art: str
    besetzt: bool
    beantragt: Decimal  # as requested in the Antrag
    basis: Decimal  # as decided so far in the Prüfung (the amount the distribution starts from)
    vorgeschlagen: Decimal
    hinweis: str = ""

    @property
    def art_name(self):
        return StellenArt(self.art).label

    @property
    def gekuerzt(self):
        return self.vorgeschlagen < self.basis


@dataclass
class AntragVorschlag:
    antrag: object
    bescheid: object  # open draft (Entwurf or zur Zeichnung) or None
    ergebnis: object  # regeln.Ergebnis of the basis
    beantragt: Decimal
    basis: Decimal
    vorschlag: Decimal
    stellen: list
    begleit_beantragt: Decimal
    begleit_basis: Decimal
    begleit_vorschlag: Decimal

    @property
    def kommune(self):
        return self.antrag.kommune

    @property
    def gekuerzt(self):
        return self.vorschlag < self.basis

    @property
    def hinweis(self):
        if self.antrag.status == AntragStatus.NACHFORDERUNG:
            return ("Nachforderung offen: der Antrag zählt in der Verteilung mit (Nr. 5.4.1), ein Entwurf folgt "
                    "nach der Antwort der Kommune.")
        if self.bescheid is None:
            return ""
        if self.bescheid.art == BescheidArt.ABLEHNUNG:
            return "Ablehnungsentwurf: wird nicht geändert."
        if self.bescheid.status != BescheidStatus.ENTWURF:
            return (f"Der Bescheid ist „{self.bescheid.get_status_display()}“ und wird nicht geändert; "
                    "geben Sie ihn zurück, um den Vorschlag zu übernehmen.")
        return ""


@dataclass
class Verteilungsvorschlag:
    jahr: int
    mittel: object  # Haushaltsmittel or None
    gebunden: Decimal  # Höchstbeträge of the Bescheide in force
    antraege: list  # of AntragVorschlag, by Kommune name
    verteilung: object = None  # regeln.Verteilung (None without Haushaltsmittel)

    @property
    def verfuegbar(self):
        return None if self.mittel is None else self.mittel.betrag - self.gebunden

    @property
    def beantragt(self):
        return sum((a.beantragt for a in self.antraege), NULL)

    @property
    def basis(self):
        return sum((a.basis for a in self.antraege), NULL)

    @property
    def vorschlag(self):
        return sum((a.vorschlag for a in self.antraege), NULL)

    @property
    def noetig(self):
        """True when the open Anträge (plus what is bound already) exceed the Haushaltsmittel."""
        return self.verteilung is not None and not self.verteilung.alles_gedeckt

    @property
    def besetzte_voll_gedeckt(self):
        return self.verteilung is None or self.verteilung.besetzte_voll_gedeckt

    @property
    def hat_haushaltskuerzungen(self):
        """A draft still carries a cut of an earlier adoption (which a new adoption would lift or change)."""
        for a in self.antraege:
            b = a.bescheid
            if b is not None and b.status == BescheidStatus.ENTWURF and (
                    HAUSHALT_GRUND in b.begleit_grund
                    or any(HAUSHALT_GRUND in s.kuerzung_grund for s in b.stellen.all())):
                return True
        return False


def _ist_haushaltskuerzung(grund):
    return HAUSHALT_GRUND in (grund or "")


def _mit_haushaltsgrund(grund):
    grund = (grund or "").strip()
    if HAUSHALT_GRUND in grund:
        return grund
    kombiniert = f"{grund} {HAUSHALT_GRUND}" if grund else HAUSHALT_GRUND
    return kombiniert if len(kombiniert) <= GRUND_MAX else HAUSHALT_GRUND


def _ohne_haushaltsgrund(grund):
    return (grund or "").replace(HAUSHALT_GRUND, "").strip()


def cm_kontingente(jahr):
    """{Kommune id: CM-Kontingent in VZÄ} of one Förderjahr (Nr. 2.2), in one query."""
    return dict(CMKontingent.objects.filter(foerderjahr=jahr).values_list("kommune_id", "vzae"))


def _antrag_ergebnis(antrag, kontingent):
    """antraege.services.berechnung with the CM-Kontingent given, so that a list of Anträge needs no query
    per Antrag."""
    return regeln.berechne(antrag_selectors.fall_bauen(
        kommune=antrag.kommune, foerderjahr=antrag.foerderjahr,
        zeilen=antrag_selectors.zeilen_aus_stellen(antrag.stellen.all()),
        veranstaltungen=antrag.veranstaltungen_betrag, schnittstellen=antrag.schnittstellen_betrag,
        kontingent=kontingent,
    ))


def _basis_ergebnis(antrag, bescheid, kontingent="auto"):
    """The rules' result the distribution starts from (see the module docstring)."""
    if bescheid is None:
        return _antrag_ergebnis(antrag, kontingent)
    stellen = []
    for s in bescheid.stellen.all():
        if _ist_haushaltskuerzung(s.kuerzung_grund) and not s.gesperrt:
            s = copy.copy(s)
            s.bewilligt = True
            s.personalausgaben = s.beantragt_personal
            s.sachausgaben = s.beantragt_sach
        stellen.append(s)
    basis = copy.copy(bescheid)
    if _ist_haushaltskuerzung(bescheid.begleit_grund):
        basis.veranstaltungen = antrag.veranstaltungen_betrag
        basis.schnittstellen = antrag.schnittstellen_betrag
    return ergebnis_fuer(basis, stellen, kontingent=kontingent)


def _stellen_vorschlaege(antrag, bescheid, ergebnis, vorschlag):
    im_ergebnis = {e.id: e for e in ergebnis.stellen}
    zeilen = []
    if bescheid is None:
        for e in ergebnis.stellen:
            zeilen.append(StelleVorschlag(kennung=e.id, art=e.art, besetzt=e.besetzt, beantragt=e.gesamt,
                                          basis=e.gesamt, vorgeschlagen=vorschlag.stellen.get(e.id, NULL)))
        return zeilen
    for s in bescheid.stellen.all():
        e = im_ergebnis.get(s.kennung)
        hinweis = "" if e is not None else "in der Prüfung nicht bewilligt"
        zeilen.append(StelleVorschlag(
            kennung=s.kennung, art=s.art, besetzt=s.besetzt, beantragt=s.beantragt_personal + s.beantragt_sach,
            basis=e.gesamt if e is not None else NULL, vorgeschlagen=vorschlag.stellen.get(s.kennung, NULL),
            hinweis=hinweis,
        ))
    return zeilen


def verteilungsvorschlag(jahr):
    """The proposal of kim_foerderung.regeln for the open Anträge of ``jahr`` and the means left."""
    mittel = haushaltsmittel(jahr)
    gebunden = selectors.bewilligt_im_jahr(jahr)
    antraege = list(
        # Every undecided Antrag of the year, Nachforderung included: Nr. 5.4.1 ranks all requests together.
        Antrag.objects.filter(foerderjahr=jahr, status__in=UNENTSCHIEDENE_STATUS)
        .select_related("kommune").prefetch_related("stellen", "kommune__kreisangehoerige")
        .order_by("kommune__name", "pk")
    )
    if mittel is None:
        return Verteilungsvorschlag(jahr=jahr, mittel=None, gebunden=gebunden, antraege=[])
    entwuerfe = {
        b.antrag_id: b
        for b in Bescheid.objects.filter(antrag__in=antraege, status__in=ENTWURFS_STATUS).prefetch_related("stellen")
    }
    kontingente = cm_kontingente(jahr)
    basis = []
    for antrag in antraege:
        bescheid = entwuerfe.get(antrag.pk)
        if bescheid is not None:
            bescheid.antrag = antrag
        basis.append((antrag, bescheid, _basis_ergebnis(antrag, bescheid, kontingente.get(antrag.kommune_id))))
    verteilung = regeln.verteilungsvorschlag([(a.pk, e) for a, _b, e in basis], mittel.betrag - gebunden)
    vorschlaege = []
    for antrag, bescheid, ergebnis in basis:
        v = verteilung.antraege[antrag.pk]
        beantragt_begleit = (
            regeln.foerderfaehiger_betrag(antrag.veranstaltungen_betrag, regeln.VERANSTALTUNGEN_HOECHSTBETRAG)
            + regeln.foerderfaehiger_betrag(antrag.schnittstellen_betrag, regeln.SCHNITTSTELLEN_HOECHSTBETRAG)
        )
        vorschlaege.append(AntragVorschlag(
            antrag=antrag, bescheid=bescheid, ergebnis=ergebnis, beantragt=antrag.beantragt, basis=v.beantragt,
            vorschlag=v.betrag, stellen=_stellen_vorschlaege(antrag, bescheid, ergebnis, v),
            begleit_beantragt=beantragt_begleit, begleit_basis=ergebnis.begleitmassnahmen.gesamt,
            begleit_vorschlag=v.begleitmassnahmen,
        ))
    return Verteilungsvorschlag(jahr=jahr, mittel=mittel, gebunden=gebunden, antraege=vorschlaege,
                                verteilung=verteilung)


# --- adopt the proposal into the drafts -------------------------------------------------------------------


def aufteilen(betrag, erster, zweiter):
    """Split ``betrag`` between two parts in proportion to ``erster``:``zweiter`` with the one splitter of the
    rules (regeln.aufteilen, cent-exact: the first part half-up, the second the remainder). Neither part exceeds
    what it was split from (for betrag ≤ erster + zweiter)."""
    if betrag >= erster + zweiter:
        return erster, zweiter
    if erster + zweiter <= 0 or betrag <= 0:
        return NULL, NULL
    teil_eins, teil_zwei = regeln.aufteilen(betrag, [erster, zweiter])
    return teil_eins, teil_zwei


@dataclass
class Uebernahme:
    jahr: int
    bescheide: list = field(default_factory=list)  # drafts written
    hinweise: list = field(default_factory=list)  # German sentences: drafts left unchanged and why


def _stellen_werte(bescheid, ergebnis, vorschlag):
    """{BescheidStelle.pk: values for services.entwurf_speichern} so that the rules' amount of every Stelle is
    its proposed amount; Stellen the proposal does not cut stay as they are (an earlier cut of ours is lifted)."""
    basis = {e.id: e for e in ergebnis.stellen}
    werte = {}
    for s in bescheid.stellen.all():
        e = basis.get(s.kennung)
        if s.gesperrt or e is None:
            continue  # not bewilligt in the Prüfung: stays so
        vorgeschlagen = vorschlag.stellen.get(s.kennung, NULL)
        if vorgeschlagen >= e.gesamt:
            if _ist_haushaltskuerzung(s.kuerzung_grund):
                werte[s.pk] = {"bewilligt": True, "personalausgaben": e.personalausgaben,
                               "sachausgaben": e.sachausgaben, "kuerzung_grund": _ohne_haushaltsgrund(s.kuerzung_grund)}
            continue
        if vorgeschlagen <= 0:
            werte[s.pk] = {"bewilligt": False, "kuerzung_grund": _mit_haushaltsgrund(s.kuerzung_grund)}
            continue
        personal, sach = aufteilen(vorgeschlagen, e.personalausgaben, e.sachausgaben)
        werte[s.pk] = {"bewilligt": True, "personalausgaben": personal, "sachausgaben": sach,
                       "kuerzung_grund": _mit_haushaltsgrund(s.kuerzung_grund)}
    return werte


def _begleit_werte(bescheid, ergebnis, vorschlag):
    """(veranstaltungen, schnittstellen, begleit_grund) for services.entwurf_speichern."""
    v, s = ergebnis.begleitmassnahmen.veranstaltungen, ergebnis.begleitmassnahmen.schnittstellen
    if vorschlag.begleitmassnahmen < v + s:
        veranstaltungen, schnittstellen = aufteilen(vorschlag.begleitmassnahmen, v, s)
        return veranstaltungen, schnittstellen, _mit_haushaltsgrund(bescheid.begleit_grund)
    if _ist_haushaltskuerzung(bescheid.begleit_grund):
        return v, s, _ohne_haushaltsgrund(bescheid.begleit_grund)
    return None, None, bescheid.begleit_grund


@transaction.atomic
def vorschlag_uebernehmen(jahr, user):
    """Sachbearbeitung adopts the Verteilungsvorschlag of ``jahr`` into the drafts (Nr. 1.3, 5.4.1): a draft is
    created for every open Antrag without one, and each draft is saved with per-Stelle caps so that its
    Höchstbetrag equals the proposal; every cut carries ``HAUSHALT_GRUND``. Drafts that are not in status
    Entwurf (e.g. zur Zeichnung) and Ablehnungsentwürfe are left unchanged and named in ``hinweise``."""
    pruefe(user, "bescheid.vorbereiten")
    if jahr not in FOERDERJAHRE:
        raise BescheidFehler("Förderjahre sind nur 2025 bis 2028 (Nr. 8).")
    # The lock on the year's Haushaltsmittel serialises this with every release (services.freigeben).
    if Haushaltsmittel.objects.select_for_update().filter(foerderjahr=jahr).first() is None:
        raise BescheidFehler(f"Nr. 1.3: Für {jahr} sind noch keine Haushaltsmittel erfasst. Bitte lassen Sie "
                             "sie von der Verwaltung eintragen.")
    vorschlag = verteilungsvorschlag(jahr)
    if not vorschlag.antraege:
        raise BescheidFehler(f"Für {jahr} gibt es keine offenen Anträge (eingereicht, in Prüfung oder in "
                             "Nachforderung).")
    if not vorschlag.noetig and not vorschlag.hat_haushaltskuerzungen:
        raise BescheidFehler(f"Die Haushaltsmittel {jahr} reichen für alle offenen Anträge; es ist nichts zu "
                             "kürzen.")
    ergebnis = Uebernahme(jahr=jahr)
    for av in vorschlag.antraege:
        name = f"{av.kommune}"
        if av.hinweis:
            ergebnis.hinweise.append(f"{name}: {av.hinweis}")
            continue
        v = vorschlag.verteilung.antraege[av.antrag.pk]
        bescheid = av.bescheid
        ergebnis_basis = av.ergebnis
        if bescheid is None:
            bescheid = services.entwurf_anlegen(av.antrag, user)
            bescheid = Bescheid.objects.select_related("antrag__kommune").prefetch_related("stellen").get(
                pk=bescheid.pk)
        veranstaltungen, schnittstellen, begleit_grund = _begleit_werte(bescheid, ergebnis_basis, v)
        try:
            bescheid = services.entwurf_speichern(
                bescheid, user, stellen=_stellen_werte(bescheid, ergebnis_basis, v),
                begruendung=bescheid.begruendung, veranstaltungen=veranstaltungen, schnittstellen=schnittstellen,
                begleit_grund=begleit_grund,
            )
        except BescheidFehler as fehler:
            details = " ".join(fehler.details)
            ergebnis.hinweise.append(f"{name}: {fehler.meldung} {details}".strip())
            continue
        if bescheid.hoechstbetrag != v.betrag:
            raise BescheidFehler(
                f"{name}: Der Vorschlag ({regeln.betrag_de(v.betrag)}) ließ sich nicht centgenau übernehmen "
                f"(Höchstbetrag {regeln.betrag_de(bescheid.hoechstbetrag)}). Es wurde nichts geändert."
            )
        protokolliere(bescheid, user, "Verteilungsvorschlag übernommen (Nr. 1.3, 5.4.1)",
                      daten={"vorschlag": str(v.betrag), "beantragt": str(v.beantragt),
                             "verfuegbar": str(vorschlag.verfuegbar)})
        ergebnis.bescheide.append(bescheid)
    return ergebnis
