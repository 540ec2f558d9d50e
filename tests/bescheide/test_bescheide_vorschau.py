"""The draft of a Bescheid as PDF before it is signed (Nr. 7.2.1, four-eyes release Nr. 7.2.2): Sachbearbeitung and
Zeichnung see the text the release would render – from the same template and context (bescheide.dokument.
bescheid_vorlage) – marked ENTWURF on every page, without Bescheid-Nummer and signature, dated today. It is
answered inline and never stored: no Dokument, no file, no Protokoll entry (a read, like the detail page).

Text checks with pypdf, structure with pikepdf (tests/pdf_pruefung.py, DESIGN.md "Documents")."""
import hashlib
import re
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from bescheide import dokument as bescheid_dokument
from bescheide import services
from bescheide.models import Bescheid, BescheidStatus
from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.protokoll.models import Protokolleintrag
from tests import factories
from tests.pdf_pruefung import dokument_bytes, pruefe_pdf_a, text_von

pytestmark = pytest.mark.django_db

HOECHSTBETRAG_UNNA = "333.862,50 €"  # 4 Koordination, VA, 2 CM (tests/factories.py stellen_2026)
VERMERK = "ENTWURF – nicht bekanntgegeben, ohne Rechtswirkung"
NUMMER = re.compile(r"KIM-\d{4}-\d{8}-\d{2}")
STELLEN = ("K1 Koordination 1,0 Januar – Dezember ja 57.000,00 € 5.700,00 €",
           "K4 Koordination 0,5 Januar – Dezember nein 28.500,00 € 2.850,00 €",
           "VA1 Verwaltungsassistenz 0,5 Januar – Dezember ja 22.500,00 € 2.850,00 €",
           "CM1 Case Management 1,0 Januar – Dezember ja 57.000,00 €",
           "CM2 Case Management 0,75 April – Dezember nein 32.062,50 €")


def url(bescheid):
    return reverse("bescheid_vorschau", args=[bescheid.pk])


def gespeichertes():
    """Everything a preview must not leave behind: Dokumente, files, Protokoll entries."""
    ablage = Path(settings.MEDIA_ROOT)
    dateien = sorted(str(p) for p in ablage.rglob("*") if p.is_file()) if ablage.exists() else []
    return Dokument.objects.count(), dateien, Protokolleintrag.objects.count()


def seitentexte(daten):
    import io

    return [" ".join(s.extract_text().split()) for s in pypdf.PdfReader(io.BytesIO(daten)).pages]


def test_vorschau_zeigt_den_entwurf_mit_vermerk_ohne_nummer_und_zeichnung(
        entwurf, sachbearbeitung_user, zeichnung_user, client_als, time_machine):
    time_machine.move_to("2025-11-03 09:30 +01:00", tick=False)  # the draft is dated today, not the Antrag's day
    vorher = gespeichertes()

    antwort = client_als(sachbearbeitung_user).get(url(entwurf))

    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"] == 'inline; filename="zuwendungsbescheid-05978000-2026-entwurf.pdf"'
    assert "no-store" in antwort["Cache-Control"]
    daten = antwort.content
    pruefe_pdf_a(daten)
    text = text_von(daten)
    # the text of the Zuwendungsbescheid (Anlage 2): Höchstbetrag, Stellen, Zahltermine (Nr. 5.4, 7.3)
    assert f"eine Zuwendung in Höhe von bis zu {HOECHSTBETRAG_UNNA} (Höchstbetrag)" in text
    assert f"Höchstbetrag der Zuwendung {HOECHSTBETRAG_UNNA}" in text
    for zeile in STELLEN:
        assert zeile in text, zeile
    assert "01.05.2026 30.04.2026 166.931,25 €" in text
    assert "Verwaltungsgericht Gelsenkirchen" in text
    # marked as draft on every page, no number, no signer, dated today
    assert all("ENTWURF" in seite and VERMERK in seite for seite in seitentexte(daten))
    assert "Bescheid-Nr. Nummer wird bei Zeichnung vergeben" in text
    assert not NUMMER.search(text)
    assert "Datum 03.11.2025" in text and "Stand 03.11.2025" in text
    assert "(noch nicht gezeichnet)" in text
    assert zeichnung_user.anzeigename not in text
    assert "ohne Unterschrift gültig" not in text

    # nothing stored, nothing logged, the Bescheid untouched
    assert gespeichertes() == vorher
    entwurf.refresh_from_db()
    assert (entwurf.status, entwurf.nummer, entwurf.dokument_id) == (BescheidStatus.ENTWURF, None, None)


def test_zweimal_aufgerufen_erzeugt_nichts(entwurf, sachbearbeitung_user, client_als):
    vorher = gespeichertes()
    client = client_als(sachbearbeitung_user)
    erste, zweite = client.get(url(entwurf)), client.get(url(entwurf))
    assert erste.status_code == zweite.status_code == 200
    assert text_von(erste.content) == text_von(zweite.content)
    assert gespeichertes() == vorher
    typ = ContentType.objects.get_for_model(Bescheid)
    assert not Dokument.objects.filter(content_type=typ, object_id=str(entwurf.pk)).exists()


