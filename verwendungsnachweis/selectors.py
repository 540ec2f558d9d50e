"""Reads of the verwendungsnachweis app, scoped through kim_foerderung.zugang."""
from kim_foerderung import regeln, zeit
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import Basiszinssatz, Verwendungsnachweis


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


# --- Verwendungsnachweise ------------------------------------------------------------------------------


def nachweise_fuer(user):
    """Verwendungsnachweise the user may see (a Kommune only its own), for lists: constant query count."""
    return (sichtbar(user, Verwendungsnachweis)
            .select_related("antrag__kommune", "bescheid", "eingereicht_von", "dokument")
            .order_by("frist", "antrag__kommune__name"))


def nachweis_fuer(user, pk):
    return objekt_oder_404(user, nachweise_fuer(user).prefetch_related("stellen", "belege"), pk=pk)
