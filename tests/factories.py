from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from antraege.models import Antrag, AntragStatus, Stelle, StellenArt
from bescheide.models import Bescheid, BescheidArt, BescheidStatus, BescheidStelle
from kim_foerderung.stammdaten.models import Kommune, KommunenArt, KreisangehoerigeKommune, Traeger
from kim_foerderung.zugang.models import Benutzer


class KommuneFactory(DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ("ags",)

    ags = factory.Sequence(lambda n: f"0599{n:04d}")
    name = factory.Sequence(lambda n: f"Teststadt {n}")
    art = KommunenArt.KREISFREIE_STADT
    regierungsbezirk = "Arnsberg"
    verwaltungsgericht = "Arnsberg"


class KreisFactory(KommuneFactory):
    name = factory.Sequence(lambda n: f"Kreis Test {n}")
    art = KommunenArt.KREIS


class KreisangehoerigeKommuneFactory(DjangoModelFactory):
    class Meta:
        model = KreisangehoerigeKommune

    kreis = factory.SubFactory(KreisFactory)
    ags = factory.Sequence(lambda n: f"0597{n:04d}")
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    eigene_auslaenderbehoerde = True
    eigenes_jugendamt = True
    integrationsrat = True


class TraegerFactory(DjangoModelFactory):
    class Meta:
        model = Traeger

    kommune = factory.SubFactory(KommuneFactory)
    name = factory.Sequence(lambda n: f"Caritasverband {n} e. V.")
    verband = "Caritas"


class BenutzerFactory(DjangoModelFactory):
    class Meta:
        model = Benutzer
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("kim-demo-passwort")


class KommuneBenutzerFactory(BenutzerFactory):
    kommune = factory.SubFactory(KommuneFactory)


class SachbearbeitungFactory(BenutzerFactory):
    ist_sachbearbeitung = True


class ZeichnungFactory(BenutzerFactory):
    ist_zeichnung = True


class FinanzenFactory(BenutzerFactory):
    ist_finanzen = True


class AdminFactory(BenutzerFactory):
    ist_admin = True
    is_staff = True
    is_superuser = True


# --- Anträge and Bescheide ---------------------------------------------------------------------------------
# Plain rows for tests that need an object in a given state without its history (lists, access, query
# counts). A test of a state transition builds through the services instead (see ``bestandskraeftiger_bescheid``
# in tests/conftest.py and the helpers below).


class AntragFactory(DjangoModelFactory):
    class Meta:
        model = Antrag

    kommune = factory.SubFactory(KommuneFactory)
    foerderjahr = 2026
    status = AntragStatus.ENTWURF
    beantragt = Decimal("0.00")


class StelleFactory(DjangoModelFactory):
    class Meta:
        model = Stelle

    antrag = factory.SubFactory(AntragFactory)
    zeile = factory.Sequence(lambda n: n + 1)
    position = factory.Sequence(lambda n: n + 1)
    art = StellenArt.KOORDINATION
    vzae = Decimal("1.00")
    von_monat = 1
    bis_monat = 12
    besetzt = True


class BescheidFactory(DjangoModelFactory):
    class Meta:
        model = Bescheid

    antrag = factory.SubFactory(AntragFactory)
    art = BescheidArt.ZUWENDUNG
    status = BescheidStatus.ENTWURF
    hoechstbetrag = Decimal("0.00")


class BescheidStelleFactory(DjangoModelFactory):
    class Meta:
        model = BescheidStelle

    bescheid = factory.SubFactory(BescheidFactory)
    kennung = factory.Sequence(lambda n: f"K{n + 1}")
    zeile = factory.Sequence(lambda n: n + 1)
    art = StellenArt.KOORDINATION
    besetzt = True
    vzae = Decimal("1.00")
    von_monat = 1
    bis_monat = 12


# The Antrag of the issue: four coordination Stellen, the VA and two CM Stellen for Kreis Unna, 2026
# (333.862,50 €).
def stellen_2026():
    from antraege.services import StellenZeile

    return [
        StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
        StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
        StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True),
        StellenZeile("", "koordination", Decimal("0.5"), 1, 12, False),
        StellenZeile("", "verwaltungsassistenz", Decimal("0.5"), 1, 12, True),
        StellenZeile("", "case_management", Decimal("1.0"), 1, 12, True),
        StellenZeile("", "case_management", Decimal("0.75"), 4, 12, False),
    ]