def test_derselbe_entwurfstext_wird_einmal_gerendert(entwurf, sachbearbeitung_user, zeichnung_user, client_als,
                                                      time_machine):
    """The preview renders per request (issue 13): the same draft text is answered with the bytes of its first
    render – a minute later and for the Zeichnung too –, a changed text and the next day's date render anew."""
    time_machine.move_to("2025-11-03 09:30 +01:00", tick=False)
    erste = client_als(sachbearbeitung_user).get(url(entwurf)).content
    time_machine.move_to("2025-11-03 09:31:07 +01:00", tick=False)  # rendered again, the creation time would differ
    services.vorlegen(entwurf, sachbearbeitung_user)  # zur Zeichnung: the same text
    zweite = client_als(zeichnung_user).get(url(entwurf)).content
    assert zweite == erste

    time_machine.move_to("2025-11-04 08:00 +01:00", tick=False)  # dated today: a new day is a new text
    neuer_tag = client_als(zeichnung_user).get(url(entwurf)).content
    assert neuer_tag != erste
    assert "Stand 04.11.2025" in text_von(neuer_tag) and "Stand 03.11.2025" in text_von(erste)
    pruefe_pdf_a(neuer_tag)


def test_geaenderter_entwurf_zeigt_den_neuen_text(entwurf, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    vorher = client.get(url(entwurf)).content
    services.entwurf_speichern(Bescheid.objects.get(pk=entwurf.pk), sachbearbeitung_user, stellen={},
                               begruendung="Die Lenkungsgruppe tagt seit März 2025 quartalsweise.")
    nachher = client.get(url(entwurf)).content
    assert nachher != vorher
    assert "Die Lenkungsgruppe tagt seit März 2025 quartalsweise." in " ".join(text_von(nachher).split())
    assert "Lenkungsgruppe tagt" not in text_von(vorher)


def test_zeichnung_sieht_den_vorgelegten_entwurf_die_freigabe_bleibt_unberuehrt(
        entwurf, sachbearbeitung_user, zeichnung_user, client_als, monkeypatch):
    """Preview and release build their document through the same function; the released PDF carries number and
    signer and no draft mark, and the preview leaves it alone."""
    aufrufe = []
    original = bescheid_dokument.bescheid_vorlage

    def spion(bescheid, **kwargs):
        aufrufe.append(kwargs.get("entwurf", False))
        return original(bescheid, **kwargs)

    monkeypatch.setattr(bescheid_dokument, "bescheid_vorlage", spion)
    services.vorlegen(entwurf, sachbearbeitung_user)
    vorher = gespeichertes()
    client = client_als(zeichnung_user)
    vorschau = client.get(url(entwurf))
    assert vorschau.status_code == 200
    vorschau_text = text_von(vorschau.content)
    assert VERMERK in vorschau_text and not NUMMER.search(vorschau_text)
    assert gespeichertes() == vorher

    b = services.freigeben(Bescheid.objects.get(pk=entwurf.pk), zeichnung_user)
    assert aufrufe == [True, False]
    assert Dokument.objects.count() == vorher[0] + 1  # only the released document
    daten = dokument_bytes(b.dokument)
    assert hashlib.sha256(daten).hexdigest() == b.dokument.sha256
    text = text_von(daten)
    assert b.nummer == "KIM-2026-05978000-01" and "Bescheid-Nr. KIM-2026-05978000-01" in text
    assert f"Im Auftrag {zeichnung_user.anzeigename}" in text and "ohne Unterschrift gültig" in text
    assert "ENTWURF" not in text and "ohne Rechtswirkung" not in text and "Nummer wird bei" not in text
    # the same substance as the preview showed
    for teil in (f"eine Zuwendung in Höhe von bis zu {HOECHSTBETRAG_UNNA} (Höchstbetrag)", *STELLEN,
                 "bis zum 31.03.2027 nach dem Muster der Anlage 3"):
        assert teil in text and teil in vorschau_text, teil

    # once released, the preview URL leads to the stored document and renders nothing
    antwort = client.get(url(b))
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("dokument_herunterladen", args=[b.dokument.pk])
    assert aufrufe == [True, False]
    b.dokument.refresh_from_db()
    assert dokument_bytes(b.dokument) == daten


def test_vorschau_des_ablehnungsbescheids(eingereichter_antrag, sachbearbeitung_user, haushalt_2026, client_als):
    factories.pruefung_abschliessen(eingereichter_antrag, sachbearbeitung_user)
    b = services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user, ablehnen=True)
    services.entwurf_speichern(b, sachbearbeitung_user, stellen={},
                               begruendung="Eine Lenkungsgruppe auf Leitungsebene (Nr. 4.1 c) ist nicht eingerichtet.")
    vorher = gespeichertes()
    antwort = client_als(sachbearbeitung_user).get(url(b))
    assert antwort.status_code == 200
    assert antwort["Content-Disposition"].endswith('-entwurf.pdf"')
    text = text_von(antwort.content)
    assert "Ablehnungsbescheid" in text and VERMERK in text
    assert "Eine Lenkungsgruppe auf Leitungsebene (Nr. 4.1 c) ist nicht eingerichtet." in text
    assert "Nummer wird bei Zeichnung vergeben" in text and not NUMMER.search(text)
    assert "ohne Unterschrift gültig" not in text
    assert gespeichertes() == vorher



