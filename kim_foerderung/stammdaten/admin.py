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

    BANKFELDER = ("kontoinhaber", "iban", "bic")

    def save_model(self, request, obj, form, change):
        """The bank account is changed only here (the Mittelanforderung and the payout runs read it): every change
        is written to the audit trail of the Kommune with the old and the new value."""
        from kim_foerderung.protokoll.services import protokolliere

        alt = {}
        if change and obj.pk:
            alt = dict(zip(self.BANKFELDER, Kommune.objects.filter(pk=obj.pk).values_list(*self.BANKFELDER).get()))
        super().save_model(request, obj, form, change)
        neu = {f: getattr(obj, f) for f in self.BANKFELDER}
        if change and alt != neu:
            protokolliere(obj, request.user, "Bankverbindung in den Stammdaten geändert",
                          daten={"alt": alt, "neu": neu})


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
