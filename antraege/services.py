"""Writes of the Antrag: one function per transition, each atomic, permission- and state-checked, audited."""
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django_fsm import can_proceed

from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.services import DokumentFehler, datei_speichern, pdf_erzeugen
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import pruefe

from .dokument import TEMPLATE as ANLAGE1_TEMPLATE
from .dokument import anlage1_kontext
from .fehler import AntragFehler
from .fristen import antragsfrist, frist_fuer, fristen_der_kommune, naechste_antragsfrist  # noqa: F401
from .models import Anlage1, Antrag, AntragStatus, Fristausnahme, Nachforderung, Stelle, Weiterleitung
from .regelwerk import (  # noqa: F401 – reads live in regelwerk/fristen; re-exported for older callers
    KENNUNG_MUSTER,
    WEITERLEITUNG_ART,
    StellenZeile,
    berechnung,
    cm_kontingent,
    Mangel,
    einreichungshinweise,
    einreichungsmaengel,
    fall_bauen,
    fristversaeumnis,
    kennungen_lesen,
    weiterleitung_fehler,
    zeilen_aus_stellen,
)


def _neu_berechnen(antrag):
    ergebnis = berechnung(antrag)
    antrag.beantragt = ergebnis.summen.gesamt
    antrag.blockierende_befunde = sum(1 for b in ergebnis.befunde if b.blockierend)
    antrag.save(update_fields=["beantragt", "blockierende_befunde", "geaendert_am"])
    return ergebnis


# --- checks -----------------------------------------------------------------------------------------------


def _pruefe_bearbeitbar(antrag, user):
    pruefe(user, "antrag.bearbeiten", antrag)
    if not antrag.bearbeitbar:
        raise AntragFehler(
            f"Der Antrag ist „{antrag.get_status_display()}“ und kann nicht mehr geändert werden."
        )


def _sperren(antrag):
    """Lock the row for the duration of the transaction; two tabs or workers never interleave."""
    return Antrag.objects.select_for_update(of=("self",)).select_related("kommune").get(pk=antrag.pk)


def _status_wechsel(antrag, user, methode, aktion, notiz="", daten=None):
    von = antrag.status
    if not can_proceed(getattr(antrag, methode)):
        raise AntragFehler(
            f"Das ist im Status „{antrag.get_status_display()}“ nicht möglich."
        )
    getattr(antrag, methode)()
    antrag.save()
    protokolliere(antrag, user, aktion, von_status=von, nach_status=antrag.status, notiz=notiz, daten=daten)


def _sachbearbeitung():
    return Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True)


# --- transitions ------------------------------------------------------------------------------------------


def antrag_anlegen(user, foerderjahr, zeilen=(), veranstaltungen=None, schnittstellen=None):
    """A Kommune user opens a new Antrag for her own Kommune (one open Antrag per Kommune and year), optionally
    with the Stellen and Begleitmaßnahmen planned on the Förderrechner page."""
    if not hat_rolle(user, Rolle.KOMMUNE):
        raise AntragFehler("Nur Beschäftigte einer Kommune können einen Antrag anlegen.")
    if foerderjahr not in regeln.FOERDERJAHRE:
        raise AntragFehler("Anträge gibt es nur für die Förderjahre 2025 bis 2028 (Nr. 8).")
    kommune = user.kommune
    try:
        with transaction.atomic():
            antrag = Antrag.objects.create(
                **_stammdaten_des_antrags(kommune, user), foerderjahr=foerderjahr,
                veranstaltungen_betrag=veranstaltungen or Decimal("0.00"),
                schnittstellen_betrag=schnittstellen or Decimal("0.00"),
            )
            zaehler = {}
            for i, z in enumerate(zeilen, start=1):
                zaehler[z.art] = zaehler.get(z.art, 0) + 1
                Stelle.objects.create(
                    antrag=antrag, zeile=i, position=zaehler[z.art], art=z.art, vzae=z.vzae, von_monat=z.von_monat,
                    bis_monat=z.bis_monat, besetzt=z.besetzt, personalausgaben=z.personalausgaben,
                    sachausgaben=z.sachausgaben, name=z.name, qualifikation=z.qualifikation,
                )
            _neu_berechnen(antrag)
            protokolliere(antrag, user, "Antrag angelegt", nach_status=antrag.status)
    except IntegrityError:
        raise _schon_vorhanden(foerderjahr)
    return antrag


