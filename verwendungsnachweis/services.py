"""Writes of the verwendungsnachweis app: one function per transition, keyword-only plain values, each checks
role and state, changes the object inside transaction.atomic() with select_for_update and writes the audit
entry (kim_foerderung.protokoll)."""
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bescheide import selectors as bescheid_selectors
from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.briefkopf import briefkopf
from kim_foerderung.dokumente.services import pdf_erzeugen
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.regeln.verwendungsnachweis import pruefergebnis_als_json
from kim_foerderung.zugang.zugriff import pruefe, vier_augen

from . import berechnung, dokument
from .models import (
    Basiszinssatz,
    Beleg,
    Erstattungsbescheid,
    ErstattungStatus,
    NachweisStatus,
    NachweisStelle,
    Verwendungsnachweis,
)


class VerwendungsnachweisFehler(FachlicherFehler):
    """A domain error of the Verwendungsnachweis stage (German sentence for the user)."""


# --- Basiszinssatz (§ 247 BGB), maintained by the Admin --------------------------------------------------


@transaction.atomic
def basiszinssatz_speichern(*, benutzer, gueltig_ab, prozent, quelle=""):
    """Record or correct the Basiszinssatz of the half-year starting ``gueltig_ab`` (audited: old and new)."""
    pruefe(benutzer, "stammdaten.bearbeiten")
    if gueltig_ab is None or gueltig_ab.day != 1 or gueltig_ab.month not in (1, 7):
        raise VerwendungsnachweisFehler("Ein Basiszinssatz gilt ab dem 1. Januar oder dem 1. Juli (§ 247 Abs. 2 "
                                        "BGB); bitte wählen Sie einen dieser Tage.", feld="gueltig_ab")
    try:
        prozent = Decimal(prozent)
    except (InvalidOperation, TypeError):
        raise VerwendungsnachweisFehler("Bitte geben Sie den Basiszinssatz als Zahl an, z. B. 1,27.",
                                        feld="prozent") from None
    if not prozent.is_finite() or prozent != prozent.quantize(Decimal("0.01")) or abs(prozent) >= 100:
        raise VerwendungsnachweisFehler("Der Basiszinssatz hat höchstens zwei Nachkommastellen und liegt zwischen "
                                        "-99,99 und 99,99 %.", feld="prozent")
    satz = Basiszinssatz.objects.select_for_update().filter(gueltig_ab=gueltig_ab).first()
    vorher = None if satz is None else str(satz.prozent)
    if satz is None:
        satz = Basiszinssatz(gueltig_ab=gueltig_ab)
    elif satz.prozent == prozent and satz.quelle == quelle:
        return satz
    satz.prozent = prozent
    satz.quelle = quelle
    satz.erfasst_von = benutzer
    satz.save()
    protokolliere(satz, benutzer, "Basiszinssatz erfasst" if vorher is None else "Basiszinssatz geändert",
                  daten={"gueltig_ab": gueltig_ab.isoformat(), "vorher": vorher, "prozent": str(prozent),
                         "quelle": quelle})
    return satz


# --- Verwendungsnachweis (Nr. 7.4) ----------------------------------------------------------------------


def _sperren(nachweis):
    return Verwendungsnachweis.objects.select_for_update().select_related("antrag__kommune", "bescheid").get(
        pk=nachweis.pk)


def _pruefe_bearbeitbar(nachweis, benutzer):
    pruefe(benutzer, "verwendungsnachweis.bearbeiten", nachweis)
    if not nachweis.bearbeitbar:
        raise VerwendungsnachweisFehler("Der Verwendungsnachweis ist eingereicht und kann nicht mehr geändert "
                                        "werden.")


def _kommune_benutzer(nachweis):
    return Benutzer.objects.filter(kommune=nachweis.antrag.kommune, is_active=True)


def nachweise_eroeffnen(stichtag=None):
    """Open a Verwendungsnachweis for every Bescheid in force whose Bewilligungszeitraum (the Förderjahr) has
    ended by ``stichtag`` (today): prefilled from the Bescheid, due at the VN-Frist (Nr. 7.4). Idempotent (one per
    Antrag, unique constraint and a row lock); returns the number opened."""
    stichtag = stichtag or zeit.heute()
    anzahl = 0
    kandidaten = (bescheid_selectors.wirksame_bescheide()
                  .filter(antrag__foerderjahr__lt=stichtag.year, bestandskraeftig_ab__lte=stichtag)
                  .exclude(antrag__verwendungsnachweis__isnull=False)
                  .select_related("antrag__kommune").prefetch_related("stellen"))
    for bescheid in kandidaten:
        try:
            with transaction.atomic():
                nachweis = _eroeffnen(bescheid)
        except IntegrityError:  # another worker opened it at the same time
            continue
        anzahl += 1
        benachrichtigen(
            _kommune_benutzer(nachweis), f"Verwendungsnachweis {nachweis.foerderjahr} bis {nachweis.frist:%d.%m.%Y}",
            f"Der Bewilligungszeitraum {nachweis.foerderjahr} ist abgelaufen. Bitte legen Sie den "
            f"Verwendungsnachweis (Anlage 3) bis zum {nachweis.frist:%d.%m.%Y} vor (Nr. 7.4).",
            link=reverse("vn_detail", args=[nachweis.pk]))
    return anzahl


