"""Demo data for `make run`: Bescheide in every state, so Sachbearbeitung, Zeichnung and the Kommunen see work.

Runs after antraege.demo (which files the 2027 Anträge). Past events are recorded with kim_foerderung.zeit.gestellt.
"""
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from antraege import services as antrag_services
from antraege.demo import STANDARD_STELLEN, _vollstaendig
from antraege.models import Antrag, AntragStatus
from kim_foerderung import zeit
from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
from kim_foerderung.zugang.models import Benutzer

from . import services

BERLIN = ZoneInfo("Europe/Berlin")


def _um(tag, stunde=11):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)


def _bescheid_bis(antrag, ziel, sb, zeichnung, tag, kuerzen=False):
    """Take an eingereichtes Antrag to `ziel`: entwurf, zur_zeichnung, versandt or bestandskraeftig."""
    with zeit.gestellt(_um(tag)):
        bescheid = services.entwurf_anlegen(antrag, sb)
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
        bescheid = services.freigeben(bescheid, zeichnung)
        bescheid = services.versenden(bescheid, sb, abgesandt_am=tag)
    if ziel == "bestandskraeftig":
        # The Kommune waived the Klage on the day of Bekanntgabe.
        kommune_user = antrag.kommune.benutzer.filter(is_active=True).order_by("pk").first()
        with zeit.gestellt(_um(bescheid.bekanntgabe_am)):
            services.rechtsbehelfsverzicht_erklaeren(bescheid, kommune_user)
    bescheid.refresh_from_db()
    return bescheid


@transaction.atomic
def demo_bescheide_anlegen():
    heute = zeit.heute()
    jahr = min(max(heute.year + 1, 2026), 2028)
    for j in (jahr - 1, jahr):
        Haushaltsmittel.objects.get_or_create(foerderjahr=j, defaults={"betrag": Decimal("25000000.00"),
                                                                       "bemerkung": "Demo-Daten"})
    sb = Benutzer.objects.get(username="sachbearbeitung")
    zeichnung = Benutzer.objects.get(username="zeichnung")
    frist = antrag_services.antragsfrist(jahr)
    erledigt = []
    plan = [("05711000", "versandt", True), ("05974000", "bestandskraeftig", False),
            ("05754000", "zur_zeichnung", False), ("05913000", "entwurf", False)]
    for nummer, (ags, ziel, kuerzen) in enumerate(plan):
        antrag = Antrag.objects.filter(kommune__ags=ags, foerderjahr=jahr,
                                       status__in=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG]).first()
        if antrag is None or antrag.bescheide.exists():
            continue
        tag = min(heute, frist + timedelta(days=12 + nummer))
        if ziel == "bestandskraeftig":
            tag = frist + timedelta(days=5)
        erledigt.append(_bescheid_bis(antrag, ziel, sb, zeichnung, tag, kuerzen))
    # Kreis Unna (`kommune`): last year's Antrag, decided and bestandskräftig, so it can ask for a change.
    unna = Kommune.objects.get(ags="05978000")
    vorjahr = jahr - 1
    if vorjahr >= 2025 and not Antrag.objects.filter(kommune=unna, foerderjahr=vorjahr).exists():
        kommune_user = Benutzer.objects.get(username="kommune")
        frist_vorjahr = antrag_services.antragsfrist(vorjahr)
        with zeit.gestellt(_um(frist_vorjahr - timedelta(days=14))):
            antrag = antrag_services.antrag_anlegen(kommune_user, vorjahr, zeilen=STANDARD_STELLEN)
            antrag = _vollstaendig(antrag, kommune_user)
            antrag = antrag_services.einreichen(antrag, kommune_user)
        bescheid = _bescheid_bis(antrag, "versandt", sb, zeichnung,
                                 max(frist_vorjahr + timedelta(days=20), date(vorjahr - 1, 12, 1)))
        with zeit.gestellt(_um(bescheid.bekanntgabe_am)):
            services.rechtsbehelfsverzicht_erklaeren(bescheid, kommune_user)
        bescheid.refresh_from_db()
        erledigt.append(bescheid)
    return erledigt