def _schon_vorhanden(foerderjahr):
    return AntragFehler(
        f"Für das Förderjahr {foerderjahr} gibt es bereits einen offenen Antrag Ihrer Kommune. "
        "Bitte bearbeiten Sie diesen."
    )


def _stammdaten_des_antrags(kommune, user):
    """Antragsteller and Bankverbindung of a new Antrag, from the Kommune's master data."""
    return dict(
        kommune=kommune,
        angelegt_von=user,
        ansprechperson=kommune.ansprechperson or user.anzeigename,
        email=kommune.email or user.email,
        telefon=kommune.telefon,
        ki_name=kommune.ki_name,
        ki_anschrift=", ".join(t for t in [kommune.ki_strasse, f"{kommune.ki_plz} {kommune.ki_ort}".strip()] if t),
        kontoinhaber=kommune.kontoinhaber,
        iban=kommune.iban,
        bic=kommune.bic,
    )


#: Taken over from the earlier Antrag (issue 14 item 9). The declarations about lasting facts (KI, Angliederung,
#: Lenkungsgruppe with its members, frühere Förderung) are kept; those about this year's Ausgaben and staff
#: (Nr. 4.1 e Qualifikation, 4.2 Doppelförderung, 3.2 JMD/MBE) are declared anew. The Bankverbindung comes
#: from the master data (its changes are audited there), the contact from the earlier Antrag where it had one.
UEBERNAHME_FELDER = (
    "ki_gefoerdert", "angliederung_ki", "lenkungsgruppe", "lenkungsgruppe_mitglieder", "vorfoerderung",
    "veranstaltungen_beschreibung", "veranstaltungen_betrag", "schnittstellen_beschreibung", "schnittstellen_betrag",
)
UEBERNAHME_KONTAKT = ("ansprechperson", "email", "telefon", "ki_name", "ki_anschrift")
NEU_ZU_ERKLAEREN = ("qualifikation_bestaetigt", "keine_doppelfoerderung", "cm_ausserhalb_jmd_mbe")


