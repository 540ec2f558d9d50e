"""Writes of the Auszahlung: one function per transition, atomic, checked by role, person and state, audited.

Every tranche amount, status and Zahltag comes from ``kim_foerderung.regeln.auszahlung.auszahlungsplan``. Bescheide
are read only through ``bescheide.selectors``. Nie doppelt: a Tranche is in at most one run that is not cancelled
and in at most one released run (partial unique constraints on Zahlungsposten); runs are built under
``select_for_update(skip_locked=True)``; every step is idempotent where it can be retried.
"""
import logging
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bescheide import selectors as bescheid_selectors
from kim_foerderung import erweiterungen, zeit
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.regeln import auszahlung as regel
from kim_foerderung.regeln import betrag_de
from kim_foerderung.stammdaten.models import iban_normalisieren
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, pruefe, vier_augen

from .models import (
    GEZAHLT,
    NACHZAHLUNG_NUMMER,
    Buchung,
    BuchungStatus,
    Einstellung,
    Kontoauszug,
    LaufStatus,
    Mittelanforderung,
    Rueckforderung,
    Tranche,
    TranchenStatus,
    Zahlungslauf,
    Zahlungsposten,
)

logger = logging.getLogger(__name__)
NULL = Decimal("0.00")

ERKLAERUNG = (
    "Wir fordern die mit dem Zuwendungsbescheid bewilligten Mittel zu den Auszahlungsterminen 1. Mai und "
    "1. Oktober an (Nr. 7.3 der Richtlinie mit Nr. 7.4 VV zu § 44 LHO). Wir erklären, dass die Mittel für den "
    "Zuwendungszweck eingesetzt werden und die Bankverbindung aus den Stammdaten unser Konto ist."
)


class AuszahlungFehler(FachlicherFehler):
    """A domain error of the Auszahlung with a German sentence for the user."""


def einstellung():
    """The one settings row (paying account, lead time), created with its defaults on first use (pk 1; two
    workers creating it at once end with the same row)."""
    eintrag = Einstellung.objects.order_by("pk").first()
    if eintrag is not None:
        return eintrag
    try:
        with transaction.atomic():
            return Einstellung.objects.get_or_create(pk=1)[0]
    except IntegrityError:
        return Einstellung.objects.get(pk=1)


def _finanzen(ausser=()):
    return Benutzer.objects.filter(ist_finanzen=True, is_active=True).exclude(pk__in=[p for p in ausser if p])


def _kommune_benutzer(antrag):
    return antrag.kommune.benutzer.filter(is_active=True)


# --- Tranchenplan (Nr. 7.3) -------------------------------------------------------------------------------


def _bestandskraeftig_ab(bescheid):
    """The day the Zuwendungsbescheid became bestandskräftig – following an Änderungsbescheid back to the
    Bescheid it changes – or None while it is not (a Bescheid only sent has a date, but no Bestandskraft yet)."""
    ursprung = bescheid
    while ursprung.ersetzt_id is not None:
        ursprung = ursprung.ersetzt
    if ursprung.status != "bestandskraeftig":
        return None
    return ursprung.bestandskraeftig_ab


def ende_zu_ende_id(antrag, nummer):
    """Stable id of a Tranche for the bank (EndToEndId, ≤ 35 characters of the SEPA set)."""
    return f"KIM{antrag.foerderjahr}-{antrag.kommune.ags}-{antrag.pk}-R{nummer}"


def plan_fuer(bescheid, tranchen, mittelanforderung, stichtag):
    """``regeln.auszahlung.auszahlungsplan`` for the Bescheid in force, with the paid Tranchen as ``ausgezahlt``."""
    return regel.auszahlungsplan(
        foerderjahr=bescheid.antrag.foerderjahr,
        hoechstbetrag=bescheid.hoechstbetrag,
        bestandskraeftig_ab=_bestandskraeftig_ab(bescheid),
        angefordert_am=mittelanforderung.angefordert_am if mittelanforderung else None,
        ausgezahlt={t.termin: t.betrag for t in tranchen if t.gezahlt and not t.nachzahlung},
        stichtag=stichtag,
    )


