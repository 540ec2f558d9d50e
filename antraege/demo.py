"""Demo data for the embedded default (`make run`): Anträge in several states, so each role sees real work.

Only ever run with DJANGO_DEBUG=1 (the command refuses otherwise). Events in the past (submissions in
October) are recorded with the clock set to that day through kim_foerderung.zeit.gestellt.
"""
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from schwifty import IBAN

from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.services import pdf_aus_html
from kim_foerderung.stammdaten.models import Kommune, KreisangehoerigeKommune, Traeger
from kim_foerderung.stammdaten.services import anschriften_laden
from kim_foerderung.zugang.models import Benutzer

from . import services
from .models import Antrag
from .services import StellenZeile

BERLIN = ZoneInfo("Europe/Berlin")
D = Decimal


def _um(tag, stunde=10):
    return datetime.combine(tag, datetime.min.time(), tzinfo=BERLIN).replace(hour=stunde)


def _stammdaten_ergaenzen(kommune, nummer):
    if kommune.iban:
        return
    # The KI sits in the Kommune's administration (Kreishaus, Rathaus): its real street, PLZ and Ort
    # (kim_foerderung/stammdaten/daten/anschriften.csv).
    kommune.ki_name = f"Kommunales Integrationszentrum {kommune}"
    kommune.ki_strasse, kommune.ki_plz, kommune.ki_ort = kommune.strasse, kommune.plz, kommune.ort
    kommune.ansprechperson = "Leitung KI"
    kommune.email = f"ki@{kommune.ags}.example.org"
    kommune.kontoinhaber = str(kommune)
    kommune.iban = str(IBAN.generate("DE", bank_code="37040044", account_code=f"{5320130 + nummer:010d}"))
    kommune.full_clean()
    kommune.save()


def _kreis_unna_einrichten(unna):
    # Example data for the Nr. 4.3 rule, not an official statement about these towns.
    for ags, name, qualifiziert in [("05978024", "Lünen", True), ("05978036", "Unna", True),
                                    ("05978020", "Kamen", False), ("05978028", "Schwerte", False)]:
        KreisangehoerigeKommune.objects.get_or_create(
            ags=ags, defaults={"kreis": unna, "name": name, "eigene_auslaenderbehoerde": qualifiziert,
                               "eigenes_jugendamt": True, "integrationsrat": qualifiziert},
        )
    Traeger.objects.get_or_create(kommune=unna, name="Caritasverband für den Kreis Unna e. V. (Beispiel)",
                                  defaults={"verband": "Caritas", "ort": "Unna"})


STANDARD_STELLEN = [
    StellenZeile("", "koordination", D("1.0"), 1, 12, True),
    StellenZeile("", "koordination", D("1.0"), 1, 12, True),
    StellenZeile("", "koordination", D("0.5"), 1, 12, False),
    StellenZeile("", "verwaltungsassistenz", D("0.5"), 1, 12, True),
    StellenZeile("", "case_management", D("1.0"), 1, 12, True),
]


def _konzept_pdf(titel):
    from django.core.files.base import ContentFile

    html = f"<html lang='de'><body style='font-family: DejaVu Sans'><h1>{titel}</h1>" \
           "<p>Beispieldokument der Demo-Daten.</p></body></html>"
    return ContentFile(pdf_aus_html(html), name="konzept.pdf")


def _vollstaendig(antrag, user):
    Antrag.objects.filter(pk=antrag.pk).update(
        ki_gefoerdert=True, angliederung_ki=True, lenkungsgruppe=True,
        lenkungsgruppe_mitglieder="Landrätin / Oberbürgermeister (Vorsitz)\nJobcenter\nAusländerbehörde\n"
                                  "Jugendamt\nFreie Wohlfahrtspflege",
        qualifikation_bestaetigt=True, keine_doppelfoerderung=True, cm_ausserhalb_jmd_mbe=True,
        veranstaltungen_betrag=D("4500.00"), veranstaltungen_beschreibung="Integrationskonferenz, Fachtage",
    )
    antrag.stellen.filter(besetzt=True).update(qualifikation="Master Soziale Arbeit")
    antrag.refresh_from_db()
    services.konzept_hochladen(antrag, user, "kim_konzept", _konzept_pdf(f"KIM-Konzept {antrag.kommune}"))
    services.konzept_hochladen(antrag, user, "cm_konzept", _konzept_pdf(f"CM-Konzept {antrag.kommune}"))
    antrag.refresh_from_db()
    return antrag


