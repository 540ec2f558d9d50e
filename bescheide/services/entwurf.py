"""The decision draft: created from the Antrag, saved with every cut and its reason, amounts always from
kim_foerderung.regeln; the Haushalt check (Nr. 1.3)."""
from decimal import Decimal

from django.db import transaction

from antraege import selectors as antrag_selectors
from antraege import services as antrag_services
from antraege.models import ENTSCHEIDBARE_STATUS, Antrag, AntragStatus
from kim_foerderung import regeln
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.zugriff import pruefe

from ..models import ENTWURFS_STATUS, Bescheid, BescheidArt, BescheidStatus, BescheidStelle, Entscheidung
from ..selectors import bewilligt_im_jahr
from ..berechnung import ergebnis_fuer
from .gemeinsam import _bearbeitet, BescheidFehler, NULL, _sperren


def _neu_berechnen(bescheid):
    stellen = list(bescheid.stellen.all())
    ergebnis = ergebnis_fuer(bescheid, stellen)
    je_stelle = {e.id: e for e in ergebnis.stellen}
    for s in stellen:
        e = je_stelle.get(s.kennung)
        s.betrag_personal = e.personalausgaben if (e and s.bewilligt) else NULL
        s.betrag_sach = e.sachausgaben if (e and s.bewilligt) else NULL
        s.save(update_fields=["betrag_personal", "betrag_sach"])
    bescheid.hoechstbetrag = ergebnis.summen.gesamt
    bescheid.summen = {k: str(v) for k, v in ergebnis.summen.__dict__.items()}
    bescheid.summen["veranstaltungen"] = str(ergebnis.begleitmassnahmen.veranstaltungen)
    bescheid.summen["schnittstellen"] = str(ergebnis.begleitmassnahmen.schnittstellen)
    bescheid.befunde = [{"code": b.code, "regel": b.regel, "stelle": b.stelle, "text": b.text,
                         "blockierend": b.blockierend} for b in ergebnis.befunde]
    beantragt = antrag_selectors.berechnung(bescheid.antrag)
    gekuerzt = any(s.gekuerzt for s in stellen) or (
        ergebnis.begleitmassnahmen.veranstaltungen + ergebnis.begleitmassnahmen.schnittstellen
        < beantragt.begleitmassnahmen.veranstaltungen + beantragt.begleitmassnahmen.schnittstellen
    )
    if bescheid.art == BescheidArt.ABLEHNUNG:
        bescheid.entscheidung = Entscheidung.ABLEHNUNG
    elif bescheid.art == BescheidArt.ZUWENDUNG:
        bescheid.entscheidung = Entscheidung.TEILWEISE if gekuerzt else Entscheidung.VOLL
    bescheid.save()
    return ergebnis


def haushalt_pruefen(bescheid, sperren=False):
    """Nr. 1.3: refuse a decision beyond the Haushaltsmittel, with the figures."""
    if bescheid.art == BescheidArt.ABLEHNUNG:
        return
    jahr = bescheid.antrag.foerderjahr
    mittel = Haushaltsmittel.objects.filter(foerderjahr=jahr)
    if sperren:
        mittel = mittel.select_for_update()
    mittel = mittel.first()
    if mittel is None:
        raise BescheidFehler(
            f"Nr. 1.3: Für {jahr} sind noch keine Haushaltsmittel erfasst. Bitte lassen Sie sie von der "
            "Verwaltung eintragen, bevor Sie bewilligen."
        )
    bereits = bewilligt_im_jahr(jahr, ohne_antrag=bescheid.antrag)
    if bereits + bescheid.hoechstbetrag > mittel.betrag:
        fehlt = bereits + bescheid.hoechstbetrag - mittel.betrag
        raise BescheidFehler(
            f"Nr. 1.3: Die Haushaltsmittel {jahr} reichen nicht. Verfügbar {regeln.betrag_de(mittel.betrag)}, "
            f"bereits bewilligt {regeln.betrag_de(bereits)}, dieser Bescheid "
            f"{regeln.betrag_de(bescheid.hoechstbetrag)} – es fehlen {regeln.betrag_de(fehlt)}."
        )


@transaction.atomic
def entwurf_anlegen(antrag, user, ablehnen=False):
    """Start the decision draft of an eingereichtes Antrag: all Stellen as requested (or none, to refuse)."""
    pruefe(user, "bescheid.vorbereiten", antrag)
    antrag = Antrag.objects.select_for_update().get(pk=antrag.pk)
    if antrag.status not in ENTSCHEIDBARE_STATUS:
        raise BescheidFehler(
            f"Über einen Antrag im Status „{antrag.get_status_display()}“ kann nicht entschieden werden."
        )
    vorhanden = antrag.bescheide.filter(status__in=ENTWURFS_STATUS).first()
    if vorhanden:
        return vorhanden
    if antrag.status == AntragStatus.EINGEREICHT:
        antrag_services.pruefung_beginnen(antrag, user)
    beantragt = antrag_selectors.berechnung(antrag)
    bescheid = Bescheid.objects.create(
        antrag=antrag,
        art=BescheidArt.ABLEHNUNG if ablehnen else BescheidArt.ZUWENDUNG,
        # A late Antrag (§ 24 Abs. 3 VwVfG NRW): the reason starts with the Frist and the day it came in.
        begruendung=(antrag_selectors.ablehnungsgrund_verspaetet(antrag) or "") if ablehnen else "",
        vorbereitet_von=user,
        veranstaltungen=beantragt.begleitmassnahmen.veranstaltungen,
        schnittstellen=beantragt.begleitmassnahmen.schnittstellen,
    )
    _stellen_uebernehmen(bescheid, antrag.stellen.all(), beantragt)
    _neu_berechnen(bescheid)
    _bearbeitet(bescheid, user)
    protokolliere(bescheid, user, f"{bescheid.get_art_display()} als Entwurf angelegt",
                  nach_status=bescheid.status)
    return bescheid