def _abgleichen(bescheide, stichtag, jetzt):
    """Store the plan of each Bescheid in force (that is bestandskräftig): create its two Tranchen, update the
    unpaid ones, record a Rückforderung. Paid Tranchen never change. Queries do not grow per Tranche."""
    bescheide = [b for b in bescheide if _bestandskraeftig_ab(b) is not None]
    antrag_ids = [b.antrag_id for b in bescheide]
    vorhandene = {}
    for t in Tranche.objects.filter(antrag_id__in=antrag_ids):
        vorhandene.setdefault(t.antrag_id, []).append(t)
    anforderungen = {m.antrag_id: m for m in Mittelanforderung.objects.filter(antrag_id__in=antrag_ids)}
    rueckforderungen = set(Rueckforderung.objects.filter(antrag_id__in=antrag_ids).values_list("bescheid_id",
                                                                                               flat=True))
    neu, geaendert, rueck = [], [], []
    felder = ["bescheid", "zahltag", "betrag", "status", "aktualisiert_am"]
    for bescheid in bescheide:
        tranchen = {t.nummer: t for t in vorhandene.get(bescheid.antrag_id, [])}
        if NACHZAHLUNG_NUMMER in tranchen:
            continue  # abgerechnet by the Verwendungsnachweis: the plan no longer applies (nachzahlung_anlegen)
        plan = plan_fuer(bescheid, tranchen.values(), anforderungen.get(bescheid.antrag_id), stichtag)
        for ergebnis in plan.tranchen:
            t = tranchen.get(ergebnis.nummer)
            if t is None:
                neu.append(Tranche(
                    antrag=bescheid.antrag, bescheid=bescheid, nummer=ergebnis.nummer, termin=ergebnis.termin,
                    zahltag=ergebnis.zahltag, betrag=ergebnis.betrag, status=ergebnis.status,
                    ende_zu_ende_id=ende_zu_ende_id(bescheid.antrag, ergebnis.nummer), aktualisiert_am=jetzt))
            elif not t.gezahlt and (t.bescheid_id, t.zahltag, t.betrag, t.status) != (
                    bescheid.pk, ergebnis.zahltag, ergebnis.betrag, ergebnis.status):
                t.bescheid, t.zahltag, t.betrag, t.status = bescheid, ergebnis.zahltag, ergebnis.betrag, ergebnis.status
                t.aktualisiert_am = jetzt
                geaendert.append(t)
        if plan.rueckforderung > 0 and bescheid.pk not in rueckforderungen:
            rueck.append(Rueckforderung(antrag=bescheid.antrag, bescheid=bescheid, betrag=plan.rueckforderung,
                                        festgestellt_am=stichtag))
    if neu:
        Tranche.objects.bulk_create(neu, ignore_conflicts=True)
    if geaendert:
        Tranche.objects.bulk_update(geaendert, felder)
    for r in rueck:
        try:
            with transaction.atomic():
                r.save()
        except IntegrityError:
            continue  # another worker recorded it
        protokolliere(r.antrag, None, "Rückforderung festgestellt (Nr. 7.5)",
                      notiz=f"Ausgezahlt über dem Höchstbetrag des Bescheids {r.bescheid.nummer}: "
                            f"{betrag_de(r.betrag)}", daten={"betrag": str(r.betrag), "bescheid": r.bescheid_id})
        benachrichtigen(_finanzen(), f"Rückforderung {r.antrag.kommune} {r.antrag.foerderjahr}",
                        f"Nach dem Bescheid {r.bescheid.nummer} wurden {betrag_de(r.betrag)} zu viel ausgezahlt; "
                        "die Erstattung (Nr. 7.5) übernimmt die Rückforderung.")
    return len(neu) + len(geaendert)


def _wirksame(**filter):
    return (bescheid_selectors.wirksame_bescheide(**filter)
            .select_related("antrag__kommune", "ersetzt__ersetzt__ersetzt"))


def tranchen_abgleichen(antrag):
    """Recompute the Tranchen of one Antrag from its Bescheid in force (idempotent)."""
    bescheid = bescheid_selectors.wirksamer_bescheid(antrag)
    bescheid = _wirksame().filter(pk=bescheid.pk).first() if bescheid is not None else None
    if bescheid is None:
        return 0
    with transaction.atomic():
        list(Tranche.objects.select_for_update().filter(antrag_id=bescheid.antrag_id))
        return _abgleichen([bescheid], zeit.heute(), zeit.jetzt())


def bescheid_wirksam(bescheid):
    """Slot BESCHEID_WIRKSAM: a Bescheid became bestandskräftig or an Änderungsbescheid came into force. Runs after
    the Bescheid's commit: a failure here must not undo or break that step – the daily sync catches it up."""
    try:
        return tranchen_abgleichen(bescheid.antrag)
    except Exception:  # noqa: BLE001 – logged; auszahlung.tranchen_synchronisieren repeats it
        logger.exception("Tranchenplan zu Bescheid %s nicht abgeglichen; der tägliche Abgleich holt es nach.",
                         bescheid.pk)
        return 0


def tranchen_synchronisieren(foerderjahr=None):
    """Periodic catch-up (a hook can be missed): every Bescheid in force gets its current Tranchenplan, and every
    status follows today (geplant → fällig). Idempotent; changes nothing when everything is current."""
    heute, jetzt = zeit.heute(), zeit.jetzt()
    filter = {"foerderjahr": foerderjahr} if foerderjahr else {}
    with transaction.atomic():
        return _abgleichen(list(_wirksame(**filter)), heute, jetzt)


# --- Mittelanforderung (Nr. 7.3 mit Nr. 7.4 VVG) ------------------------------------------------------------


def _kommune_pruefen(antrag, benutzer):
    pruefe(benutzer, "antrag.bearbeiten", antrag)
    if not hat_rolle(benutzer, Rolle.KOMMUNE) or benutzer.kommune_id != antrag.kommune_id:
        raise Zugriffsverweigert("Nur die Kommune selbst kann Mittel anfordern.")


def mittelanforderung_voraussetzungen(antrag):
    """(bescheid, None) if the Kommune may request the money now, else (bescheid or None, German reason)."""
    bescheid = bescheid_selectors.wirksamer_bescheid(antrag)
    ursprung = bescheid
    while ursprung is not None and ursprung.ersetzt_id:
        ursprung = ursprung.ersetzt  # an Änderungsbescheid changes the Zuwendungsbescheid the Kommune received
    if ursprung is None or ursprung.status not in ("versandt", "bestandskraeftig"):
        return None, "Zu diesem Antrag gibt es noch keinen Zuwendungsbescheid."
    ab = _bestandskraeftig_ab(bescheid)
    if ab is None:
        wann = (f" voraussichtlich ab {ursprung.bestandskraeftig_ab:%d.%m.%Y}"
                if ursprung.bestandskraeftig_ab else "")
        return bescheid, (
            f"Mittel können erst angefordert werden, wenn der Zuwendungsbescheid bestandskräftig ist (Nr. 7.3) –"
            f"{wann}. Mit einem Rechtsbehelfsverzicht auf der Seite des Bescheids wird er sofort bestandskräftig.")
    kommune = antrag.kommune
    iban = iban_normalisieren(kommune.iban)
    if not iban or not kommune.kontoinhaber:
        return bescheid, ("In den Stammdaten Ihrer Kommune ist keine vollständige Bankverbindung (Kontoinhaber und "
                          "IBAN) hinterlegt. Bitte lassen Sie sie von der Bezirksregierung in den Stammdaten "
                          "eintragen; erst dann können Mittel angefordert werden.")
    try:
        from kim_foerderung.stammdaten.models import iban_pruefen

        iban_pruefen(iban)
    except Exception:  # noqa: BLE001 – ValidationError with the German text
        return bescheid, ("Die IBAN in den Stammdaten Ihrer Kommune ist ungültig. Bitte lassen Sie sie von der "
                          "Bezirksregierung in den Stammdaten berichtigen.")
    return bescheid, None