def vollstaendig_machen(antrag, user):
    """Fill every declaration and upload so the Antrag can be submitted."""
    from antraege import services

    Antrag.objects.filter(pk=antrag.pk).update(
        ki_gefoerdert=True, angliederung_ki=True, lenkungsgruppe=True,
        lenkungsgruppe_mitglieder="Landrat (Vorsitz)\nJobcenter\nAusländerbehörde",
        qualifikation_bestaetigt=True, keine_doppelfoerderung=True, cm_ausserhalb_jmd_mbe=True,
        iban="DE89370400440532013000", kontoinhaber=str(antrag.kommune),
    )
    antrag.stellen.filter(besetzt=True).update(qualifikation="Master Soziale Arbeit")
    antrag.refresh_from_db()
    services.konzept_hochladen(antrag, user, "kim_konzept", pdf_upload("kim.pdf"))
    services.konzept_hochladen(antrag, user, "cm_konzept", pdf_upload("cm.pdf"))
    antrag.refresh_from_db()
    return antrag


def pruefung_abschliessen(antrag, user, vermerk="Antrag vollständig geprüft; Voraussetzungen Nr. 4 erfüllt."):
    """Record a complete Prüfung: every Prüfpunkt of the Antrag decided (with a note), a Prüfvermerk."""
    from antraege import services as antrag_services
    from bescheide import services
    from bescheide.pruefpunkte import pruefpunkte

    punkte = {p.code: {"ok": True, "notiz": "geprüft"}
              for p in pruefpunkte(antrag, antrag_services.berechnung(antrag))}
    return services.pruefung_speichern(antrag, user, punkte, vermerk)


def bestandskraeftigen_bescheid_bauen(*, kommune_user, sachbearbeitung, zeichnung, time_machine,
                                     on_commit=None, zeilen=None):
    """Through the real services: Kreis Unna's Antrag 2026 (``stellen_2026``, 333.862,50 €) submitted on
    15.10.2025, a complete Prüfung, Zuwendungsbescheid prepared by ``sachbearbeitung``, signed by ``zeichnung``,
    sent on Mon 05.01.2026 (Bekanntgabe 09.01., Klagefrist to 09.02.) and bestandskräftig from 10.02.2026 by the
    daily task. The clock is left at 10.02.2026 06:00. ``on_commit``: pytest-django's
    ``django_capture_on_commit_callbacks`` so that the BESCHEID_WIRKSAM hooks run as after a real commit."""
    from antraege import services as antrag_services
    from bescheide import services
    from kim_foerderung.stammdaten.models import Haushaltsmittel

    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    Haushaltsmittel.objects.get_or_create(foerderjahr=2026, defaults={"betrag": Decimal("20000000.00")})
    antrag = antrag_services.antrag_anlegen(kommune_user, 2026,
                                            zeilen=stellen_2026() if zeilen is None else zeilen)
    antrag = antrag_services.einreichen(vollstaendig_machen(antrag, kommune_user), kommune_user, versicherung=True)
    pruefung_abschliessen(antrag, sachbearbeitung)
    bescheid = services.entwurf_anlegen(antrag, sachbearbeitung)
    services.vorlegen(bescheid, sachbearbeitung)
    services.freigeben(bescheid, zeichnung)
    time_machine.move_to("2026-01-05 09:00 +01:00", tick=False)
    services.versenden(bescheid, sachbearbeitung)
    time_machine.move_to("2026-02-10 06:00 +01:00", tick=False)
    if on_commit is None:
        services.bestandskraft_eintreten_lassen()
    else:
        with on_commit(execute=True):
            services.bestandskraft_eintreten_lassen()
    bescheid.refresh_from_db()
    assert bescheid.status == BescheidStatus.BESTANDSKRAEFTIG, bescheid.status
    return bescheid


def pdf_bytes():
    """A small real PDF for uploads."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    puffer = io.BytesIO()
    writer.write(puffer)
    return puffer.getvalue()


def pdf_upload(name="konzept.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