def _eroeffnen(bescheid):
    antrag = bescheid.antrag
    nachweis = Verwendungsnachweis.objects.create(
        antrag=antrag, bescheid=bescheid, eroeffnet_am=zeit.jetzt(),
        frist=regeln.verwendungsnachweis_frist(antrag.foerderjahr),
        veranstaltungen=Decimal(bescheid.summen.get("veranstaltungen", "0")),
        schnittstellen=Decimal(bescheid.summen.get("schnittstellen", "0")),
        weiterleitungen=[{"empfaenger": str(w.kreisangehoerige or w.traeger), "zweck": w.get_zweck_display(),
                          "bewilligt": str(w.betrag), "ausgegeben": ""}
                         for w in antrag.weiterleitungen.select_related("kreisangehoerige", "traeger")])
    NachweisStelle.objects.bulk_create([
        NachweisStelle(nachweis=nachweis, zeile=i, kennung=s.kennung, art=s.art, vzae=s.vzae,
                       von_monat=s.von_monat, bis_monat=s.bis_monat, personalausgaben=s.betrag_personal,
                       sachausgaben=s.betrag_sach)
        for i, s in enumerate(berechnung.bescheid_stellen(bescheid))])
    protokolliere(nachweis, None, "Verwendungsnachweis eröffnet", nach_status=nachweis.status,
                  daten={"bescheid": bescheid.nummer, "frist": nachweis.frist.isoformat()})
    return nachweis


def _speichern(nachweis, benutzer, aktion, felder, daten=None):
    nachweis.save(update_fields=felder)
    protokolliere(nachweis, benutzer, aktion, daten=daten or {})
    return nachweis


@transaction.atomic
def sachbericht_speichern(nachweis, *, benutzer, werte):
    """Section Sachbericht (structured: Nr. 6 d–g, Case-Management-Zahlen, Lenkungsgruppe)."""
    nachweis = _sperren(nachweis)
    _pruefe_bearbeitbar(nachweis, benutzer)
    nachweis.sachbericht = {k: v for k, v in werte.items()}
    return _speichern(nachweis, benutzer, "Sachbericht gespeichert", ["sachbericht"])


@transaction.atomic
def stellen_speichern(nachweis, *, benutzer, zeilen):
    """Section zahlenmäßiger Nachweis: ``zeilen`` = list of dicts (kennung, art, vzae, von_monat, bis_monat,
    personalausgaben, sachausgaben, besetzt_durch). Replaces the rows; the rules check them (regeln.IstStelle)."""
    nachweis = _sperren(nachweis)
    _pruefe_bearbeitbar(nachweis, benutzer)
    kennungen = [z["kennung"] for z in zeilen]
    doppelt = sorted({k for k in kennungen if kennungen.count(k) > 1})
    if doppelt:
        raise VerwendungsnachweisFehler(f"Die Stelle {doppelt[0]} ist zweimal aufgeführt; jede Stelle einmal.")
    for z in zeilen:
        if not Decimal("0") < Decimal(z["vzae"]) <= Decimal("1"):
            raise VerwendungsnachweisFehler(f"Die VZÄ der Stelle {z['kennung']} müssen größer als 0 und höchstens "
                                            "1,0 sein.")
        if z["von_monat"] > z["bis_monat"]:
            raise VerwendungsnachweisFehler(f"Bei der Stelle {z['kennung']} liegt der Beginn nach dem Ende.")
        if Decimal(z["personalausgaben"]) < 0 or Decimal(z["sachausgaben"]) < 0:
            raise VerwendungsnachweisFehler(f"Die Ausgaben der Stelle {z['kennung']} dürfen nicht negativ sein.")
    nachweis.stellen.all().delete()
    NachweisStelle.objects.bulk_create([NachweisStelle(nachweis=nachweis, zeile=i, **z) for i, z in enumerate(zeilen)])
    protokolliere(nachweis, benutzer, "Zahlenmäßiger Nachweis gespeichert",
                  daten={"stellen": [{k: str(v) for k, v in z.items()} for z in zeilen]})
    return nachweis


@transaction.atomic
def begleitmassnahmen_speichern(nachweis, *, benutzer, veranstaltungen, schnittstellen, weiterleitungen):
    """Sections Begleitmaßnahmen (actual amounts) and Weiterleitungen (what each Letztempfänger spent)."""
    nachweis = _sperren(nachweis)
    _pruefe_bearbeitbar(nachweis, benutzer)
    if veranstaltungen < 0 or schnittstellen < 0:
        raise VerwendungsnachweisFehler("Die Ausgaben für Begleitmaßnahmen dürfen nicht negativ sein.")
    nachweis.veranstaltungen, nachweis.schnittstellen = veranstaltungen, schnittstellen
    nachweis.weiterleitungen = weiterleitungen
    return _speichern(nachweis, benutzer, "Begleitmaßnahmen und Weiterleitungen gespeichert",
                      ["veranstaltungen", "schnittstellen", "weiterleitungen"],
                      {"veranstaltungen": str(veranstaltungen), "schnittstellen": str(schnittstellen)})


def offene_punkte(nachweis):
    """What is missing before the Verwendungsnachweis can be submitted (German sentences)."""
    offen = []
    s = nachweis.sachbericht or {}
    if not (s.get("strategische_steuerung") or "").strip():
        offen.append("Sachbericht: Beschreiben Sie die Tätigkeiten der strategischen Steuerung.")
    if s.get("cm_faelle") in (None, ""):
        offen.append("Sachbericht: Geben Sie die Zahl der Case-Management-Fälle an.")
    if not nachweis.stellen.exists():
        offen.append("Zahlenmäßiger Nachweis: Es ist keine Stelle angegeben.")
    for w in nachweis.weiterleitungen or []:
        if str(w.get("ausgegeben", "")).strip() == "":
            offen.append(f"Weiterleitungen: Geben Sie an, was {w.get('empfaenger')} ausgegeben hat.")
    return offen


