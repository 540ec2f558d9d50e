"""Object first, role second (as bescheide.zugriff): every URL of the Übersicht that names a Kommune resolves it
through kim_foerderung.zugang before the role is checked, so another Kommune gets 404, a wrong role 403."""
from kim_foerderung.arbeitsliste.models import Aktenexport, Wiedervorlage
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang.zugriff import objekt_oder_404, objekt_vor_rolle


def kommune_laden(user, ags):
    kommune = objekt_oder_404(user, Kommune.objects.select_related("bearbeiterin"), ags=ags)
    if user.kommune_id == kommune.pk:  # the page header names the user's Kommune: no second query for it
        user._meta.get_field("kommune").set_cached_value(user, kommune)
    return kommune


def export_laden(user, pk):
    """Only the person who ordered an export sees it (and only while she may see its Kommune)."""
    return objekt_oder_404(user, Aktenexport.objects.select_related("kommune"), pk=pk, benutzer=user)


def wiedervorlage_laden(user, pk):
    return objekt_oder_404(user, Wiedervorlage.objects.select_related("kommune"), pk=pk)


def akte_ansicht(*rollen):
    return objekt_vor_rolle("ags", kommune_laden, *rollen)


def export_ansicht(*rollen):
    return objekt_vor_rolle("pk", export_laden, *rollen)


def wiedervorlage_ansicht(*rollen):
    return objekt_vor_rolle("pk", wiedervorlage_laden, *rollen)