def antrag_uebernehmen(user, foerderjahr, quelle):
    """Issue 14 item 9: a new Antrag (an Entwurf: nothing is submitted) for ``foerderjahr`` that takes over the
    Stellen, Begleitmaßnahmen, Weiterleitungen and the Lenkungsgruppe of ``quelle``, an Antrag of the user's own
    Kommune for an earlier Förderjahr. A Stelle keeps its months (von/bis), which now mean the months of the new
    Förderjahr (Nr. 8: Bewilligungszeitraum = Förderjahr); uploads (KIM- and CM-Konzept, Anlage-4-Verträge) are
    not taken over – the new Antrag lists them as "bitte aktuelle Fassung hochladen"
    (selectors.uebernahme_hinweise). Atomic and audited; the Antrag's amounts are recomputed for the new year."""
    if not hat_rolle(user, Rolle.KOMMUNE):
        raise AntragFehler("Nur Beschäftigte einer Kommune können einen Antrag anlegen.")
    if foerderjahr not in regeln.FOERDERJAHRE:
        raise AntragFehler("Anträge gibt es nur für die Förderjahre 2025 bis 2028 (Nr. 8).")
    pruefe(user, "antrag.bearbeiten", quelle)
    if quelle.kommune_id != user.kommune_id:  # pruefe already refuses it; never copy another Kommune's data
        raise AntragFehler("Übernehmen lässt sich nur ein Antrag Ihrer eigenen Kommune.")
    if quelle.foerderjahr >= foerderjahr:
        raise AntragFehler(
            f"Übernehmen lässt sich nur ein Antrag eines früheren Förderjahres; der Antrag {quelle.foerderjahr} "
            f"ist nicht älter als {foerderjahr}. Bitte wählen Sie ein späteres Förderjahr."
        )
    kommune = user.kommune
    try:
        with transaction.atomic():
            felder = _stammdaten_des_antrags(kommune, user)
            felder.update({f: getattr(quelle, f) for f in UEBERNAHME_KONTAKT if getattr(quelle, f)})
            felder.update({f: getattr(quelle, f) for f in UEBERNAHME_FELDER})
            antrag = Antrag.objects.create(**felder, foerderjahr=foerderjahr, uebernommen_aus=quelle)
            stellen = [
                Stelle(antrag=antrag, zeile=s.zeile, position=s.position,
                       **{f: getattr(s, f) for f in STELLEN_FELDER})
                for s in quelle.stellen.all()
            ]
            Stelle.objects.bulk_create(stellen)
            weiterleitungen = [
                Weiterleitung(antrag=antrag, zweck=w.zweck, kreisangehoerige=w.kreisangehoerige, traeger=w.traeger,
                              betrag=w.betrag, stellen=w.stellen)
                for w in quelle.weiterleitungen.select_related("kreisangehoerige", "traeger")
                # A recipient that no longer belongs to the Kommune (master data changed) is not taken over.
                if (w.kreisangehoerige_id and w.kreisangehoerige.kreis_id == kommune.pk)
                or (w.traeger_id and w.traeger.kommune_id == kommune.pk)
            ]
            Weiterleitung.objects.bulk_create(weiterleitungen)
            ergebnis = _neu_berechnen(antrag)
            protokolliere(
                antrag, user, f"Antrag angelegt – Angaben aus dem Antrag {quelle.foerderjahr} übernommen",
                nach_status=antrag.status,
                daten={"quelle": quelle.pk, "quelle_nummer": quelle.nummer, "stellen": len(stellen),
                       "weiterleitungen": len(weiterleitungen), "gesamt": str(ergebnis.summen.gesamt),
                       "neu_hochzuladen": [h["titel"] for h in _uebernahme_hinweise(antrag, quelle)]},
            )
    except IntegrityError:
        raise _schon_vorhanden(foerderjahr)
    return antrag


def _uebernahme_hinweise(antrag, quelle):
    from .selectors import uebernahme_hinweise

    return uebernahme_hinweise(antrag, quelle)


#: Fields of the Antrag a Kommune edits section by section (the section forms' fields, nothing else).
def _abschnitt_felder():
    from .forms import AntragstellerForm, BegleitmassnahmenForm, VoraussetzungenForm

    return {f for form in (AntragstellerForm, VoraussetzungenForm, BegleitmassnahmenForm) for f in form.Meta.fields}


STELLEN_FELDER = ("art", "vzae", "von_monat", "bis_monat", "besetzt", "name", "qualifikation", "personalausgaben",
                  "sachausgaben")