@transaction.atomic
def einreichen(nachweis, *, benutzer, versicherung):
    """"Prüfen und einreichen": with the Versicherung, the computed result is stored and Anlage 3 rendered once as
    PDF/A (SHA-256, never re-rendered); Sachbearbeitung is notified. Idempotent: submitting twice changes nothing."""
    nachweis = _sperren(nachweis)
    pruefe(benutzer, "verwendungsnachweis.bearbeiten", nachweis)
    if not nachweis.bearbeitbar:
        return nachweis
    if not versicherung:
        raise VerwendungsnachweisFehler("Bitte bestätigen Sie die Versicherung, dass die Angaben richtig und "
                                        "vollständig sind.", feld="versicherung")
    offen = offene_punkte(nachweis)
    if offen:
        raise VerwendungsnachweisFehler("Der Verwendungsnachweis ist noch nicht vollständig.", details=offen)
    ergebnis = berechnung.berechnen(nachweis)
    jetzt = zeit.jetzt()
    von = nachweis.status
    nachweis.status = NachweisStatus.EINGEREICHT
    nachweis.versicherung = True
    nachweis.eingereicht_am = jetzt
    nachweis.eingereicht_von = benutzer
    nachweis.ergebnis = pruefergebnis_als_json(ergebnis)
    nachweis.fassung += 1
    nachweis.dokument = pdf_erzeugen(
        schluessel=f"verwendungsnachweis-{nachweis.pk}-anlage3-v{nachweis.fassung}", template_name="pdf/anlage3.html",
        context=dokument.anlage3_kontext(nachweis, ergebnis, benutzer, jetzt), bezug=nachweis,
        kommune=nachweis.antrag.kommune, benutzer=benutzer,
        titel=f"Anlage 3 – Verwendungsnachweis {nachweis.foerderjahr}, Fassung {nachweis.fassung}", art="anlage3",
        dateiname=f"Anlage3-Verwendungsnachweis-{nachweis.foerderjahr}-{nachweis.antrag.kommune.ags}")
    nachweis.save()
    protokolliere(nachweis, benutzer, "Verwendungsnachweis eingereicht", von_status=von, nach_status=nachweis.status,
                  daten={"sha256": nachweis.dokument.sha256, "anerkannt": str(ergebnis.anerkannt),
                         "ueberzahlung": str(ergebnis.ueberzahlung), "nachzahlung": str(ergebnis.nachzahlung)})
    benachrichtigen(Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True),
                    f"Verwendungsnachweis {nachweis.foerderjahr} von {nachweis.antrag.kommune} eingereicht",
                    f"{nachweis.antrag.kommune} hat den Verwendungsnachweis {nachweis.foerderjahr} eingereicht.",
                    link=reverse("vn_detail", args=[nachweis.pk]))
    return nachweis


# --- Belegliste -------------------------------------------------------------------------------------------


def _naechste_zeile(nachweis):
    letzte = nachweis.belege.order_by("-zeile").values_list("zeile", flat=True).first()
    return (letzte or 0) + 1


@transaction.atomic
def belege_importieren(nachweis, *, benutzer, zeilen, fehler=(), quelle=""):
    """Add the Belege ``zeilen`` (dicts: kategorie, stelle, datum, empfaenger, zweck, betrag) – all or none: with
    any ``fehler`` (German "Zeile n: …" sentences from reading the file) nothing is imported."""
    nachweis = _sperren(nachweis)
    _pruefe_bearbeitbar(nachweis, benutzer)
    if fehler:
        raise VerwendungsnachweisFehler(
            "Die Belegliste wurde nicht übernommen; bitte korrigieren Sie diese Zeilen und laden Sie die Datei erneut "
            "hoch.", details=list(fehler))
    start = _naechste_zeile(nachweis)
    Beleg.objects.bulk_create([Beleg(nachweis=nachweis, zeile=start + i, **z) for i, z in enumerate(zeilen)])
    protokolliere(nachweis, benutzer, "Belegliste ergänzt",
                  daten={"anzahl": len(zeilen), "summe": str(sum((z["betrag"] for z in zeilen), Decimal("0.00"))),
                         "quelle": quelle})
    return len(zeilen)


@transaction.atomic
def beleg_entfernen(nachweis, *, benutzer, beleg_pk):
    nachweis = _sperren(nachweis)
    _pruefe_bearbeitbar(nachweis, benutzer)
    beleg = nachweis.belege.filter(pk=beleg_pk).first()
    if beleg is None:
        raise VerwendungsnachweisFehler("Dieser Beleg ist nicht (mehr) in der Belegliste.")
    beleg.delete()
    protokolliere(nachweis, benutzer, "Beleg entfernt",
                  daten={"zeile": beleg.zeile, "zweck": beleg.zweck, "betrag": str(beleg.betrag)})



# --- Prüfung (VV Nr. 11 zu § 44 LHO), Anhörung (§ 28 VwVfG NRW), Erstattung (Nr. 7.5, § 49a VwVfG NRW) ---------


def _pruefe_sachbearbeitung(nachweis, benutzer, *status):
    pruefe(benutzer, "verwendungsnachweis.pruefen", nachweis)
    if nachweis.status not in status:
        raise VerwendungsnachweisFehler(f"Das ist im Status „{nachweis.get_status_display()}“ nicht möglich.")


def _brief(nachweis, benutzer, datum, zeilen=()):
    """The DIN 5008 Briefkopf of a letter to the Kommune (kim_foerderung.dokumente.briefkopf)."""
    return briefkopf(nachweis.antrag.kommune, foerderjahr=nachweis.foerderjahr, datum=datum, bearbeitung=benutzer,
                     zeilen=[("Bezug", f"{nachweis.bescheid.get_art_display()} {nachweis.bescheid.nummer}"),
                             *zeilen])


def landes_brief_kontext(nachweis, benutzer, kontext):
    """The template context of a letter of the Bezirksregierung about the VN (Prüfvermerk, Anhörung): the case,
    the signer, today and the Briefkopf, plus the letter's own ``kontext`` (also timed by scripts/lastprobe.py)."""
    return {"nachweis": nachweis, "antrag": nachweis.antrag, "kommune": nachweis.antrag.kommune,
            "bescheid": nachweis.bescheid, "benutzer": benutzer, "heute": zeit.heute(),
            "brief": _brief(nachweis, benutzer, zeit.heute()), **kontext}


