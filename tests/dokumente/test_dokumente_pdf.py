"""PDF/A-3b rendering and storage of documents (DESIGN.md "Documents (WeasyPrint)").

No PDF/A validator runs here: the structure is checked with pikepdf, the text with pypdf.
"""
import hashlib
import io
import os
from decimal import Decimal

import pikepdf
import pypdf
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError
from django.utils import timezone

from kim_foerderung.dokumente import services
from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.dokumente.services import pdf_erzeugen, pruefsumme_gueltig
from kim_foerderung.protokoll.models import Protokolleintrag
from tests.pdf_pruefung import font_eingebettet, fonts_der_seite

pytestmark = pytest.mark.django_db

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def muster_kontext(absatz="Erste Fassung des Musters.", betrag=Decimal("57000")):
    return {
        "ueberschrift": "Musterbescheid für den Kreis Unna",
        "absatz": absatz,
        "positionen": [
            {"bezeichnung": "Koordination (1,0 VZÄ, 12 Monate)", "betrag": betrag},
            {"bezeichnung": "Sachausgaben", "betrag": Decimal("5700.00")},
        ],
        "summe": betrag + Decimal("5700.00"),
    }


def muster_erzeugen(unna, benutzer, schluessel="muster-unna-v1", **kontext):
    return pdf_erzeugen(
        schluessel=schluessel,
        template_name="pdf/muster.html",
        context=muster_kontext(**kontext),
        bezug=unna,
        kommune=unna,
        benutzer=benutzer,
        titel="Musterdokument",
        art="muster",
        dateiname="Musterdokument Kreis Unna.pdf",
    )


def gespeicherte_bytes(dokument):
    with dokument.datei.storage.open(dokument.datei.name, "rb") as datei:
        return datei.read()


def text_von(pdf_bytes):
    return "\n".join(seite.extract_text() for seite in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)


def test_muster_ist_pdf_a_3b_mit_eingebetteten_schriften(unna, sachbearbeitung_user):
    dokument = muster_erzeugen(unna, sachbearbeitung_user)
    daten = gespeicherte_bytes(dokument)

    assert daten.startswith(b"%PDF-1.7")
    with pikepdf.open(io.BytesIO(daten)) as pdf:
        assert not pdf.is_encrypted
        assert "/Encrypt" not in pdf.trailer

        # PDF/A identification in the XMP metadata: part 3, conformance B.
        assert "/Metadata" in pdf.Root
        xmp = pdf.open_metadata()
        assert xmp.get(f"{PDFAID}part") == "3"
        assert xmp.get(f"{PDFAID}conformance") == "B"

        # sRGB OutputIntent with an embedded ICC profile.
        intents = pdf.Root.get("/OutputIntents")
        assert intents is not None and len(intents) >= 1
        intent = intents[0]
        assert intent.get("/S") == "/GTS_PDFA1"
        profil = intent.get("/DestOutputProfile")
        assert isinstance(profil, pikepdf.Stream)
        assert int(profil.get("/N")) == 3
        icc = profil.read_bytes()
        assert icc[36:40] == b"acsp"  # ICC profile signature
        assert icc[16:20] == b"RGB "  # colour space of the profile
        assert "sRGB" in str(intent.get("/OutputConditionIdentifier"))

        # Every font in every page's resources is embedded (also the descendants of Type0 fonts).
        alle_fonts = []
        for seite in pdf.pages:
            for name, font in fonts_der_seite(seite):
                alle_fonts.append((name, str(font.get("/BaseFont"))))
                assert font_eingebettet(font), f"Schrift {name} {font.get('/BaseFont')} ist nicht eingebettet"
        assert alle_fonts, "Das Dokument enthält keine Schriften."
        assert all("DejaVu" in basis for _, basis in alle_fonts), alle_fonts

        # German document language.
        assert str(pdf.Root.get("/Lang")) == "de"


def test_muster_text_mit_umlauten_betrag_kopf_und_seitenzahl(unna, sachbearbeitung_user):
    text = text_von(gespeicherte_bytes(muster_erzeugen(unna, sachbearbeitung_user)))
    for teil in ("ÄÖÜäöüß", "Musterbescheid für den Kreis Unna", "57.000,00 €", "62.700,00 €",
                 "Bezirksregierung Arnsberg", "Seite 1 von 1", "Erste Fassung des Musters."):
        assert teil in text, teil


