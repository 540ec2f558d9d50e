"""Writes of the Antrag: one function per transition, each atomic, permission- and state-checked, audited."""
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_fsm import can_proceed

from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.services import DokumentFehler, datei_speichern, pdf_erzeugen
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.stammdaten.models import CMKontingent
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import pruefe

from .models import (
    Anlage1,
    Antrag,
    AntragStatus,
    Fristausnahme,
    Nachforderung,
    Stelle,
)


class AntragFehler(Exception):
    """A domain error with a German sentence for the user; views show it as a message."""

    def __init__(self, meldung, maengel=None):
        super().__init__(meldung)
        self.meldung = meldung
        self.maengel = maengel or []


# --- rules: every number comes from kim_foerderung.regeln ----------------------------------------------


@dataclass(frozen=True)
class StellenZeile:
    """A Stelle as the rules see it, from the database or from an unsaved form."""

    kennung: str
    art: str
    vzae: Decimal
    von_monat: int
    bis_monat: int
    besetzt: bool = False
    personalausgaben: Decimal | None = None
    sachausgaben: Decimal | None = None
    name: str = ""
    qualifikation: str = ""


def cm_kontingent(kommune, foerderjahr):
    eintrag = CMKontingent.objects.filter(kommune=kommune, foerderjahr=foerderjahr).first()
    return eintrag.vzae if eintrag else None


def fall_bauen(*, foerderjahr, zeilen, kommune=None, kommune_art=None, veranstaltungen=None, schnittstellen=None,
               qualifizierte=None, kontingent="auto"):
    """The rules' Fall for Stellen rows: for a Kommune (Art, Nr. 4.3 count and CM-Kontingent from Stammdaten),
    or for a bare Kommune-Art on the Förderrechner page."""
    if kommune is not None:
        kommune_art = kommune.art
        if qualifizierte is None:
            qualifizierte = kommune.qualifizierte_kreisangehoerige_anzahl()
        if kontingent == "auto":
            kontingent = cm_kontingent(kommune, foerderjahr)
    if kontingent == "auto":
        kontingent = None
    stellen = tuple(
        regeln.StelleEingabe(
            id=z.kennung,
            art=z.art,
            vzae=z.vzae,
            von=regeln.Monat(foerderjahr, z.von_monat),
            bis=regeln.Monat(foerderjahr, z.bis_monat),
            personalausgaben=z.personalausgaben,
            sachausgaben=z.sachausgaben,
            besetzt=z.besetzt,
        )
        for z in zeilen
    )
    return regeln.Fall(
        foerderjahr=foerderjahr,
        kommune_art=kommune_art,
        qualifizierte_kreisangehoerige=qualifizierte or 0,
        cm_kontingent_vzae=kontingent,
        stellen=stellen,
        veranstaltungen=veranstaltungen,
        schnittstellen=schnittstellen,
    )


def zeilen_aus_stellen(stellen):
    return [
        StellenZeile(
            kennung=s.kennung, art=s.art, vzae=s.vzae, von_monat=s.von_monat, bis_monat=s.bis_monat,
            besetzt=s.besetzt, personalausgaben=s.personalausgaben, sachausgaben=s.sachausgaben,
        )
        for s in stellen
    ]


def berechnung(antrag):
    """The rules' Ergebnis for the stored Antrag."""
    return regeln.berechne(
        fall_bauen(
            kommune=antrag.kommune,
            foerderjahr=antrag.foerderjahr,
            zeilen=zeilen_aus_stellen(antrag.stellen.all()),
            veranstaltungen=antrag.veranstaltungen_betrag,
            schnittstellen=antrag.schnittstellen_betrag,
        )
    )


def _neu_berechnen(antrag):
    ergebnis = berechnung(antrag)
    antrag.beantragt = ergebnis.summen.gesamt
    antrag.blockierende_befunde = sum(1 for b in ergebnis.befunde if b.blockierend)
    antrag.save(update_fields=["beantragt", "blockierende_befunde", "geaendert_am"])
    return ergebnis


# --- Antragsfrist (Nr. 7.1.2) ---------------------------------------------------------------------------


def antragsfrist(foerderjahr):
    return regeln.antragsfrist(foerderjahr, settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG)


def frist_fuer(kommune, foerderjahr):
    """(Frist, Fristausnahme or None) for this Kommune: an exception replaces the regular Frist."""
    ausnahme = Fristausnahme.objects.filter(kommune=kommune, foerderjahr=foerderjahr).first()
    if ausnahme:
        return ausnahme.neue_frist, ausnahme
    return antragsfrist(foerderjahr), None