@transaction.atomic
def abschnitt_speichern(antrag, user, *, titel, werte):
    """Save one section: ``werte`` {field of the Antrag: cleaned value}; recompute the amounts."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    unbekannt = set(werte) - _abschnitt_felder()
    if unbekannt:
        raise AntragFehler("Diese Angaben gehören zu keinem Abschnitt des Antrags.")
    geaendert = [feld for feld, wert in werte.items() if getattr(antrag, feld) != wert]
    for feld, wert in werte.items():
        setattr(antrag, feld, wert)
    antrag.save()
    _neu_berechnen(antrag)
    if geaendert:
        protokolliere(antrag, user, f"Abschnitt „{titel}“ gespeichert", daten={"felder": geaendert})
    return antrag


@transaction.atomic
def stellen_speichern(antrag, user, *, zeilen):
    """Save the Stellen table as the user sees it. ``zeilen``: in row order, each {"pk": id of an existing
    Stelle or None, "loeschen": bool, and the STELLEN_FELDER}. Kennungen (K1, VA1, CM1 …) follow the row
    order."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    vorhandene = {s.pk: s for s in antrag.stellen.all()}
    in_reihenfolge = []
    for zeile in zeilen:
        pk = zeile.get("pk")
        if pk is not None and pk not in vorhandene:
            raise AntragFehler("Diese Stelle gehört nicht zu diesem Antrag.")
        if zeile.get("loeschen"):
            if pk is not None:
                vorhandene[pk].delete()
            continue
        stelle = vorhandene[pk] if pk is not None else Stelle(antrag=antrag)
        for feld in STELLEN_FELDER:
            if feld in zeile:
                setattr(stelle, feld, zeile[feld])
        in_reihenfolge.append(stelle)
    zaehler = {}
    for nummer, stelle in enumerate(in_reihenfolge, start=1):
        zaehler[stelle.art] = zaehler.get(stelle.art, 0) + 1
        stelle.position = zaehler[stelle.art]
        stelle.zeile = nummer
        stelle.save()
    ergebnis = _neu_berechnen(antrag)
    protokolliere(
        antrag, user, "Stellen gespeichert",
        daten={"anzahl": len(in_reihenfolge), "gesamt": str(ergebnis.summen.gesamt)},
    )
    return antrag


# --- Weiterleitungen (Nr. 3.2) ----------------------------------------------------------------------------


@transaction.atomic
def weiterleitung_speichern(antrag, user, *, zweck, betrag, stellen, kreisangehoerige=None, traeger=None,
                            vertrag_datei=None, weiterleitung_id=None):
    """Save a new Weiterleitung (or change the one ``weiterleitung_id``) of this Antrag to exactly one
    recipient, checked under the lock against the Stellen (Nr. 3.2, 5.4)."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    if weiterleitung_id is None:
        weiterleitung = Weiterleitung(antrag=antrag)
    else:
        weiterleitung = antrag.weiterleitungen.filter(pk=weiterleitung_id).first()
        if weiterleitung is None:
            raise AntragFehler("Diese Weiterleitung gibt es in diesem Antrag nicht (mehr).")
    if ((kreisangehoerige is not None and kreisangehoerige.kreis_id != antrag.kommune_id)
            or (traeger is not None and traeger.kommune_id != antrag.kommune_id)):
        raise AntragFehler("Dieser Empfänger gehört nicht zu Ihrer Kommune.")
    weiterleitung.zweck, weiterleitung.betrag, weiterleitung.stellen = zweck, betrag, stellen
    weiterleitung.kreisangehoerige, weiterleitung.traeger = kreisangehoerige, traeger
    # Checked again under the lock: the Stellen may have changed since the form was validated.
    fehler = weiterleitung_fehler(antrag, weiterleitung.zweck, weiterleitung.stellen, weiterleitung.betrag,
                                  ausser=weiterleitung.pk)
    if fehler:
        raise AntragFehler(" ".join(t for texte in fehler.values() for t in texte))
    if weiterleitung.traeger_id and vertrag_datei:
        weiterleitung.vertrag = _upload(antrag, user, vertrag_datei, "anlage4",
                                        f"Weiterleitungsvertrag {weiterleitung.traeger}")
    weiterleitung.save()
    protokolliere(antrag, user, f"Weiterleitung an {weiterleitung.empfaenger} gespeichert",
                  daten={"betrag": str(weiterleitung.betrag)})
    return weiterleitung


@transaction.atomic
def weiterleitung_vertrag_hochladen(antrag, user, weiterleitung_id, datei):
    """The current Weiterleitungsvertrag (Anlage 4) for a Weiterleitung an einen Träger of this Antrag – e.g. one
    taken over from the Vorjahr, whose Vertrag is not taken over (issue 14 item 9)."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    weiterleitung = antrag.weiterleitungen.select_related("traeger").filter(pk=weiterleitung_id).first()
    if weiterleitung is None:
        raise AntragFehler("Diese Weiterleitung gibt es in diesem Antrag nicht (mehr).")
    if not weiterleitung.traeger_id:
        raise AntragFehler("Ein Weiterleitungsvertrag nach Anlage 4 gehört nur zu einer Weiterleitung an einen Träger.")
    weiterleitung.vertrag = _upload(antrag, user, datei, "anlage4", f"Weiterleitungsvertrag {weiterleitung.traeger}")
    weiterleitung.save(update_fields=["vertrag"])
    protokolliere(antrag, user, f"Weiterleitungsvertrag (Anlage 4) mit {weiterleitung.traeger} hochgeladen",
                  daten={"sha256": weiterleitung.vertrag.sha256})
    return weiterleitung


