"""Writes of Prüfung and Bescheid: one function per transition, atomic, checked by role, person and state,
audited; amounts always from kim_foerderung.regeln."""
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_fsm import can_proceed

from antraege import selectors as antrag_selectors
from antraege import services as antrag_services
from antraege.models import Antrag, AntragStatus
from kim_foerderung import erweiterungen, regeln, zeit
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, pruefe, vier_augen

from .models import (
    Aenderungsantrag,
    Bescheid,
    BescheidArt,
    BescheidStatus,
    BescheidStelle,
    Entscheidung,
    Pruefung,
)
from .pruefpunkte import pruefpunkte
from .selectors import bewilligt_im_jahr, wirksamer_bescheid

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


# --- Prüfung ----------------------------------------------------------------------------------------------


def _pruefe_rolle(user, aktion, obj):
    pruefe(user, aktion, obj)


@transaction.atomic
def pruefung_speichern(antrag, user, punkte, vermerk=""):
    """punkte: {code: {"ok": bool, "notiz": str}} for the codes of bescheide.pruefpunkte for this Antrag (the
    fixed points and one per finding of the rules); other codes are ignored."""
    _pruefe_rolle(user, "antrag.pruefen", antrag)
    antrag = Antrag.objects.select_for_update().get(pk=antrag.pk)
    if antrag.status == AntragStatus.EINGEREICHT:
        antrag_services.pruefung_beginnen(antrag, user)
    pruefung, _ = Pruefung.objects.get_or_create(antrag=antrag)
    gueltig = {p.code for p in pruefpunkte(antrag, antrag_selectors.berechnung(antrag))}
    pruefung.punkte = {
        code: {"ok": bool(wert.get("ok")), "notiz": str(wert.get("notiz", ""))[:1000]}
        for code, wert in punkte.items() if code in gueltig
    }
    pruefung.vermerk = vermerk or ""
    pruefung.bearbeitet_von = user
    pruefung.bearbeitet_am = zeit.jetzt()
    pruefung.save()
    protokolliere(antrag, user, "Prüfvermerk gespeichert",
                  daten={"erfuellt": sum(1 for p in pruefung.punkte.values() if p["ok"])})
    return pruefung


# --- amounts ----------------------------------------------------------------------------------------------


def _zeile(stelle):
    return antrag_selectors.StellenZeile(
        kennung=stelle.kennung, art=stelle.art, vzae=stelle.vzae, von_monat=stelle.von_monat,
        bis_monat=stelle.bis_monat, besetzt=stelle.besetzt, personalausgaben=stelle.personalausgaben,
        sachausgaben=stelle.sachausgaben,
    )


def ergebnis_fuer(bescheid, stellen=None, kontingent="auto"):
    """The rules' result for the Stellen as decided (not bewilligte Stellen are left out). ``kontingent``: the
    CM-Kontingent in VZÄ (Nr. 2.2) if the caller fetched it already, None for none, "auto" to look it up."""
    stellen = list(bescheid.stellen.all()) if stellen is None else stellen
    if bescheid.art == BescheidArt.ABLEHNUNG:
        stellen = []
    return regeln.berechne(
        antrag_selectors.fall_bauen(
            kommune=bescheid.antrag.kommune,
            foerderjahr=bescheid.antrag.foerderjahr,
            zeilen=[_zeile(s) for s in stellen if s.bewilligt],
            veranstaltungen=bescheid.veranstaltungen if bescheid.art != BescheidArt.ABLEHNUNG else NULL,
            schnittstellen=bescheid.schnittstellen if bescheid.art != BescheidArt.ABLEHNUNG else NULL,
            kontingent=kontingent,
        )
    )


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


# --- Haushaltsmittel (Nr. 1.3) ----------------------------------------------------------------------------


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


# --- drafts -----------------------------------------------------------------------------------------------


def _sachbearbeitung():
    return Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True)


def _zeichnung_ausser(ids):
    """Active Zeichnung users who may sign: everyone but the persons in ``ids`` (four-eyes)."""
    return Benutzer.objects.filter(ist_zeichnung=True, is_active=True).exclude(pk__in=ids)


def _kommune_benutzer(bescheid):
    return bescheid.antrag.kommune.benutzer.filter(is_active=True)


def _link(bescheid):
    return reverse("bescheid_detail", args=[bescheid.pk])


# --- four-eyes by person ----------------------------------------------------------------------------------


def _bearbeitet(bescheid, user):
    """Record ``user`` as one who worked on the draft (created, saved, adopted a proposal into, submitted)."""
    if user is not None and getattr(user, "is_authenticated", False):
        bescheid.bearbeiter.add(user)


def bearbeiter_ids(bescheid):
    """Everyone who prepared, edited or submitted the draft (uses a prefetch of ``bearbeiter`` if present)."""
    ids = {b.pk for b in bescheid.bearbeiter.all()}
    if bescheid.vorbereitet_von_id:
        ids.add(bescheid.vorbereitet_von_id)
    return ids


