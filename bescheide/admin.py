"""Django admin for the Bescheid app.

Bescheide, Prüfungen and Änderungsanträge are written only by bescheide.services (four-eyes release, audit log,
stored PDF): the admin shows them read only and never deletes them. Textbausteine are the one thing the Admin
edits here, e.g. the Rechtsbehelfsbelehrung; a change applies to Bescheide released afterwards, a released
Bescheid keeps its stored PDF.
"""
from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html

from kim_foerderung.protokoll.services import protokolliere

from .models import Aenderungsantrag, Bescheid, BescheidStelle, Pruefung, Textbaustein


class NurLesenMixin:
    """No add, no change, no delete: the admin only shows what the services wrote."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BescheidStelleInline(NurLesenMixin, admin.TabularInline):
    model = BescheidStelle
    extra = 0
    can_delete = False
    fields = ["kennung", "art", "vzae", "von_monat", "bis_monat", "besetzt", "bewilligt", "gesperrt",
              "beantragt_personal", "beantragt_sach", "betrag_personal", "betrag_sach", "kuerzung_grund"]
    readonly_fields = fields


class FoerderjahrFilter(admin.SimpleListFilter):
    title = "Förderjahr"
    parameter_name = "foerderjahr"

    def lookups(self, request, model_admin):
        jahre = (model_admin.get_queryset(request).order_by("-antrag__foerderjahr")
                 .values_list("antrag__foerderjahr", flat=True).distinct())
        return [(str(j), str(j)) for j in jahre]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(antrag__foerderjahr=self.value())
        return queryset


@admin.register(Bescheid)
class BescheidAdmin(NurLesenMixin, admin.ModelAdmin):
    list_display = ["nummer_text", "art", "kommune", "foerderjahr", "status", "entscheidung", "hoechstbetrag",
                    "freigegeben_am", "bestandskraeftig_ab"]
    list_filter = ["status", "art", FoerderjahrFilter, "entscheidung"]
    search_fields = ["nummer", "antrag__kommune__name", "antrag__kommune__ags"]
    date_hierarchy = "angelegt_am"
    list_select_related = ["antrag__kommune"]
    inlines = [BescheidStelleInline]
    fieldsets = [
        (None, {"fields": ["nummer", "art", "entscheidung", "status", "antrag", "ersetzt", "gilt_ab_monat"]}),
        ("Beträge", {"fields": ["hoechstbetrag", "veranstaltungen", "schnittstellen", "begleit_grund", "summen"]}),
        ("Begründung", {"fields": ["begruendung"]}),
        ("Vier-Augen-Prinzip", {"fields": ["vorbereitet_von", "vorgelegt_am", "freigegeben_von", "freigegeben_am",
                                            "rueckgabe_notiz"]}),
        ("Bekanntgabe und Bestandskraft", {"fields": ["abgesandt_am", "empfang_bestaetigt_am", "bekanntgabe_am",
                                                       "verzicht_am", "klagefrist_ende", "bestandskraeftig_ab"]}),
        ("Dokument", {"fields": ["dokument_link", "angelegt_am"]}),
    ]
    readonly_fields = [f for _, optionen in fieldsets for f in optionen["fields"]]

    @admin.display(description="Bescheidnummer", ordering="nummer")
    def nummer_text(self, obj):
        return obj.nummer or "(Entwurf)"

    @admin.display(description="Kommune", ordering="antrag__kommune__name")
    def kommune(self, obj):
        return obj.antrag.kommune

    @admin.display(description="Förderjahr", ordering="antrag__foerderjahr")
    def foerderjahr(self, obj):
        return obj.antrag.foerderjahr

    @admin.display(description="PDF")
    def dokument_link(self, obj):
        if obj.dokument is None:
            return "–"
        return format_html('<a href="{}">{}</a> (SHA-256 {})', obj.dokument.get_absolute_url(),
                           obj.dokument.dateiname, obj.dokument.sha256)


@admin.register(Pruefung)
class PruefungAdmin(NurLesenMixin, admin.ModelAdmin):
    list_display = ["antrag", "bearbeitet_von", "bearbeitet_am"]
    list_filter = ["antrag__foerderjahr"]
    search_fields = ["antrag__kommune__name", "antrag__kommune__ags", "vermerk"]
    list_select_related = ["antrag__kommune", "bearbeitet_von"]
    fields = ["antrag", "punkte", "vermerk", "bearbeitet_von", "bearbeitet_am"]
    readonly_fields = fields


@admin.register(Aenderungsantrag)
class AenderungsantragAdmin(NurLesenMixin, admin.ModelAdmin):
    list_display = ["bescheid", "ab_monat", "gestellt_von", "gestellt_am", "erledigt_durch"]
    list_filter = ["ab_monat"]
    search_fields = ["bescheid__nummer", "bescheid__antrag__kommune__name", "beschreibung"]
    list_select_related = ["bescheid__antrag__kommune", "gestellt_von", "erledigt_durch__antrag__kommune"]
    fields = ["bescheid", "ab_monat", "beschreibung", "gestellt_von", "gestellt_am", "erledigt_durch"]
    readonly_fields = fields


@admin.register(Textbaustein)
class TextbausteinAdmin(admin.ModelAdmin):
    """Editable texts. Placeholders in the Rechtsbehelfsbelehrung: {verwaltungsgericht} (the court of the
    Kommune, e.g. "Gelsenkirchen"), {sitz} (its seat) and {anschrift} (its postal address). Changes apply to
    Bescheide released afterwards."""

    list_display = ["titel", "schluessel"]
    search_fields = ["titel", "schluessel", "text"]
    fields = ["schluessel", "titel", "text"]

    def get_readonly_fields(self, request, obj=None):
        # The key is what the code looks the text up by; it is fixed once the Textbaustein exists.
        return ["schluessel"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        protokolliere(obj, request.user, "Textbaustein geändert" if change else "Textbaustein angelegt",
                      daten={"schluessel": obj.schluessel, "geaenderte_felder": form.changed_data})