def test_vorschau_des_aenderungsbescheids_nennt_nur_die_nummer_des_geaenderten(
        versandter_bescheid, sachbearbeitung_user, client_als):
    neu = services.aenderungsbescheid_anlegen(versandter_bescheid, sachbearbeitung_user, 4)
    vorher = gespeichertes()
    text = text_von(client_als(sachbearbeitung_user).get(url(neu)).content)
    assert "Änderungsbescheid" in text and VERMERK in text
    assert "Bescheid-Nr. Nummer wird bei Zeichnung vergeben" in text
    assert "Zuwendungsbescheid Nr. KIM-2026-05978000-01 vom 15.10.2025 wird mit Wirkung ab dem 1. April 2026" in text
    assert set(NUMMER.findall(text)) == {"KIM-2026-05978000-01"}  # the changed Bescheid's, never a new one
    assert gespeichertes() == vorher

# --- who may see it ---------------------------------------------------------------------------------------------


def test_andere_und_eigene_kommune_bekommen_404_finanzen_403(entwurf, kommune_user, kommune2_user, finanzen_user,
                                                             admin_user, client_als):
    """The Kommune never sees a draft (its own neither: 404 as for another Kommune); Finanzen and Admin see the
    Bescheid but hold neither role: 403."""
    vorher = gespeichertes()
    assert client_als(kommune2_user).get(url(entwurf)).status_code == 404
    assert client_als(kommune_user).get(url(entwurf)).status_code == 404
    assert client_als(finanzen_user).get(url(entwurf)).status_code == 403
    assert client_als(admin_user).get(url(entwurf)).status_code == 403
    assert gespeichertes() == vorher


def test_anonym_zur_anmeldung_und_nur_lesen(entwurf, sachbearbeitung_user, client, client_als):
    antwort = client.get(url(entwurf))
    assert antwort.status_code == 302 and "/anmelden/" in antwort["Location"]
    assert client_als(sachbearbeitung_user).post(url(entwurf)).status_code == 405


def test_verworfener_entwurf_hat_keine_vorschau(entwurf, sachbearbeitung_user, client_als):
    services.verwerfen(entwurf, sachbearbeitung_user)
    assert client_als(sachbearbeitung_user).get(url(entwurf)).status_code == 404


def test_kein_entwurf_pdf_ausserhalb_von_entwurf_und_zeichnung(entwurf, sachbearbeitung_user):
    services.verwerfen(entwurf, sachbearbeitung_user)
    with pytest.raises(ValueError):
        bescheid_dokument.entwurf_pdf_bytes(Bescheid.objects.get(pk=entwurf.pk))


# --- the link on the Bescheid page ------------------------------------------------------------------------------

LINK = re.compile(r'<a href="(?P<href>[^"]+)"(?P<attr>[^>]*)>Entwurf als PDF ansehen</a>')


def _link(client, bescheid):
    antwort = client.get(reverse("bescheid_detail", args=[bescheid.pk]))
    assert antwort.status_code == 200
    return LINK.search(antwort.content.decode())


def test_link_auf_der_bescheidseite(entwurf, sachbearbeitung_user, zeichnung_user, finanzen_user, client_als):
    treffer = _link(client_als(sachbearbeitung_user), entwurf)
    assert treffer and treffer["href"] == url(entwurf)
    assert "target" not in treffer["attr"]  # opens in the same tab
    assert 'aria-describedby="bescheid-vorschau-hinweis"' in treffer["attr"]
    assert _link(client_als(finanzen_user), entwurf) is None
    assert _link(client_als(zeichnung_user), entwurf) is not None  # Zeichnung may look at a draft, too

    services.vorlegen(entwurf, sachbearbeitung_user)
    assert _link(client_als(zeichnung_user), entwurf)["href"] == url(entwurf)
    assert _link(client_als(sachbearbeitung_user), entwurf) is not None

    b = services.freigeben(Bescheid.objects.get(pk=entwurf.pk), zeichnung_user)
    assert _link(client_als(zeichnung_user), b) is None
    assert _link(client_als(sachbearbeitung_user), b) is None