def anhoerung_kontext(nachweis, frist):
    """What pdf/vn_anhoerung.html needs beyond landes_brief_kontext."""
    return {"frist": frist, "nach_pruefung": any(r.get("nach_pruefung") for r in nachweis.rueckforderungen or [])}


def _landes_dokument(nachweis, benutzer, *, schluessel, template, titel, art, kontext):
    return pdf_erzeugen(schluessel=schluessel, template_name=template,
                        context=landes_brief_kontext(nachweis, benutzer, kontext),
                        bezug=nachweis, kommune=nachweis.antrag.kommune, benutzer=benutzer, titel=titel, art=art,
                        dateiname=f"{art}-{nachweis.foerderjahr}-{nachweis.antrag.kommune.ags}")


@transaction.atomic
def nachfordern(nachweis, *, benutzer, fragen, frist):
    """Ask the Kommune questions (a Nachforderung round-trip as for the Antrag): it may change and resubmit."""
    nachweis = _sperren(nachweis)
    _pruefe_sachbearbeitung(nachweis, benutzer, NachweisStatus.EINGEREICHT)
    if not fragen.strip():
        raise VerwendungsnachweisFehler("Bitte schreiben Sie die Rückfragen auf.", feld="fragen")
    if frist is None or frist <= zeit.heute():
        raise VerwendungsnachweisFehler("Die Antwortfrist muss nach dem heutigen Tag liegen.", feld="frist")
    von = nachweis.status
    nachweis.status, nachweis.nachforderung, nachweis.nachforderung_frist = NachweisStatus.NACHFORDERUNG, fragen, frist
    nachweis.save()
    protokolliere(nachweis, benutzer, "Rückfragen zum Verwendungsnachweis", von_status=von,
                  nach_status=nachweis.status, notiz=fragen, daten={"frist": frist.isoformat()})
    benachrichtigen(_kommune_benutzer(nachweis), f"Rückfragen zum Verwendungsnachweis {nachweis.foerderjahr}",
                    f"Die Bezirksregierung hat Rückfragen zum Verwendungsnachweis {nachweis.foerderjahr}; bitte "
                    f"antworten Sie bis zum {frist:%d.%m.%Y}.", link=reverse("vn_detail", args=[nachweis.pk]))
    return nachweis


PRUEFPUNKTE = [
    ("sachbericht", "sachlich: Der Sachbericht ist plausibel und belegt die Tätigkeiten nach Nr. 2."),
    ("auflagen", "sachlich: Die Auflagen Nr. 6 a–h des Bescheids sind erfüllt."),
    ("stellen", "rechnerisch: VZÄ, Monate und Ausgaben je Stelle sind nachvollzogen."),
    ("belege", "rechnerisch: Die Belegliste stimmt mit dem zahlenmäßigen Nachweis überein."),
    ("weiterleitungen", "sachlich: Die Weiterleitungen sind belegt (Nr. 3.2)."),
]


@transaction.atomic
def pruefung_abschliessen(nachweis, *, benutzer, punkte, vermerk):
    """Determine the result: every Prüfpunkt decided with a note where not fulfilled, a Prüfvermerk; the amounts
    from regeln. No Überzahlung → abgeschlossen with a Prüfvermerk PDF (a Nachzahlung goes to the next payout);
    Überzahlung → the Anhörung is next."""
    nachweis = _sperren(nachweis)
    _pruefe_sachbearbeitung(nachweis, benutzer, NachweisStatus.EINGEREICHT)
    offen = [text for code, text in PRUEFPUNKTE if code not in punkte]
    ohne_notiz = [text for code, text in PRUEFPUNKTE if code in punkte and not punkte[code].get("ok")
                  and not (punkte[code].get("notiz") or "").strip()]
    if offen or ohne_notiz or not vermerk.strip():
        raise VerwendungsnachweisFehler(
            "Die Prüfung ist noch nicht vollständig.",
            details=[f"Nicht entschieden: {t}" for t in offen] + [f"Notiz fehlt (nicht erfüllt): {t}" for t in ohne_notiz]
            + ([] if vermerk.strip() else ["Der Prüfvermerk fehlt."]))
    ergebnis = berechnung.berechnen(nachweis)
    uebernommen = _rueckforderungen_der_pruefung(nachweis, benutzer)
    von = nachweis.status
    nachweis.rueckforderungen = [*(nachweis.rueckforderungen or []), *uebernommen]
    nachweis.pruefpunkte, nachweis.pruefvermerk = punkte, vermerk
    nachweis.geprueft_von, nachweis.geprueft_am = benutzer, zeit.jetzt()
    nachweis.anerkannt, nachweis.ueberzahlung, nachweis.nachzahlung = (ergebnis.anerkannt, ergebnis.ueberzahlung,
                                                                       ergebnis.nachzahlung)
    texte = dict(PRUEFPUNKTE)
    nachweis.pruefvermerk_dokument = _landes_dokument(
        nachweis, benutzer, schluessel=f"verwendungsnachweis-{nachweis.pk}-pruefvermerk-v{nachweis.fassung}",
        template="pdf/vn_pruefvermerk.html", titel=f"Prüfvermerk Verwendungsnachweis {nachweis.foerderjahr}",
        art="pruefvermerk", kontext={"ergebnis": ergebnis, "punkte": [
            (texte[c], punkte[c].get("ok"), punkte[c].get("notiz", "")) for c, _ in PRUEFPUNKTE]})
    if ergebnis.ueberzahlung > 0:
        nachweis.status = NachweisStatus.UEBERZAHLUNG
    else:
        nachweis.status, nachweis.abgeschlossen_am = NachweisStatus.ABGESCHLOSSEN, zeit.jetzt()
        if ergebnis.nachzahlung > 0:  # a tranche of the next Zahlungslauf, once (auszahlung.nachzahlung_anlegen)
            from auszahlung import services as auszahlung_services

            auszahlung_services.nachzahlung_anlegen(
                antrag=nachweis.antrag, betrag=ergebnis.nachzahlung, benutzer=benutzer,
                grund=f"Prüfung des Verwendungsnachweises {nachweis.foerderjahr}: anerkannt "
                      f"{regeln.betrag_de(ergebnis.anerkannt)}, ausgezahlt {regeln.betrag_de(ergebnis.ausgezahlt)}.")
    nachweis.save()
    protokolliere(nachweis, benutzer, "Verwendungsnachweis geprüft", von_status=von, nach_status=nachweis.status,
                  notiz=vermerk, daten={"anerkannt": str(ergebnis.anerkannt),
                                        "ueberzahlung": str(ergebnis.ueberzahlung),
                                        "nachzahlung": str(ergebnis.nachzahlung),
                                        "rueckforderungen": uebernommen})
    if nachweis.status == NachweisStatus.ABGESCHLOSSEN:
        benachrichtigen(_kommune_benutzer(nachweis), f"Verwendungsnachweis {nachweis.foerderjahr} geprüft",
                        "Die Prüfung ist abgeschlossen; der Prüfvermerk steht zum Herunterladen bereit.",
                        link=reverse("vn_detail", args=[nachweis.pk]))
    return nachweis


