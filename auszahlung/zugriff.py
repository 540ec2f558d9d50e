"""Object first, role second (as bescheide.zugriff): every URL with an object resolves it through the selectors
before the role is checked, so a user of another Kommune gets 404 on every such URL; runs, bank statements and
entries are the Bezirksregierung's (404 for every Kommune), and only Finanzen may act on them (403 otherwise)."""
from antraege.models import Antrag
from kim_foerderung.zugang.zugriff import objekt_oder_404, objekt_vor_rolle

from . import selectors


def antrag_laden(user, pk):
    """The Antrag with its Kommune (404 for another Kommune's, kim_foerderung.zugang) – the Auszahlung's pages show
    nothing else of it, so none of the Antrag page's prefetches (issue 13)."""
    antrag = objekt_oder_404(user, Antrag.objects.select_related("kommune"), pk=pk)
    if user.kommune_id == antrag.kommune_id:  # the page header names the user's Kommune: no second query for it
        user._meta.get_field("kommune").set_cached_value(user, antrag.kommune)
    return antrag


def antrag_ansicht(*rollen):
    return objekt_vor_rolle("antrag_pk", antrag_laden, *rollen, seite="auszahlung_antrag")


def tranche_ansicht(*rollen):
    return objekt_vor_rolle("pk", selectors.tranche_fuer, *rollen)


def lauf_ansicht(*rollen):
    return objekt_vor_rolle("lauf_pk", selectors.zahlungslauf_fuer, *rollen, seite="zahlungslauf_detail")


def kontoauszug_ansicht(*rollen):
    return objekt_vor_rolle("auszug_pk", selectors.kontoauszug_fuer, *rollen, seite="kontoauszug_detail")


def buchung_ansicht(*rollen):
    return objekt_vor_rolle("buchung_pk", selectors.buchung_fuer, *rollen)
