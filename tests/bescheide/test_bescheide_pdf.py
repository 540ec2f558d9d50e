"""The Bescheid as a document: Zuwendungsbescheid (Anlage 2, Nr. 7.2.1), Teilablehnung, Ablehnungsbescheid and
Änderungsbescheid as PDF/A-3b, the Textbaustein "Rechtsbehelfsbelehrung" and the German admin.

Text checks with pypdf (whitespace normalised, since lines break anywhere), structure checks with pikepdf (no
PDF/A validator runs here, DESIGN.md "Documents").
"""
import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege.models import AntragStatus
from bescheide import services, texte
from bescheide.dokument import bescheid_pdf_erzeugen
from bescheide.models import BescheidStatus, Entscheidung, Textbaustein
from kim_foerderung import regeln
from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.protokoll.models import Protokolleintrag
from tests import factories
from tests.pdf_pruefung import dokument_bytes, pruefe_pdf_a, text_von, zeilen

pytestmark = pytest.mark.django_db

HOECHSTBETRAG_UNNA = "333.862,50 €"  # 4 Koordination, VA, 2 CM (tests/factories.py stellen_2026)


def pdf_bytes(bescheid):
    return dokument_bytes(bescheid.dokument)


def freigeben(bescheid, sachbearbeitung_user, zeichnung_user):
    services.vorlegen(bescheid, sachbearbeitung_user)
    return services.freigeben(bescheid, zeichnung_user)


# --- (a) Zuwendungsbescheid in voller Höhe --------------------------------------------------------------------


