"""Reads of the Antrag, already scoped to the user through kim_foerderung.zugang."""
import django_filters
from django import forms
from django.db.models import (Case, CharField, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery,
                              Sum, Value, When, prefetch_related_objects)
from django.db.models.functions import Coalesce, Concat

from kim_foerderung.stammdaten.models import CMKontingent, KommunenArt, KreisangehoerigeKommune, Regierungsbezirk
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .fristen import (  # noqa: F401
    antragsfrist, antragsjahre, entscheidungsjahr, frist_fuer, fristen_der_kommune, naechste_antragsfrist,
)
from .models import NAECHSTER_SCHRITT, Anlage1, Antrag, AntragStatus, Nachforderung, Stelle, Weiterleitung
from .regelwerk import (  # noqa: F401 – the read contract of antraege for later stages (README "Aufbau")
    StellenZeile,
    berechnung,
    cm_kontingent,
    ablehnungsgrund_verspaetet,
    einreichungshinweise,
    einreichungsmaengel,
    fall_bauen,
    zeilen_aus_stellen,
)


def _anzahl(queryset):
    return Coalesce(Subquery(queryset.order_by().values("antrag").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), 0)


def antraege_fuer(user):
    return (
        sichtbar(user, Antrag)
        .select_related("kommune", "kommune__bearbeiterin")
        # Counted in correlated subqueries, not by joins with GROUP BY: the list's count, sum and page then stay
        # plain queries (Django drops unused annotations from count()), issue 13.
        .annotate(
            anzahl_stellen=_anzahl(Stelle.objects.filter(antrag=OuterRef("pk"))),
            offene_nachforderungen=_anzahl(
                Nachforderung.objects.filter(antrag=OuterRef("pk"), beantwortet_am__isnull=True)),
            # The answer Frist of the open Nachforderung (issue 14 item 10), None when none is open.
            nachforderung_frist=Subquery(
                Nachforderung.objects.filter(antrag=OuterRef("pk"), beantwortet_am__isnull=True)
                .order_by("-runde").values("antwort_frist")[:1]),
        )
        .order_by("-foerderjahr", "kommune__sortierschluessel")
    )


def leer_vormerken(obj, name):
    """Mark the relation ``name`` of ``obj`` as prefetched and empty (what prefetch_related would store)."""
    leer = getattr(obj, name).all()
    leer._result_cache = []
    leer._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = leer


def antrag_fuer(user, pk):
    """The Antrag with everything its page shows; 404 for another Kommune's Antrag.

    Relations that are often empty (no Nachforderung, no Anlage 1 yet, no Weiterleitung, a kreisfreie Stadt without
    kreisangehörige Kommunen) are asked for with EXISTS in the Antrag's own query and then not fetched at all."""
    vorhanden = {
        "nachforderungen": Exists(Nachforderung.objects.filter(antrag=OuterRef("pk"))),
        "anlagen": Exists(Anlage1.objects.filter(antrag=OuterRef("pk"))),
        "weiterleitungen": Exists(Weiterleitung.objects.filter(antrag=OuterRef("pk"))),
        "kreisangehoerige": Exists(KreisangehoerigeKommune.objects.filter(kreis=OuterRef("kommune_id"))),
    }
    antrag = objekt_oder_404(
        user,
        Antrag.objects.select_related("kommune__bearbeiterin", "kim_konzept", "cm_konzept", "eingereicht_von",
                                      "uebernommen_aus__kim_konzept", "uebernommen_aus__cm_konzept")
        # The CM-Kontingent of the Kommune for the year (Nr. 2.2) for regelwerk.berechnung, in the same query.
        .annotate(kim_cm_kontingent=Subquery(
            CMKontingent.objects.filter(kommune=OuterRef("kommune_id"), foerderjahr=OuterRef("foerderjahr"))
            .order_by("pk").values("vzae")[:1]),
            **{f"kim_hat_{name}": ausdruck for name, ausdruck in vorhanden.items()}),
        pk=pk,
    )
    # Joined inside each prefetch: one query per relation, not one more per related table.
    laden = ["stellen", Prefetch("uebernommen_aus__weiterleitungen",
                                 queryset=Weiterleitung.objects.select_related("vertrag"))]
    nachladen = {
        "nachforderungen": "nachforderungen",
        "anlagen": Prefetch("anlagen", queryset=Anlage1.objects.select_related("dokument")),
        "weiterleitungen": Prefetch("weiterleitungen", queryset=Weiterleitung.objects.select_related(
            "kreisangehoerige", "traeger", "vertrag")),
    }
    for name, prefetch in nachladen.items():
        if getattr(antrag, f"kim_hat_{name}"):
            laden.append(prefetch)
        else:
            leer_vormerken(antrag, name)
    if antrag.kim_hat_kreisangehoerige:
        laden.append("kommune__kreisangehoerige")
    else:
        leer_vormerken(antrag.kommune, "kreisangehoerige")
    prefetch_related_objects([antrag], *laden)
    return antrag