def test_dokument_zeile_pruefsumme_ablage_und_protokoll(unna, sachbearbeitung_user, settings):
    dokument = muster_erzeugen(unna, sachbearbeitung_user)
    daten = gespeicherte_bytes(dokument)

    assert dokument.sha256 == hashlib.sha256(daten).hexdigest()
    assert dokument.groesse == len(daten)
    assert dokument.mime_typ == "application/pdf"
    assert dokument.dateiname == "Musterdokument Kreis Unna.pdf"
    assert dokument.kommune == unna
    assert dokument.bezug == unna
    assert dokument.erstellt_von == sachbearbeitung_user
    assert pruefsumme_gueltig(dokument)

    # Stored outside the project, below KIM_DOKUMENTE_ROOT, in a subfolder per year.
    pfad = dokument.datei.path
    assert pfad.startswith(str(settings.KIM_DOKUMENTE_ROOT))
    assert dokument.datei.name.split("/")[0] == str(timezone.localtime(dokument.erstellt_am).year)

    eintrag = Protokolleintrag.objects.get(
        content_type=ContentType.objects.get_for_model(unna), object_id=str(unna.pk)
    )
    assert eintrag.aktion == "Dokument erzeugt: Musterdokument"
    assert eintrag.benutzer == sachbearbeitung_user
    assert eintrag.daten["sha256"] == dokument.sha256


def test_gleicher_schluessel_wird_nie_neu_gerendert(unna, sachbearbeitung_user, monkeypatch):
    erstes = muster_erzeugen(unna, sachbearbeitung_user)
    pfad = erstes.datei.path
    mtime = os.stat(pfad).st_mtime_ns
    hash_vorher = hashlib.sha256(gespeicherte_bytes(erstes)).hexdigest()

    zweites = muster_erzeugen(unna, sachbearbeitung_user, absatz="Zweite Fassung, darf nie erscheinen.",
                              betrag=Decimal("1.00"))

    assert zweites.pk == erstes.pk
    assert Dokument.objects.filter(schluessel="muster-unna-v1").count() == 1
    assert Dokument.objects.count() == 1
    assert os.stat(pfad).st_mtime_ns == mtime
    assert hashlib.sha256(gespeicherte_bytes(zweites)).hexdigest() == hash_vorher == zweites.sha256
    text = text_von(gespeicherte_bytes(zweites))
    assert "Erste Fassung des Musters." in text
    assert "Zweite Fassung" not in text
    assert len(os.listdir(os.path.dirname(pfad))) == 1
    assert Protokolleintrag.objects.filter(aktion__startswith="Dokument erzeugt").count() == 1

    # And the template is not rendered at all the second time.
    def nicht_rendern(*args, **kwargs):
        raise AssertionError("Ein gespeichertes Dokument wurde erneut gerendert.")

    monkeypatch.setattr(services, "html_rendern", nicht_rendern)
    monkeypatch.setattr(services, "pdf_aus_html", nicht_rendern)
    assert muster_erzeugen(unna, sachbearbeitung_user).pk == erstes.pk


def test_neue_fassung_ist_neues_dokument(unna, sachbearbeitung_user):
    v1 = muster_erzeugen(unna, sachbearbeitung_user, schluessel="muster-unna-v1")
    v2 = muster_erzeugen(unna, sachbearbeitung_user, schluessel="muster-unna-v2", absatz="Geänderte Fassung.")
    assert v1.pk != v2.pk
    assert v1.sha256 != v2.sha256
    assert "Geänderte Fassung." in text_von(gespeicherte_bytes(v2))
    assert "Geänderte Fassung." not in text_von(gespeicherte_bytes(v1))