def mittelanforderung_stellen(*, antrag, benutzer, erklaerung):
    """The Kommune requests the money of its Bescheid for the year (once; a repeat returns the stored one)."""
    from .dokument import mittelanforderung_pdf_erzeugen

    _kommune_pruefen(antrag, benutzer)
    vorhanden = Mittelanforderung.objects.filter(antrag=antrag).first()
    if vorhanden is not None:
        return vorhanden
    try:
        return _mittelanforderung_anlegen(antrag, benutzer, erklaerung, mittelanforderung_pdf_erzeugen)
    except IntegrityError:  # a second click or tab won the unique constraint (one per Antrag)
        return Mittelanforderung.objects.get(antrag=antrag)


def _mittelanforderung_anlegen(antrag, benutzer, erklaerung, pdf_erzeugen):
    with transaction.atomic():
        bescheid, grund = mittelanforderung_voraussetzungen(antrag)
        if grund:
            raise AuszahlungFehler(grund)
        if not erklaerung:
            raise AuszahlungFehler("Bitte bestätigen Sie die Erklärung, bevor Sie die Mittel anfordern.",
                                   feld="erklaerung")
        kommune = antrag.kommune
        anforderung = Mittelanforderung.objects.create(
            antrag=antrag, bescheid=bescheid, kontoinhaber=kommune.kontoinhaber,
            iban=iban_normalisieren(kommune.iban), bic=kommune.bic, erklaerung=True,
            angefordert_am=zeit.heute(), gestellt_von=benutzer, gestellt_am=zeit.jetzt())
        anforderung.dokument = pdf_erzeugen(anforderung, benutzer)
        anforderung.save(update_fields=["dokument"])
        protokolliere(anforderung, benutzer, "Mittelanforderung gestellt",
                      daten={"bescheid": bescheid.nummer, "iban": anforderung.iban,
                             "sha256": anforderung.dokument.sha256})
        protokolliere(antrag, benutzer, f"Mittelanforderung zum Bescheid {bescheid.nummer} gestellt")
        benachrichtigen(
            list(_finanzen()) + list(_kommune_benutzer(antrag)),
            f"Mittelanforderung eingegangen: {kommune} {antrag.foerderjahr}",
            f"Die Mittelanforderung von {kommune} zum Bescheid {bescheid.nummer} ist am "
            f"{anforderung.angefordert_am:%d.%m.%Y} eingegangen. Ausgezahlt wird zu den Terminen 1. Mai und "
            "1. Oktober nach Freigabe des Zahlungslaufs.",
            link=reverse("auszahlung_antrag", args=[antrag.pk]),
        )
        _abgleichen([_wirksame().get(pk=bescheid.pk)], zeit.heute(), zeit.jetzt())
    return anforderung


# --- Zahlungslauf: vorbereiten ----------------------------------------------------------------------------


def lauf_stichtag(heute, vorlauf, von_hand=False):
    """The day up to which Tranchen are due for a run prepared ``heute``, and the run's Zahltag.

    The next Termin whose preparation day (``vorlauf`` TARGET days before its Zahltag) has come – by hand: the
    next Termin at all – is the Stichtag; the run pays on its Zahltag. Without such a Termin, only Tranchen
    already due are caught up, paid on the next TARGET day after today."""
    naechster_tag = regel.naechster_target_tag(heute + timedelta(days=1))
    for jahr in regel.FOERDERJAHRE:
        for termin, vorbereitung in zip(regel.auszahlungstermine(jahr), regel.vorbereitungstage(jahr, vorlauf)):
            zahltag = regel.zahltag(termin)
            if termin > heute and (von_hand or vorbereitung <= heute):
                return termin, zahltag if zahltag > heute else naechster_tag
    return heute, naechster_tag


def _posten_daten(tranche):
    kommune = tranche.antrag.kommune
    nummer = tranche.bescheid.nummer or ""
    return {
        "betrag": tranche.betrag,
        "kontoinhaber": kommune.kontoinhaber or str(kommune),
        "iban": iban_normalisieren(kommune.iban),
        "bic": kommune.bic or "",
        "verwendungszweck": f"KIM {tranche.antrag.foerderjahr} {tranche.bezeichnung} Bescheid {nummer}"[:140],
        "ende_zu_ende_id": tranche.ende_zu_ende_id,
    }


