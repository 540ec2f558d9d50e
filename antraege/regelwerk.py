"""What the rules say about an Antrag: the Fall for kim_foerderung.regeln, the Ergebnis of the stored Antrag,
the checks of a Weiterleitung (Nr. 3.2) and of submitting. Reads only; every number comes from regeln."""
import re
from dataclasses import dataclass
from decimal import Decimal

from kim_foerderung import regeln, zeit
from kim_foerderung.stammdaten.models import CMKontingent

from .fristen import frist_fuer
from .models import AntragStatus


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


# --- submitting ---------------------------------------------------------------------------------------


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