@transaction.atomic
def weiterleitung_entfernen(antrag, user, weiterleitung_id):
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    weiterleitung = antrag.weiterleitungen.filter(pk=weiterleitung_id).first()
    if weiterleitung is None:
        raise AntragFehler("Diese Weiterleitung gibt es in diesem Antrag nicht (mehr).")
    protokolliere(antrag, user, f"Weiterleitung an {weiterleitung.empfaenger} entfernt")
    weiterleitung.delete()


def _upload(antrag, user, datei, art, titel):
    try:
        return datei_speichern(datei=datei, bezug=antrag, kommune=antrag.kommune, benutzer=user, titel=titel,
                               art=art)
    except DokumentFehler as fehler:
        raise AntragFehler(fehler.meldung)


UPLOAD_FELDER = {
    "kim_konzept": ("kim_konzept", "KIM-Konzept (Nr. 4.1 d)"),
    "cm_konzept": ("cm_konzept", "Case-Management-Konzept (Nr. 4.1 f)"),
}


@transaction.atomic
def konzept_hochladen(antrag, user, feld, datei):
    if feld not in UPLOAD_FELDER:
        raise AntragFehler("Unbekanntes Dokument.")
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    art, titel = UPLOAD_FELDER[feld]
    dokument = _upload(antrag, user, datei, art, titel)
    setattr(antrag, feld, dokument)
    antrag.save(update_fields=[feld, "geaendert_am"])
    protokolliere(antrag, user, f"{titel} hochgeladen", daten={"sha256": dokument.sha256})
    return dokument


