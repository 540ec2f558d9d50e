"""Object first, role second (as bescheide.zugriff): every URL with an object resolves it through the selectors
before the role is checked, so a user of another Kommune gets 404 on every such URL; runs, bank statements and
entries are the Bezirksregierung's (404 for every Kommune), and only Finanzen may act on them (403 otherwise)."""
from antraege import selectors as antrag_selectors
from kim_foerderung.zugang.zugriff import objekt_vor_rolle

from . import selectors


def antrag_ansicht(*rollen):
    return objekt_vor_rolle("antrag_pk", antrag_selectors.antrag_fuer, *rollen, seite="auszahlung_antrag")


def tranche_ansicht(*rollen):
    return objekt_vor_rolle("pk", selectors.tranche_fuer, *rollen)


def lauf_ansicht(*rollen):
    return objekt_vor_rolle("lauf_pk", selectors.zahlungslauf_fuer, *rollen, seite="zahlungslauf_detail")


def kontoauszug_ansicht(*rollen):
    return objekt_vor_rolle("auszug_pk", selectors.kontoauszug_fuer, *rollen, seite="kontoauszug_detail")


def buchung_ansicht(*rollen):
    return objekt_vor_rolle("buchung_pk", selectors.buchung_fuer, *rollen)