def fristen_der_kommune(kommune):
    """{Förderjahr: (Frist, Fristausnahme or None)} for every Förderjahr, with one query for the exceptions
    (lists call this once instead of frist_fuer per row). Without a Kommune: the regular Fristen."""
    ausnahmen = {}
    if kommune is not None:
        ausnahmen = {a.foerderjahr: a for a in Fristausnahme.objects.filter(kommune=kommune)}
    return {
        jahr: (ausnahmen[jahr].neue_frist, ausnahmen[jahr]) if jahr in ausnahmen else (antragsfrist(jahr), None)
        for jahr in regeln.FOERDERJAHRE
    }


def naechste_antragsfrist(kommune=None, fristen=None, ausser=()):
    """The next Antragsfrist from today (Nr. 7.1.2) for this Kommune, its exception included, as
    {"foerderjahr", "datum", "tage", "ausnahme"}; Förderjahre in ``ausser`` are skipped. None if none is left."""
    fristen = fristen if fristen is not None else fristen_der_kommune(kommune)
    heute = zeit.heute()
    for jahr in regeln.FOERDERJAHRE:
        frist, ausnahme = fristen[jahr]
        if jahr not in ausser and frist >= heute:
            return {"foerderjahr": jahr, "datum": frist, "tage": (frist - heute).days, "ausnahme": ausnahme}
    return None


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
                kommune=kommune,
                foerderjahr=foerderjahr,
                angelegt_von=user,
                ansprechperson=kommune.ansprechperson or user.anzeigename,
                email=kommune.email or user.email,
                telefon=kommune.telefon,
                ki_name=kommune.ki_name,
                ki_anschrift=", ".join(t for t in [kommune.ki_strasse, f"{kommune.ki_plz} {kommune.ki_ort}".strip()]
                                       if t),
                kontoinhaber=kommune.kontoinhaber,
                iban=kommune.iban,
                bic=kommune.bic,
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
        raise AntragFehler(
            f"Für das Förderjahr {foerderjahr} gibt es bereits einen offenen Antrag Ihrer Kommune. "
            "Bitte bearbeiten Sie diesen."
        )
    return antrag


