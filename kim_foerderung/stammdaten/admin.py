from django.contrib import admin

from .models import CMKontingent, Haushaltsmittel, Kommune, KreisangehoerigeKommune, Traeger


class KreisangehoerigeInline(admin.TabularInline):
    model = KreisangehoerigeKommune
    extra = 0
    fields = ["ags", "name", "eigene_auslaenderbehoerde", "eigenes_jugendamt", "integrationsrat"]


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "art", "regierungsbezirk", "verwaltungsgericht", "bearbeiterin"]
    list_filter = ["art", "regierungsbezirk", "bearbeiterin"]
    list_select_related = ["bearbeiterin"]
    list_editable = ["bearbeiterin"]
    search_fields = ["name", "ags"]
    inlines = [KreisangehoerigeInline]
    fieldsets = [
        (None, {"fields": ["ags", "name", "art", "regierungsbezirk", "verwaltungsgericht"]}),
        ("Zuständigkeit in der Bezirksregierung", {"fields": ["bearbeiterin"]}),
        ("Kommunales Integrationszentrum", {"fields": ["ki_name", "ki_strasse", "ki_plz", "ki_ort"]}),
        ("Kontakt", {"fields": ["ansprechperson", "email", "telefon"]}),
        ("Bankverbindung", {"fields": ["kontoinhaber", "iban", "bic"]}),
    ]


@admin.register(KreisangehoerigeKommune)
class KreisangehoerigeKommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "ags", "kreis", "qualifiziert"]
    list_filter = ["kreis", "eigene_auslaenderbehoerde", "eigenes_jugendamt", "integrationsrat"]
    search_fields = ["name", "ags"]
    list_select_related = ["kreis"]

    @admin.display(boolean=True, description="qualifiziert nach Nr. 4.3")
    def qualifiziert(self, obj):
        return obj.qualifiziert


@admin.register(Traeger)
class TraegerAdmin(admin.ModelAdmin):
    list_display = ["name", "verband", "kommune", "ort"]
    search_fields = ["name", "ort"]
    list_select_related = ["kommune"]


@admin.register(Haushaltsmittel)
class HaushaltsmittelAdmin(admin.ModelAdmin):
    list_display = ["foerderjahr", "betrag", "bemerkung"]


@admin.register(CMKontingent)
class CMKontingentAdmin(admin.ModelAdmin):
    list_display = ["kommune", "foerderjahr", "vzae"]
    list_filter = ["foerderjahr"]
    list_select_related = ["kommune"]