@transaction.atomic
def einreichen(antrag, user, *, versicherung):
    """Freeze the Antrag, render its Anlage 1 (a new version each time) and hand it to the Bezirksregierung.

    § 24 Abs. 3 VwVfG NRW: every Antrag is received. Only formal completeness (einreichungsmaengel) and the
    Versicherung "Die Angaben sind vollständig und richtig" are required; blocking findings of the rules block only
    the Bescheid, and an Antrag after the Antragsfrist is received and marked as verspätet eingegangen (with the
    Frist it missed), for the Sachbearbeitung to grant a Fristausnahme afterwards or to reject it."""
    antrag = _sperren(antrag)
    pruefe(user, "antrag.bearbeiten", antrag)
    if antrag.status == AntragStatus.EINGEREICHT:
        return antrag  # idempotent: a double click submits once
    ergebnis = berechnung(antrag)
    maengel = einreichungsmaengel(antrag, ergebnis)
    if versicherung is not True:
        maengel.append(Mangel("Bitte versichern Sie, dass die Angaben vollständig und richtig sind.",
                              "id_versicherung"))
    if maengel:
        raise AntragFehler("Der Antrag kann noch nicht eingereicht werden.", maengel)
    von = antrag.status
    if not can_proceed(antrag.einreichen):
        raise AntragFehler(f"Im Status „{antrag.get_status_display()}“ kann nicht eingereicht werden.")
    versaeumt = fristversaeumnis(antrag)
    hinweise = [str(h) for h in einreichungshinweise(antrag, ergebnis)]
    antrag.einreichen()
    jetzt = zeit.jetzt()
    antrag.version += 1
    antrag.eingereicht_am = jetzt
    antrag.eingereicht_von = user
    antrag.beantragt = ergebnis.summen.gesamt
    if versaeumt:
        antrag.verspaetet_eingegangen_am = zeit.heute()
        antrag.versaeumte_frist = versaeumt[0]
    antrag.save()
    dokument = pdf_erzeugen(
        schluessel=f"antrag-{antrag.pk}-anlage1-v{antrag.version}",
        template_name=ANLAGE1_TEMPLATE,
        context=anlage1_kontext(antrag, ergebnis, user, jetzt),
        bezug=antrag,
        kommune=antrag.kommune,
        benutzer=user,
        titel=f"Anlage 1 – Antrag {antrag.foerderjahr}, Fassung {antrag.version}",
        art="anlage1",
        dateiname=f"Antrag-KIM-{antrag.foerderjahr}-{antrag.kommune.ags}-v{antrag.version}.pdf",
    )
    Anlage1.objects.create(antrag=antrag, version=antrag.version, dokument=dokument,
                           gesamt=ergebnis.summen.gesamt, eingereicht_am=jetzt)
    protokolliere(
        antrag, user, "Antrag eingereicht" if antrag.version == 1 else "Antrag erneut eingereicht",
        von_status=von, nach_status=antrag.status,
        daten={"version": antrag.version, "gesamt": str(ergebnis.summen.gesamt), "sha256": dokument.sha256,
               "versicherung": True, "hinweise": hinweise,
               **({"verspaetet": True, "versaeumte_frist": antrag.versaeumte_frist.isoformat()} if versaeumt else {})},
    )
    verspaetet = (f" Verspätet eingegangen: die Frist endete am {antrag.versaeumte_frist:%d.%m.%Y}; bitte entscheiden "
                  "Sie über eine Ausnahme von der Frist oder eine Ablehnung." if versaeumt else "")
    benachrichtigen(
        _sachbearbeitung(), f"Antrag {antrag.foerderjahr} von {antrag.kommune} eingereicht (Fassung {antrag.version})"
        + (" – verspätet" if versaeumt else ""),
        f"{antrag.kommune} hat den Antrag für {antrag.foerderjahr} eingereicht (Fassung {antrag.version}, "
        f"{regeln.betrag_de(ergebnis.summen.gesamt)}).{verspaetet}",
        link=reverse("antrag_detail", args=[antrag.pk]),
    )
    return antrag


@transaction.atomic
def zurueckziehen(antrag, user, grund=""):
    """The Kommune withdraws its open Antrag (Entwurf, eingereicht, in Prüfung, Nachforderung); once decided,
    it can no longer be withdrawn (a Bescheid is then changed or revoked, not the Antrag)."""
    antrag = _sperren(antrag)
    pruefe(user, "antrag.bearbeiten", antrag)
    von = antrag.status
    _status_wechsel(antrag, user, "zurueckziehen", "Antrag zurückgezogen", notiz=grund)
    if von != AntragStatus.ENTWURF:
        benachrichtigen(
            _sachbearbeitung(), f"Antrag {antrag.foerderjahr} von {antrag.kommune} zurückgezogen",
            f"{antrag.kommune} hat den Antrag für {antrag.foerderjahr} zurückgezogen"
            + (f": {grund}" if grund else "."),
            link=reverse("antrag_detail", args=[antrag.pk]),
        )
    return antrag


@transaction.atomic
def pruefung_beginnen(antrag, user):
    antrag = _sperren(antrag)
    pruefe(user, "antrag.pruefen", antrag)
    if antrag.status == AntragStatus.IN_PRUEFUNG:
        return antrag
    _status_wechsel(antrag, user, "pruefung_beginnen", "Prüfung begonnen")
    return antrag


