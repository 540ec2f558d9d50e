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
    """The rules' Ergebnis for the stored Antrag (its CM-Kontingent as selectors.antrag_fuer annotates it, else
    looked up)."""
    return regeln.berechne(
        fall_bauen(
            kommune=antrag.kommune,
            foerderjahr=antrag.foerderjahr,
            zeilen=zeilen_aus_stellen(antrag.stellen.all()),
            veranstaltungen=antrag.veranstaltungen_betrag,
            schnittstellen=antrag.schnittstellen_betrag,
            kontingent=antrag.__dict__.get("kim_cm_kontingent", "auto"),
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


class Mangel(str):
    """A German sentence about the Antrag, with the id of the field on the Antrag page that fixes it (``anker``),
    so an error summary can link to it."""

    def __new__(cls, text, anker=""):
        obj = super().__new__(cls, text)
        obj.anker = anker
        return obj


def einreichungsmaengel(antrag, ergebnis=None):
    """What is formally missing (§ 24 Abs. 3 VwVfG NRW: only this blocks submitting): the declarations of
    Nr. 4.1, 4.2 and 3.2, the required uploads, at least one Stelle, the Bankverbindung, Weiterleitungen that
    fit the Antrag's own Stellen, an answered Nachforderung.
    German sentences with the Richtlinie number, each linking to its field (``Mangel.anker``)."""
    maengel = []
    stellen = list(antrag.stellen.all())
    if antrag.weiterleitungen.all() and ergebnis is None:
        ergebnis = berechnung(antrag)
    if not stellen:
        maengel.append(Mangel("Nr. 2.1, 5.4.1: Bitte tragen Sie mindestens eine Stelle ein.", "abschnitt-stellen"))
    pflicht = [
        ("ki_gefoerdert", "Nr. 4.1 a: Bitte bestätigen Sie den Betrieb eines geförderten KI."),
        ("angliederung_ki", "Nr. 4.1 b: Bitte bestätigen Sie die Angliederung der Koordinationsstellen an das KI."),
        ("lenkungsgruppe", "Nr. 4.1 c: Bitte bestätigen Sie die Lenkungsgruppe."),
        ("qualifikation_bestaetigt", "Nr. 4.1 e: Bitte bestätigen Sie die fachlichen Abschlüsse."),
        ("keine_doppelfoerderung", "Nr. 4.2: Bitte erklären Sie, dass keine Doppelförderung vorliegt."),
    ]
    maengel += [Mangel(text, f"id_voraussetzungen-{feld}") for feld, text in pflicht if not getattr(antrag, feld)]
    if antrag.lenkungsgruppe and not antrag.lenkungsgruppe_mitglieder.strip():
        maengel.append(Mangel("Nr. 4.1 c: Bitte nennen Sie die Mitglieder der Lenkungsgruppe.",
                              "id_voraussetzungen-lenkungsgruppe_mitglieder"))
    if not antrag.kim_konzept_id:
        maengel.append(Mangel("Nr. 4.1 d: Bitte laden Sie das KIM-Konzept als PDF hoch.", "datei-kim_konzept"))
    hat_cm = any(s.art == regeln.CASE_MANAGEMENT for s in stellen)
    if hat_cm and not antrag.cm_konzept_id:
        maengel.append(Mangel("Nr. 4.1 f: Bitte laden Sie das Case-Management-Konzept als PDF hoch.",
                              "datei-cm_konzept"))
    if hat_cm and not antrag.cm_ausserhalb_jmd_mbe:
        maengel.append(Mangel("Nr. 3.2: Bitte erklären Sie, dass die CM-Stellen außerhalb der JMD/MBE-Tableaus "
                              "liegen.", "id_voraussetzungen-cm_ausserhalb_jmd_mbe"))
    fehlende_qualifikation = [s.kennung for s in stellen if s.besetzt and not s.qualifikation.strip()]
    if fehlende_qualifikation:
        maengel.append(Mangel(
            "Nr. 4.1 e: Bitte geben Sie die Qualifikation der besetzten Stellen an: "
            + ", ".join(fehlende_qualifikation) + ".", "abschnitt-stellen"))
    if not antrag.iban:
        maengel.append(Mangel("Bitte geben Sie die Bankverbindung (IBAN) für die Auszahlung an.",
                              "id_antragsteller-iban"))
    for w in antrag.weiterleitungen.all():
        if w.traeger_id and not w.vertrag_id:
            maengel.append(Mangel(f"Nr. 3.2: Für die Weiterleitung an {w.traeger} fehlt der Vertrag nach Anlage 4.",
                                  "abschnitt-weiterleitungen"))
        # A Weiterleitung that contradicts the Antrag's own Stellen (removed, renumbered, reduced since it was
        # saved) is an inconsistency of the Antrag itself, which only the Kommune can resolve.
        for texte in weiterleitung_fehler(antrag, w.zweck, w.stellen, w.betrag, ergebnis, ausser=w.pk).values():
            maengel += [Mangel(f"Weiterleitung an {w.empfaenger}: {t}", "abschnitt-weiterleitungen") for t in texte]
    offene = [n for n in antrag.nachforderungen.all() if not n.beantwortet_am]
    if antrag.status == AntragStatus.NACHFORDERUNG and offene:
        maengel.append(Mangel("Bitte beantworten Sie zuerst die Nachforderung der Bezirksregierung.", "id_antwort"))
    return maengel


def fristversaeumnis(antrag, heute=None, frist=None):
    """(versäumte Frist, Fristausnahme or None) if submitting today would be after the Antragsfrist (Nr. 7.1.2) –
    the regular one, or the later one of a Fristausnahme –, else None. Only the first submission counts: a
    re-submission after a Nachforderung answers the authority. ``frist``: frist_fuer's answer if the caller has
    it already."""
    if antrag.verspaetet or antrag.status == AntragStatus.NACHFORDERUNG:
        return None
    frist, ausnahme = frist or frist_fuer(antrag.kommune, antrag.foerderjahr)
    if (heute or zeit.heute()) > frist:
        return frist, ausnahme
    return None


def einreichungshinweise(antrag, ergebnis=None, frist=None):
    """What the Kommune is told before submitting but what does not stop it (§ 24 Abs. 3 VwVfG NRW: every Antrag
    is received): the blocking findings of the rules with their reason – they block only the Bescheid –, a
    Weiterleitung that no longer fits the Stellen, and a missed Antragsfrist. Mangel sentences with anchors."""
    ergebnis = ergebnis or berechnung(antrag)
    hinweise = [Mangel(f"{b.text} Das hindert das Einreichen nicht, wohl aber eine Bewilligung in dieser Höhe.",
                       "abschnitt-stellen") for b in ergebnis.befunde if b.blockierend]
    if antrag.stellen.all() and ergebnis.summen.gesamt <= 0:
        hinweise.append(Mangel("Nr. 5.4: Der Antrag enthält keinen förderfähigen Betrag.", "abschnitt-stellen"))
    versaeumt = fristversaeumnis(antrag, frist=frist)
    if versaeumt:
        frist, ausnahme = versaeumt
        welche = "Die Ihnen eingeräumte Frist" if ausnahme else f"Die Antragsfrist für {antrag.foerderjahr}"
        hinweise.append(Mangel(
            f"Nr. 7.1.2: {welche} ist am {frist:%d.%m.%Y} abgelaufen. Sie können den Antrag trotzdem einreichen; "
            "er wird als verspätet eingegangen gekennzeichnet, und die Bezirksregierung entscheidet, ob sie eine "
            "Ausnahme von der Frist gewährt oder den Antrag ablehnt (§ 24 Abs. 3 VwVfG NRW)."))
    return hinweise


def ablehnungsgrund_verspaetet(antrag):
    """The prefilled reason of an Ablehnungsbescheid for a late Antrag: the Frist it missed and the day it came in
    (Nr. 7.1.2; § 24 Abs. 3 VwVfG NRW received it, the decision is the Bezirksregierung's). None if it was in time
    or a Fristausnahme covers it now."""
    if not antrag.verspaetet:
        return None
    frist, _ausnahme = frist_fuer(antrag.kommune, antrag.foerderjahr)
    if frist >= antrag.verspaetet_eingegangen_am:
        return None
    return (
        f"Der Antrag für das Förderjahr {antrag.foerderjahr} ist am {antrag.verspaetet_eingegangen_am:%d.%m.%Y} "
        f"eingegangen, nach Ablauf der Antragsfrist am {antrag.versaeumte_frist:%d.%m.%Y} (Nr. 7.1.2 der "
        "Richtlinie). Gründe für eine Ausnahme von der Frist sind nicht dargelegt und nicht ersichtlich. Der Antrag "
        "wird daher abgelehnt."
    )
