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
    """§ 41 Abs. 2 VwVfG NRW: Bekanntgabe on the fourth day after Absendung (next NRW working day), never earlier
    by a confirmed receipt; only a later receipt recorded by the Sachbearbeitung moves it later. § 74 VwGO:
    Klagefrist one month; a Rechtsbehelfsverzicht makes it bestandskräftig on its day."""
    bescheid.bekanntgabe_am = regeln.bekanntgabe(
        bescheid.abgesandt_am, tage=settings.KIM_BEKANNTGABE_TAGE,
        spaeterer_empfang=bescheid.spaeterer_empfang_am,
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
    """The Kommune confirms receipt: a record (date, person) only – § 41 Abs. 2 VwVfG NRW, the Bekanntgabe stays
    on the fourth day even if the letter arrived earlier."""
    bescheid = _sperren(bescheid)
    _pruefe_kommune(bescheid, user)
    heute = zeit.heute()
    if bescheid.empfang_bestaetigt_am or bescheid.status == BescheidStatus.BESTANDSKRAEFTIG:
        return bescheid
    bescheid.empfang_bestaetigt_am = heute
    bescheid.empfang_bestaetigt_von = user
    bescheid.save(update_fields=["empfang_bestaetigt_am", "empfang_bestaetigt_von"])
    protokolliere(bescheid, user, "Empfang bestätigt",
                  notiz="Vermerk; die Bekanntgabe nach § 41 Abs. 2 VwVfG NRW bleibt unverändert.",
                  daten={"empfangen_am": heute.isoformat(), "bekanntgabe_am": bescheid.bekanntgabe_am.isoformat()})
    return bescheid


@transaction.atomic
def spaeteren_empfang_erfassen(bescheid, user, *, empfangen_am, grund):
    """§ 41 Abs. 2 Satz 3 VwVfG NRW: the Sachbearbeitung records a receipt shown to be later than the fourth day,
    with its reason; Bekanntgabe, Klagefrist and Bestandskraft move later (the daily task reads the new date)."""
    bescheid = _sperren(bescheid)
    pruefe(user, "bescheid.vorbereiten", bescheid)
    if bescheid.status != BescheidStatus.VERSANDT:
        raise BescheidFehler(
            f"Ein späterer Empfang kann nur für einen versandten, noch nicht bestandskräftigen Bescheid erfasst "
            f"werden; dieser ist „{bescheid.get_status_display()}“."
        )
    grund = (grund or "").strip()
    if not grund:
        raise BescheidFehler("Bitte nennen Sie den Grund, der den späteren Empfang belegt (z. B. Poststempel, "
                             "Eingangsstempel der Kommune).", feld="grund")
    if empfangen_am is None:
        raise BescheidFehler("Bitte geben Sie das Datum des Empfangs an.", feld="empfangen_am")
    if empfangen_am > zeit.heute():
        raise BescheidFehler("Das Datum des Empfangs darf nicht in der Zukunft liegen.", feld="empfangen_am")
    fiktion = regeln.bekanntgabe(bescheid.abgesandt_am, tage=settings.KIM_BEKANNTGABE_TAGE)
    if empfangen_am <= fiktion:
        raise BescheidFehler(
            f"§ 41 Abs. 2 VwVfG NRW: Der Bescheid gilt am {fiktion:%d.%m.%Y} als bekanntgegeben; ein Empfang an "
            f"oder vor diesem Tag ändert daran nichts. Erfassen Sie nur einen späteren Empfang.", feld="empfangen_am")
    vorher = {"bekanntgabe_am": bescheid.bekanntgabe_am.isoformat(),
              "klagefrist_ende": bescheid.klagefrist_ende.isoformat(),
              "bestandskraeftig_ab": bescheid.bestandskraeftig_ab.isoformat()}
    bescheid.spaeterer_empfang_am = empfangen_am
    bescheid.spaeterer_empfang_grund = grund[:1000]
    _fristen_setzen(bescheid)
    bescheid.save()
    protokolliere(bescheid, user, "Späteren Empfang erfasst", notiz=grund,
                  daten={"empfangen_am": empfangen_am.isoformat(), "vorher": vorher,
                         "bekanntgabe_am": bescheid.bekanntgabe_am.isoformat(),
                         "klagefrist_ende": bescheid.klagefrist_ende.isoformat(),
                         "bestandskraeftig_ab": bescheid.bestandskraeftig_ab.isoformat()})
    benachrichtigen(
        _kommune_benutzer(bescheid), f"{bescheid.get_art_display()} {bescheid.nummer}: Bekanntgabe verlegt",
        f"Der Empfang am {empfangen_am:%d.%m.%Y} ist erfasst. Der Bescheid gilt als bekanntgegeben am "
        f"{bescheid.bekanntgabe_am:%d.%m.%Y}; die Klagefrist endet am {bescheid.klagefrist_ende:%d.%m.%Y}.",
        link=_link(bescheid),
    )
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
    """The Kommune waives the Klage: the Bescheid is bestandskräftig at once (§ 74 VwGO), without inventing a
    receipt – the Bekanntgabe stays as § 41 Abs. 2 VwVfG NRW sets it."""
    bescheid = _sperren(bescheid)
    _pruefe_kommune(bescheid, user)
    if bescheid.status == BescheidStatus.BESTANDSKRAEFTIG:
        return bescheid
    heute = zeit.heute()
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
