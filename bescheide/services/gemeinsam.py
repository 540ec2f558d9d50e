"""What every write of bescheide shares: the domain error, the four-eyes check by person, row locks,
recipients of notifications and the BESCHEID_WIRKSAM hook."""
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from kim_foerderung import erweiterungen
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, pruefe, vier_augen

from ..models import FUER_KOMMUNE_SICHTBARE_STATUS, Bescheid
from ..selectors import selbst_bearbeitet


NULL = Decimal("0.00")


class BescheidFehler(FachlicherFehler):
    """A domain error of Prüfung and Bescheid with a German sentence for the user."""

    def __init__(self, meldung, details=None, *, feld=None):
        super().__init__(meldung, feld=feld, details=details)


def _wirksam_melden(bescheid):
    """Slot BESCHEID_WIRKSAM: after commit, tell the later stages (e.g. the Tranchenplan of auszahlung) that
    ``bescheid`` is now in force as bestandskräftig or as Änderungsbescheid. A receiver must catch up on its
    own as well, since a hook can be missed."""
    pk = bescheid.pk

    def melden():
        erweiterungen.beitraege(erweiterungen.BESCHEID_WIRKSAM,
                                Bescheid.objects.select_related("antrag__kommune").get(pk=pk))

    transaction.on_commit(melden)


def _sachbearbeitung():
    return Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True)


def _zeichnung_ausser(ids):
    """Active Zeichnung users who may sign: everyone but the persons in ``ids`` (four-eyes)."""
    return Benutzer.objects.filter(ist_zeichnung=True, is_active=True).exclude(pk__in=ids)


def _kommune_benutzer(bescheid):
    return bescheid.antrag.kommune.benutzer.filter(is_active=True)


def _link(bescheid):
    return reverse("bescheid_detail", args=[bescheid.pk])


def _bearbeitet(bescheid, user):
    """Record ``user`` as one who worked on the draft (created, saved, adopted a proposal into, submitted)."""
    if user is not None and getattr(user, "is_authenticated", False):
        bescheid.bearbeiter.add(user)


def _vier_augen(bescheid, user):
    """DESIGN.md: one person never holds both steps of a four-eyes pair on the same object. Whoever prepared,
    edited or submitted the draft neither signs it nor sends it back, whatever roles they hold."""
    vier_augen(bescheid.vorbereitet_von, user)
    if selbst_bearbeitet(bescheid, user):
        raise Zugriffsverweigert(
            "Vier-Augen-Prinzip: Sie haben diesen Entwurf bearbeitet. Zeichnen oder zurückgeben muss eine andere "
            "Person."
        )


def _sperren(bescheid):
    return (Bescheid.objects.select_for_update(of=("self",)).select_related("antrag__kommune")
            .get(pk=bescheid.pk))


def _pruefe_kommune(bescheid, user):
    if not hat_rolle(user, Rolle.KOMMUNE) or bescheid.antrag.kommune_id != user.kommune_id:
        pruefe(user, "antrag.bearbeiten", bescheid)  # raises with the German message
    if bescheid.status not in FUER_KOMMUNE_SICHTBARE_STATUS:
        raise BescheidFehler("Der Bescheid ist Ihnen noch nicht übermittelt worden.")
