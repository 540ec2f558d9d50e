from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Benutzer


@admin.register(Benutzer)
class BenutzerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "kommune", "ist_sachbearbeitung", "ist_zeichnung",
                    "ist_finanzen", "ist_admin", "is_active"]
    list_filter = ["ist_sachbearbeitung", "ist_zeichnung", "ist_finanzen", "ist_admin", "is_active"]
    list_select_related = ["kommune"]
    fieldsets = UserAdmin.fieldsets + (
        ("Briefkopf", {"fields": ["telefon"]}),
        ("KIM-Rollen", {"fields": ["kommune", "ist_sachbearbeitung", "ist_zeichnung", "ist_finanzen", "ist_admin"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("KIM-Rollen", {"fields": ["kommune", "ist_sachbearbeitung", "ist_zeichnung", "ist_finanzen", "ist_admin"]}),
    )