def _kommune_benutzer(kommune):
    """A named colleague of that Kommune for the demo history; nobody can log in with it."""
    benutzer, neu = Benutzer.objects.get_or_create(
        username=f"demo-{kommune.ags}",
        defaults={"first_name": "Demo", "last_name": kommune.name, "kommune": kommune},
    )
    if neu:
        benutzer.set_unusable_password()
        benutzer.save(update_fields=["password"])
    return benutzer


@transaction.atomic
def demo_antraege_anlegen():
    """Idempotent: Kommunen that already have an Antrag for the demo year are left alone."""
    heute = zeit.heute()
    jahr = min(max(heute.year + 1, 2026), 2028)
    frist = services.antragsfrist(jahr)
    vor_frist = frist - timedelta(days=10)
    sachbearbeitung = Benutzer.objects.get(username="sachbearbeitung")
    sachbearbeitung2 = Benutzer.objects.get(username="sachbearbeitung2")
    anschriften_laden()  # the real address of each administration (also when demodaten ran before this change)
    unna = Kommune.objects.get(ags="05978000")
    _kreis_unna_einrichten(unna)
    faelle = [
        ("05711000", "eingereicht"),        # Bielefeld (kommune2)
        ("05315000", "nachforderung"),      # Köln
        ("05974000", "in_pruefung"),        # Kreis Soest
        ("05913000", "eingereicht"),        # Dortmund
        ("05754000", "eingereicht"),        # Kreis Gütersloh
        ("05515000", "in_pruefung"),        # Münster
        ("05113000", "entwurf"),            # Essen: missed the Frist, no exception
    ]
    angelegt = []
    for nummer, (ags, ziel) in enumerate(faelle, start=1):
        kommune = Kommune.objects.get(ags=ags)
        if Antrag.objects.filter(kommune=kommune, foerderjahr=jahr).exists():
            continue
        _stammdaten_ergaenzen(kommune, nummer)
        user = Benutzer.objects.filter(kommune=kommune, is_active=True).order_by("pk").first() or _kommune_benutzer(kommune)
        with zeit.gestellt(_um(vor_frist - timedelta(days=nummer))):
            antrag = services.antrag_anlegen(user, jahr, zeilen=STANDARD_STELLEN)
            if ziel == "entwurf":
                angelegt.append(antrag)
                continue
            antrag = _vollstaendig(antrag, user)
            antrag = services.einreichen(antrag, user, versicherung=True)
        if ziel in ("in_pruefung", "nachforderung"):
            with zeit.gestellt(_um(frist + timedelta(days=3))):
                services.pruefung_beginnen(antrag, sachbearbeitung)
        if ziel == "nachforderung":
            with zeit.gestellt(_um(frist + timedelta(days=8))):
                services.nachforderung_stellen(
                    antrag, sachbearbeitung,
                    "Bitte reichen Sie die Qualifikationsnachweise für K3 nach und erläutern Sie, warum die "
                    "Stelle noch nicht besetzt ist.",
                )
        angelegt.append(antrag)
    # Kreis Unna (demo user `kommune`): a draft, with an exception from the Frist granted by Sachbearbeitung.
    if not Antrag.objects.filter(kommune=unna, foerderjahr=jahr).exists():
        _stammdaten_ergaenzen(unna, 99)
        kommune_user = Benutzer.objects.get(username="kommune")
        with zeit.gestellt(_um(vor_frist)):
            antrag = services.antrag_anlegen(kommune_user, jahr, zeilen=STANDARD_STELLEN[:2])
        services.fristausnahme_erteilen(
            sachbearbeitung2, unna, jahr, regeln.naechster_werktag(max(heute, frist) + timedelta(days=21)),
            "Der Kreistag beschließt das Konzept erst in seiner Dezembersitzung.",
        )
        angelegt.append(antrag)
    return angelegt