def test_zuwendungsbescheid_pdf_inhalt_nach_anlage_2(freigegebener_bescheid, zeichnung_user):
    """Nr. 5.1–5.3, 6 a–h, 7.3, 7.4: everything the Bescheid must say is in the released PDF."""
    b = freigegebener_bescheid
    daten = pdf_bytes(b)
    assert b.dokument.sha256 == hashlib.sha256(daten).hexdigest()
    assert b.dokument.art == "anlage2"
    text = text_von(daten)

    assert "Zuwendungsbescheid" in text
    assert "KIM-2026-05978000-01" in text
    betreff = "Zuwendung aus Mitteln des Landes NRW – Kommunales Integrationsmanagement (Richtlinie vom 12.12.2024)"
    assert betreff in text
    assert "Bezirksregierung Arnsberg" in text and "Kreis Unna" in text
    assert f"eine Zuwendung in Höhe von bis zu {HOECHSTBETRAG_UNNA} (Höchstbetrag)" in text
    assert "Bewilligungszeitraum 01.01.2026 bis 31.12.2026" in text
    # Nr. 5.1–5.3
    assert "Projektförderung (Nr. 5.1)" in text
    assert "Vollfinanzierung (Nr. 5.2)" in text
    assert "Zuweisung (Nr. 5.3)" in text
    # Höchstbetrag by category and per Stelle (Nr. 5.4.1, 5.4.2)
    assert "Personalausgaben Koordination (Nr. 2.1, 5.4.1) 199.500,00 €" in text
    assert f"Höchstbetrag der Zuwendung {HOECHSTBETRAG_UNNA}" in text
    for zeile in ("K1 Koordination 1,0 Januar – Dezember ja 57.000,00 € 5.700,00 €",
                  "K2 Koordination", "K3 Koordination",
                  "K4 Koordination 0,5 Januar – Dezember nein 28.500,00 € 2.850,00 €",
                  "VA1 Verwaltungsassistenz 0,5 Januar – Dezember ja 22.500,00 € 2.850,00 €",
                  "CM1 Case Management 1,0 Januar – Dezember ja 57.000,00 €",
                  "CM2 Case Management 0,75 April – Dezember nein 32.062,50 €"):
        assert zeile in text, zeile
    # Nr. 6 a–h in substance, as a lettered list
    for teil in ("a) Sie sind verpflichtet sicherzustellen, dass die bisherigen Aufgabenbereiche des KI",
                 "b) Sie sind verpflichtet, die Koordinatorinnen und Koordinatoren an Fortbildungsveranstaltungen",
                 "Handlungskonzept „Kommunales Integrationsmanagement“",
                 "Fachdatenerhebung NRW", "tagesaktuell in die KIM-Datenbank einzupflegen",
                 "Ausländer- und Einbürgerungsbehörden zusammenarbeiten",
                 # f) as an obligation of the recipient, not a wish about the Casemanager
                 "f) Sie sind verpflichtet sicherzustellen, dass die Casemanagerinnen und Casemanager mit den "
                 "Koordinatorinnen und Koordinatoren",
                 "kontinuierlich fortzuschreiben", "die strategische Steuerung und die Zweckmäßigkeit",
                 "h) Sie haben"):
        assert teil in text, teil
    assert "ANBest-G" in text and "9.3.1" in text  # Nebenbestimmungen, Nr. 7.3 Satz 3
    # Nr. 7.3: two equal parts zum 1. Mai / 1. Oktober, paid on the last TARGET day on or before the Termin
    assert regeln.zahltag(date(2026, 5, 1)) == date(2026, 4, 30)  # 1 May is a TARGET holiday
    assert regeln.zahltag(date(2026, 10, 1)) == date(2026, 10, 1)
    assert "01.05.2026 30.04.2026 166.931,25 €" in text
    assert "01.10.2026 01.10.2026 166.931,25 €" in text
    assert "zum 1. Mai und zum 1. Oktober 2026" in text
    # Nr. 7.4: Verwendungsnachweis three months after the Bewilligungszeitraum, Anlage 3
    assert "bis zum 31.03.2027 nach dem Muster der Anlage 3" in text
    # Begründung (Nr. 4, 5.4, Ermessen Nr. 1.3 / 7.2.1) and Rechtsbehelfsbelehrung (§ 52 Nr. 3 Satz 2 VwGO)
    assert "Zuwendungsvoraussetzungen nach Nr. 4" in text and "Nr. 1.3 und 7.2.1" in text
    # Kreis Unna → Verwaltungsgericht Gelsenkirchen (§ 17 JustG NRW) with its seat and postal address (§ 58 VwGO)
    assert ("schriftlich beim Verwaltungsgericht Gelsenkirchen, Bahnhofsvorplatz 3, 45879 Gelsenkirchen, "
            "einzureichen") in text
    assert "Sitz Gelsenkirchen" not in text
    assert "innerhalb eines Monats nach Bekanntgabe Klage" in text
    # signature block
    assert f"Im Auftrag {zeichnung_user.anzeigename}" in text
    assert "Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig." in text
    # a full Bewilligung refuses nothing
    assert "lehne ich" not in text and "Teilweise Ablehnung" not in text
    assert "Seite 1 von" in text


def test_zuwendungsbescheid_ist_pdf_a_3b(freigegebener_bescheid):
    seiten = pruefe_pdf_a(pdf_bytes(freigegebener_bescheid))
    assert 2 <= seiten <= 6


def test_anschrift_des_ki_steht_im_bescheid(eingereichter_antrag, sachbearbeitung_user, zeichnung_user,
                                              haushalt_2026):
    eingereichter_antrag.ki_name = "Kommunales Integrationszentrum Kreis Unna"
    eingereichter_antrag.ki_anschrift = "Friedrich-Ebert-Straße 17, 59425 Unna"
    eingereichter_antrag.save(update_fields=["ki_name", "ki_anschrift"])
    factories.pruefung_abschliessen(eingereichter_antrag, sachbearbeitung_user)
    b = freigeben(services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user), sachbearbeitung_user,
                  zeichnung_user)
    # DIN 5008 (issue 14 Nr. 3): the address in lines – Kommune, KI, street, PLZ Ort (the Informationsblock
    # stands to the right on the same lines)
    erste_seite = [z for s, z in zeilen(pdf_bytes(b)) if s == 1]
    for zeile in ("Kreis Unna", "Friedrich-Ebert-Straße 17", "59425 Unna"):
        assert any(z == zeile or z.startswith(zeile + " ") for z in erste_seite), (zeile, erste_seite)
    assert "Kreis Unna Kommunales Integrationszentrum Kreis Unna" in text_von(pdf_bytes(b))


