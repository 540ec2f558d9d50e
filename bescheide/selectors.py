"""Reads of Prüfung and Bescheid, scoped through kim_foerderung.zugang. A Kommune sees a Bescheid only once it
has been sent to it; drafts stay inside the Bezirksregierung."""
from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import Bescheid, BescheidStatus

FUER_KOMMUNE_SICHTBAR = [BescheidStatus.VERSANDT, BescheidStatus.BESTANDSKRAEFTIG]


def bescheide_fuer(user):
    qs = sichtbar(user, Bescheid).select_related("antrag__kommune", "vorbereitet_von", "freigegeben_von",
                                                  "dokument", "ersetzt")
    if not hat_rolle(user, *LANDESROLLEN):
        qs = qs.filter(status__in=FUER_KOMMUNE_SICHTBAR)
    return qs.order_by("-angelegt_am")


def bescheid_fuer(user, pk):
    return objekt_oder_404(
        user,
        bescheide_fuer(user).prefetch_related("stellen", "aenderungsantraege__gestellt_von", "aenderungen",
                                              "bearbeiter"),
        pk=pk,
    )


def bescheide_zum_antrag(user, antrag):
    return list(bescheide_fuer(user).filter(antrag=antrag))
