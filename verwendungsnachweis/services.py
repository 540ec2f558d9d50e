"""Writes of the verwendungsnachweis app: one function per transition, keyword-only plain values, each checks
role and state, changes the object inside transaction.atomic() with select_for_update and writes the audit
entry (kim_foerderung.protokoll)."""
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse

from bescheide import selectors as bescheid_selectors
from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.services import pdf_erzeugen
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.regeln.verwendungsnachweis import pruefergebnis_als_json
from kim_foerderung.zugang.zugriff import pruefe

from . import berechnung, dokument
from .models import Basiszinssatz, Beleg, NachweisStatus, NachweisStelle, Verwendungsnachweis


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
    if nachweis.status == NachweisStatus.EINGEREICHT:
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
    nachweis.dokument = pdf_erzeugen(
        schluessel=f"verwendungsnachweis-{nachweis.pk}-anlage3", template_name="pdf/anlage3.html",
        context=dokument.anlage3_kontext(nachweis, ergebnis, benutzer, jetzt), bezug=nachweis,
        kommune=nachweis.antrag.kommune, benutzer=benutzer,
        titel=f"Anlage 3 – Verwendungsnachweis {nachweis.foerderjahr}", art="anlage3",
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