# --- (b) Teilweise Bewilligung ------------------------------------------------------------------------------


def test_teilbewilligung_nennt_kuerzung_und_grund(entwurf, sachbearbeitung_user, zeichnung_user):
    cm2 = entwurf.stellen.get(kennung="CM2")
    services.entwurf_speichern(entwurf, sachbearbeitung_user,
                               stellen={cm2.pk: {"bewilligt": False, "kuerzung_grund": "Stelle unbesetzt"}})
    b = freigeben(entwurf, sachbearbeitung_user, zeichnung_user)
    assert b.entscheidung == Entscheidung.TEILWEISE
    assert b.hoechstbetrag == Decimal("301800.00")
    b.antrag.refresh_from_db()
    assert b.antrag.status == AntragStatus.TEILWEISE_BEWILLIGT

    text = text_von(pdf_bytes(b))
    assert "eine Zuwendung in Höhe von bis zu 301.800,00 € (Höchstbetrag). Im Übrigen lehne ich Ihren Antrag ab" in text
    assert "Teilweise Ablehnung" in text
    assert "Soweit Ihr Antrag über die vorstehende Bewilligung hinausgeht, lehne ich ihn ab" in text
    assert "teilweise bewilligt" in text
    assert "CM2 (Case Management, 0,75 VZÄ) 32.062,50 € nicht bewilligt Stelle unbesetzt" in text
    assert "CM2 Case Management 0,75 April – Dezember nein nicht bewilligt" in text  # table of Stellen
    assert "Soweit der Antrag abgelehnt wurde, ergeben sich die Gründe aus Nr. 3" in text
    assert text.count("150.900,00 €") == 2  # Nr. 7.3: two equal parts of the lower amount
    for k in ("K1", "K2", "K3", "K4", "VA1", "CM1"):
        assert f"{k} " in text


# --- (c) Ablehnungsbescheid -----------------------------------------------------------------------------------

BEGRUENDUNG_ABLEHNUNG = (
    "Eine Lenkungsgruppe auf Leitungsebene (Nr. 4.1 c) ist nicht eingerichtet.\n\n"
    "Das vorgelegte Konzept zur Umsetzung des KIM (Nr. 4.1 d) bindet die kreisangehörigen Kommunen nicht ein."
)


def _ablehnung_freigeben(antrag, sachbearbeitung_user, zeichnung_user):
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    b = services.entwurf_anlegen(antrag, sachbearbeitung_user, ablehnen=True)
    b = services.entwurf_speichern(b, sachbearbeitung_user, stellen={}, begruendung=BEGRUENDUNG_ABLEHNUNG)
    return freigeben(b, sachbearbeitung_user, zeichnung_user)


def test_ablehnungsbescheid_pdf(eingereichter_antrag, sachbearbeitung_user, zeichnung_user, haushalt_2026):
    b = _ablehnung_freigeben(eingereichter_antrag, sachbearbeitung_user, zeichnung_user)
    assert b.status == BescheidStatus.FREIGEGEBEN and b.dokument.art == "ablehnung"
    daten = pdf_bytes(b)
    pruefe_pdf_a(daten)
    text = text_von(daten)
    assert "Ablehnungsbescheid" in text and "KIM-2026-05978000-01" in text
    assert ("lehne ich Ihren Antrag vom 15.10.2025 auf Gewährung einer Zuwendung für das Förderjahr 2026"
            in text)
    assert "Eine Lenkungsgruppe auf Leitungsebene (Nr. 4.1 c) ist nicht eingerichtet." in text
    assert "bindet die kreisangehörigen Kommunen nicht ein." in text
    assert "Rechtsbehelfsbelehrung" in text and "Verwaltungsgericht Gelsenkirchen" in text
    assert f"Im Auftrag {zeichnung_user.anzeigename}" in text
    assert "ohne Unterschrift gültig" in text
    assert "Höchstbetrag" not in text and "Auflagen" not in text
    b.antrag.refresh_from_db()
    assert b.antrag.status == AntragStatus.ABGELEHNT