def nachforderungsrunden(antrag):
    """[(Nachforderung, Protokolleinträge dieser Runde, oldest first)]: everything recorded on the Antrag from
    the question until the next round's question – the answer, the changed sections, the new Fassung."""
    from kim_foerderung.protokoll.selectors import protokoll_fuer

    runden = sorted(antrag.nachforderungen.all(), key=lambda n: n.runde)
    if not runden:
        return []
    eintraege = list(protokoll_fuer(antrag).filter(zeitpunkt__gte=runden[0].gestellt_am).order_by("zeitpunkt", "id"))
    ergebnis = []
    for i, runde in enumerate(runden):
        ende = runden[i + 1].gestellt_am if i + 1 < len(runden) else None
        ergebnis.append((runde, [e for e in eintraege
                                 if e.zeitpunkt >= runde.gestellt_am and (ende is None or e.zeitpunkt < ende)]))
    return ergebnis


def offener_antrag(user, foerderjahr):
    """The Antrag of the user's own Kommune for this Förderjahr that blocks a new one (any but zurückgezogen)."""
    if not user.kommune_id:
        return None
    return (sichtbar(user, Antrag).filter(kommune_id=user.kommune_id, foerderjahr=foerderjahr)
            .exclude(status=AntragStatus.ZURUECKGEZOGEN).first())


def naechster_schritt(antrag):
    """What comes next for ``antrag`` and who does it (antraege.models.NAECHSTER_SCHRITT) as ``{"text", "wer"}``,
    or None once it is decided (its Bescheid goes on) or withdrawn."""
    schritt = NAECHSTER_SCHRITT.get(antrag.status)
    return {"text": schritt[0], "wer": schritt[1]} if schritt else None


def belegte_foerderjahre(user):
    """The Förderjahre in which the user's own Kommune has an Antrag that blocks a new one (not zurückgezogen)."""
    if not user.kommune_id:
        return set()
    return set(sichtbar(user, Antrag).filter(kommune_id=user.kommune_id)
               .exclude(status=AntragStatus.ZURUECKGEZOGEN).values_list("foerderjahr", flat=True))


def kommune_anzeigename(pfad="kommune__"):
    """Kommune.anzeigename as a database expression ("Stadt Bielefeld", "Kreis Unna", "Städteregion Aachen"),
    so a search finds what the list shows. Keep in step with Kommune.anzeigename (a test compares all 54)."""
    name = F(f"{pfad}name")
    art = f"{pfad}art"
    return Case(
        When(**{art: KommunenArt.KREIS, f"{pfad}name__icontains": "kreis"}, then=name),
        When(**{art: KommunenArt.KREIS}, then=Concat(Value("Kreis "), name)),
        When(**{art: KommunenArt.STAEDTEREGION, f"{pfad}name__startswith": "Städteregion"}, then=name),
        When(**{art: KommunenArt.STAEDTEREGION}, then=Concat(Value("Städteregion "), name)),
        default=Concat(Value("Stadt "), name),
        output_field=CharField(),
    )


AUSWAHL = forms.Select(attrs={"class": "form-select"})


