from django.contrib import admin
from django.utils.html import format_html

from .models import Dokument


@admin.register(Dokument)
class DokumentAdmin(admin.ModelAdmin):
    """Read only: documents are written by the services and never changed."""

    list_display = ["titel", "art", "kommune", "schluessel", "groesse_text", "erstellt_am", "erstellt_von"]
    list_filter = ["art", "content_type", "kommune"]
    search_fields = ["titel", "schluessel", "dateiname", "sha256"]
    date_hierarchy = "erstellt_am"
    list_select_related = ["kommune", "erstellt_von"]
    readonly_fields = [
        "titel", "art", "schluessel", "kommune", "content_type", "object_id", "bezug_text", "dateiname",
        "mime_typ", "groesse", "sha256", "erstellt_von", "erstellt_am", "herunterladen",
    ]
    fields = readonly_fields

    @admin.display(description="Größe")
    def groesse_text(self, obj):
        if obj.groesse >= 1024 * 1024:
            return f"{obj.groesse / (1024 * 1024):.1f} MB".replace(".", ",")
        return f"{(obj.groesse + 1023) // 1024} KB"

    @admin.display(description="Bezugsobjekt")
    def bezug_text(self, obj):
        return str(obj.bezug) if obj.bezug is not None else "–"

    @admin.display(description="Datei")
    def herunterladen(self, obj):
        return format_html('<a href="{}">{} herunterladen</a>', obj.get_absolute_url(), obj.dateiname)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