# --- Rückforderung nach Änderungsbescheid (handed over by the Auszahlung, Nr. 7.5) ---------------------------


def _rueckforderung_daten(r):
    return {"rueckforderung": r.pk, "bescheid": r.bescheid.nummer or "", "betrag": str(r.betrag),
            "festgestellt_am": r.festgestellt_am.isoformat()}


def _rueckforderungen_der_pruefung(nachweis, benutzer):
    """At the Prüfung: the Auszahlung's open Rückforderungen on the Bescheid this Verwendungsnachweis is checked
    against are part of its Überzahlung (regeln: ausgezahlt − anerkannt, anerkannt never above that Bescheid's
    Höchstbetrag) – taken over, so the Anhörung and the Erstattungsbescheid recover them once."""
    from auszahlung import selectors as auszahlung_selectors
    from auszahlung import services as auszahlung_services

    uebernommen = []
    for r in auszahlung_selectors.offene_rueckforderungen(antrag=nachweis.antrag).filter(
            bescheid_id=nachweis.bescheid_id):
        auszahlung_services.rueckforderung_uebernehmen(rueckforderung=r, benutzer=benutzer)
        uebernommen.append(_rueckforderung_daten(r))
    return uebernommen


def rueckforderungen_uebernehmen(*, antrag=None):
    """Daily and after every Bescheid that comes into force (hook BESCHEID_WIRKSAM, after the Auszahlung's): an
    Überzahlung the Auszahlung found after an Änderungsbescheid (auszahlung.selectors.offene_rueckforderungen)
    starts the Anhörung/Erstattung path – a Verwendungsnachweis already abgeschlossen without an
    Erstattungsbescheid is reopened with that Überzahlung (Anhörung to be sent); one not yet checked takes it over
    at its Prüfung (_rueckforderungen_der_pruefung); before the Verwendungsnachweis exists it waits for it (it is
    opened on the Bescheid in force). Idempotent (the Rückforderung is taken over once, under a row lock);
    returns the number taken over."""
    from auszahlung import selectors as auszahlung_selectors
    from auszahlung import services as auszahlung_services

    anzahl = 0
    for r in auszahlung_selectors.offene_rueckforderungen(antrag=antrag):
        with transaction.atomic():
            nachweis = (Verwendungsnachweis.objects.select_for_update().select_related("antrag__kommune")
                        .filter(antrag_id=r.antrag_id).first())
            if nachweis is None or nachweis.status != NachweisStatus.ABGESCHLOSSEN:
                continue
            if Erstattungsbescheid.objects.filter(nachweis=nachweis).exists():
                continue  # one Erstattungsbescheid per Verwendungsnachweis: Sachbearbeitung sees it as open
            r = auszahlung_services.rueckforderung_uebernehmen(rueckforderung=r)
            if r.status != "uebernommen":
                continue
            von = nachweis.status
            nachweis.status, nachweis.abgeschlossen_am = NachweisStatus.UEBERZAHLUNG, None
            nachweis.ueberzahlung, nachweis.nachzahlung = r.betrag, Decimal("0.00")
            nachweis.rueckforderungen = [*(nachweis.rueckforderungen or []),
                                         {**_rueckforderung_daten(r), "nach_pruefung": True}]
            nachweis.save(update_fields=["status", "abgeschlossen_am", "ueberzahlung", "nachzahlung",
                                         "rueckforderungen"])
            protokolliere(nachweis, None, "Rückforderung nach Änderungsbescheid übernommen (Nr. 7.5)",
                          von_status=von, nach_status=nachweis.status,
                          notiz=f"Nach dem Bescheid {r.bescheid.nummer} wurden {regeln.betrag_de(r.betrag)} zu viel "
                                "ausgezahlt; die Anhörung ist vorzubereiten.", daten=_rueckforderung_daten(r))
            benachrichtigen(Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True),
                            f"Rückforderung {nachweis.antrag.kommune} {nachweis.foerderjahr}: Anhörung vorbereiten",
                            f"Nach dem Änderungsbescheid {r.bescheid.nummer} sind {regeln.betrag_de(r.betrag)} zu "
                            "erstatten (Nr. 7.5). Bitte senden Sie die Anhörung (§ 28 VwVfG NRW).",
                            link=reverse("vn_detail", args=[nachweis.pk]))
            anzahl += 1
    return anzahl


def bescheid_wirksam(bescheid):
    """Slot BESCHEID_WIRKSAM (after the Auszahlung recorded its Rückforderung): take it over right away. Never
    breaks the Bescheid's step; the daily run catches up."""
    import logging

    try:
        return rueckforderungen_uebernehmen(antrag=bescheid.antrag)
    except Exception:  # noqa: BLE001 – logged; the daily task repeats it
        logging.getLogger(__name__).exception("Rückforderung zu Bescheid %s nicht übernommen.", bescheid.pk)
        return 0


