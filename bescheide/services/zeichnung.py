"""Vorlage and Zeichnung (four-eyes by person, Nr. 7.2.2): submit, return, sign and release."""
from django.db import transaction
from django_fsm import can_proceed

from antraege import selectors as antrag_selectors
from antraege import services as antrag_services
from antraege.models import BEWILLIGTE_STATUS, ENTSCHEIDBARE_STATUS, Antrag
from kim_foerderung import zeit
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from ..models import Aenderungsantrag, Bescheid, BescheidArt, BescheidStatus, Entscheidung, Pruefung
from ..pruefpunkte import offene_pruefpunkte
from ..selectors import bearbeiter_ids
from .gemeinsam import (
    _bearbeitet,
    BescheidFehler,
    _link,
    _sperren,
    _vier_augen,
    _wirksam_melden,
    _zeichnung_ausser,
)
from .entwurf import haushalt_pruefen, _neu_berechnen, _pruefe_entwurf


def _antrag_entscheidbar(bescheid):
    """The Antrag may have been withdrawn meanwhile; a draft about it can then no longer be decided."""
    antrag = bescheid.antrag
    erlaubt = BEWILLIGTE_STATUS if bescheid.art == BescheidArt.AENDERUNG else ENTSCHEIDBARE_STATUS
    if antrag.status not in erlaubt:
        raise BescheidFehler(
            f"Der Antrag ist inzwischen „{antrag.get_status_display()}“; über ihn kann mit diesem Entwurf nicht "
            "mehr entschieden werden. Bitte verwerfen Sie den Entwurf."
        )


def _pruefung_vollstaendig(bescheid):
    """Four-eyes means the second person signs what the first has checked: no Vorlage without a complete Prüfung
    of the Antrag (every Prüfpunkt decided, a Prüfvermerk written)."""
    antrag = bescheid.antrag
    offen = offene_pruefpunkte(antrag, Pruefung.objects.filter(antrag=antrag).first(),
                               antrag_selectors.berechnung(antrag))
    if offen:
        raise BescheidFehler("Der Entwurf kann erst zur Zeichnung vorgelegt werden, wenn die Prüfung des Antrags "
                             "vollständig ist. Offen ist noch:", offen)


def _blockierende_befunde(bescheid):
    return [b["text"] for b in bescheid.befunde if b.get("blockierend")]


@transaction.atomic
def vorlegen(bescheid, user):
    """Sachbearbeitung hands the draft to Zeichnung (four-eyes: the preparer is recorded)."""
    bescheid = _sperren(bescheid)
    _pruefe_entwurf(bescheid, user)
    _antrag_entscheidbar(bescheid)
    _pruefung_vollstaendig(bescheid)
    _neu_berechnen(bescheid)
    blockierend = _blockierende_befunde(bescheid)
    if blockierend and bescheid.art != BescheidArt.ABLEHNUNG:
        raise BescheidFehler("Der Entwurf verstößt gegen die Obergrenzen der Richtlinie.", blockierend)
    if bescheid.art == BescheidArt.ABLEHNUNG and not bescheid.begruendung.strip():
        raise BescheidFehler("Bitte begründen Sie die Ablehnung; die Gründe stehen im Bescheid.")
    if bescheid.art == BescheidArt.AENDERUNG and not bescheid.begruendung.strip():
        raise BescheidFehler("Bitte begründen Sie die Änderung; die Begründung steht im Bescheid.")
    haushalt_pruefen(bescheid)
    von = bescheid.status
    bescheid.vorlegen()
    bescheid.vorbereitet_von = user
    bescheid.vorgelegt_am = zeit.jetzt()
    bescheid.rueckgabe_notiz = ""
    bescheid.save()
    _bearbeitet(bescheid, user)
    protokolliere(bescheid, user, "Zur Zeichnung vorgelegt", von_status=von, nach_status=bescheid.status)
    benachrichtigen(
        _zeichnung_ausser(bearbeiter_ids(bescheid)),
        f"Bescheid zur Zeichnung: {bescheid.antrag.kommune} {bescheid.foerderjahr}",
        f"{user.anzeigename} hat einen {bescheid.get_art_display()} für {bescheid.antrag.kommune} "
        f"({bescheid.foerderjahr}) zur Zeichnung vorgelegt.", link=_link(bescheid),
    )
    return bescheid


