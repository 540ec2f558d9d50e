"""Reads of the Antrag, already scoped to the user through kim_foerderung.zugang."""
import django_filters
from django import forms
from django.db.models import Count, Q, Sum

from kim_foerderung.stammdaten.models import Regierungsbezirk
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import Antrag, AntragStatus


def antraege_fuer(user):
    return (
        sichtbar(user, Antrag)
        .select_related("kommune")
        .annotate(
            anzahl_stellen=Count("stellen", distinct=True),
            offene_nachforderungen=Count(
                "nachforderungen", filter=Q(nachforderungen__beantwortet_am__isnull=True), distinct=True
            ),
        )
        .order_by("-foerderjahr", "kommune__name")
    )


def antrag_fuer(user, pk):
    """The Antrag with everything its page shows; 404 for another Kommune's Antrag."""
    return objekt_oder_404(
        user,
        Antrag.objects.select_related("kommune", "kim_konzept", "cm_konzept", "eingereicht_von").prefetch_related(
            "stellen", "nachforderungen", "anlagen__dokument", "weiterleitungen__kreisangehoerige",
            "weiterleitungen__traeger", "weiterleitungen__vertrag", "kommune__kreisangehoerige",
        ),
        pk=pk,
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
    kommune = django_filters.CharFilter(label="Kommune", field_name="kommune__name", lookup_expr="icontains",
                                     widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    class Meta:
        model = Antrag
        fields = ["foerderjahr", "status", "regierungsbezirk", "kommune"]


def summen(queryset):
    """Totals over a (filtered) list in one query."""
    return queryset.order_by().aggregate(anzahl=Count("id"), beantragt=Sum("beantragt"))
