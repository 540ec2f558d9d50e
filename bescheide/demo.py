"""Demo data for `make run`: Bescheide in every state, so Sachbearbeitung, Zeichnung and the Kommunen see work.

Runs after antraege.demo (which files the Anträge of the demo year). Past events are recorded with
kim_foerderung.zeit.gestellt. Idempotent: a Kommune whose Antrag already has a Bescheid is left alone, and the
Haushaltsmittel of the demo year are computed from what exists, so a second run changes nothing.

What the demo year shows (Kommunen by AGS):
- Bielefeld (`kommune2`): Zuwendungsbescheid versandt, a Stelle cut with a reason;
- Kreis Soest: Zuwendungsbescheid bestandskräftig (Rechtsbehelfsverzicht), then changed from April by an
  Änderungsbescheid that is gezeichnet – the earlier Bescheid stays as it was;
- Kreis Gütersloh: zur Zeichnung; Dortmund: Entwurf; Münster: Entwurf, von der Zeichnung mit Notiz zurückgegeben;
- Duisburg: gezeichnet, noch nicht versandt; Kreis Recklinghausen: Ablehnungsbescheid, versandt;
- the Haushaltsmittel of the year are short of the open Anträge, so the Verteilungsvorschlag (Nr. 1.3, 5.4.1) has
  something to do (the Bescheid zur Zeichnung still fits, so Zeichnung can sign it).
Kreis Unna (`kommune`) has last year's Zuwendungsbescheid, bestandskräftig, so it can ask for a change.
"""
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from antraege import selectors as antrag_selectors
from antraege import services as antrag_services
from antraege.demo import STANDARD_STELLEN, _kommune_benutzer, _stammdaten_ergaenzen, _vollstaendig
from antraege.models import ENTSCHEIDBARE_STATUS, Antrag
from kim_foerderung import zeit
from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
from kim_foerderung.zugang.models import Benutzer

from . import haushalt, services
from .models import BescheidStatus
from .pruefpunkte import pruefpunkte

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_MITTEL = Decimal("25000000.00")
KNAPP_ANTEIL = Decimal("0.6")  # the share of the open requests (beyond the one zur Zeichnung) the means cover
KNAPP_BEMERKUNG = "Demo-Daten: knapp – die offenen Anträge übersteigen die Mittel (Verteilungsvorschlag)"

RUECKGABE_NOTIZ = ("Bitte begründen Sie, warum K3 trotz unbesetzter Stelle voll bewilligt werden soll "
                   "(Nr. 5.4.1: vorrangig besetzte Stellen), oder kürzen Sie K3.")
ABLEHNUNGSGRUND = ("Die Zuwendungsvoraussetzungen nach Nr. 4.1 a und c liegen nicht vor: Ein gefördertes Kommunales "
                   "Integrationszentrum und eine Lenkungsgruppe auf Leitungsebene sind trotz Nachfrage nicht "
                   "nachgewiesen.")
AENDERUNG_BESCHREIBUNG = "Die Stelle K3 wird nicht besetzt; wir verzichten ab April auf ihre Förderung."
AENDERUNG_BEGRUENDUNG = ("Mit Ihrem Änderungsantrag haben Sie mitgeteilt, dass die Stelle K3 nicht besetzt wird. "
                         "Die Zuwendung für K3 entfällt daher ab April.")
AENDERUNG_GRUND = "Stelle wird nach Mitteilung der Kommune nicht besetzt."


def _um(tag, stunde=11):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)


PRUEFVERMERK = ("Antrag und Anlagen geprüft: Die Zuwendungsvoraussetzungen nach Nr. 4.1 und 4.2 sind erfüllt, die "
                "Berechnung folgt Nr. 5.4.")
PRUEFVERMERK_ABLEHNUNG = ("Antrag und Anlagen geprüft: Die Voraussetzungen nach Nr. 4.1 a und c sind trotz Nachfrage "
                          "nicht nachgewiesen; Ablehnung vorgeschlagen.")


def _pruefung_abschliessen(antrag, sb, ablehnen=False):
    """A complete Prüfung (every Prüfpunkt decided with a note, a Prüfvermerk) – no Bescheid goes to Zeichnung
    without one."""
    punkte = {}
    for p in pruefpunkte(antrag, antrag_selectors.berechnung(antrag)):
        notiz = "nicht nachgewiesen" if ablehnen and p.code in ("4.1a", "4.1c") else f"geprüft: {p.angabe}"[:1000]
        punkte[p.code] = {"ok": True, "notiz": notiz}
    return services.pruefung_speichern(antrag, sb, punkte, PRUEFVERMERK_ABLEHNUNG if ablehnen else PRUEFVERMERK)