def selbst_bearbeitet(bescheid, user):
    return user is not None and user.pk in bearbeiter_ids(bescheid)


def _vier_augen(bescheid, user):
    """DESIGN.md: one person never holds both steps of a four-eyes pair on the same object. Whoever prepared,
    edited or submitted the draft neither signs it nor sends it back, whatever roles they hold."""
    vier_augen(bescheid.vorbereitet_von, user)
    if selbst_bearbeitet(bescheid, user):
        raise Zugriffsverweigert(
            "Vier-Augen-Prinzip: Sie haben diesen Entwurf bearbeitet. Zeichnen oder zurückgeben muss eine andere "
            "Person."
        )


@transaction.atomic
def entwurf_anlegen(antrag, user, ablehnen=False):
    """Start the decision draft of an eingereichtes Antrag: all Stellen as requested (or none, to refuse)."""
    pruefe(user, "bescheid.vorbereiten", antrag)
    antrag = Antrag.objects.select_for_update().get(pk=antrag.pk)
    if antrag.status not in (AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG):
        raise BescheidFehler(
            f"Über einen Antrag im Status „{antrag.get_status_display()}“ kann nicht entschieden werden."
        )
    vorhanden = antrag.bescheide.filter(status__in=[BescheidStatus.ENTWURF, BescheidStatus.ZUR_ZEICHNUNG]).first()
    if vorhanden:
        return vorhanden
    if antrag.status == AntragStatus.EINGEREICHT:
        antrag_services.pruefung_beginnen(antrag, user)
    beantragt = antrag_selectors.berechnung(antrag)
    bescheid = Bescheid.objects.create(
        antrag=antrag,
        art=BescheidArt.ABLEHNUNG if ablehnen else BescheidArt.ZUWENDUNG,
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


def _sperren(bescheid):
    return (Bescheid.objects.select_for_update(of=("self",)).select_related("antrag__kommune")
            .get(pk=bescheid.pk))


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


def _antrag_entscheidbar(bescheid):
    """The Antrag may have been withdrawn meanwhile; a draft about it can then no longer be decided."""
    antrag = bescheid.antrag
    if bescheid.art == BescheidArt.AENDERUNG:
        erlaubt = (AntragStatus.BEWILLIGT, AntragStatus.TEILWEISE_BEWILLIGT)
    else:
        erlaubt = (AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG)
    if antrag.status not in erlaubt:
        raise BescheidFehler(
            f"Der Antrag ist inzwischen „{antrag.get_status_display()}“; über ihn kann mit diesem Entwurf nicht "
            "mehr entschieden werden. Bitte verwerfen Sie den Entwurf."
        )


def _blockierende_befunde(bescheid):
    return [b["text"] for b in bescheid.befunde if b.get("blockierend")]


@transaction.atomic
def vorlegen(bescheid, user):
    """Sachbearbeitung hands the draft to Zeichnung (four-eyes: the preparer is recorded)."""
    bescheid = _sperren(bescheid)
    _pruefe_entwurf(bescheid, user)
    _antrag_entscheidbar(bescheid)
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
    from .dokument import bescheid_pdf_erzeugen

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


@transaction.atomic
def verwerfen(bescheid, user):
    bescheid = _sperren(bescheid)
    _pruefe_entwurf(bescheid, user)
    von = bescheid.status
    bescheid.verwerfen()
    bescheid.save()
    protokolliere(bescheid, user, "Entwurf verworfen", von_status=von, nach_status=bescheid.status)
    return bescheid


# --- Bekanntgabe and Bestandskraft (§ 41 VwVfG NRW, § 74 VwGO) -------------------------------------------


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


def _pruefe_kommune(bescheid, user):
    if not hat_rolle(user, Rolle.KOMMUNE) or bescheid.antrag.kommune_id != user.kommune_id:
        pruefe(user, "antrag.bearbeiten", bescheid)  # raises with the German message
    if bescheid.status not in (BescheidStatus.VERSANDT, BescheidStatus.BESTANDSKRAEFTIG):
        raise BescheidFehler("Der Bescheid ist Ihnen noch nicht übermittelt worden.")


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


# --- Änderungsbescheid ------------------------------------------------------------------------------------


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
    if not 2 <= ab_monat <= 12:
        raise BescheidFehler("Eine Änderung gilt ab Februar bis Dezember des Förderjahres.")
    if bescheid.antrag.bescheide.filter(status__in=[BescheidStatus.ENTWURF, BescheidStatus.ZUR_ZEICHNUNG]).exists():
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
    protokolliere(neu, user, f"Änderungsbescheid ab {regeln.MONATSNAMEN[ab_monat - 1]} als Entwurf angelegt",
                  nach_status=neu.status, daten={"aendert": bescheid.nummer})
    return neu