def _faellige(stichtag):
    """Tranchen (ids) due up to ``stichtag`` by the rule, not paid and in no open run."""
    kandidaten = list(
        Tranche.objects.exclude(status__in=GEZAHLT + [TranchenStatus.ENTFAELLT])
        .exclude(posten__aktiv=True).filter(termin__lte=stichtag)
        .select_related("antrag__kommune", "bescheid").order_by("pk"))
    if not kandidaten:
        return []
    antrag_ids = [t.antrag_id for t in kandidaten]
    bescheide = {b.antrag_id: b for b in _wirksame().filter(antrag_id__in=antrag_ids)}
    alle = {}
    for t in Tranche.objects.filter(antrag_id__in=antrag_ids):
        alle.setdefault(t.antrag_id, []).append(t)
    anforderungen = {m.antrag_id: m for m in Mittelanforderung.objects.filter(antrag_id__in=antrag_ids)}
    faellig = []
    for t in kandidaten:
        bescheid = bescheide.get(t.antrag_id)
        if bescheid is None or not t.antrag.kommune.iban:
            continue
        if t.nachzahlung:  # its amount is the Verwendungsnachweis' result, not the plan's
            if t.status == TranchenStatus.FAELLIG:
                faellig.append(t.pk)
            continue
        plan = plan_fuer(bescheid, alle[t.antrag_id], anforderungen.get(t.antrag_id), stichtag)
        ergebnis = plan.tranche(t.termin)
        if ergebnis.status == regel.FAELLIG and ergebnis.betrag == t.betrag:
            faellig.append(t.pk)
    return faellig


def zahlungslauf_vorbereiten(*, benutzer=None, von_hand=False):
    """Prepare a run of every due Tranche (by the schedule: ``benutzer`` None; by hand: a Finanzen user).
    Returns the new run, or None when nothing is due (or another worker took every due Tranche)."""
    if benutzer is not None:
        pruefe(benutzer, "zahlungslauf.vorbereiten")
    tranchen_synchronisieren()
    heute = zeit.heute()
    stichtag, zahltag = lauf_stichtag(heute, einstellung().vorlauf_target_tage, von_hand=von_hand)
    kandidaten = _faellige(stichtag)
    if not kandidaten:
        return None
    try:
        with transaction.atomic():
            gesperrt = list(Tranche.objects.select_for_update(skip_locked=True, of=("self",))
                            .filter(pk__in=kandidaten).values_list("pk", flat=True))
            # Read again under the lock: a run committed meanwhile has taken some of them.
            frei = set(gesperrt) - set(Zahlungsposten.objects.filter(tranche_id__in=gesperrt, aktiv=True)
                                       .values_list("tranche_id", flat=True))
            tranchen = list(Tranche.objects.filter(pk__in=frei).select_related("antrag__kommune", "bescheid")
                            .order_by("antrag__kommune__name", "nummer"))
            if not tranchen:
                return None
            anlass = (f"Termin {stichtag:%d.%m.%Y}" if stichtag != heute else "Nachholung fälliger Tranchen")
            lauf = Zahlungslauf.objects.create(
                nummer=f"KIM-ZL-{zahltag:%Y%m%d}-{secrets.token_hex(4).upper()}", zahltag=zahltag,
                termin=stichtag if stichtag != heute else None, anlass=anlass, vorbereitet_von=benutzer,
                vorbereitet_am=zeit.jetzt())
            posten = [Zahlungsposten(lauf=lauf, tranche=t, **_posten_daten(t)) for t in tranchen]
            Zahlungsposten.objects.bulk_create(posten)
            lauf.summe = sum((p.betrag for p in posten), NULL)
            lauf.anzahl = len(posten)
            lauf.save(update_fields=["summe", "anzahl"])
            protokolliere(lauf, benutzer, "Zahlungslauf vorbereitet", nach_status=lauf.status,
                          daten={"anzahl": lauf.anzahl, "summe": str(lauf.summe), "zahltag": zahltag.isoformat(),
                                 "von_hand": bool(von_hand)})
            benachrichtigen(
                _finanzen(), f"Zahlungslauf zur Prüfung: {lauf.anzahl} Zahlungen, {betrag_de(lauf.summe)}",
                f"Der Zahlungslauf {lauf.nummer} ({anlass}, Zahltag {zahltag:%d.%m.%Y}) ist vorbereitet. Bitte "
                "stellen Sie ihn sachlich und rechnerisch richtig fest; eine andere Person ordnet ihn an.",
                link=reverse("zahlungslauf_detail", args=[lauf.pk]))
            return lauf
    except IntegrityError:
        # Lost a race with another worker on the unique constraint: the Tranchen are in its run.
        logger.info("Zahlungslauf nicht angelegt: die Tranchen sind bereits in einem anderen Lauf.")
        return None


# --- Zahlungslauf: vier Augen -----------------------------------------------------------------------------


def _lauf_sperren(lauf):
    return Zahlungslauf.objects.select_for_update().get(pk=lauf.pk)


def feststellen(*, lauf, benutzer):
    """One Finanzen person states the run "sachlich und rechnerisch richtig"."""
    pruefe(benutzer, "zahlungslauf.vorbereiten")
    with transaction.atomic():
        lauf = _lauf_sperren(lauf)
        if lauf.status == LaufStatus.FESTGESTELLT and lauf.festgestellt_von_id == benutzer.pk:
            return lauf
        if lauf.status != LaufStatus.VORBEREITET:
            raise AuszahlungFehler(f"Ein Zahlungslauf im Status „{lauf.get_status_display()}“ kann nicht "
                                   "festgestellt werden.")
        von = lauf.status
        lauf.status = LaufStatus.FESTGESTELLT
        lauf.festgestellt_von = benutzer
        lauf.festgestellt_am = zeit.jetzt()
        lauf.save()
        protokolliere(lauf, benutzer, "Sachlich und rechnerisch richtig festgestellt", von_status=von,
                      nach_status=lauf.status, daten={"summe": str(lauf.summe), "anzahl": lauf.anzahl})
        benachrichtigen(
            _finanzen(ausser=[benutzer.pk, lauf.vorbereitet_von_id]),
            f"Zahlungslauf zur Anordnung: {lauf.anzahl} Zahlungen, {betrag_de(lauf.summe)}",
            f"{benutzer.anzeigename} hat den Zahlungslauf {lauf.nummer} sachlich und rechnerisch richtig "
            "festgestellt. Bitte ordnen Sie ihn an (Vier-Augen-Prinzip: eine andere Person).",
            link=reverse("zahlungslauf_detail", args=[lauf.pk]))
    return lauf


