"""Programmübersicht per Förderjahr: Haushaltsmittel, beantragt, bewilligt, ausgezahlt, zurückgefordert,
erstattet – per Regierungsbezirk and per Kommune; VZÄ bewilligt vs besetzt per Art; Anträge per status; the
money flow over the year.

Read only and in a fixed number of queries whatever the number of Kommunen, Anträge, Bescheide or Tranchen:
one aggregate per figure, grouped in the database. Earlier stages are read through their selectors
(``bescheide.selectors.wirksame_bescheide``); the columns of later stages (ausgezahlt, zurückgefordert, erstattet)
come from the hook slot PROGRAMMZAHLEN of kim_foerderung.erweiterungen and are 0 until a stage registers there.
A contribution may also give ``"monatlich": {"ausgezahlt": {month 1–12: Decimal}, …}`` for the money flow.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone

from antraege.models import BEANTRAGT_STATUS, Antrag, AntragStatus, StellenArt
from bescheide import selectors as bescheid_selectors
from bescheide.models import BescheidStelle
from kim_foerderung import erweiterungen, regeln
from kim_foerderung.stammdaten.models import Haushaltsmittel, KommunenArt, Regierungsbezirk
from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.zugang.zugriff import sichtbar

NULL = Decimal("0.00")
SPALTEN_SPAETER = ("ausgezahlt", "zurueckgefordert", "erstattet")
GELDSPALTEN = ("beantragt", "bewilligt") + SPALTEN_SPAETER
SPALTEN_TITEL = {"beantragt": "beantragt", "bewilligt": "bewilligt", "ausgezahlt": "ausgezahlt",
                 "zurueckgefordert": "zurückgefordert", "erstattet": "erstattet"}


_STATUSNAMEN = dict(AntragStatus.choices)  # once per process, not per row


@dataclass
class Zeile:
    kommune: object = None
    titel: str = ""
    anzahl: int = 0
    status: str = ""
    beantragt: Decimal = NULL
    bewilligt: Decimal = NULL
    ausgezahlt: Decimal = NULL
    zurueckgefordert: Decimal = NULL
    erstattet: Decimal = NULL
    vzae_bewilligt: Decimal = NULL
    vzae_besetzt: Decimal = NULL

    @property
    def status_text(self):
        return _STATUSNAMEN.get(self.status, "kein Antrag") if self.status else "kein Antrag"

    def addieren(self, andere):
        for spalte in GELDSPALTEN + ("vzae_bewilligt", "vzae_besetzt"):
            setattr(self, spalte, getattr(self, spalte) + getattr(andere, spalte))
        self.anzahl += 1 if andere.beantragt or andere.bewilligt else 0


@dataclass
class Programmuebersicht:
    foerderjahr: int
    haushaltsmittel: Decimal | None
    kommunen: list
    bezirke: list
    summe: Zeile
    vzae: list          # [{"art": label, "bewilligt": Decimal, "besetzt": Decimal}]
    status: list        # [{"status": label, "code": code, "anzahl": int}]
    verlauf: list       # [{"monat": 1..12, "name": str, "bewilligt": .., "geplant": .., "ausgezahlt": .., …}]
    filter: dict = field(default_factory=dict)

    @property
    def verfuegbar(self):
        return None if self.haushaltsmittel is None else self.haushaltsmittel - self.summe.bewilligt


def _kommunen_qs(user, regierungsbezirk="", art=""):
    from kim_foerderung.stammdaten.models import Kommune

    # Only what the tables and exports show (a narrow query: every column costs compile and load time, issue 13).
    qs = (sichtbar(user, Kommune).select_related("bearbeiterin")
          .only("ags", "name", "art", "regierungsbezirk", "bearbeiterin__first_name", "bearbeiterin__last_name",
                "bearbeiterin__username").order_by("name"))
    if regierungsbezirk in Regierungsbezirk.values:
        qs = qs.filter(regierungsbezirk=regierungsbezirk)
    if art in KommunenArt.values:
        qs = qs.filter(art=art)
    return qs


def _fuer_kommune_sichtbar(qs, user):
    """A Kommune sees only Bescheide that have been sent to it (as everywhere, bescheide.selectors)."""
    if hat_rolle(user, *LANDESROLLEN):
        return qs
    return qs.filter(status__in=bescheid_selectors.FUER_KOMMUNE_SICHTBAR)


def spaetere_spalten(foerderjahr, kommune=None):
    """Merge the PROGRAMMZAHLEN contributions: {spalte: {kommune_pk: Decimal}} and {spalte: {monat: Decimal}}."""
    spalten = {s: defaultdict(lambda: NULL) for s in SPALTEN_SPAETER}
    monatlich = {s: defaultdict(lambda: NULL) for s in SPALTEN_SPAETER}
    for beitrag in erweiterungen.beitraege(erweiterungen.PROGRAMMZAHLEN, foerderjahr, kommune=kommune):
        for spalte in SPALTEN_SPAETER:
            for kpk, betrag in (beitrag.get(spalte) or {}).items():
                spalten[spalte][kpk] += Decimal(betrag)
        for spalte, je_monat in (beitrag.get("monatlich") or {}).items():
            if spalte in monatlich:
                for monat, betrag in je_monat.items():
                    monatlich[spalte][int(monat)] += Decimal(betrag)
    return spalten, monatlich


def _nur(qs, feld, kommune_ids):
    """``qs`` restricted to ``kommune_ids`` – or unrestricted for None (all Kommunen)."""
    return qs if kommune_ids is None else qs.filter(**{f"{feld}__in": kommune_ids})


def _tranchen(user, foerderjahr, kommune_ids):
    """The Tranchen of the year through auszahlung.selectors (one query), if that stage is installed."""
    if not apps.is_installed("auszahlung"):
        return []
    from auszahlung import selectors as auszahlung_selectors
    from auszahlung.models import GEZAHLT, TranchenStatus

    zeilen = (_nur(auszahlung_selectors.tranchen_fuer(user).filter(antrag__foerderjahr=foerderjahr),
                   "antrag__kommune_id", kommune_ids).exclude(status=TranchenStatus.ENTFAELLT)
              .values("antrag_id", "termin", "betrag", "status", "ausgezahlt_am", "zahltag"))
    return [{**z, "gezahlt": z["status"] in GEZAHLT} for z in zeilen]


def programmuebersicht(user, foerderjahr, *, regierungsbezirk="", art=""):
    kommunen = list(_kommunen_qs(user, regierungsbezirk, art))
    landes = hat_rolle(user, *LANDESROLLEN)
    nur_kommune = None if landes else (kommunen[0] if kommunen else None)
    zeilen = {k.pk: Zeile(kommune=k, titel=str(k)) for k in kommunen}
    # The Bezirksregierung without a filter sees every Kommune: then no list of all 54 ids in each query (its
    # compile time is most of the page's, issue 13); a Kommune or a filter restricts to the Kommunen listed.
    kommune_ids = None if landes and not regierungsbezirk and not art else list(zeilen)

    antraege = _nur(sichtbar(user, Antrag).filter(foerderjahr=foerderjahr), "kommune_id", kommune_ids)
    # One query per Kommune and status gives beantragt, the status per Kommune and the count per status.
    rang = {s: i for i, s in enumerate([AntragStatus.ZURUECKGEZOGEN, AntragStatus.ENTWURF, *BEANTRAGT_STATUS])}
    status_zahlen = defaultdict(int)
    for r in antraege.values("kommune_id", "status").annotate(n=Count("id"), summe=Sum("beantragt")).order_by():
        z = zeilen[r["kommune_id"]]
        if r["status"] in BEANTRAGT_STATUS:
            z.beantragt += r["summe"] or NULL
        # The Antrag status per Kommune (the open or decided one; a withdrawn one only if there is nothing else).
        if not z.status or rang.get(r["status"], 0) > rang.get(z.status, 0):
            z.status = r["status"]
        status_zahlen[r["status"]] += r["n"]

    wirksame = _fuer_kommune_sichtbar(
        _nur(bescheid_selectors.wirksame_bescheide(foerderjahr=foerderjahr), "antrag__kommune_id", kommune_ids), user)
    # The Bescheide in force once (at most one per Antrag): bewilligt per Kommune and, below, per month.
    wirksam = list(wirksame.values_list("antrag__kommune_id", "antrag_id", "hoechstbetrag", "freigegeben_am"))
    for kommune_id, _, hoechstbetrag, _ in wirksam:
        zeilen[kommune_id].bewilligt += hoechstbetrag or NULL

    stellen = (BescheidStelle.objects.filter(bescheid__in=wirksame.values("pk"), bewilligt=True)
               .values("bescheid__antrag__kommune_id", "art")
               .annotate(summe_vzae=Sum("vzae"), summe_besetzt=Sum("vzae", filter=Q(besetzt=True))).order_by())
    vzae = {a: {"art": label, "bewilligt": NULL, "besetzt": NULL} for a, label in StellenArt.choices}
    for r in stellen:
        z = zeilen[r["bescheid__antrag__kommune_id"]]
        z.vzae_bewilligt += r["summe_vzae"] or NULL
        z.vzae_besetzt += r["summe_besetzt"] or NULL
        vzae[r["art"]]["bewilligt"] += r["summe_vzae"] or NULL
        vzae[r["art"]]["besetzt"] += r["summe_besetzt"] or NULL

    spalten, monatlich = spaetere_spalten(foerderjahr, kommune=nur_kommune)
    for spalte, werte in spalten.items():
        for kpk, betrag in werte.items():
            if kpk in zeilen:
                setattr(zeilen[kpk], spalte, getattr(zeilen[kpk], spalte) + betrag)

    status = [{"code": code, "status": label, "anzahl": status_zahlen.get(code, 0)}
              for code, label in AntragStatus.choices]

    # Money flow: bewilligt by the month the Bescheid in force was signed; geplant: the Tranchen of the Auszahlung
    # (Nr. 7.3, 1 May and 1 October, recomputed after an Änderungsbescheid) by their Termin – or, before a Bescheid
    # has its Tranchen (not yet bestandskräftig), its two parts from regeln.tranchen; ausgezahlt by the day paid.
    verlauf = [{"monat": m, "name": regeln.MONATSNAMEN[m - 1], "bewilligt": NULL, "geplant": NULL,
                **{s: NULL for s in SPALTEN_SPAETER}} for m in range(1, 13)]
    tranchen = _tranchen(user, foerderjahr, kommune_ids)
    mit_tranchen = {t["antrag_id"] for t in tranchen}
    mai, oktober = (t.month for t in regeln.auszahlungstermine(foerderjahr))
    for _, antrag_id, hoechstbetrag, freigegeben_am in wirksam:
        if antrag_id not in mit_tranchen:
            erste, zweite = regeln.tranchen(hoechstbetrag)
            verlauf[mai - 1]["geplant"] += erste
            verlauf[oktober - 1]["geplant"] += zweite
        if freigegeben_am is not None:
            datum = timezone.localtime(freigegeben_am)
            # A Bescheid signed before its Förderjahr counts in January of that year.
            monat = datum.month if datum.year == foerderjahr else (1 if datum.year < foerderjahr else 12)
            verlauf[monat - 1]["bewilligt"] += hoechstbetrag
    eigener_verlauf = not any(monatlich["ausgezahlt"].values())
    for t in tranchen:
        verlauf[t["termin"].month - 1]["geplant"] += t["betrag"]
        if eigener_verlauf and t["gezahlt"]:
            tag = t["ausgezahlt_am"] or t["zahltag"] or t["termin"]
            monat = tag.month if tag.year == foerderjahr else (1 if tag.year < foerderjahr else 12)
            verlauf[monat - 1]["ausgezahlt"] += t["betrag"]
    for spalte, werte in monatlich.items():
        for monat, betrag in werte.items():
            if 1 <= monat <= 12:
                verlauf[monat - 1][spalte] += betrag
    kumuliert = {s: NULL for s in ("bewilligt", "geplant", *SPALTEN_SPAETER)}
    for v in verlauf:
        for s in kumuliert:
            kumuliert[s] += v[s]
            v[f"{s}_kumuliert"] = kumuliert[s]

    bezirke = {}
    summe = Zeile(titel="Summe")
    for z in zeilen.values():
        b = bezirke.setdefault(z.kommune.regierungsbezirk, Zeile(titel=z.kommune.regierungsbezirk))
        b.addieren(z)
        summe.addieren(z)
    mittel = None
    if nur_kommune is None and not regierungsbezirk and not art:
        mittel = Haushaltsmittel.objects.filter(foerderjahr=foerderjahr).values_list("betrag", flat=True).first()
    return Programmuebersicht(
        foerderjahr=foerderjahr, haushaltsmittel=mittel, kommunen=list(zeilen.values()),
        bezirke=[bezirke[b] for b in sorted(bezirke)], summe=summe, vzae=list(vzae.values()), status=status,
        verlauf=verlauf, filter={"regierungsbezirk": regierungsbezirk, "art": art},
    )


