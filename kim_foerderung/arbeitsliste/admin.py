from django.contrib import admin

from .models import Aktenexport, Wiedervorlage


@admin.register(Wiedervorlage)
class WiedervorlageAdmin(admin.ModelAdmin):
    list_display = ["faellig_am", "kommune", "foerderjahr", "zustaendig", "notiz", "erledigt_am"]
    list_filter = ["foerderjahr", "zustaendig"]
    list_select_related = ["kommune", "zustaendig"]
    readonly_fields = ["angelegt_von", "angelegt_am", "erledigt_am", "erledigt_von"]


@admin.register(Aktenexport)
class AktenexportAdmin(admin.ModelAdmin):
    list_display = ["angelegt_am", "kommune", "foerderjahr", "benutzer", "status", "groesse"]
    list_select_related = ["kommune", "benutzer"]
    readonly_fields = [f.name for f in Aktenexport._meta.fields]

    def has_add_permission(self, request):
        return False
