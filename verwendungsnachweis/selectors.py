"""Reads of the verwendungsnachweis app, scoped through kim_foerderung.zugang."""
from kim_foerderung import regeln, zeit

from .models import Basiszinssatz


def basiszinssaetze():
    """All known rates, newest first (for the Admin's page)."""
    return Basiszinssatz.objects.select_related("erfasst_von").order_by("-gueltig_ab")


def basiszinstabelle():
    """The table as kim_foerderung.regeln.zinsen takes it: {1 January/1 July: Decimal percent}."""
    return dict(Basiszinssatz.objects.values_list("gueltig_ab", "prozent"))


def fehlende_basiszinssaetze(stichtag=None):
    """Half-years (their first days) from the first known rate up to the half-year of ``stichtag`` (today) for
    which no rate is recorded – the Admin's task (DESIGN.md: the rules refuse a day with no known rate)."""
    tabelle = basiszinstabelle()
    stichtag = stichtag or zeit.heute()
    if not tabelle:
        return [regeln.halbjahr_beginn(stichtag)]
    return regeln.fehlende_halbjahre(tabelle, min(tabelle), stichtag)