ANHOERUNGSFRIST_TAGE = 14


@transaction.atomic
def anhoerung_senden(nachweis, *, benutzer, frist=None):
    """§ 28 VwVfG NRW: a letter to the Kommune with the intended refund and a Frist (default two weeks, moved to
    a working day) for a statement, which the Kommune gives in the browser."""
    nachweis = _sperren(nachweis)
    _pruefe_sachbearbeitung(nachweis, benutzer, NachweisStatus.UEBERZAHLUNG)
    frist = frist or regeln.naechster_werktag(zeit.heute() + timedelta(days=ANHOERUNGSFRIST_TAGE))
    if frist <= zeit.heute():
        raise VerwendungsnachweisFehler("Die Frist für die Stellungnahme muss nach dem heutigen Tag liegen.",
                                        feld="frist")
    von = nachweis.status
    nachweis.anhoerung_frist = frist
    nachweis.anhoerung_dokument = _landes_dokument(
        nachweis, benutzer, schluessel=f"verwendungsnachweis-{nachweis.pk}-anhoerung",
        template="pdf/vn_anhoerung.html", titel=f"Anhörung zur Erstattung {nachweis.foerderjahr}", art="anhoerung",
        kontext=anhoerung_kontext(nachweis, frist))
    nachweis.status = NachweisStatus.ANHOERUNG
    nachweis.save()
    protokolliere(nachweis, benutzer, "Anhörung versandt (§ 28 VwVfG NRW)", von_status=von,
                  nach_status=nachweis.status, daten={"frist": frist.isoformat(),
                                                      "betrag": str(nachweis.ueberzahlung)})
    benachrichtigen(_kommune_benutzer(nachweis), f"Anhörung zur Erstattung {nachweis.foerderjahr}",
                    f"Die Bezirksregierung beabsichtigt, {regeln.betrag_de(nachweis.ueberzahlung)} zurückzufordern. "
                    f"Sie können bis zum {frist:%d.%m.%Y} Stellung nehmen.",
                    link=reverse("vn_detail", args=[nachweis.pk]))
    return nachweis


@transaction.atomic
def stellungnahme_abgeben(nachweis, *, benutzer, text):
    nachweis = _sperren(nachweis)
    pruefe(benutzer, "verwendungsnachweis.bearbeiten", nachweis)
    if nachweis.status != NachweisStatus.ANHOERUNG:
        raise VerwendungsnachweisFehler("Eine Stellungnahme ist nur während der Anhörung möglich.")
    if not text.strip():
        raise VerwendungsnachweisFehler("Bitte schreiben Sie Ihre Stellungnahme.", feld="text")
    nachweis.stellungnahme, nachweis.stellungnahme_am = text, zeit.jetzt()
    nachweis.save(update_fields=["stellungnahme", "stellungnahme_am"])
    protokolliere(nachweis, benutzer, "Stellungnahme zur Anhörung abgegeben", notiz=text)
    benachrichtigen(Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True),
                    f"Stellungnahme von {nachweis.antrag.kommune} zur Anhörung {nachweis.foerderjahr}", text[:200],
                    link=reverse("vn_detail", args=[nachweis.pk]))
    return nachweis


def zinsen_rechnen(betrag, von, bis):
    """§ 49a Abs. 3 VwVfG NRW with the Admin's Basiszinssatz table; a half-year without a rate is a German error
    naming it (the Admin must add it first)."""
    from . import selectors

    try:
        return regeln.zinsberechnung(betrag, von, bis, basiszinssaetze=selectors.basiszinstabelle())
    except regeln.FehlenderBasiszinssatz as fehler:
        raise VerwendungsnachweisFehler(f"{fehler} Bitte lassen Sie den Admin den Satz eintragen; vorher lassen "
                                        "sich die Zinsen nicht berechnen.") from None


def _zinsaufstellung(berechnung_):
    return {"tage": berechnung_.tage, "zinsen": str(berechnung_.zinsen), "abschnitte": [
        {"von": a.von.isoformat(), "bis": a.bis.isoformat(), "tage": a.tage, "zinssatz": str(a.zinssatz),
         "zinsen": str(a.zinsen)} for a in berechnung_.abschnitte]}