def test_entwurf_speichern_nimmt_begruendung_der_ablehnung_an(eingereichter_antrag, sachbearbeitung_user,
                                                               haushalt_2026):
    factories.pruefung_abschliessen(eingereichter_antrag, sachbearbeitung_user)
    b = services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user, ablehnen=True)
    b = services.entwurf_speichern(b, sachbearbeitung_user, stellen={}, begruendung=BEGRUENDUNG_ABLEHNUNG)
    assert b.begruendung == BEGRUENDUNG_ABLEHNUNG


# --- (d) Textbaustein Rechtsbehelfsbelehrung -----------------------------------------------------------------


def test_migration_legt_rechtsbehelfsbelehrung_an():
    baustein = Textbaustein.objects.get(schluessel=texte.RECHTSBEHELFSBELEHRUNG_SCHLUESSEL)
    assert baustein.titel == "Rechtsbehelfsbelehrung"
    # If the default in texte.py changes, a data migration must update the stored text as well.
    assert baustein.text == texte.RECHTSBEHELFSBELEHRUNG_STANDARD
    assert "{verwaltungsgericht}" in baustein.text


def test_admin_aendert_textbaustein_neue_bescheide_nutzen_ihn_alte_pdf_bleiben(
        versandter_bescheid, admin_user, client_als, sachbearbeitung_user, zeichnung_user):
    alt = versandter_bescheid
    alt_daten = pdf_bytes(alt)
    alt_sha = alt.dokument.sha256

    baustein = Textbaustein.objects.get(schluessel="rechtsbehelfsbelehrung")
    neu_text = ("Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim "
                "Verwaltungsgericht {verwaltungsgericht} erhoben werden (Fassung der Verwaltung 2026).")
    client = client_als(admin_user)
    url = reverse("admin:bescheide_textbaustein_change", args=[baustein.pk])
    assert client.get(url).status_code == 200
    antwort = client.post(url, {"titel": "Rechtsbehelfsbelehrung", "text": neu_text, "schluessel": "anders"})
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    baustein.refresh_from_db()
    assert baustein.text == neu_text
    assert baustein.schluessel == "rechtsbehelfsbelehrung"  # the key is read only
    assert Protokolleintrag.objects.filter(object_id=str(baustein.pk), aktion="Textbaustein geändert").exists()

    # The next released Bescheid (here an Änderungsbescheid) uses the new text ...
    aenderung = services.aenderungsbescheid_anlegen(alt, sachbearbeitung_user, 7)
    services.entwurf_speichern(aenderung, sachbearbeitung_user, stellen={},
                               begruendung="Klarstellung der Rechtsbehelfsbelehrung.")
    aenderung = freigeben(aenderung, sachbearbeitung_user, zeichnung_user)
    neu = text_von(pdf_bytes(aenderung))
    assert ("Klage beim Verwaltungsgericht Gelsenkirchen erhoben werden (Fassung der Verwaltung 2026)." in neu)

    # ... the released one is neither changed nor re-rendered.
    alt.dokument.refresh_from_db()
    assert alt.dokument.sha256 == alt_sha
    assert pdf_bytes(alt) == alt_daten
    assert hashlib.sha256(pdf_bytes(alt)).hexdigest() == alt_sha
    assert bescheid_pdf_erzeugen(alt, zeichnung_user).pk == alt.dokument.pk
    assert Dokument.objects.filter(schluessel=alt.dokument.schluessel).count() == 1
    assert "Fassung der Verwaltung 2026" not in text_von(alt_daten)