@transaction.atomic
def abschnitt_speichern(antrag, user, form):
    """Save one section (a ModelForm on the Antrag) and recompute the amounts."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    geaendert = [f for f in form.changed_data if f in form.Meta.fields]
    for feld in form.Meta.fields:
        setattr(antrag, feld, form.cleaned_data[feld])
    antrag.save()
    _neu_berechnen(antrag)
    if geaendert:
        protokolliere(antrag, user, f"Abschnitt „{form.titel}“ gespeichert", daten={"felder": geaendert})
    return antrag


@transaction.atomic
def stellen_speichern(antrag, user, formset):
    """Save the Stellen table as the user sees it; Kennungen (K1, VA1, CM1 …) follow the row order."""
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    in_reihenfolge = []
    for form in formset.forms:
        if not form.cleaned_data:
            continue
        stelle = form.instance
        if stelle.pk and stelle.antrag_id != antrag.pk:
            raise AntragFehler("Diese Stelle gehört nicht zu diesem Antrag.")
        if form.cleaned_data.get("DELETE"):
            if stelle.pk:
                stelle.delete()
            continue
        stelle = form.save(commit=False)
        stelle.antrag = antrag
        in_reihenfolge.append(stelle)
    zaehler = {}
    for zeile, stelle in enumerate(in_reihenfolge, start=1):
        zaehler[stelle.art] = zaehler.get(stelle.art, 0) + 1
        stelle.position = zaehler[stelle.art]
        stelle.zeile = zeile
        stelle.save()
    ergebnis = _neu_berechnen(antrag)
    protokolliere(
        antrag, user, "Stellen gespeichert",
        daten={"anzahl": len(in_reihenfolge), "gesamt": str(ergebnis.summen.gesamt)},
    )
    return antrag


# --- Weiterleitungen (Nr. 3.2): which Stellen, and not more than they are funded with --------------------

KENNUNG_MUSTER = re.compile(r"^(K|VA|CM)([1-9][0-9]{0,2})$")
WEITERLEITUNG_ART = {
    # Zweck of the Weiterleitung → the Art of Stelle it may carry (Nr. 3.2 Satz 1: Nr. 2.1; Satz 2: Nr. 2.2).
    regeln.KOORDINATION: (regeln.KOORDINATION, "Koordinationsstellen"),
    regeln.CASE_MANAGEMENT: (regeln.CASE_MANAGEMENT, "Case-Management-Stellen"),
}


def kennungen_lesen(text):
    """"cm1, CM2; K4" → (["CM1", "CM2", "K4"], ["…" that is no Kennung]) in the order written, without repeats."""
    kennungen, unbekannt = [], []
    for teil in re.split(r"[\s,;/]+", (text or "").strip()):
        if not teil:
            continue
        kennung = teil.upper()
        if not KENNUNG_MUSTER.match(kennung):
            unbekannt.append(teil)
        elif kennung not in kennungen:
            kennungen.append(kennung)
    return kennungen, unbekannt


def weiterleitung_fehler(antrag, zweck, stellen_text, betrag, ergebnis=None, ausser=None):
    """German sentences per field ({"stellen": [...], "betrag": [...]}) for a Weiterleitung of this Antrag:
    the named Stellen must exist, be of the Art the Zweck allows (Nr. 3.2), be named by no other Weiterleitung
    (``ausser``: the pk of the one being checked), and the amount must not exceed the fundable amount of those
    Stellen under Nr. 5.4 (computed by kim_foerderung.regeln)."""
    fehler = {}
    kennungen, unbekannt = kennungen_lesen(stellen_text)
    if unbekannt:
        fehler.setdefault("stellen", []).append(
            f"„{'“, „'.join(unbekannt)}“ ist keine Stellenkennung. Bitte nennen Sie die Kennungen aus der "
            "Stellentabelle, durch Komma getrennt, z. B. CM1, CM2."
        )
    if not kennungen:
        if not unbekannt:
            fehler.setdefault("stellen", []).append(
                "Nr. 3.2: Bitte nennen Sie die Stellen, deren Zuwendung weitergeleitet wird (Kennungen aus der "
                "Stellentabelle, z. B. CM1, CM2)."
            )
        return fehler
    stellen = {s.kennung: s for s in antrag.stellen.all()}
    fehlend = [k for k in kennungen if k not in stellen]
    if fehlend:
        vorhanden = ", ".join(stellen) or "keine – bitte tragen Sie die Stellen zuerst in Abschnitt 4 ein"
        fehler.setdefault("stellen", []).append(
            f"Nr. 3.2: Die Stelle{'n' if len(fehlend) > 1 else ''} {', '.join(fehlend)} "
            f"gibt es in diesem Antrag nicht. Vorhanden: {vorhanden}."
        )
    if zweck in WEITERLEITUNG_ART:
        art, art_text = WEITERLEITUNG_ART[zweck]
        falsch = [k for k in kennungen if k in stellen and stellen[k].art != art]
        if falsch:
            beschreibung = ", ".join(f"{k} ist {stellen[k].get_art_display()}" for k in falsch)
            fehler.setdefault("stellen", []).append(
                f"Nr. 3.2: Mit dieser Weiterleitung können nur {art_text} weitergeleitet werden ({beschreibung}). "
                "Bitte nennen Sie nur passende Stellen oder wählen Sie den anderen Zweck."
            )
    # A Stelle's Zuwendung can be passed on once: otherwise two recipients could each claim its full amount.
    vergeben = {}
    for andere in antrag.weiterleitungen.exclude(pk=ausser).select_related("kreisangehoerige", "traeger"):
        for k in kennungen_lesen(andere.stellen)[0]:
            vergeben.setdefault(k, andere)
    doppelt = [k for k in kennungen if k in vergeben]
    if doppelt:
        beschreibung = ", ".join(f"{k} an {vergeben[k].empfaenger}" for k in doppelt)
        fehler.setdefault("stellen", []).append(
            f"Nr. 3.2: Diese Stellen werden schon weitergeleitet ({beschreibung}). Eine Stelle kann nur an "
            "einen Empfänger weitergeleitet werden; bitte entfernen Sie sie hier oder dort."
        )
    if "stellen" in fehler or betrag is None:
        return fehler
    ergebnis = ergebnis or berechnung(antrag)
    foerderfaehig = sum((ergebnis.stelle(k).gesamt for k in kennungen), Decimal("0.00"))
    if betrag > foerderfaehig:
        fehler.setdefault("betrag", []).append(
            f"Nr. 3.2, 5.4: {regeln.betrag_de(betrag)} übersteigen die förderfähige Zuwendung der Stelle"
            f"{'n' if len(kennungen) > 1 else ''} {', '.join(kennungen)} ({regeln.betrag_de(foerderfaehig)}). "
            f"Bitte geben Sie höchstens {regeln.betrag_de(foerderfaehig)} an."
        )
    return fehler


@transaction.atomic
def weiterleitung_speichern(antrag, user, form):
    antrag = _sperren(antrag)
    _pruefe_bearbeitbar(antrag, user)
    weiterleitung = form.save(commit=False)
    weiterleitung.antrag = antrag
    # Checked again under the lock: the Stellen may have changed since the form was validated.
    fehler = weiterleitung_fehler(antrag, weiterleitung.zweck, weiterleitung.stellen, weiterleitung.betrag,
                                  ausser=weiterleitung.pk)
    if fehler:
        raise AntragFehler(" ".join(t for texte in fehler.values() for t in texte))
    if weiterleitung.traeger_id and form.cleaned_data.get("vertrag_datei"):
        weiterleitung.vertrag = _upload(antrag, user, form.cleaned_data["vertrag_datei"], "anlage4",
                                        f"Weiterleitungsvertrag {weiterleitung.traeger}")
    weiterleitung.save()
    protokolliere(antrag, user, f"Weiterleitung an {weiterleitung.empfaenger} gespeichert",
                  daten={"betrag": str(weiterleitung.betrag)})
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


def einreichungsmaengel(antrag, ergebnis=None):
    """Everything that blocks submitting, as German sentences with the Richtlinie number."""
    ergebnis = ergebnis or berechnung(antrag)
    maengel = [b.text for b in ergebnis.befunde if b.blockierend]
    stellen = list(antrag.stellen.all())
    if not stellen:
        maengel.append("Nr. 2.1, 5.4.1: Bitte tragen Sie mindestens eine Stelle ein.")
    if ergebnis.summen.gesamt <= 0:
        maengel.append("Nr. 5.4: Der Antrag enthält keinen förderfähigen Betrag.")
    pflicht = [
        ("ki_gefoerdert", "Nr. 4.1 a: Bitte bestätigen Sie den Betrieb eines geförderten KI."),
        ("angliederung_ki", "Nr. 4.1 b: Bitte bestätigen Sie die Angliederung der Koordinationsstellen an das KI."),
        ("lenkungsgruppe", "Nr. 4.1 c: Bitte bestätigen Sie die Lenkungsgruppe."),
        ("qualifikation_bestaetigt", "Nr. 4.1 e: Bitte bestätigen Sie die fachlichen Abschlüsse."),
        ("keine_doppelfoerderung", "Nr. 4.2: Bitte erklären Sie, dass keine Doppelförderung vorliegt."),
    ]
    maengel += [text for feld, text in pflicht if not getattr(antrag, feld)]
    if antrag.lenkungsgruppe and not antrag.lenkungsgruppe_mitglieder.strip():
        maengel.append("Nr. 4.1 c: Bitte nennen Sie die Mitglieder der Lenkungsgruppe.")
    if not antrag.kim_konzept_id:
        maengel.append("Nr. 4.1 d: Bitte laden Sie das KIM-Konzept als PDF hoch.")
    hat_cm = any(s.art == regeln.CASE_MANAGEMENT for s in stellen)
    if hat_cm and not antrag.cm_konzept_id:
        maengel.append("Nr. 4.1 f: Bitte laden Sie das Case-Management-Konzept als PDF hoch.")
    if hat_cm and not antrag.cm_ausserhalb_jmd_mbe:
        maengel.append("Nr. 3.2: Bitte erklären Sie, dass die CM-Stellen außerhalb der JMD/MBE-Tableaus liegen.")
    fehlende_qualifikation = [s.kennung for s in stellen if s.besetzt and not s.qualifikation.strip()]
    if fehlende_qualifikation:
        maengel.append(
            "Nr. 4.1 e: Bitte geben Sie die Qualifikation der besetzten Stellen an: "
            + ", ".join(fehlende_qualifikation) + "."
        )
    if not antrag.iban:
        maengel.append("Bitte geben Sie die Bankverbindung (IBAN) für die Auszahlung an.")
    for w in antrag.weiterleitungen.all():
        if w.traeger_id and not w.vertrag_id:
            maengel.append(f"Nr. 3.2: Für die Weiterleitung an {w.traeger} fehlt der Vertrag nach Anlage 4.")
        # The Stellen may have changed after the Weiterleitung was saved (removed, renumbered, reduced).
        for texte in weiterleitung_fehler(antrag, w.zweck, w.stellen, w.betrag, ergebnis, ausser=w.pk).values():
            maengel += [f"Weiterleitung an {w.empfaenger}: {t}" for t in texte]
    frist, ausnahme = frist_fuer(antrag.kommune, antrag.foerderjahr)
    # The Frist binds the first submission; a re-submission after a Nachforderung answers the authority.
    if antrag.status != AntragStatus.NACHFORDERUNG and zeit.heute() > frist:
        if ausnahme:
            maengel.append(
                f"Nr. 7.1.2: Die Ihnen eingeräumte Frist ist am {frist:%d.%m.%Y} abgelaufen."
            )
        else:
            maengel.append(
                f"Nr. 7.1.2: Die Antragsfrist für {antrag.foerderjahr} ist am {frist:%d.%m.%Y} abgelaufen. "
                "Ein Antrag ist nur noch mit einer Ausnahme der Bezirksregierung möglich."
            )
    offene = antrag.nachforderungen.filter(beantwortet_am__isnull=True)
    if antrag.status == AntragStatus.NACHFORDERUNG and offene.exists():
        maengel.append("Bitte beantworten Sie zuerst die Nachforderung der Bezirksregierung.")
    return maengel


@transaction.atomic
def einreichen(antrag, user):
    """Freeze the Antrag, render its Anlage 1 (a new version each time) and hand it to the Bezirksregierung."""
    antrag = _sperren(antrag)
    pruefe(user, "antrag.bearbeiten", antrag)
    if antrag.status == AntragStatus.EINGEREICHT:
        return antrag  # idempotent: a double click submits once
    ergebnis = berechnung(antrag)
    maengel = einreichungsmaengel(antrag, ergebnis)
    if maengel:
        raise AntragFehler("Der Antrag kann noch nicht eingereicht werden.", maengel)
    von = antrag.status
    if not can_proceed(antrag.einreichen):
        raise AntragFehler(f"Im Status „{antrag.get_status_display()}“ kann nicht eingereicht werden.")
    antrag.einreichen()
    jetzt = zeit.jetzt()
    antrag.version += 1
    antrag.eingereicht_am = jetzt
    antrag.eingereicht_von = user
    antrag.beantragt = ergebnis.summen.gesamt
    antrag.save()
    dokument = pdf_erzeugen(
        schluessel=f"antrag-{antrag.pk}-anlage1-v{antrag.version}",
        template_name="pdf/anlage1.html",
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
        daten={"version": antrag.version, "gesamt": str(ergebnis.summen.gesamt), "sha256": dokument.sha256},
    )
    benachrichtigen(
        _sachbearbeitung(), f"Antrag {antrag.foerderjahr} von {antrag.kommune} eingereicht (Fassung {antrag.version})",
        f"{antrag.kommune} hat den Antrag für {antrag.foerderjahr} eingereicht (Fassung {antrag.version}, "
        f"{regeln.betrag_de(ergebnis.summen.gesamt)}).",
        link=reverse("antrag_detail", args=[antrag.pk]),
    )
    return antrag


def anlage1_kontext(antrag, ergebnis, user, zeitpunkt):
    stellen = list(antrag.stellen.all())
    ergebnisse = {e.id: e for e in ergebnis.stellen}
    return {
        "antrag": antrag,
        "kommune": antrag.kommune,
        "stellen": [(s, ergebnisse.get(s.kennung)) for s in stellen],
        "ergebnis": ergebnis,
        "weiterleitungen": list(antrag.weiterleitungen.select_related("kreisangehoerige", "traeger")),
        "eingereicht_von": user,
        "zeitpunkt": zeitpunkt,
        "nachforderungen": list(antrag.nachforderungen.all()),
    }


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
def nachforderung_stellen(antrag, user, fragen):
    antrag = _sperren(antrag)
    pruefe(user, "antrag.pruefen", antrag)
    fragen = (fragen or "").strip()
    if not fragen:
        raise AntragFehler("Bitte schreiben Sie die Fragen an die Kommune auf.")
    runde = antrag.nachforderungen.count() + 1
    _status_wechsel(antrag, user, "nachfordern", f"Nachforderung {runde} gestellt", notiz=fragen)
    Nachforderung.objects.create(antrag=antrag, runde=runde, fragen=fragen, gestellt_von=user,
                                 gestellt_am=zeit.jetzt())
    benachrichtigen(
        antrag.kommune.benutzer.filter(is_active=True),
        f"Nachforderung zu Ihrem Antrag {antrag.foerderjahr}",
        f"Die Bezirksregierung Arnsberg bittet um Ergänzungen zu Ihrem Antrag {antrag.foerderjahr}:\n\n{fragen}",
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