def _vier_augen(lauf, benutzer):
    """By person: whoever prepared the run or stated it never releases it, whatever roles they hold."""
    vier_augen(lauf.vorbereitet_von, benutzer)
    if lauf.festgestellt_von_id == benutzer.pk:
        raise Zugriffsverweigert("Vier-Augen-Prinzip: Sie haben diesen Zahlungslauf sachlich und rechnerisch "
                                 "richtig festgestellt. Die Anordnung muss eine andere Person erteilen.")


def darf_anordnen(lauf, benutzer):
    return (hat_rolle(benutzer, Rolle.FINANZEN) and lauf.status == LaufStatus.FESTGESTELLT
            and benutzer.pk not in (lauf.vorbereitet_von_id, lauf.festgestellt_von_id))


def anordnen(*, lauf, benutzer):
    """A second Finanzen person releases the run: SEPA file (pain.001.001.09, validated) and Auszahlungsliste
    (PDF/A) stored with SHA-256, Tranchen angewiesen. A double click or a second worker releases once."""
    from .dokument import auszahlungsliste_erzeugen
    from .sepa import sepa_datei_erzeugen

    pruefe(benutzer, "zahlungslauf.freigeben")
    with transaction.atomic():
        lauf = _lauf_sperren(lauf)
        if lauf.status == LaufStatus.ANGEORDNET:
            return lauf  # idempotent: released once, files exist
        _vier_augen(lauf, benutzer)
        if lauf.status != LaufStatus.FESTGESTELLT:
            raise AuszahlungFehler("Nur ein sachlich und rechnerisch richtig festgestellter Zahlungslauf kann "
                                   "angeordnet werden.")
        posten = list(lauf.posten.select_related("tranche__antrag__kommune").order_by("pk"))
        tranchen = {t.pk: t for t in Tranche.objects.select_for_update().filter(
            pk__in=[p.tranche_id for p in posten])}
        abweichend = [p for p in posten if tranchen[p.tranche_id].gezahlt
                      or tranchen[p.tranche_id].betrag != p.betrag]
        if abweichend:
            raise AuszahlungFehler(
                "Seit der Vorbereitung haben sich Beträge geändert (z. B. durch einen Änderungsbescheid): "
                + ", ".join(p.kontoinhaber for p in abweichend[:5])
                + ". Bitte geben Sie den Lauf zurück; er wird dabei neu berechnet.")
        von = lauf.status
        lauf.status = LaufStatus.ANGEORDNET
        lauf.angeordnet_von = benutzer
        lauf.angeordnet_am = zeit.jetzt()
        lauf.save()
        Zahlungsposten.objects.filter(lauf=lauf).update(freigegeben=True)
        Tranche.objects.filter(pk__in=list(tranchen)).update(status=TranchenStatus.ANGEWIESEN,
                                                              aktualisiert_am=zeit.jetzt())
        lauf.sepa_datei = sepa_datei_erzeugen(lauf, posten, einstellung(), benutzer)
        lauf.auszahlungsliste = auszahlungsliste_erzeugen(lauf, posten, benutzer)
        lauf.save(update_fields=["sepa_datei", "auszahlungsliste"])
        protokolliere(lauf, benutzer, "Angeordnet (Zahlungslauf freigegeben)", von_status=von,
                      nach_status=lauf.status,
                      daten={"sepa_sha256": lauf.sepa_datei.sha256, "liste_sha256": lauf.auszahlungsliste.sha256,
                             "summe": str(lauf.summe), "anzahl": lauf.anzahl,
                             "ende_zu_ende_ids": [p.ende_zu_ende_id for p in posten]})
        benachrichtigen(
            _finanzen(), f"Zahlungslauf angeordnet: {lauf.nummer}",
            f"{benutzer.anzeigename} hat den Zahlungslauf {lauf.nummer} angeordnet ({lauf.anzahl} Zahlungen, "
            f"{betrag_de(lauf.summe)}, Zahltag {lauf.zahltag:%d.%m.%Y}). Die SEPA-Datei steht zum Herunterladen "
            "bereit.", link=reverse("zahlungslauf_detail", args=[lauf.pk]))
    return lauf


def zurueckgeben(*, lauf, benutzer, notiz):
    """Return an open run with a note: it goes back to "vorbereitet" and is computed afresh (amounts, accounts,
    Tranchen no longer due leave it)."""
    pruefe(benutzer, "zahlungslauf.vorbereiten")
    notiz = (notiz or "").strip()
    if not notiz:
        raise AuszahlungFehler("Bitte schreiben Sie in die Notiz, was zu ändern ist.", feld="notiz")
    with transaction.atomic():
        lauf = _lauf_sperren(lauf)
        if not lauf.offen:
            raise AuszahlungFehler("Nur ein noch nicht angeordneter Zahlungslauf kann zurückgegeben werden.")
        von = lauf.status
        tranchen_synchronisieren()
        stichtag = lauf.termin or zeit.heute()
        noch_faellig = set(_faellige_im_lauf(lauf, stichtag))
        behalten = []
        for p in lauf.posten.select_related("tranche__antrag__kommune", "tranche__bescheid"):
            if p.tranche_id in noch_faellig:
                for feld, wert in _posten_daten(p.tranche).items():
                    setattr(p, feld, wert)
                p.save()
                behalten.append(p)
            else:
                p.delete()
        lauf.summe = sum((p.betrag for p in behalten), NULL)
        lauf.anzahl = len(behalten)
        lauf.status = LaufStatus.VORBEREITET
        lauf.festgestellt_von = None
        lauf.festgestellt_am = None
        lauf.rueckgabe_notiz = notiz
        lauf.save()
        protokolliere(lauf, benutzer, "Zurückgegeben und neu berechnet", von_status=von, nach_status=lauf.status,
                      notiz=notiz, daten={"anzahl": lauf.anzahl, "summe": str(lauf.summe)})
        benachrichtigen(_finanzen(ausser=[benutzer.pk]), f"Zahlungslauf zurückgegeben: {lauf.nummer}", notiz,
                        link=reverse("zahlungslauf_detail", args=[lauf.pk]))
    return lauf