# --- (e) Änderungsbescheid --------------------------------------------------------------------------------------


def test_aenderungsbescheid_pdf(versandter_bescheid, sachbearbeitung_user, zeichnung_user):
    alt = versandter_bescheid
    neu = services.aenderungsbescheid_anlegen(alt, sachbearbeitung_user, 4)
    k4 = neu.stellen.get(kennung="K4/04")
    services.entwurf_speichern(
        neu, sachbearbeitung_user,
        stellen={k4.pk: {"bewilligt": False, "kuerzung_grund": "Besetzung der Stelle aufgegeben"}},
        begruendung="Mit Schreiben vom 20.03.2026 haben Sie mitgeteilt, dass die Stelle K4 nicht besetzt wird.",
    )
    neu = freigeben(neu, sachbearbeitung_user, zeichnung_user)
    assert neu.nummer == "KIM-2026-05978000-02"
    # K4 from April: 0,5 × (57.000 + 5.700) × 9/12 = 23.512,50 € less
    assert neu.hoechstbetrag == Decimal("310350.00")

    daten = pdf_bytes(neu)
    pruefe_pdf_a(daten)
    text = text_von(daten)
    assert "Änderungsbescheid" in text and "KIM-2026-05978000-02" in text
    assert ("Zuwendungsbescheid Nr. KIM-2026-05978000-01 vom 15.10.2025 wird mit Wirkung ab dem 1. April 2026 wie folgt "
            "geändert" in text)
    assert "beträgt nunmehr bis zu 310.350,00 € (Höchstbetrag; bisher 333.862,50 €)" in text
    assert "Änderungen gegenüber dem Bescheid Nr. KIM-2026-05978000-01" in text
    assert "K4/04 April – Dezember 0,5 21.375,00 € 2.137,50 € nicht bewilligt Besetzung der Stelle aufgegeben" in text
    assert "K4 unverändert Koordination 0,5 Januar – März nein 7.125,00 € 712,50 €" in text
    assert "Mit Schreiben vom 20.03.2026 haben Sie mitgeteilt, dass die Stelle K4 nicht besetzt wird." in text
    assert "Verwaltungsgericht Gelsenkirchen" in text
    assert f"Im Auftrag {zeichnung_user.anzeigename}" in text
    # the earlier Bescheid's PDF is untouched
    assert alt.dokument.sha256 == hashlib.sha256(pdf_bytes(alt)).hexdigest()


# --- Admin -----------------------------------------------------------------------------------------------------


def test_admin_bescheide_nur_lesen_mit_filtern(freigegebener_bescheid, admin_user, client_als):
    client = client_als(admin_user)
    liste = reverse("admin:bescheide_bescheid_changelist")
    antwort = client.get(liste, {"status": "freigegeben", "art": "zuwendung", "foerderjahr": "2026"})
    assert antwort.status_code == 200
    assert "KIM-2026-05978000-01" in antwort.content.decode()
    assert client.get(liste, {"foerderjahr": "2027"}).status_code == 200
    assert "KIM-2026-05978000-01" not in client.get(liste, {"foerderjahr": "2027"}).content.decode()

    pk = freigegebener_bescheid.pk
    aendern = reverse("admin:bescheide_bescheid_change", args=[pk])
    assert client.get(aendern).status_code == 200  # view only
    assert client.post(aendern, {"hoechstbetrag": "1"}).status_code == 403
    assert client.get(reverse("admin:bescheide_bescheid_delete", args=[pk])).status_code == 403
    assert client.get(reverse("admin:bescheide_bescheid_add")).status_code == 403
    freigegebener_bescheid.refresh_from_db()
    assert freigegebener_bescheid.hoechstbetrag == Decimal("333862.50")

    for modell in ("pruefung", "aenderungsantrag"):
        assert client.get(reverse(f"admin:bescheide_{modell}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:bescheide_{modell}_add")).status_code == 403
    baustein = Textbaustein.objects.get(schluessel="rechtsbehelfsbelehrung")
    assert client.get(reverse("admin:bescheide_textbaustein_delete", args=[baustein.pk])).status_code == 403


