from django.contrib import admin

from .models import Buchung, Einstellung, Kontoauszug, Mittelanforderung, Rueckforderung, Tranche, Zahlungslauf


@admin.register(Einstellung)
class EinstellungAdmin(admin.ModelAdmin):
    """The paying account (debtor of the SEPA file) and the lead time of the Zahlungslauf. The times of the beat
    tasks themselves are edited under "Periodic tasks" (django-celery-beat)."""

    list_display = ["kontoinhaber", "iban", "bic", "vorlauf_target_tage"]

    def has_add_permission(self, request):
        return not Einstellung.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class NurLesen(admin.ModelAdmin):
    """Money records change only through auszahlung.services (four-eyes, audit); the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tranche)
class TrancheAdmin(NurLesen):
    list_display = ["antrag", "nummer", "termin", "zahltag", "betrag", "status", "ausgezahlt_am"]
    list_filter = ["status", "termin"]


@admin.register(Zahlungslauf)
class ZahlungslaufAdmin(NurLesen):
    list_display = ["nummer", "zahltag", "status", "anzahl", "summe", "festgestellt_von", "angeordnet_von"]
    list_filter = ["status"]


@admin.register(Mittelanforderung)
class MittelanforderungAdmin(NurLesen):
    list_display = ["antrag", "angefordert_am", "iban", "gestellt_von"]


@admin.register(Rueckforderung)
class RueckforderungAdmin(NurLesen):
    list_display = ["antrag", "bescheid", "betrag", "festgestellt_am", "status"]


@admin.register(Kontoauszug)
class KontoauszugAdmin(NurLesen):
    list_display = ["art", "msg_id", "hochgeladen_am", "hochgeladen_von"]


@admin.register(Buchung)
class BuchungAdmin(NurLesen):
    list_display = ["kontoauszug", "position", "ende_zu_ende_id", "betrag", "buchungstag", "status"]
    list_filter = ["status"]