def _bescheid_bis(antrag, ziel, sb, zeichnung, tag, kuerzen=False):
    """Take an eingereichtes Antrag to `ziel`: entwurf, zur_zeichnung, zurueckgegeben, freigegeben, versandt,
    bestandskraeftig or abgelehnt (an Ablehnungsbescheid, sent). Every Antrag gets a complete Prüfung first."""
    with zeit.gestellt(_um(tag, 9)):
        _pruefung_abschliessen(antrag, sb, ablehnen=ziel == "abgelehnt")
    with zeit.gestellt(_um(tag)):
        bescheid = services.entwurf_anlegen(antrag, sb, ablehnen=ziel == "abgelehnt")
        if ziel == "abgelehnt":
            bescheid = services.entwurf_speichern(bescheid, sb, stellen={}, begruendung=ABLEHNUNGSGRUND)
        if kuerzen:
            k3 = bescheid.stellen.filter(besetzt=False).first()
            if k3:
                bescheid = services.entwurf_speichern(bescheid, sb, stellen={k3.pk: {
                    "bewilligt": False, "kuerzung_grund": "Stelle unbesetzt; Besetzung nicht absehbar (Nr. 5.4.1)."}},
                    veranstaltungen=bescheid.veranstaltungen, schnittstellen=bescheid.schnittstellen)
        if ziel == "entwurf":
            return bescheid
        bescheid = services.vorlegen(bescheid, sb)
        if ziel == "zur_zeichnung":
            return bescheid
    if ziel == "zurueckgegeben":
        with zeit.gestellt(_um(tag, 15)):
            return services.zurueckgeben(bescheid, zeichnung, RUECKGABE_NOTIZ)
    with zeit.gestellt(_um(tag, 14)):
        bescheid = services.freigeben(bescheid, zeichnung)
        if ziel == "freigegeben":
            return bescheid
        bescheid = services.versenden(bescheid, sb, abgesandt_am=tag)
    if ziel == "bestandskraeftig":
        # The Kommune waived the Klage on the day of Bekanntgabe.
        kommune_user = antrag.kommune.benutzer.filter(is_active=True).order_by("pk").first()
        with zeit.gestellt(_um(bescheid.bekanntgabe_am)):
            services.rechtsbehelfsverzicht_erklaeren(bescheid, kommune_user)
    bescheid.refresh_from_db()
    return bescheid


def _eingereichter_antrag(ags, jahr, nummer):
    """The Antrag of that Kommune for `jahr`, filed and submitted before the Frist if there is none yet."""
    kommune = Kommune.objects.get(ags=ags)
    vorhanden = Antrag.objects.filter(kommune=kommune, foerderjahr=jahr).first()
    if vorhanden is not None:
        return vorhanden
    _stammdaten_ergaenzen(kommune, nummer)
    user = (Benutzer.objects.filter(kommune=kommune, is_active=True).order_by("pk").first()
            or _kommune_benutzer(kommune))
    with zeit.gestellt(_um(antrag_selectors.antragsfrist(jahr) - timedelta(days=12 + nummer % 5), 10)):
        antrag = antrag_services.antrag_anlegen(user, jahr, zeilen=STANDARD_STELLEN)
        antrag = _vollstaendig(antrag, user)
        return antrag_services.einreichen(antrag, user, versicherung=True)


def _aendern(bescheid, sb, zeichnung, heute):
    """Kreis Soest asks for a change and gets an Änderungsbescheid from April, gezeichnet; the earlier Bescheid
    stays bestandskräftig."""
    if bescheid.aenderungen.exists() or bescheid.status != BescheidStatus.BESTANDSKRAEFTIG:
        return None
    tag = max(bescheid.bestandskraeftig_ab, min(heute, bescheid.bestandskraeftig_ab + timedelta(days=5)))
    kommune_user = bescheid.antrag.kommune.benutzer.filter(is_active=True).order_by("pk").first()
    with zeit.gestellt(_um(tag, 9)):
        services.aenderungsantrag_stellen(bescheid, kommune_user, 4, AENDERUNG_BESCHREIBUNG)
    with zeit.gestellt(_um(tag, 11)):
        neu = services.aenderungsbescheid_anlegen(bescheid, sb, 4)
        ab_april = neu.stellen.filter(kennung__startswith="K3", gesperrt=False)
        neu = services.entwurf_speichern(
            neu, sb, stellen={s.pk: {"bewilligt": False, "kuerzung_grund": AENDERUNG_GRUND} for s in ab_april},
            begruendung=AENDERUNG_BEGRUENDUNG, begleit_grund=neu.begleit_grund)
        neu = services.vorlegen(neu, sb)
    with zeit.gestellt(_um(tag, 14)):
        neu = services.freigeben(neu, zeichnung)
    return neu