def test_aenderung_eines_aenderungsbescheids_nennt_ihn_als_aenderungsbescheid(versandter_bescheid,
                                                                             sachbearbeitung_user, zeichnung_user):
    """The second change refers to the Bescheid it changes by its kind: „Änderungsbescheid Nr. …“."""
    erste = services.aenderungsbescheid_anlegen(versandter_bescheid, sachbearbeitung_user, 4)
    services.entwurf_speichern(erste, sachbearbeitung_user, stellen={}, begruendung="Erste Änderung.")
    erste = services.versenden(freigeben(erste, sachbearbeitung_user, zeichnung_user), sachbearbeitung_user)
    zweite = services.aenderungsbescheid_anlegen(erste, sachbearbeitung_user, 9)
    k4 = zweite.stellen.get(kennung__startswith="K4", von_monat=9, gesperrt=False)
    services.entwurf_speichern(
        zweite, sachbearbeitung_user,
        stellen={k4.pk: {"bewilligt": False, "kuerzung_grund": "Besetzung der Stelle aufgegeben"}},
        begruendung="Zweite Änderung: K4 wird ab September nicht mehr besetzt.")
    zweite = freigeben(zweite, sachbearbeitung_user, zeichnung_user)
    assert (erste.nummer, zweite.nummer) == ("KIM-2026-05978000-02", "KIM-2026-05978000-03")
    text = text_von(pdf_bytes(zweite))
    assert "mein Änderungsbescheid Nr. KIM-2026-05978000-02 vom 15.10.2025" in text
    assert ("der Änderungsbescheid Nr. KIM-2026-05978000-02 vom 15.10.2025 wird mit Wirkung ab dem 1. September 2026 "
            "wie folgt geändert") in text
    assert "Zuwendungsbescheid Nr. KIM-2026-05978000-02" not in text
    # the first change still refers to the Zuwendungsbescheid
    assert "mein Zuwendungsbescheid Nr. KIM-2026-05978000-01" in text_von(pdf_bytes(erste))


def test_ablehnungsbescheid_nennt_gericht_der_kommune(bielefeld, sachbearbeitung_user, zeichnung_user,
                                                    haushalt_2026, time_machine):
    """Bielefeld → Verwaltungsgericht Minden, Königswall 8, 32423 Minden (§ 52 Nr. 3 Satz 2 VwGO)."""
    from antraege import services as antrag_services
    from tests import factories
    from tests.factories import stellen_2026, vollstaendig_machen
    STELLEN_2026 = stellen_2026()

    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    user = factories.BenutzerFactory(username="bielefeld", kommune=bielefeld)
    antrag = vollstaendig_machen(antrag_services.antrag_anlegen(user, 2026, zeilen=STELLEN_2026[:1]), user)
    antrag = antrag_services.einreichen(antrag, user, versicherung=True)
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    bescheid = services.entwurf_anlegen(antrag, sachbearbeitung_user, ablehnen=True)
    services.entwurf_speichern(bescheid, sachbearbeitung_user, stellen={},
                               begruendung="Nr. 4.1 a: Ein gefördertes KI besteht nicht.")
    bescheid = freigeben(bescheid, sachbearbeitung_user, zeichnung_user)
    text = text_von(pdf_bytes(bescheid))
    assert "beim Verwaltungsgericht Minden, Königswall 8, 32423 Minden, einzureichen" in text
    assert "Gelsenkirchen" not in text