@transaction.atomic
def erstattung_vorbereiten(nachweis, *, benutzer, unwirksam_ab, zahlungsfrist, zinsverzicht=False,
                           verzicht_grund=""):
    """Sachbearbeitung prepares the Erstattungsbescheid after the Anhörung (its Frist passed or a statement
    given) and submits it for signing; the interest up to the payment date from the Admin's table."""
    nachweis = _sperren(nachweis)
    _pruefe_sachbearbeitung(nachweis, benutzer, NachweisStatus.ANHOERUNG)
    if not nachweis.stellungnahme_am and zeit.heute() <= nachweis.anhoerung_frist:
        raise VerwendungsnachweisFehler(
            f"Die Frist der Anhörung läuft bis zum {nachweis.anhoerung_frist:%d.%m.%Y}; vorher kann der "
            "Erstattungsbescheid nur nach einer Stellungnahme vorbereitet werden (§ 28 VwVfG NRW).")
    if zahlungsfrist <= zeit.heute():
        raise VerwendungsnachweisFehler("Die Zahlungsfrist muss nach dem heutigen Tag liegen.", feld="zahlungsfrist")
    if unwirksam_ab > zahlungsfrist:
        raise VerwendungsnachweisFehler("Der Zinsbeginn liegt nach der Zahlungsfrist.", feld="unwirksam_ab")
    if zinsverzicht and not verzicht_grund.strip():
        raise VerwendungsnachweisFehler("Bitte begründen Sie den Verzicht auf Zinsen (§ 49a Abs. 3 Satz 2 VwVfG "
                                        "NRW).", feld="verzicht_grund")
    zinsen = None if zinsverzicht else zinsen_rechnen(nachweis.ueberzahlung, unwirksam_ab, zahlungsfrist)
    eb = Erstattungsbescheid.objects.create(
        nachweis=nachweis, betrag=nachweis.ueberzahlung, unwirksam_ab=unwirksam_ab, zahlungsfrist=zahlungsfrist,
        zinsverzicht=zinsverzicht, verzicht_grund=verzicht_grund,
        zinsen_bis_frist=zinsen.zinsen if zinsen else Decimal("0.00"),
        zinsaufstellung=_zinsaufstellung(zinsen) if zinsen else {},
        verwendungszweck=f"KIM-ERST-{nachweis.foerderjahr}-{nachweis.antrag.kommune.ags}",
        vorbereitet_von=benutzer, vorbereitet_am=zeit.jetzt())
    von = nachweis.status
    nachweis.status = NachweisStatus.ERSTATTUNG
    nachweis.save(update_fields=["status"])
    protokolliere(nachweis, benutzer, "Erstattungsbescheid vorbereitet und zur Zeichnung vorgelegt", von_status=von,
                  nach_status=nachweis.status, daten={"betrag": str(eb.betrag), "zinsen": str(eb.zinsen_bis_frist),
                                                      "zinsverzicht": zinsverzicht})
    benachrichtigen(Benutzer.objects.filter(ist_zeichnung=True, is_active=True).exclude(pk=benutzer.pk),
                    f"Erstattungsbescheid {nachweis.antrag.kommune} {nachweis.foerderjahr} zur Zeichnung",
                    f"Bitte zeichnen Sie den Erstattungsbescheid über {regeln.betrag_de(eb.betrag)}.",
                    link=reverse("vn_detail", args=[nachweis.pk]))
    return eb


@transaction.atomic
def erstattung_freigeben(nachweis, *, benutzer):
    """Zeichnung releases the Erstattungsbescheid someone else prepared (four-eyes by person, never twice); the
    PDF is rendered once and stored with its SHA-256."""
    nachweis = _sperren(nachweis)
    eb = Erstattungsbescheid.objects.select_for_update().get(nachweis=nachweis)
    pruefe(benutzer, "bescheid.zeichnen", nachweis)
    if eb.status != ErstattungStatus.ZUR_ZEICHNUNG:
        return eb
    vier_augen(eb.vorbereitet_von, benutzer)
    eb.status, eb.freigegeben_von, eb.freigegeben_am = ErstattungStatus.FREIGEGEBEN, benutzer, zeit.jetzt()
    eb.nummer = f"KIM-ERST-{nachweis.foerderjahr}-{nachweis.antrag.kommune.ags}-{eb.pk:02d}"
    from bescheide.texte import rechtsbehelfsbelehrung

    eb.dokument = pdf_erzeugen(
        schluessel=f"erstattungsbescheid-{eb.pk}", template_name="pdf/erstattungsbescheid.html",
        context={"eb": eb, "nachweis": nachweis, "antrag": nachweis.antrag, "kommune": nachweis.antrag.kommune,
                 "bescheid": nachweis.bescheid, "heute": zeit.heute(),
                 "brief": _brief(nachweis, eb.vorbereitet_von, zeit.heute(), [("Bescheid-Nr.", eb.nummer)]),
                 "rechtsbehelfsbelehrung": rechtsbehelfsbelehrung(nachweis.antrag.kommune),
                 "nach_pruefung": any(r.get("nach_pruefung") for r in nachweis.rueckforderungen or [])},
        bezug=nachweis, kommune=nachweis.antrag.kommune, benutzer=benutzer,
        titel=f"Erstattungsbescheid {eb.nummer}", art="erstattungsbescheid",
        dateiname=f"Erstattungsbescheid-{eb.nummer}")
    eb.save()
    protokolliere(nachweis, benutzer, f"Erstattungsbescheid {eb.nummer} gezeichnet und bekanntgegeben",
                  daten={"sha256": eb.dokument.sha256, "betrag": str(eb.betrag)})
    benachrichtigen(_kommune_benutzer(nachweis), f"Erstattungsbescheid {eb.nummer}",
                    f"Bitte überweisen Sie {regeln.betrag_de(eb.betrag)} bis zum {eb.zahlungsfrist:%d.%m.%Y} mit dem "
                    f"Verwendungszweck {eb.verwendungszweck}.", link=reverse("vn_detail", args=[nachweis.pk]))
    return eb


@transaction.atomic
def rueckzahlung_buchen(nachweis, *, benutzer, eingang_am, betrag):
    """Book the repayment by hand (Sachbearbeitung; the camt import books it through zahlungseingang): the final
    interest is computed to the day it arrived; then the case is abgeschlossen. Booking twice changes nothing."""
    nachweis = _sperren(nachweis)
    eb = Erstattungsbescheid.objects.select_for_update().get(nachweis=nachweis)
    pruefe(benutzer, "verwendungsnachweis.pruefen", nachweis)
    return _rueckzahlung(nachweis, eb, benutzer=benutzer, eingang_am=eingang_am, betrag=betrag,
                         quelle="von Hand gebucht")