def _faellige_im_lauf(lauf, stichtag):
    ids = list(lauf.posten.values_list("tranche_id", flat=True))
    tranchen = list(Tranche.objects.filter(pk__in=ids).select_related("antrag__kommune"))
    bescheide = {b.antrag_id: b for b in _wirksame().filter(antrag_id__in=[t.antrag_id for t in tranchen])}
    alle = {}
    for t in Tranche.objects.filter(antrag_id__in=[t.antrag_id for t in tranchen]):
        alle.setdefault(t.antrag_id, []).append(t)
    anforderungen = {m.antrag_id: m for m in Mittelanforderung.objects.filter(
        antrag_id__in=[t.antrag_id for t in tranchen])}
    for t in tranchen:
        b = bescheide.get(t.antrag_id)
        if b is None or t.gezahlt or not t.antrag.kommune.iban:
            continue
        if t.nachzahlung:
            if t.status == TranchenStatus.FAELLIG:
                yield t.pk
            continue
        if plan_fuer(b, alle[t.antrag_id], anforderungen.get(t.antrag_id), stichtag).tranche(t.termin).status \
                == regel.FAELLIG:
            yield t.pk


def stornieren(*, lauf, benutzer, grund):
    """Cancel a run before its release; its Tranchen become free for the next run."""
    pruefe(benutzer, "zahlungslauf.vorbereiten")
    grund = (grund or "").strip()
    if not grund:
        raise AuszahlungFehler("Bitte geben Sie den Grund der Stornierung an.", feld="grund")
    with transaction.atomic():
        lauf = _lauf_sperren(lauf)
        if lauf.status == LaufStatus.STORNIERT:
            return lauf
        if lauf.status == LaufStatus.ANGEORDNET:
            raise AuszahlungFehler("Ein angeordneter Zahlungslauf kann nicht mehr storniert werden; die SEPA-Datei "
                                   "ist erzeugt.")
        von = lauf.status
        lauf.status = LaufStatus.STORNIERT
        lauf.storniert_von = benutzer
        lauf.storniert_am = zeit.jetzt()
        lauf.rueckgabe_notiz = grund
        lauf.save()
        lauf.posten.update(aktiv=False)
        protokolliere(lauf, benutzer, "Storniert", von_status=von, nach_status=lauf.status, notiz=grund)
    return lauf


# --- Buchung (camt.054 / camt.053) ------------------------------------------------------------------------


def kontoauszug_einlesen(*, inhalt, dateiname, benutzer):
    """Import a camt.054/camt.053 file: each debit entry is matched to a Tranche by EndToEndId and amount. The
    same file (SHA-256) a second time changes nothing and returns the first import."""
    from kim_foerderung.dokumente.services import datei_ablegen, sha256_von

    from .camt import CamtFehler, camt_lesen

    pruefe(benutzer, "zahlungslauf.vorbereiten")
    pruefsumme = sha256_von(inhalt)
    vorhanden = Kontoauszug.objects.filter(sha256=pruefsumme).first()
    if vorhanden is not None:
        return vorhanden, False
    try:
        auszug = camt_lesen(inhalt)
    except CamtFehler as fehler:
        raise AuszahlungFehler(str(fehler), feld="datei") from None
    try:
        with transaction.atomic():
            konto = Kontoauszug.objects.create(art=auszug.art, msg_id=auszug.msg_id[:35], sha256=pruefsumme,
                                               hochgeladen_von=benutzer, hochgeladen_am=zeit.jetzt())
            konto.dokument = datei_ablegen(
                schluessel=f"kontoauszug-{pruefsumme}", inhalt=inhalt, bezug=konto, kommune=None,
                benutzer=benutzer, titel=f"Kontoauszug {auszug.art} {auszug.msg_id}"[:200], art="camt",
                dateiname=dateiname or f"{auszug.art}.xml", mime_typ="application/xml")
            konto.save(update_fields=["dokument"])
            _buchungen_zuordnen(konto, auszug.eintraege, benutzer)
            protokolliere(konto, benutzer, f"Kontoauszug {auszug.art} eingelesen",
                          daten={"eintraege": len(auszug.eintraege), "sha256": pruefsumme})
    except IntegrityError:
        return Kontoauszug.objects.get(sha256=pruefsumme), False
    return konto, True


