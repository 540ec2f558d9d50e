"""Versand, Bekanntgabe (§ 41 VwVfG NRW) and Bestandskraft (§ 74 VwGO)."""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django_fsm import can_proceed

from kim_foerderung import regeln, zeit
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from ..models import Bescheid, BescheidStatus
from .gemeinsam import (
    BescheidFehler,
    _kommune_benutzer,
    _link,
    _pruefe_kommune,
    _sachbearbeitung,
    _sperren,
    _wirksam_melden,
)


def _fristen_setzen(bescheid):
    bescheid.bekanntgabe_am = regeln.bekanntgabe_fiktion(
        bescheid.abgesandt_am, tage=settings.KIM_BEKANNTGABE_TAGE,
        empfang_bestaetigt=bescheid.empfang_bestaetigt_am,
    )
    bescheid.klagefrist_ende = regeln.klagefrist_ende(bescheid.bekanntgabe_am)
    bescheid.bestandskraeftig_ab = regeln.bestandskraeftig_ab(bescheid.bekanntgabe_am,
                                                              verzicht_am=bescheid.verzicht_am)


@transaction.atomic
def versenden(bescheid, user, abgesandt_am=None):
    bescheid = _sperren(bescheid)
    pruefe(user, "bescheid.vorbereiten", bescheid)
    if bescheid.status == BescheidStatus.VERSANDT:
        return bescheid
    if not can_proceed(bescheid.versenden):
        raise BescheidFehler("Nur ein gezeichneter Bescheid kann versandt werden.")
    abgesandt_am = abgesandt_am or zeit.heute()
    if abgesandt_am > zeit.heute():
        raise BescheidFehler("Das Absendedatum darf nicht in der Zukunft liegen.")
    if abgesandt_am < zeit.heute() - timedelta(days=30):
        raise BescheidFehler("Das Absendedatum liegt mehr als 30 Tage zurück. Bitte prüfen Sie das Datum.")
    von = bescheid.status
    bescheid.versenden()
    bescheid.abgesandt_am = abgesandt_am
    _fristen_setzen(bescheid)
    bescheid.save()
    protokolliere(bescheid, user, "Versandt", von_status=von, nach_status=bescheid.status,
                  daten={"abgesandt_am": abgesandt_am.isoformat(),
                         "bekanntgabe_am": bescheid.bekanntgabe_am.isoformat()})
    benachrichtigen(
        _kommune_benutzer(bescheid), f"{bescheid.get_art_display()} {bescheid.nummer} bekanntgegeben",
        f"Die Bezirksregierung Arnsberg hat Ihnen am {abgesandt_am:%d.%m.%Y} den {bescheid.get_art_display()} "
        f"{bescheid.nummer} übermittelt. Er gilt als bekanntgegeben am {bescheid.bekanntgabe_am:%d.%m.%Y}.",
        link=_link(bescheid),
    )
    return bescheid


@transaction.atomic
def empfang_bestaetigen(bescheid, user):
    bescheid = _sperren(bescheid)
    _pruefe_kommune(bescheid, user)
    heute = zeit.heute()
    if bescheid.empfang_bestaetigt_am or bescheid.status == BescheidStatus.BESTANDSKRAEFTIG:
        return bescheid
    bescheid.empfang_bestaetigt_am = heute
    _fristen_setzen(bescheid)
    bescheid.save()
    protokolliere(bescheid, user, "Empfang bestätigt", daten={"bekanntgabe_am": bescheid.bekanntgabe_am.isoformat()})
    return bescheid


def _bestandskraft(bescheid, user, grund):
    von = bescheid.status
    bescheid.bestandskraft_eintreten()
    bescheid.save()
    protokolliere(bescheid, user, grund, von_status=von, nach_status=bescheid.status)
    _wirksam_melden(bescheid)
    benachrichtigen(
        list(_kommune_benutzer(bescheid)) + list(_sachbearbeitung()),
        f"{bescheid.get_art_display()} {bescheid.nummer} ist bestandskräftig",
        f"Der {bescheid.get_art_display()} {bescheid.nummer} ({bescheid.antrag.kommune}) ist bestandskräftig "
        f"seit {bescheid.bestandskraeftig_ab:%d.%m.%Y}.",
        link=_link(bescheid),
    )


@transaction.atomic
def rechtsbehelfsverzicht_erklaeren(bescheid, user):
    """The Kommune waives the Klage: the Bescheid is bestandskräftig at once (received, at the latest today)."""
    bescheid = _sperren(bescheid)
    _pruefe_kommune(bescheid, user)
    if bescheid.status == BescheidStatus.BESTANDSKRAEFTIG:
        return bescheid
    heute = zeit.heute()
    if not bescheid.empfang_bestaetigt_am:
        bescheid.empfang_bestaetigt_am = heute
    bescheid.verzicht_am = heute
    _fristen_setzen(bescheid)
    bescheid.save()
    protokolliere(bescheid, user, "Rechtsbehelfsverzicht erklärt", notiz="Verzicht auf Klage (§ 74 VwGO)")
    if bescheid.bestandskraeftig_ab <= heute:
        _bestandskraft(bescheid, user, "Bestandskräftig durch Rechtsbehelfsverzicht")
    return bescheid


def bestandskraft_eintreten_lassen():
    """Make every sent Bescheid whose Klagefrist has passed bestandskräftig. Idempotent and safe with two
    workers: each row is locked (skip_locked) and its state checked again inside the lock."""
    heute = zeit.heute()
    geaendert = 0
    kandidaten = Bescheid.objects.filter(status=BescheidStatus.VERSANDT, bestandskraeftig_ab__lte=heute)
    for pk in kandidaten.values_list("pk", flat=True):
        with transaction.atomic():
            bescheid = (Bescheid.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("antrag__kommune").filter(pk=pk, status=BescheidStatus.VERSANDT).first())
            if bescheid is None or bescheid.bestandskraeftig_ab > heute:
                continue
            _bestandskraft(bescheid, None, "Bestandskräftig nach Ablauf der Klagefrist")
            geaendert += 1
    return geaendert