def _rueckzahlung(nachweis, eb, *, benutzer, eingang_am, betrag, quelle):
    """The booking itself (nachweis and eb locked by the caller)."""
    if eb.status == ErstattungStatus.ERSTATTET:
        return eb
    if eb.status != ErstattungStatus.FREIGEGEBEN:
        raise VerwendungsnachweisFehler("Der Erstattungsbescheid ist noch nicht gezeichnet.")
    if eingang_am > zeit.heute() or eingang_am < timezone.localdate(eb.freigegeben_am):
        raise VerwendungsnachweisFehler("Der Tag des Eingangs muss zwischen der Zeichnung und heute liegen.",
                                        feld="eingang_am")
    if betrag <= 0:
        raise VerwendungsnachweisFehler("Der eingegangene Betrag muss größer als 0 sein.", feld="betrag")
    zinsen = None if eb.zinsverzicht else zinsen_rechnen(eb.betrag, eb.unwirksam_ab, eingang_am)
    eb.eingang_am, eb.eingang_betrag = eingang_am, betrag
    eb.zinsen_endgueltig = zinsen.zinsen if zinsen else Decimal("0.00")
    if zinsen:
        eb.zinsaufstellung = {**eb.zinsaufstellung, "endgueltig": _zinsaufstellung(zinsen)}
    eb.status = ErstattungStatus.ERSTATTET
    eb.save()
    von = nachweis.status
    nachweis.status, nachweis.abgeschlossen_am = NachweisStatus.ABGESCHLOSSEN, zeit.jetzt()
    nachweis.save(update_fields=["status", "abgeschlossen_am"])
    protokolliere(nachweis, benutzer, "Rückzahlung gebucht, Verwendungsnachweis abgeschlossen", von_status=von,
                  nach_status=nachweis.status, notiz=quelle,
                  daten={"eingang_am": eingang_am.isoformat(), "betrag": str(betrag),
                         "zinsen": str(eb.zinsen_endgueltig), "quelle": quelle})
    text = (f"Die Rückzahlung von {regeln.betrag_de(betrag)} zum Erstattungsbescheid {eb.nummer} ist am "
            f"{eingang_am:%d.%m.%Y} eingegangen; Zinsen bis dahin {regeln.betrag_de(eb.zinsen_endgueltig)}. Der "
            f"Verwendungsnachweis {nachweis.foerderjahr} ist abgeschlossen.")
    empfaenger = _kommune_benutzer(nachweis) | Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True)
    benachrichtigen(empfaenger, f"Rückzahlung eingegangen: {eb.nummer}", text,
                    link=reverse("vn_detail", args=[nachweis.pk]))
    return eb


#: The reference an Erstattungsbescheid prescribes (Verwendungszweck / EndToEndId of the repayment).
REFERENZ = re.compile(r"KIM-ERST-\d{4}-\d{8}", re.IGNORECASE)


def zahlungseingang(eintrag, *, benutzer, quelle):
    """Hook ZAHLUNGSEINGANG (called by the Auszahlung's camt.053/054 import inside its transaction): a credit whose
    EndToEndId or Verwendungszweck carries the reference of an Erstattungsbescheid is booked as its repayment –
    the amount due (with or without the interest up to that day), the final interest computed to the booking day
    from the Admin's Basiszinssatz table, the case abgeschlossen, audited. A credit of a repayment already booked
    is "bereits gebucht" (the same money in camt.054 and camt.053); a wrong amount, a Bescheid not yet signed or a
    missing rate is a finding, never booked. Not a KIM-ERST reference: None (not ours)."""
    treffer = [eintrag.ende_zu_ende_id or ""] + REFERENZ.findall(eintrag.verwendungszweck or "")
    referenzen = {r.upper() for r in treffer if REFERENZ.fullmatch(r or "")}
    if not referenzen:
        return None
    gefunden = Erstattungsbescheid.objects.filter(verwendungszweck__in=referenzen).values_list(
        "pk", "nachweis_id").first()
    if gefunden is None:
        return {"status": "abweichend", "zuordnung": f"Kein Erstattungsbescheid mit dem Verwendungszweck "
                                                      f"{', '.join(sorted(referenzen))}."}
    # the same lock order as every other step: the Verwendungsnachweis first, then its Erstattungsbescheid
    nachweis = _sperren(Verwendungsnachweis(pk=gefunden[1]))
    eb = Erstattungsbescheid.objects.select_for_update().get(pk=gefunden[0])
    bezug = f"Erstattungsbescheid {eb.nummer or '(nicht gezeichnet)'}, {nachweis.antrag.kommune}"
    if eb.status == ErstattungStatus.ERSTATTET:
        return {"status": "bereits_gebucht", "zuordnung": f"{bezug}: Rückzahlung bereits am "
                                                           f"{eb.eingang_am:%d.%m.%Y} gebucht."}
    if eb.status != ErstattungStatus.FREIGEGEBEN:
        return {"status": "abweichend", "zuordnung": f"{bezug}: noch nicht gezeichnet und bekanntgegeben; nicht "
                                                      "gebucht."}
    try:
        zinsen = (Decimal("0.00") if eb.zinsverzicht
                  else zinsen_rechnen(eb.betrag, eb.unwirksam_ab, eintrag.buchungstag).zinsen)
    except VerwendungsnachweisFehler as fehler:
        return {"status": "abweichend", "zuordnung": f"{bezug}: nicht gebucht. {fehler.meldung}"}
    erwartet = {eb.betrag, eb.betrag + zinsen}
    if eintrag.betrag not in erwartet:
        zusatz = "" if eb.zinsverzicht else f" (oder mit den Zinsen bis zum Eingang {regeln.betrag_de(eb.betrag + zinsen)})"
        return {"status": "abweichend", "zuordnung": f"{bezug}: eingegangen {regeln.betrag_de(eintrag.betrag)}, zu "
                                                      f"erstatten {regeln.betrag_de(eb.betrag)}{zusatz}; nicht gebucht."}
    try:
        with transaction.atomic():
            _rueckzahlung(nachweis, eb, benutzer=benutzer, eingang_am=eintrag.buchungstag, betrag=eintrag.betrag,
                          quelle=quelle)
    except VerwendungsnachweisFehler as fehler:
        return {"status": "abweichend", "zuordnung": f"{bezug}: nicht gebucht. {fehler.meldung}"}
    return {"status": "zugeordnet", "zuordnung": f"{bezug}: Rückzahlung gebucht, Zinsen bis "
                                                  f"{eintrag.buchungstag:%d.%m.%Y} {regeln.betrag_de(eb.zinsen_endgueltig)}; "
                                                  "Verwendungsnachweis abgeschlossen."}
