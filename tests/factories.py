import factory
from factory.django import DjangoModelFactory

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