@transaction.atomic
def nachforderung_stellen(antrag, user, fragen, antwort_frist=None):
    """Ask the Kommune for changes. ``antwort_frist``: the day the answer is asked for by; default four weeks
    from today (regeln.nachforderung_frist, shifted to a Werktag in NRW); one set by the Sachbearbeiterin is
    checked by regeln.nachforderung_frist_pruefen. The Kommune is told the Frist."""
    antrag = _sperren(antrag)
    pruefe(user, "antrag.pruefen", antrag)
    fragen = (fragen or "").strip()
    if not fragen:
        raise AntragFehler("Bitte schreiben Sie die Fragen an die Kommune auf.", feld="fragen")
    heute = zeit.heute()
    if antwort_frist is None:
        antwort_frist = regeln.nachforderung_frist(heute)
    else:
        try:
            regeln.nachforderung_frist_pruefen(heute, antwort_frist)
        except regeln.RegelFehler as fehler:
            raise AntragFehler(str(fehler), feld="antwort_frist")
    runde = antrag.nachforderungen.count() + 1
    _status_wechsel(antrag, user, "nachfordern", f"Nachforderung {runde} gestellt", notiz=fragen,
                    daten={"antwort_frist": antwort_frist.isoformat()})
    Nachforderung.objects.create(antrag=antrag, runde=runde, fragen=fragen, gestellt_von=user,
                                 gestellt_am=zeit.jetzt(), antwort_frist=antwort_frist)
    benachrichtigen(
        antrag.kommune.benutzer.filter(is_active=True),
        f"Nachforderung zu Ihrem Antrag {antrag.foerderjahr} – Antwort bis {antwort_frist:%d.%m.%Y}",
        f"Die Bezirksregierung Arnsberg bittet um Ergänzungen zu Ihrem Antrag {antrag.foerderjahr} bis zum "
        f"{antwort_frist:%d.%m.%Y}:\n\n{fragen}",
        link=reverse("antrag_detail", args=[antrag.pk]),
    )
    return antrag


@transaction.atomic
def nachforderung_beantworten(antrag, user, antwort):
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    antwort = (antwort or "").strip()
    if not antwort:
        raise AntragFehler("Bitte schreiben Sie eine Antwort.")
    offen = antrag.nachforderungen.filter(beantwortet_am__isnull=True).order_by("-runde").first()
    if offen is None:
        raise AntragFehler("Es gibt keine offene Nachforderung zu diesem Antrag.")
    offen.antwort = antwort
    offen.beantwortet_von = user
    offen.beantwortet_am = zeit.jetzt()
    offen.save()
    protokolliere(antrag, user, f"Nachforderung {offen.runde} beantwortet", notiz=antwort)
    return offen


@transaction.atomic
def fristausnahme_erteilen(user, kommune, foerderjahr, neue_frist, begruendung):
    pruefe(user, "antrag.pruefen", kommune)
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise AntragFehler("Bitte begründen Sie die Ausnahme von der Antragsfrist.")
    if neue_frist < zeit.heute():
        raise AntragFehler("Die neue Frist muss heute oder später enden.")
    if not regeln.ist_werktag_nrw(neue_frist):
        # § 31 Abs. 3 VwVfG NRW would carry such a Frist to the next Werktag anyway; the date the Kommune is
        # told must be the day it really ends.
        werktag = regeln.naechster_werktag(neue_frist)
        raise AntragFehler(
            f"Der {neue_frist:%d.%m.%Y} ist kein Werktag in NRW; eine Frist endet dann erst am nächsten Werktag "
            f"(§ 31 Abs. 3 VwVfG NRW). Bitte wählen Sie einen Werktag, z. B. den {werktag:%d.%m.%Y}."
        )
    ausnahme, neu = Fristausnahme.objects.update_or_create(
        kommune=kommune, foerderjahr=foerderjahr,
        defaults={"neue_frist": neue_frist, "begruendung": begruendung, "erteilt_von": user,
                  "erteilt_am": zeit.jetzt()},
    )
    protokolliere(
        kommune, user, f"Ausnahme von der Antragsfrist {foerderjahr} bis {neue_frist:%d.%m.%Y}",
        notiz=begruendung,
    )
    return ausnahme


