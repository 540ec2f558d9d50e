"""Änderungsantrag of the Kommune and Änderungsbescheid from a month on."""
from django.db import transaction

from kim_foerderung import regeln, zeit
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from ..models import ENTWURFS_STATUS, FUER_KOMMUNE_SICHTBARE_STATUS, Aenderungsantrag, Bescheid, BescheidArt, BescheidStelle, Entscheidung
from ..selectors import wirksamer_bescheid
from .gemeinsam import _bearbeitet, BescheidFehler, _link, _pruefe_kommune, _sachbearbeitung, _sperren
from .entwurf import _neu_berechnen


@transaction.atomic
def aenderungsantrag_stellen(bescheid, user, ab_monat, beschreibung):
    bescheid = _sperren(bescheid)
    _pruefe_kommune(bescheid, user)
    beschreibung = (beschreibung or "").strip()
    if not beschreibung:
        raise BescheidFehler("Bitte beschreiben Sie, was sich ändert (z. B. „K3 beginnt erst im April“).")
    if bescheid.art == BescheidArt.ABLEHNUNG or wirksamer_bescheid(bescheid.antrag) != bescheid:
        raise BescheidFehler("Eine Änderung kann nur zum aktuell geltenden Zuwendungsbescheid beantragt werden.")
    antrag = Aenderungsantrag.objects.create(bescheid=bescheid, ab_monat=ab_monat, beschreibung=beschreibung,
                                             gestellt_von=user, gestellt_am=zeit.jetzt())
    protokolliere(bescheid, user, "Änderung beantragt", notiz=beschreibung)
    benachrichtigen(_sachbearbeitung(), f"Änderungsantrag: {bescheid.antrag.kommune} {bescheid.foerderjahr}",
                    beschreibung, link=_link(bescheid))
    return antrag


@transaction.atomic
def aenderungsbescheid_anlegen(bescheid, user, ab_monat):
    """A draft that replaces the amounts from ``ab_monat``: Stellen running across that month are split, the
    months before stay as decided (locked), the rest can be changed."""
    pruefe(user, "bescheid.vorbereiten", bescheid)
    bescheid = _sperren(bescheid)
    if wirksamer_bescheid(bescheid.antrag) != bescheid:
        raise BescheidFehler("Ändern Sie den aktuell geltenden Bescheid.")
    if bescheid.status not in FUER_KOMMUNE_SICHTBARE_STATUS:
        raise BescheidFehler(
            f"Der Bescheid ist „{bescheid.get_status_display()}“: geändert wird erst ein versandter Bescheid. "
            "Bitte vermerken Sie zuerst den Versand.")
    if not 2 <= ab_monat <= 12:
        raise BescheidFehler("Eine Änderung gilt ab Februar bis Dezember des Förderjahres.")
    if bescheid.antrag.bescheide.filter(status__in=ENTWURFS_STATUS).exists():
        raise BescheidFehler("Zu diesem Antrag gibt es bereits einen Bescheidentwurf.")
    neu = Bescheid.objects.create(
        antrag=bescheid.antrag, art=BescheidArt.AENDERUNG, entscheidung=Entscheidung.TEILWEISE, ersetzt=bescheid,
        gilt_ab_monat=ab_monat, vorbereitet_von=user, veranstaltungen=bescheid.veranstaltungen,
        schnittstellen=bescheid.schnittstellen, begleit_grund=bescheid.begleit_grund,
    )
    zeile = 0
    for s in bescheid.stellen.filter(bewilligt=True):
        teile = []
        if s.von_monat < ab_monat:
            teile.append((s.kennung, s.von_monat, min(s.bis_monat, ab_monat - 1), True))
        if s.bis_monat >= ab_monat:
            # "K4/04": K4 from April. A later change splits the original Stelle again ("K4/09", not "K4/04/09").
            kennung = s.kennung if s.von_monat >= ab_monat else f"{s.kennung.split('/')[0]}/{ab_monat:02d}"
            teile.append((kennung, max(s.von_monat, ab_monat), s.bis_monat, False))
        # Every amount is split by months with the one splitter of the rules: the parts add up to the cent.
        monate = [bis - von + 1 for _, von, bis, _ in teile]

        def geteilt(betrag):
            return [None] * len(teile) if betrag is None else regeln.aufteilen(betrag, monate)

        for (kennung, von, bis, gesperrt), personal, sach, b_personal, b_sach in zip(
                teile, geteilt(s.personalausgaben), geteilt(s.sachausgaben), geteilt(s.betrag_personal),
                geteilt(s.betrag_sach)):
            zeile += 1
            BescheidStelle.objects.create(
                bescheid=neu, kennung=kennung, zeile=zeile, art=s.art, besetzt=s.besetzt, vzae=s.vzae,
                von_monat=von, bis_monat=bis, gesperrt=gesperrt, personalausgaben=personal, sachausgaben=sach,
                kuerzung_grund=s.kuerzung_grund, beantragt_personal=b_personal, beantragt_sach=b_sach,
            )
    _neu_berechnen(neu)
    _bearbeitet(neu, user)
    protokolliere(neu, user, f"Änderungsbescheid ab dem 1. {regeln.MONATSNAMEN[ab_monat - 1]} {bescheid.foerderjahr} als Entwurf angelegt",
                  nach_status=neu.status, daten={"aendert": bescheid.nummer})
    return neu