def test_wettlauf_um_schluessel_liefert_vorhandenes_und_raeumt_datei_auf(unna, sachbearbeitung_user,
                                                                         monkeypatch, settings):
    """Two workers render the same key: the unique constraint decides, the loser's file is removed."""
    sieger = muster_erzeugen(unna, sachbearbeitung_user)
    dateien_vorher = sorted(p.name for p in settings.KIM_DOKUMENTE_ROOT.rglob("*") if p.is_file())

    # The second worker looked before the first one committed: its first lookup finds nothing, so it renders
    # and runs into the unique constraint.
    echte_suche = services._vorhandenes
    aufrufe = []

    def erst_nichts(schluessel):
        aufrufe.append(schluessel)
        return None if len(aufrufe) == 1 else echte_suche(schluessel)

    monkeypatch.setattr(services, "_vorhandenes", erst_nichts)
    verlierer = muster_erzeugen(unna, sachbearbeitung_user, absatz="Verlierer des Wettlaufs.")

    assert verlierer.pk == sieger.pk
    assert Dokument.objects.count() == 1
    dateien_nachher = sorted(p.name for p in settings.KIM_DOKUMENTE_ROOT.rglob("*") if p.is_file())
    assert dateien_nachher == dateien_vorher
    assert Protokolleintrag.objects.filter(aktion__startswith="Dokument erzeugt").count() == 1
    assert len(aufrufe) == 2  # rendered once, then the constraint answered


def test_anderer_integritaetsfehler_wird_nicht_verschluckt(unna, sachbearbeitung_user, monkeypatch, settings):
    def kaputt(*args, **kwargs):
        raise IntegrityError("anderer Fehler")

    monkeypatch.setattr(services, "protokolliere", kaputt)
    with pytest.raises(IntegrityError):
        muster_erzeugen(unna, sachbearbeitung_user)
    assert Dokument.objects.count() == 0
    assert not [p for p in settings.KIM_DOKUMENTE_ROOT.rglob("*") if p.is_file()]


def test_dokument_einer_fremden_kommune_zuordnen_ist_ein_programmierfehler(unna, bielefeld, sachbearbeitung_user):
    with pytest.raises(ValueError):
        pdf_erzeugen(
            schluessel="falsch-1", template_name="pdf/muster.html", context=muster_kontext(), bezug=unna,
            kommune=bielefeld, benutzer=sachbearbeitung_user, titel="Falsch", art="muster", dateiname="x.pdf",
        )
    assert not Dokument.objects.exists()


def test_pruefsumme_erkennt_manipulation_und_fehlende_datei(unna, sachbearbeitung_user):
    dokument = muster_erzeugen(unna, sachbearbeitung_user)
    assert pruefsumme_gueltig(dokument)
    with open(dokument.datei.path, "ab") as datei:
        datei.write(b"% manipuliert\n")
    assert not pruefsumme_gueltig(dokument)
    os.remove(dokument.datei.path)
    assert not pruefsumme_gueltig(dokument)


def test_keine_ressourcen_ausserhalb_des_projekts():
    """The renderer fetches nothing from the network or from other local files."""
    fetcher = services._url_fetcher()
    for url in ("https://example.org/schrift.woff2", "http://127.0.0.1/x.png", "file:///etc/passwd",
                "ftp://example.org/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_ressourcen_aus_static_sind_erlaubt(settings):
    from pathlib import Path

    css = Path(settings.BASE_DIR) / "static" / "kim" / "kim.css"
    antwort = services._url_fetcher().fetch(css.as_uri())
    try:
        assert antwort.read(1) is not None
    finally:
        antwort.close()


def test_ablage_und_datum_nach_berliner_zeit(unna, sachbearbeitung_user):
    import time_machine

    # 31.12.2025 23:30 UTC is already 01.01.2026 in Europe/Berlin.
    with time_machine.travel("2025-12-31T23:30:00+00:00", tick=False):
        dokument = muster_erzeugen(unna, sachbearbeitung_user, schluessel="muster-neujahr")
    assert dokument.datei.name.startswith("2026/")
    assert "erstellt am 01.01.2026" in text_von(gespeicherte_bytes(dokument))


def test_admin_listet_nur_lesend(unna, admin_user, sachbearbeitung_user, client_als):
    dokument = muster_erzeugen(unna, sachbearbeitung_user)
    client = client_als(admin_user)
    liste = client.get("/admin/dokumente/dokument/")
    assert liste.status_code == 200
    assert "Musterdokument" in liste.content.decode()
    assert client.get(f"/admin/dokumente/dokument/{dokument.pk}/change/").status_code == 200
    assert client.get("/admin/dokumente/dokument/add/").status_code == 403
    assert client.post(f"/admin/dokumente/dokument/{dokument.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Dokument.objects.filter(pk=dokument.pk).exists()