@transaction.atomic
def zurueckgeben(bescheid, user, notiz):
    bescheid = _sperren(bescheid)
    pruefe(user, "bescheid.zeichnen", bescheid)
    _vier_augen(bescheid, user)
    notiz = (notiz or "").strip()
    if not notiz:
        raise BescheidFehler("Bitte schreiben Sie, was am Entwurf zu ändern ist.")
    if not can_proceed(bescheid.zurueckgeben):
        raise BescheidFehler(f"Ein Bescheid im Status „{bescheid.get_status_display()}“ kann nicht "
                             "zurückgegeben werden.")
    von = bescheid.status
    bescheid.zurueckgeben()
    bescheid.rueckgabe_notiz = notiz
    bescheid.save()
    protokolliere(bescheid, user, "Zur Überarbeitung zurückgegeben", von_status=von, nach_status=bescheid.status,
                  notiz=notiz)
    if bescheid.vorbereitet_von:
        benachrichtigen([bescheid.vorbereitet_von], f"Bescheid zurückgegeben: {bescheid.antrag.kommune}",
                        notiz, link=_link(bescheid))
    return bescheid


def _naechste_nummer(bescheid):
    laufend = Bescheid.objects.filter(antrag__kommune=bescheid.antrag.kommune,
                                      antrag__foerderjahr=bescheid.foerderjahr,
                                      nummer__isnull=False).count() + 1
    return f"KIM-{bescheid.foerderjahr}-{bescheid.antrag.kommune.ags}-{laufend:02d}"


@transaction.atomic
def freigeben(bescheid, user):
    """Zeichnung releases (signs) a Bescheid someone else prepared: number, Anlage-2 PDF, Antrag decided."""
    bescheid = _sperren(bescheid)
    pruefe(user, "bescheid.zeichnen", bescheid)
    _vier_augen(bescheid, user)
    if bescheid.status == BescheidStatus.FREIGEGEBEN and bescheid.freigegeben_von_id == user.pk:
        return bescheid  # idempotent: a double click signs once
    if not can_proceed(bescheid.freigeben):
        raise BescheidFehler(f"Ein Bescheid im Status „{bescheid.get_status_display()}“ kann nicht gezeichnet "
                             "werden.")
    _antrag_entscheidbar(bescheid)
    haushalt_pruefen(bescheid, sperren=True)
    von = bescheid.status
    bescheid.freigeben()
    bescheid.freigegeben_von = user
    bescheid.freigegeben_am = zeit.jetzt()
    bescheid.nummer = _naechste_nummer(bescheid)
    bescheid.save()
    from ..dokument import bescheid_pdf_erzeugen

    bescheid.dokument = bescheid_pdf_erzeugen(bescheid, user)
    bescheid.save(update_fields=["dokument"])
    antrag = Antrag.objects.select_for_update().get(pk=bescheid.antrag_id)
    if bescheid.art == BescheidArt.ABLEHNUNG:
        antrag_services.entscheiden(antrag, user, "ablehnen", bescheid.nummer)
    elif bescheid.art == BescheidArt.ZUWENDUNG:
        antrag_services.entscheiden(
            antrag, user, "teilweise_bewilligen" if bescheid.entscheidung == Entscheidung.TEILWEISE else "bewilligen",
            bescheid.nummer,
        )
    else:
        Aenderungsantrag.objects.filter(bescheid=bescheid.ersetzt, erledigt_durch__isnull=True).update(
            erledigt_durch=bescheid)
        _wirksam_melden(bescheid)  # in force from now on (selectors.wirksamer_bescheid)
    protokolliere(bescheid, user, f"Gezeichnet und freigegeben als {bescheid.nummer}", von_status=von,
                  nach_status=bescheid.status, daten={"sha256": bescheid.dokument.sha256})
    return bescheid