def _buchungen_zuordnen(konto, eintraege, benutzer):
    ids = [e.ende_zu_ende_id for e in eintraege if e.ende_zu_ende_id]
    tranchen = {t.ende_zu_ende_id: t for t in Tranche.objects.select_for_update(of=("self",))
                .filter(ende_zu_ende_id__in=ids).select_related("antrag__kommune")}
    for position, e in enumerate(eintraege, start=1):
        if not e.soll:
            _zahlungseingang(konto, position, e, benutzer)
            continue
        t = tranchen.get(e.ende_zu_ende_id)
        if t is None:
            status = BuchungStatus.UNBEKANNT
        elif t.status == TranchenStatus.AUSGEZAHLT:
            status = BuchungStatus.BEREITS_GEBUCHT
        elif t.status != TranchenStatus.ANGEWIESEN or t.betrag != e.betrag:
            status = BuchungStatus.ABWEICHEND
        else:
            status = BuchungStatus.ZUGEORDNET
        Buchung.objects.create(kontoauszug=konto, position=position, ende_zu_ende_id=e.ende_zu_ende_id[:35],
                               betrag=e.betrag, buchungstag=e.buchungstag, empfaenger=e.name[:140],
                               verwendungszweck=e.verwendungszweck[:500], tranche=t, status=status)
        if status == BuchungStatus.ZUGEORDNET:
            _als_ausgezahlt(t, e.buchungstag, benutzer, f"Buchung aus Kontoauszug {konto.msg_id or konto.pk}")


def _zahlungseingang(konto, position, eintrag, benutzer):
    """A credit (a repayment to the Land): the later stage that expects it books it through the
    ZAHLUNGSEINGANG hook (the Erstattung, by the Verwendungszweck its Bescheid prescribes); unclaimed, it is a
    finding for Finanzen, never booked silently."""
    quelle = f"Kontoauszug {konto.art} {konto.msg_id or konto.pk}, Buchung {position}"
    antwort = next(iter(erweiterungen.beitraege(erweiterungen.ZAHLUNGSEINGANG, eintrag, benutzer=benutzer,
                                                quelle=quelle)), None)
    status = {"zugeordnet": BuchungStatus.ZUGEORDNET, "bereits_gebucht": BuchungStatus.BEREITS_GEBUCHT,
              "abweichend": BuchungStatus.ABWEICHEND}.get((antwort or {}).get("status"), BuchungStatus.UNBEKANNT)
    zuordnung = (antwort or {}).get("zuordnung") or "Zahlungseingang ohne bekannte Forderung (Verwendungszweck " \
                                                    "oder EndToEndId passt zu keinem offenen Erstattungsbescheid)."
    Buchung.objects.create(kontoauszug=konto, position=position, ende_zu_ende_id=eintrag.ende_zu_ende_id[:35],
                           betrag=eintrag.betrag, buchungstag=eintrag.buchungstag, empfaenger=eintrag.name[:140],
                           verwendungszweck=eintrag.verwendungszweck[:500], haben=True, zuordnung=zuordnung[:300],
                           status=status)


def _als_ausgezahlt(tranche, am, benutzer, grund):
    tranche.status = TranchenStatus.AUSGEZAHLT
    tranche.ausgezahlt_am = am
    tranche.ausgezahlt_grund = grund
    tranche.aktualisiert_am = zeit.jetzt()
    tranche.save(update_fields=["status", "ausgezahlt_am", "ausgezahlt_grund", "aktualisiert_am"])
    protokolliere(tranche.antrag, benutzer, f"{tranche.nummer}. Rate ausgezahlt am {am:%d.%m.%Y}",
                  von_status=TranchenStatus.ANGEWIESEN, nach_status=TranchenStatus.AUSGEZAHLT, notiz=grund,
                  daten={"betrag": str(tranche.betrag), "tranche": tranche.pk})
    benachrichtigen(
        _kommune_benutzer(tranche.antrag), f"Zahlung gebucht: {tranche.nummer}. Rate {tranche.antrag.foerderjahr}",
        f"Die {tranche.nummer}. Rate {tranche.antrag.foerderjahr} über {betrag_de(tranche.betrag)} ist am "
        f"{am:%d.%m.%Y} ausgezahlt worden (Verwendungszweck „KIM {tranche.antrag.foerderjahr} {tranche.nummer}. "
        f"Rate“).", link=reverse("auszahlung_antrag", args=[tranche.antrag_id]))


def manuell_ausgezahlt(*, tranche, benutzer, am, grund):
    """A person books an angewiesene Tranche as paid by hand, with the day and a reason."""
    pruefe(benutzer, "zahlungslauf.vorbereiten")
    grund = (grund or "").strip()
    if not grund:
        raise AuszahlungFehler("Bitte geben Sie den Grund der manuellen Buchung an (z. B. „Kontoauszug Nr. 14 "
                               "vom 03.05.“).", feld="grund")
    if not isinstance(am, date):
        raise AuszahlungFehler("Bitte geben Sie das Datum der Auszahlung an (TT.MM.JJJJ).", feld="am")
    with transaction.atomic():
        tranche = Tranche.objects.select_for_update().select_related("antrag__kommune").get(pk=tranche.pk)
        if tranche.status == TranchenStatus.AUSGEZAHLT:
            return tranche
        if tranche.status != TranchenStatus.ANGEWIESEN:
            raise AuszahlungFehler("Nur eine angewiesene Tranche (in einem angeordneten Zahlungslauf) kann als "
                                   "ausgezahlt gebucht werden.")
        angeordnet = (Zahlungsposten.objects.filter(tranche=tranche, freigegeben=True)
                      .values_list("lauf__angeordnet_am", flat=True).first())
        if am > zeit.heute():
            raise AuszahlungFehler("Das Datum der Auszahlung darf nicht in der Zukunft liegen.", feld="am")
        if angeordnet and am < timezone.localdate(angeordnet):
            raise AuszahlungFehler("Das Datum liegt vor der Anordnung des Zahlungslaufs.", feld="am")
        _als_ausgezahlt(tranche, am, benutzer, grund)
    return tranche


