"""Reads of the Übersicht: search, "Meine Vorgänge", the Zeichnung series. Scoped through kim_foerderung.zugang;
the stages are read through their selectors (and their models only for read-only queries)."""
import re
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.apps import apps
from django.db.models import Case, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag, AntragStatus, Nachforderung, Weiterleitung
from antraege.selectors import kommune_anzeigename
from bescheide import selectors as bescheid_selectors
from bescheide.models import BescheidStatus
from kim_foerderung import zeit
from kim_foerderung.arbeitsliste.models import Wiedervorlage
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang.zugriff import sichtbar

from .akte import STUFEN

TREFFER_JE_ART = 20
ANTRAGSNUMMER = re.compile(r"^A-(\d{4})-(\d{8})-(\d+)$", re.IGNORECASE)


def akte_url(kommune, foerderjahr):
    return reverse("akte", args=[kommune.ags, foerderjahr])


@dataclass
class Suchergebnis:
    text: str
    kommunen: list
    antraege: list
    bescheide: list
    weiterleitungen: list

    @property
    def anzahl(self):
        return len(self.kommunen) + len(self.antraege) + len(self.bescheide) + len(self.weiterleitungen)


def suche(user, text):
    """Antrags- or Bescheidnummer (= Aktenzeichen), Kommune (name as shown or AGS), Weiterleitungsempfänger.
    A Kommune user finds only her own Kommune's objects (and only Bescheide that were sent to her)."""
    text = " ".join((text or "").split())[:100]
    if len(text) < 2:
        return Suchergebnis(text, [], [], [], [])
    # Each list only with the columns the page shows (Kommune: name, Art, AGS): every column costs compile time.
    kommune = ("kommune__name", "kommune__art", "kommune__ags")
    kommunen = list(sichtbar(user, Kommune).alias(anzeige=kommune_anzeigename(pfad=""))
                    .filter(Q(anzeige__icontains=text) | Q(ags__startswith=text)).only("name", "art", "ags")
                    .order_by("name")[:TREFFER_JE_ART])
    antraege_qs = sichtbar(user, Antrag).select_related("kommune").only("foerderjahr", "status", *kommune)
    treffer = ANTRAGSNUMMER.match(text)
    if treffer:
        antraege = list(antraege_qs.filter(foerderjahr=treffer[1], kommune__ags=treffer[2], pk=treffer[3]))
    else:
        bedingung = Q(kommune__in=[k.pk for k in kommunen])
        if text.isdigit() and len(text) == 4:
            bedingung |= Q(foerderjahr=int(text))
        antraege = list(antraege_qs.filter(bedingung).exclude(status=AntragStatus.ZURUECKGEZOGEN)
                        .order_by("-foerderjahr", "kommune__name")[:TREFFER_JE_ART])
    bescheide = list(bescheid_selectors.bescheide_fuer(user).exclude(status=BescheidStatus.VERWORFEN)
                     .select_related(None).select_related("antrag__kommune")
                     .only("art", "nummer", "status", "antrag__foerderjahr", *(f"antrag__{f}" for f in kommune))
                     .filter(nummer__icontains=text).order_by("nummer")[:TREFFER_JE_ART])
    weiterleitungen = list(sichtbar(user, Weiterleitung).select_related("antrag__kommune", "kreisangehoerige", "traeger")
                           .only("betrag", "antrag__foerderjahr", *(f"antrag__{f}" for f in kommune),
                                 "kreisangehoerige__name", "traeger__name")
                           .filter(Q(kreisangehoerige__name__icontains=text) | Q(traeger__name__icontains=text))
                           .order_by("-antrag__foerderjahr", "id")[:TREFFER_JE_ART])
    return Suchergebnis(text, kommunen, antraege, bescheide, weiterleitungen)


# --- Meine Vorgänge ---------------------------------------------------------------------------------------------

@dataclass
class Vorgang:
    art: str
    text: str
    link: str
    datum: date | None = None       # the Frist or Wiedervorlage date that orders the list
    zusatz: str = ""
    seit: date | None = None        # for items without a Frist: since when they wait

    @property
    def faellig(self):
        return self.datum is not None and self.datum <= zeit.heute()

    @property
    def sortierung(self):
        # Dated items first, by date; then the rest, oldest waiting first.
        return (0, self.datum, "") if self.datum else (1, self.seit or date.max, self.text)


