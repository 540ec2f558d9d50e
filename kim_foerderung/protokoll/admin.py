from django.contrib import admin

from .models import Lebenszeichen, Protokolleintrag


@admin.register(Protokolleintrag)
class ProtokolleintragAdmin(admin.ModelAdmin):
    list_display = ["zeitpunkt", "benutzername", "objekt_text", "aktion", "von_status", "nach_status"]
    list_filter = ["content_type", "aktion"]
    search_fields = ["objekt_text", "benutzername", "aktion", "notiz"]
    date_hierarchy = "zeitpunkt"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Lebenszeichen)
class LebenszeichenAdmin(admin.ModelAdmin):
    list_display = ["datum", "zeitpunkt", "quelle"]

    def has_change_permission(self, request, obj=None):
        return False