def _knappe_haushaltsmittel(jahr):
    """Set the demo year's means (only while they are the demo's) below the open requests: what is bound, plus
    the Bescheide zur Zeichnung, plus KNAPP_ANTEIL of the rest. Computed from the data, hence idempotent."""
    mittel = Haushaltsmittel.objects.select_for_update().filter(foerderjahr=jahr).first()
    if mittel is None or not mittel.bemerkung.startswith("Demo-Daten"):
        return mittel
    vorschlag = haushalt.verteilungsvorschlag(jahr)
    zur_zeichnung = sum((a.basis for a in vorschlag.antraege
                         if a.bescheid is not None and a.bescheid.status == BescheidStatus.ZUR_ZEICHNUNG),
                        Decimal("0"))
    rest = vorschlag.basis - zur_zeichnung
    betrag = vorschlag.gebunden + zur_zeichnung + (rest * KNAPP_ANTEIL).quantize(Decimal("1"), ROUND_DOWN)
    Haushaltsmittel.objects.filter(pk=mittel.pk).update(betrag=betrag, bemerkung=KNAPP_BEMERKUNG)
    mittel.refresh_from_db()
    return mittel


@transaction.atomic
def demo_bescheide_anlegen():
    heute = zeit.heute()
    jahr = min(max(heute.year + 1, 2026), 2028)
    for j in (jahr - 1, jahr):
        Haushaltsmittel.objects.get_or_create(foerderjahr=j, defaults={"betrag": DEMO_MITTEL,
                                                                       "bemerkung": "Demo-Daten"})
    # Decisions are taken within the full demo means; the year is made short at the end.
    Haushaltsmittel.objects.filter(foerderjahr=jahr, bemerkung=KNAPP_BEMERKUNG).update(betrag=DEMO_MITTEL)
    sb = Benutzer.objects.get(username="sachbearbeitung")
    zeichnung = Benutzer.objects.get(username="zeichnung")
    frist = antrag_selectors.antragsfrist(jahr)
    erledigt = []
    # Anträge filed by antraege.demo
    plan = [("05711000", "versandt", True), ("05974000", "bestandskraeftig", False),
            ("05754000", "zur_zeichnung", False), ("05913000", "entwurf", False),
            ("05515000", "zurueckgegeben", False)]
    # Anträge filed here
    neue = [("05112000", "freigegeben"), ("05562000", "abgelehnt")]
    for nummer, (ags, ziel) in enumerate(neue, start=21):
        _eingereichter_antrag(ags, jahr, nummer)
        plan.append((ags, ziel, False))
    for nummer, (ags, ziel, kuerzen) in enumerate(plan):
        antrag = Antrag.objects.filter(kommune__ags=ags, foerderjahr=jahr,
                                       status__in=ENTSCHEIDBARE_STATUS).first()
        if antrag is None or antrag.bescheide.exists():
            continue
        tag = min(heute, frist + timedelta(days=12 + nummer))
        if ziel == "bestandskraeftig":
            tag = frist + timedelta(days=5)
        erledigt.append(_bescheid_bis(antrag, ziel, sb, zeichnung, tag, kuerzen))
        if ziel == "bestandskraeftig":
            aenderung = _aendern(erledigt[-1], sb, zeichnung, heute)
            if aenderung is not None:
                erledigt.append(aenderung)
    # Kreis Unna (`kommune`): last year's Antrag, decided and bestandskräftig, so it can ask for a change.
    unna = Kommune.objects.get(ags="05978000")
    vorjahr = jahr - 1
    if vorjahr >= 2025 and not Antrag.objects.filter(kommune=unna, foerderjahr=vorjahr).exists():
        kommune_user = Benutzer.objects.get(username="kommune")
        frist_vorjahr = antrag_selectors.antragsfrist(vorjahr)
        with zeit.gestellt(_um(frist_vorjahr - timedelta(days=14))):
            antrag = antrag_services.antrag_anlegen(kommune_user, vorjahr, zeilen=STANDARD_STELLEN)
            antrag = _vollstaendig(antrag, kommune_user)
            antrag = antrag_services.einreichen(antrag, kommune_user, versicherung=True)
        bescheid = _bescheid_bis(antrag, "versandt", sb, zeichnung,
                                 max(frist_vorjahr + timedelta(days=20), date(vorjahr - 1, 12, 1)))
        with zeit.gestellt(_um(bescheid.bekanntgabe_am)):
            services.rechtsbehelfsverzicht_erklaeren(bescheid, kommune_user)
        bescheid.refresh_from_db()
        erledigt.append(bescheid)
    _knappe_haushaltsmittel(jahr)
    return erledigt