def meine_vorgaenge(user, anzahl=30):
    """The person's work, ordered by the next Frist or Wiedervorlage: her open Wiedervorlagen and, for the
    Kommunen assigned to her (Kommune.bearbeiterin), Anträge to check and open Nachforderungen; later stages add
    theirs through ``selectors.vorgaenge(user, kommune_ids)`` (dicts with art, text, link, datum, zusatz)."""
    heute = zeit.heute()
    vorgaenge = []
    # Narrow queries (only what the texts need): every column of a select_related costs compile time, issue 13.
    for wv in (Wiedervorlage.objects.filter(zustaendig=user, erledigt_am__isnull=True).select_related("kommune")
               .only("kommune__ags", "kommune__name", "kommune__art", "foerderjahr", "notiz", "faellig_am")
               .order_by("faellig_am", "id")[:anzahl]):
        vorgaenge.append(Vorgang(
            art="Wiedervorlage", text=f"{wv.kommune} {wv.foerderjahr}: {wv.notiz}",
            link=akte_url(wv.kommune, wv.foerderjahr) + "#wiedervorlagen", datum=wv.faellig_am,
            zusatz=("heute fällig" if wv.faellig_am == heute else
                    f"überfällig seit {wv.faellig_am:%d.%m.%Y}" if wv.faellig_am < heute else
                    f"am {wv.faellig_am:%d.%m.%Y}")))
    kommune_ids = list(Kommune.objects.filter(bearbeiterin=user).values_list("pk", flat=True))
    if kommune_ids:
        # One query for both lists: Anträge to check (oldest submitted first) and with a Nachforderung (longest
        # unchanged first), at most ``anzahl`` of each, with the day the first open Nachforderung was asked.
        nachforderung = Q(status=AntragStatus.NACHFORDERUNG)
        antraege = (sichtbar(user, Antrag).filter(kommune_id__in=kommune_ids, status__in=[
            AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG])
            .select_related("kommune").only("status", "foerderjahr", "eingereicht_am", "kommune__name",
                                            "kommune__art")
            .annotate(offen_seit=Subquery(Nachforderung.objects.filter(antrag=OuterRef("pk"),
                                                                       beantwortet_am__isnull=True)
                                          .order_by("runde").values("gestellt_am")[:1]),
                      _nr=Window(RowNumber(), partition_by=[Case(When(nachforderung, then=1), default=0)],
                                 order_by=[Case(When(nachforderung, then=F("geaendert_am")),
                                                default=F("eingereicht_am")).asc()]))
            .filter(_nr__lte=anzahl).order_by("_nr"))
        for a in antraege:
            if a.status != AntragStatus.NACHFORDERUNG:
                eingereicht = timezone.localdate(a.eingereicht_am) if a.eingereicht_am else None
                vorgaenge.append(Vorgang(art="Prüfung", text=f"{a.kommune} – Antrag {a.foerderjahr}",
                                         link=reverse("antrag_detail", args=[a.pk]), seit=eingereicht,
                                         zusatz=("" if a.status == AntragStatus.EINGEREICHT and eingereicht
                                                 else a.get_status_display())
                                                + (", " if a.status != AntragStatus.EINGEREICHT and eingereicht
                                                   else "")
                                                + (f"eingereicht am {eingereicht:%d.%m.%Y}" if eingereicht else "")))
            else:
                seit = timezone.localdate(a.offen_seit) if a.offen_seit else None
                vorgaenge.append(Vorgang(art="Nachforderung", text=f"{a.kommune} – Antrag {a.foerderjahr}",
                                         link=reverse("antrag_detail", args=[a.pk]), seit=seit,
                                         zusatz=(f"offen seit {seit:%d.%m.%Y}" if seit else
                                                 "beantwortet, noch nicht erneut eingereicht")))
    for stufe in STUFEN:
        if not apps.is_installed(stufe):
            continue
        try:
            modul = import_module(f"{stufe}.selectors")
        except ModuleNotFoundError:
            continue
        funktion = getattr(modul, "vorgaenge", None)
        if funktion is not None:
            vorgaenge += [Vorgang(**v) for v in funktion(user, kommune_ids)]
    vorgaenge.sort(key=lambda v: v.sortierung)
    return vorgaenge[:anzahl]


def offene_wiedervorlagen(user, kommune, foerderjahr):
    return list(sichtbar(user, Wiedervorlage).filter(kommune=kommune, foerderjahr=foerderjahr,
                                                     erledigt_am__isnull=True)
                .select_related("zustaendig", "angelegt_von").order_by("faellig_am", "id"))


# --- Zeichnung: prepared Bescheide one after the other ----------------------------------------------------------

def zeichnungsreihe(user):
    """Bescheide zur Zeichnung the person may sign (never one she prepared or edited), oldest first."""
    return list(bescheid_selectors.bescheide_fuer(user).filter(status=BescheidStatus.ZUR_ZEICHNUNG)
                .exclude(vorbereitet_von=user).exclude(bearbeiter=user).order_by("vorgelegt_am", "id"))


def zeichnungsreihe_umfang(user):
    """(number, sum of Höchstbeträge) of the zeichnungsreihe – for the start page, one aggregate row."""
    from django.db.models import Count, Sum

    z = (bescheid_selectors.bescheide_fuer(user).filter(status=BescheidStatus.ZUR_ZEICHNUNG)
         .exclude(vorbereitet_von=user).exclude(bearbeiter=user).order_by()
         .aggregate(anzahl=Count("pk"), summe=Sum("hoechstbetrag")))
    return z["anzahl"], z["summe"]


def jahre_der_kommune(user, kommune):
    from .akte import jahre_mit_akte

    return jahre_mit_akte(user, kommune)