def _stellen_uebernehmen(bescheid, stellen, beantragt):
    je_stelle = {e.id: e for e in beantragt.stellen}
    for s in stellen:
        e = je_stelle.get(s.kennung)
        BescheidStelle.objects.create(
            bescheid=bescheid, kennung=s.kennung, zeile=s.zeile, art=s.art, besetzt=s.besetzt,
            vzae=s.vzae, von_monat=s.von_monat, bis_monat=s.bis_monat,
            personalausgaben=s.personalausgaben, sachausgaben=s.sachausgaben,
            beantragt_personal=e.personalausgaben if e else NULL, beantragt_sach=e.sachausgaben if e else NULL,
        )


def _pruefe_entwurf(bescheid, user):
    pruefe(user, "bescheid.vorbereiten", bescheid)
    if bescheid.status != BescheidStatus.ENTWURF:
        raise BescheidFehler(
            f"Der Bescheid ist „{bescheid.get_status_display()}“; nur ein Entwurf kann geändert werden."
        )


@transaction.atomic
def entwurf_speichern(bescheid, user, *, stellen, begruendung="", veranstaltungen=None, schnittstellen=None,
                      begleit_grund=""):
    """stellen: {BescheidStelle.pk: {"bewilligt", "vzae", "von_monat", "bis_monat", "personalausgaben",
    "sachausgaben", "kuerzung_grund"}}. Every cut needs a reason that will appear in the Bescheid."""
    bescheid = _sperren(bescheid)
    _pruefe_entwurf(bescheid, user)
    fehler = []
    vorhandene = {s.pk: s for s in bescheid.stellen.all()}
    for pk, werte in stellen.items():
        stelle = vorhandene.get(int(pk))
        if stelle is None:
            raise BescheidFehler("Diese Stelle gehört nicht zu diesem Bescheid.")
        if stelle.gesperrt:
            continue
        for feld in ("bewilligt", "vzae", "von_monat", "bis_monat", "personalausgaben", "sachausgaben",
                     "kuerzung_grund"):
            if feld in werte:
                setattr(stelle, feld, werte[feld])
        if stelle.von_monat > stelle.bis_monat:
            fehler.append(f"{stelle.kennung}: Der Endmonat liegt vor dem Beginn.")
        if bescheid.gilt_ab_monat and stelle.von_monat < bescheid.gilt_ab_monat:
            fehler.append(f"{stelle.kennung}: Ein Änderungsbescheid ändert nur Monate ab "
                          f"{regeln.MONATSNAMEN[bescheid.gilt_ab_monat - 1]}.")
        stelle.save()
    if veranstaltungen is not None:
        bescheid.veranstaltungen = veranstaltungen
    if schnittstellen is not None:
        bescheid.schnittstellen = schnittstellen
    bescheid.begleit_grund = begleit_grund or ""
    bescheid.begruendung = begruendung or ""
    if fehler:
        raise BescheidFehler("Der Entwurf wurde nicht gespeichert.", fehler)
    bescheid.save()
    _neu_berechnen(bescheid)
    _bearbeitet(bescheid, user)  # rolled back with the save if a check below refuses it
    if bescheid.art == BescheidArt.ABLEHNUNG:
        # A refusal cuts everything; its Begründung (required at vorlegen) stands for every Stelle.
        protokolliere(bescheid, user, "Entwurf gespeichert")
        return bescheid
    fehlende = [s.kennung for s in bescheid.stellen.all() if s.gekuerzt and not s.kuerzung_grund.strip()]
    if fehlende:
        raise BescheidFehler(
            "Bitte begründen Sie jede Kürzung; der Grund steht im Bescheid.",
            [f"{k}: Grund der Kürzung fehlt." for k in fehlende],
        )
    beantragt = antrag_selectors.berechnung(bescheid.antrag).begleitmassnahmen
    if (Decimal(bescheid.summen["veranstaltungen"]) + Decimal(bescheid.summen["schnittstellen"])
            < beantragt.veranstaltungen + beantragt.schnittstellen) and not bescheid.begleit_grund.strip():
        raise BescheidFehler("Bitte begründen Sie die Kürzung der Begleitmaßnahmen.")
    protokolliere(bescheid, user, "Entwurf gespeichert", daten={"hoechstbetrag": str(bescheid.hoechstbetrag)})
    return bescheid


@transaction.atomic
def verwerfen(bescheid, user):
    bescheid = _sperren(bescheid)
    _pruefe_entwurf(bescheid, user)
    von = bescheid.status
    bescheid.verwerfen()
    bescheid.save()
    protokolliere(bescheid, user, "Entwurf verworfen", von_status=von, nach_status=bescheid.status)
    return bescheid