def buchung_klaeren(*, buchung, benutzer, notiz):
    """A person resolves an unmatched or differing bank entry with a note."""
    pruefe(benutzer, "zahlungslauf.vorbereiten")
    notiz = (notiz or "").strip()
    if not notiz:
        raise AuszahlungFehler("Bitte beschreiben Sie, wie die Buchung geklärt ist.", feld="notiz")
    with transaction.atomic():
        buchung = Buchung.objects.select_for_update().get(pk=buchung.pk)
        if buchung.status == BuchungStatus.ERLEDIGT:
            return buchung
        if buchung.status not in (BuchungStatus.ABWEICHEND, BuchungStatus.UNBEKANNT):
            raise AuszahlungFehler("Diese Buchung ist bereits zugeordnet.")
        von = buchung.status
        buchung.status = BuchungStatus.ERLEDIGT
        buchung.erledigt_von = benutzer
        buchung.erledigt_notiz = notiz[:500]
        buchung.save()
        protokolliere(buchung.kontoauszug, benutzer, f"Buchung {buchung.position} geklärt", von_status=von,
                      nach_status=buchung.status, notiz=notiz)
    return buchung


# --- Nachzahlung after the Verwendungsnachweis (Nr. 7.4) ----------------------------------------------------


def nachzahlung_anlegen(*, antrag, betrag, benutzer, grund):
    """Called by the Verwendungsnachweis stage when its Prüfung ends without Überzahlung but with a Nachzahlung
    (``betrag`` from kim_foerderung.regeln): one Tranche outside the plan, due now, so the next Zahlungslauf pays
    it (four eyes as every run). The Zuwendung is then abgerechnet: Raten of the plan not paid yet entfallen (the
    Nachzahlung already counts what they would have paid). Idempotent: a second call returns the first Tranche –
    never two Nachzahlungen. A Rate still in an open run must be decided first (German error)."""
    if betrag is None or betrag <= 0:
        raise AuszahlungFehler("Eine Nachzahlung muss größer als 0,00 € sein.")
    with transaction.atomic():
        tranchen = list(Tranche.objects.select_for_update().filter(antrag=antrag).order_by("nummer"))
        vorhanden = next((t for t in tranchen if t.nachzahlung), None)
        if vorhanden is not None:
            return vorhanden
        offen = [t for t in tranchen if not t.gezahlt and t.status != TranchenStatus.ENTFAELLT]
        im_lauf = set(Zahlungsposten.objects.filter(tranche__in=offen, aktiv=True).values_list("tranche_id",
                                                                                               flat=True))
        if im_lauf:
            t = next(t for t in offen if t.pk in im_lauf)
            raise AuszahlungFehler(f"Die {t.bezeichnung} ist noch in einem offenen Zahlungslauf. Bitte lassen Sie "
                                   "ihn erst anordnen oder stornieren; dann lässt sich die Nachzahlung festlegen.")
        bescheid = _wirksame().filter(antrag=antrag).first() or (tranchen[0].bescheid if tranchen else None)
        if bescheid is None:
            raise AuszahlungFehler("Zu diesem Antrag ist kein Bescheid in Kraft; eine Nachzahlung ist nicht möglich.")
        jetzt, heute = zeit.jetzt(), zeit.heute()
        for t in offen:
            t.status, t.aktualisiert_am = TranchenStatus.ENTFAELLT, jetzt
            t.save(update_fields=["status", "aktualisiert_am"])
        try:
            with transaction.atomic():
                tranche = Tranche.objects.create(
                    antrag=antrag, bescheid=bescheid, nummer=NACHZAHLUNG_NUMMER, nachzahlung=True, termin=heute,
                    zahltag=None, betrag=betrag, status=TranchenStatus.FAELLIG,
                    ende_zu_ende_id=ende_zu_ende_id(antrag, "N"), aktualisiert_am=jetzt)
        except IntegrityError:  # another worker created it at the same time
            return Tranche.objects.get(antrag=antrag, nummer=NACHZAHLUNG_NUMMER)
        protokolliere(antrag, benutzer, "Nachzahlung nach dem Verwendungsnachweis festgelegt (Nr. 7.4)",
                      nach_status=tranche.status, notiz=grund,
                      daten={"betrag": str(betrag), "tranche": tranche.pk,
                             "entfallen": [t.nummer for t in offen]})
        benachrichtigen(_finanzen(), f"Nachzahlung {antrag.kommune} {antrag.foerderjahr}: {betrag_de(betrag)}",
                        f"Die Prüfung des Verwendungsnachweises {antrag.foerderjahr} ergibt eine Nachzahlung von "
                        f"{betrag_de(betrag)}; sie ist fällig und kommt in den nächsten Zahlungslauf.",
                        link=reverse("auszahlung_antrag", args=[antrag.pk]))
    return tranche


# --- Rückforderung: handed over to the Erstattung -----------------------------------------------------------


def rueckforderung_uebernehmen(*, rueckforderung, benutzer=None):
    """Called by the Erstattung (Verwendungsnachweis stage) when it takes a Rückforderung over."""
    with transaction.atomic():
        r = Rueckforderung.objects.select_for_update().get(pk=rueckforderung.pk)
        if r.status != "uebernommen":
            r.status = "uebernommen"
            r.save(update_fields=["status"])
            protokolliere(r.antrag, benutzer, "Rückforderung von der Erstattung übernommen",
                          daten={"betrag": str(r.betrag)})
    return r


__all__ = [
    "AuszahlungFehler", "ERKLAERUNG", "einstellung", "tranchen_abgleichen", "tranchen_synchronisieren",
    "bescheid_wirksam", "mittelanforderung_stellen", "mittelanforderung_voraussetzungen",
    "zahlungslauf_vorbereiten", "feststellen", "anordnen", "darf_anordnen", "zurueckgeben", "stornieren",
    "kontoauszug_einlesen", "manuell_ausgezahlt", "buchung_klaeren", "rueckforderung_uebernehmen",
    "nachzahlung_anlegen",
]