class AntragFilter(django_filters.FilterSet):
    foerderjahr = django_filters.ChoiceFilter(
        label="Förderjahr", choices=[(j, str(j)) for j in range(2025, 2029)], empty_label="alle", widget=AUSWAHL
    )
    status = django_filters.ChoiceFilter(label="Status", choices=AntragStatus.choices, empty_label="alle",
                                        widget=AUSWAHL)
    regierungsbezirk = django_filters.ChoiceFilter(
        label="Regierungsbezirk", field_name="kommune__regierungsbezirk", choices=Regierungsbezirk.choices,
        empty_label="alle", widget=AUSWAHL,
    )
    kommune = django_filters.CharFilter(label="Kommune", method="filter_kommune",
                                     widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    # Entwürfe belong to the Kommune until submitted: not listed nor counted unless asked for (or filtered by
    # status "Entwurf").
    entwuerfe = django_filters.BooleanFilter(label="Entwürfe der Kommunen zeigen", method="filter_entwuerfe",
                                             widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    class Meta:
        model = Antrag
        fields = ["foerderjahr", "status", "regierungsbezirk", "kommune", "entwuerfe"]

    def filter_entwuerfe(self, queryset, name, value):
        return queryset  # applied in filter_queryset, since "off" (the default) is what filters

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        daten = self.form.cleaned_data
        if not daten.get("entwuerfe") and daten.get("status") != AntragStatus.ENTWURF:
            queryset = queryset.exclude(status=AntragStatus.ENTWURF)
        return queryset

    def filter_kommune(self, queryset, name, value):
        """Matches the name as shown ("Stadt Bielefeld", "Kreis Unna"), a part of it ("Bielefeld") or the AGS."""
        suche = " ".join(value.split())
        if not suche:
            return queryset
        return queryset.alias(kommune_anzeige=kommune_anzeigename()).filter(
            Q(kommune_anzeige__icontains=suche) | Q(kommune__ags__startswith=suche)
        )


def summen(queryset):
    """Totals over a (filtered) list in one query."""
    return queryset.order_by().aggregate(anzahl=Count("id"), beantragt=Sum("beantragt"))


def kommunen_mit_antrag(foerderjahr):
    """Ids of the Kommunen that have an Antrag (any state) for ``foerderjahr`` – for reminders of later stages."""
    return set(Antrag.objects.filter(foerderjahr=foerderjahr).values_list("kommune_id", flat=True))


# --- Übernahme aus dem Vorjahr (issue 14 item 9) ------------------------------------------------------------


def vorlagen_fuer(user):
    """The Anträge of the user's own Kommune a new Antrag can take over (newest first; withdrawn ones are no
    template). Empty for users without a Kommune."""
    if not user.kommune_id:
        return Antrag.objects.none()
    return (sichtbar(user, Antrag).filter(kommune_id=user.kommune_id)
            .exclude(status=AntragStatus.ZURUECKGEZOGEN).order_by("-foerderjahr"))


def uebernahme_hinweise(antrag, quelle=None):
    """What the Antrag taken over from ``quelle`` (default: antrag.uebernommen_aus) still needs uploaded anew:
    [{"titel", "anker", "feld" or "weiterleitung", "dateiname", "datum"}] for each upload of the earlier Antrag that has no current Fassung
    in this one yet ("bitte aktuelle Fassung hochladen"). Empty once everything is uploaded, or for an Antrag
    that took nothing over."""
    quelle = quelle or antrag.uebernommen_aus
    if quelle is None:
        return []
    hinweise = []
    for feld, titel in (("kim_konzept", "KIM-Konzept (Nr. 4.1 d)"), ("cm_konzept", "Case-Management-Konzept (Nr. 4.1 f)")):
        alt = getattr(quelle, feld)
        if alt is not None and getattr(antrag, f"{feld}_id") is None:
            hinweise.append({"titel": titel, "anker": f"datei-{feld}", "feld": feld, "weiterleitung": None,
                             "dateiname": alt.dateiname, "datum": alt.erstellt_am})
    vertraege = {w.traeger_id: w.vertrag for w in quelle.weiterleitungen.all() if w.traeger_id and w.vertrag_id}
    for w in antrag.weiterleitungen.all():
        if w.traeger_id in vertraege and not w.vertrag_id:
            alt = vertraege[w.traeger_id]
            hinweise.append({"titel": f"Weiterleitungsvertrag (Anlage 4) mit {w.traeger}",
                             "anker": f"vertrag-{w.pk}", "feld": None, "weiterleitung": w.pk,
                             "dateiname": alt.dateiname, "datum": alt.erstellt_am})
    return hinweise


def ueberfaellige_nachforderungen(user, heute):
    """Open Nachforderungen whose answer Frist has passed (issue 14 item 10), oldest Frist first, with their
    Antrag and Kommune – for the Sachbearbeitung's start page."""
    return (sichtbar(user, Nachforderung)
            .filter(beantwortet_am__isnull=True, antwort_frist__lt=heute, antrag__status=AntragStatus.NACHFORDERUNG)
            .select_related("antrag__kommune")
            .order_by("antwort_frist", "antrag__kommune__sortierschluessel"))