ENTSCHEIDUNGEN = {
    "bewilligen": "Antrag bewilligt",
    "teilweise_bewilligen": "Antrag teilweise bewilligt",
    "ablehnen": "Antrag abgelehnt",
}


def entscheiden(antrag, user, methode, bescheidnummer):
    """Record the decision on the Antrag; called by bescheide.services.freigeben inside its transaction."""
    if methode not in ENTSCHEIDUNGEN:
        raise AntragFehler("Unbekannte Entscheidung.")
    _status_wechsel(antrag, user, methode, ENTSCHEIDUNGEN[methode], notiz=f"Bescheid {bescheidnummer}")
    return antrag


@transaction.atomic
def fristausnahme_nachtraeglich_erteilen(antrag, user, *, begruendung):
    """§ 24 Abs. 3, § 31 Abs. 7 VwVfG NRW: the Sachbearbeitung accepts a late Antrag by extending the Antragsfrist
    afterwards, up to the day the Antrag came in (the next Werktag if that was none). With a reason, audited on
    the Antrag and the Kommune; the Antrag keeps its mark "verspätet eingegangen" with the Ausnahme beside it."""
    antrag = _sperren(antrag)
    pruefe(user, "antrag.pruefen", antrag)
    begruendung = (begruendung or "").strip()
    if not begruendung:
        raise AntragFehler("Bitte begründen Sie die nachträgliche Ausnahme von der Antragsfrist.")
    if not antrag.verspaetet:
        raise AntragFehler("Dieser Antrag ist nicht verspätet eingegangen; eine Ausnahme ist nicht nötig.")
    if antrag.status not in (AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG):
        raise AntragFehler(f"Im Status „{antrag.get_status_display()}“ kann keine Ausnahme mehr erteilt werden.")
    neue_frist = regeln.naechster_werktag(antrag.verspaetet_eingegangen_am)
    vorhanden = Fristausnahme.objects.filter(kommune=antrag.kommune, foerderjahr=antrag.foerderjahr).first()
    if vorhanden and vorhanden.neue_frist >= neue_frist:
        return vorhanden  # idempotent: granted already
    ausnahme, _ = Fristausnahme.objects.update_or_create(
        kommune=antrag.kommune, foerderjahr=antrag.foerderjahr,
        defaults={"neue_frist": neue_frist, "begruendung": begruendung, "erteilt_von": user,
                  "erteilt_am": zeit.jetzt()},
    )
    text = (f"Ausnahme von der Antragsfrist {antrag.foerderjahr} nachträglich erteilt (Frist bis "
            f"{neue_frist:%d.%m.%Y}; eingegangen am {antrag.verspaetet_eingegangen_am:%d.%m.%Y})")
    protokolliere(antrag, user, text, notiz=begruendung,
                  daten={"versaeumte_frist": antrag.versaeumte_frist.isoformat(), "neue_frist": neue_frist.isoformat()})
    protokolliere(antrag.kommune, user, text, notiz=begruendung)
    benachrichtigen(
        antrag.kommune.benutzer.filter(is_active=True),
        f"Ihr Antrag {antrag.foerderjahr}: Ausnahme von der Antragsfrist erteilt",
        f"Die Bezirksregierung Arnsberg hat für Ihren am {antrag.verspaetet_eingegangen_am:%d.%m.%Y} eingegangenen "
        f"Antrag {antrag.foerderjahr} nachträglich eine Ausnahme von der Antragsfrist erteilt:\n\n{begruendung}",
        link=reverse("antrag_detail", args=[antrag.pk]),
    )
    return ausnahme
