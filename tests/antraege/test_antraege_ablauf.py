"""Antrag (Anlage 1): creation, sections, submission with Anlage-1 PDF, Frist, Nachforderung, withdrawal."""
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from antraege import selectors, services
from antraege.models import AntragStatus
from kim_foerderung.protokoll.selectors import protokoll_fuer
from tests import factories
from tests.pdf_pruefung import dokument_bytes, pruefe_pdf_a, text_von

pytestmark = pytest.mark.django_db


def pdf_text(dokument):
    with dokument.datei.open("rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


def test_nr_5_4_antrag_berechnet_betraege_aus_regeln(antrag_2026):
    # 3 × 57.000 + 28.500 Koordination; VA 22.500; CM 57.000 + 0,75 × 57.000 × 9/12 = 32.062,50
    # Sach: 3 × 5.700 + 2.850 + 2.850; Begleit 0.
    assert antrag_2026.beantragt == Decimal("199500.00") + Decimal("22500.00") + Decimal("89062.50") + Decimal("22800.00")
    assert [s.kennung for s in antrag_2026.stellen.all()] == ["K1", "K2", "K3", "K4", "VA1", "CM1", "CM2"]
    assert antrag_2026.status == AntragStatus.ENTWURF
    assert protokoll_fuer(antrag_2026).first().aktion == "Antrag angelegt"


def test_nur_ein_offener_antrag_je_kommune_und_jahr(antrag_2026, kommune_user):
    with pytest.raises(services.AntragFehler, match="bereits einen offenen Antrag"):
        services.antrag_anlegen(kommune_user, 2026)
    services.zurueckziehen(antrag_2026, kommune_user, "neu planen")
    neu = services.antrag_anlegen(kommune_user, 2026)
    assert neu.pk != antrag_2026.pk


def test_nr_8_foerderjahr_ausserhalb_geltungsdauer(kommune_user):
    with pytest.raises(services.AntragFehler, match="2025 bis 2028"):
        services.antrag_anlegen(kommune_user, 2029)


def test_einreichen_verweigert_mit_liste_der_maengel(antrag_2026, kommune_user):
    with pytest.raises(services.AntragFehler) as fehler:
        services.einreichen(antrag_2026, kommune_user, versicherung=True)
    maengel = " ".join(fehler.value.maengel)
    assert "Nr. 4.1 a" in maengel and "Nr. 4.1 d: Bitte laden Sie das KIM-Konzept" in maengel
    assert "Nr. 4.1 f" in maengel and "Nr. 4.2" in maengel
    antrag_2026.refresh_from_db()
    assert antrag_2026.status == AntragStatus.ENTWURF


def test_nr_5_4_1_ueber_obergrenze_ist_hinweis_und_antrag_geht_ein(einreichbarer_antrag, kommune_user):
    """§ 24 Abs. 3 VwVfG NRW: a blocking finding (Nr. 5.4.1, 4,0 VZÄ Koordination) is a warning with its reason
    before submitting; the Antrag is received. It blocks only the Bescheid."""
    from antraege.models import Stelle

    Stelle.objects.create(antrag=einreichbarer_antrag, zeile=8, position=5, art="koordination",
                          vzae=Decimal("0.5"), von_monat=3, bis_monat=12, besetzt=False)
    hinweise = services.einreichungshinweise(einreichbarer_antrag)
    assert any("Nr. 5.4.1: Im März 2026 übersteigen die Koordinationsstellen 3,5 VZÄ (4,0)" in h for h in hinweise)
    assert services.einreichungsmaengel(einreichbarer_antrag) == []
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    assert antrag.status == AntragStatus.EINGEREICHT and not antrag.verspaetet
    eintrag = protokoll_fuer(antrag).get(aktion="Antrag eingereicht")
    assert eintrag.daten["versicherung"] is True
    assert any("3,5 VZÄ (4,0)" in h for h in eintrag.daten["hinweise"])


def test_ohne_versicherung_kein_einreichen(einreichbarer_antrag, kommune_user):
    with pytest.raises(services.AntragFehler) as fehler:
        services.einreichen(einreichbarer_antrag, kommune_user, versicherung=False)
    assert [m.anker for m in fehler.value.maengel] == ["id_versicherung"]
    einreichbarer_antrag.refresh_from_db()
    assert einreichbarer_antrag.status == AntragStatus.ENTWURF


def test_einreichen_erzeugt_anlage1_pdf(einreichbarer_antrag, kommune_user):
    """Anlage 1 as PDF/A-3b with every font embedded; it names the submission date, who submitted, the amounts
    of Nr. 5.4 and the findings of the calculation (here: Personalausgaben above the cap of Nr. 5.4.1)."""
    einreichbarer_antrag.stellen.filter(art="koordination", position=1).update(personalausgaben=Decimal("60000"))
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    assert antrag.status == AntragStatus.EINGEREICHT and antrag.version == 1
    anlage = antrag.anlagen.get()
    daten = dokument_bytes(anlage.dokument)
    assert pruefe_pdf_a(daten) >= 1  # PDF/A-3b, sRGB OutputIntent, every font embedded, no encryption
    text = text_von(daten)
    assert "Kreis Unna" in text and "2026" in text
    for kennung in ["K1", "K2", "K3", "K4", "VA1", "CM1", "CM2"]:
        assert kennung in text
    assert "333.862,50 €" in text  # Gesamt in German format: K1 is capped at 57.000 €
    assert "57.000,00 €" in text and "32.062,50 €" in text
    assert f"eingereicht am 15.10.2025 von {kommune_user.anzeigename}" in text
    assert f"15.10.2025 10:00 Uhr von {kommune_user.anzeigename} ({kommune_user.username})" in text
    assert ("Die Personalausgaben der Stelle K1 (60.000,00 €) übersteigen den Höchstbetrag von 57.000,00 €; "
            "gefördert werden 57.000,00 €.") in text
    # Idempotent: a second submission (double click) changes nothing.
    assert services.einreichen(antrag, kommune_user, versicherung=True).version == 1
    assert antrag.anlagen.count() == 1


def test_antragsfrist_nr_7_1_2_verspaetet_entgegengenommen_und_ausnahme(einreichbarer_antrag, kommune_user,
                                                                      sachbearbeitung_user, time_machine):
    """§ 24 Abs. 3 VwVfG NRW: after the Antragsfrist (2026: Friday 31.10.2025) the Antrag is received, marked
    "verspätet eingegangen" with the Frist it missed; the Sachbearbeitung grants a Fristausnahme afterwards (with
    a reason, audited) – or drafts an Ablehnung whose reason names the Frist and the day it came in."""
    from datetime import date

    time_machine.move_to("2025-11-03 09:00 +01:00")
    hinweise = services.einreichungshinweise(einreichbarer_antrag)
    assert any("Antragsfrist für 2026 ist am 31.10.2025 abgelaufen. Sie können den Antrag trotzdem einreichen" in h
               for h in hinweise), hinweise
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    assert antrag.status == AntragStatus.EINGEREICHT
    assert antrag.verspaetet_eingegangen_am == date(2025, 11, 3) and antrag.versaeumte_frist == date(2025, 10, 31)
    assert "Der Antrag für das Förderjahr 2026 ist am 03.11.2025 eingegangen, nach Ablauf der Antragsfrist am " \
           "31.10.2025 (Nr. 7.1.2" in selectors.ablehnungsgrund_verspaetet(antrag)
    with pytest.raises(services.AntragFehler, match="begründen"):
        services.fristausnahme_nachtraeglich_erteilen(antrag, sachbearbeitung_user, begruendung=" ")
    with pytest.raises(Exception):
        services.fristausnahme_nachtraeglich_erteilen(antrag, kommune_user, begruendung="selbst")
    ausnahme = services.fristausnahme_nachtraeglich_erteilen(antrag, sachbearbeitung_user,
                                                             begruendung="Kreistag tagte erst am 30.10.")
    assert ausnahme.neue_frist == date(2025, 11, 3)
    assert services.fristausnahme_nachtraeglich_erteilen(antrag, sachbearbeitung_user, begruendung="x") == ausnahme
    assert protokoll_fuer(antrag).filter(aktion__startswith="Ausnahme von der Antragsfrist 2026 nachträglich").count() == 1
    assert protokoll_fuer(antrag.kommune).filter(aktion__startswith="Ausnahme von der Antragsfrist").exists()
    antrag.refresh_from_db()
    assert antrag.verspaetet and selectors.ablehnungsgrund_verspaetet(antrag) is None


def test_fristausnahme_vor_dem_einreichen_verhindert_verspaetet(einreichbarer_antrag, kommune_user,
                                                               sachbearbeitung_user, time_machine):
    from datetime import date

    time_machine.move_to("2025-11-03 09:00 +01:00")
    services.fristausnahme_erteilen(sachbearbeitung_user, einreichbarer_antrag.kommune, 2026, date(2025, 11, 14),
                                    "Kreistag tagte erst am 6.11.")
    assert services.einreichungshinweise(einreichbarer_antrag) == []
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    assert antrag.status == AntragStatus.EINGEREICHT and not antrag.verspaetet


def test_fristausnahme_braucht_begruendung(sachbearbeitung_user, unna, time_machine):
    from datetime import date

    time_machine.move_to("2025-11-03 09:00 +01:00")
    with pytest.raises(services.AntragFehler, match="begründen"):
        services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 14), " ")


def test_nachforderung_runde_mit_neuer_fassung(einreichbarer_antrag, kommune_user, sachbearbeitung_user):
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    services.pruefung_beginnen(antrag, sachbearbeitung_user)
    services.nachforderung_stellen(antrag, sachbearbeitung_user, "Bitte CM2 ab Juli statt April planen.")
    antrag.refresh_from_db()
    assert antrag.status == AntragStatus.NACHFORDERUNG
    with pytest.raises(services.AntragFehler) as fehler:
        services.einreichen(antrag, kommune_user, versicherung=True)
    assert "Bitte beantworten Sie zuerst die Nachforderung" in " ".join(fehler.value.maengel)
    services.nachforderung_beantworten(antrag, kommune_user, "CM2 beginnt am 1. Juli.")
    antrag.stellen.filter(art="case_management", vzae=Decimal("0.75")).update(von_monat=7)
    antrag = services.einreichen(antrag, kommune_user, versicherung=True)
    assert antrag.version == 2
    fassungen = list(antrag.anlagen.order_by("version"))
    assert [a.version for a in fassungen] == [1, 2]
    assert fassungen[0].dokument.sha256 != fassungen[1].dokument.sha256
    assert "Bitte CM2 ab Juli" in pdf_text(fassungen[1].dokument)
    aktionen = [e.aktion for e in protokoll_fuer(antrag)]
    assert "Nachforderung 1 gestellt" in aktionen and "Nachforderung 1 beantwortet" in aktionen
    assert "Antrag erneut eingereicht" in aktionen


def test_jede_nachforderungsrunde_zeigt_ihren_verlauf(einreichbarer_antrag, kommune_user, sachbearbeitung_user,
                                                     client_als, time_machine):
    """Each round of the Nachforderung is visible on the Antrag with its own audit entries: question, answer,
    the re-submission – and the second round's entries are not mixed into the first."""
    time_machine.move_to("2025-10-20 09:00 +02:00", tick=False)
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    services.pruefung_beginnen(antrag, sachbearbeitung_user)
    time_machine.move_to("2025-10-21 09:00 +02:00", tick=False)
    services.nachforderung_stellen(antrag, sachbearbeitung_user, "Bitte CM2 ab Juli planen.")
    time_machine.move_to("2025-10-22 09:00 +02:00", tick=False)
    services.nachforderung_beantworten(antrag, kommune_user, "CM2 beginnt am 1. Juli.")
    antrag = services.einreichen(antrag, kommune_user, versicherung=True)
    time_machine.move_to("2025-10-23 09:00 +02:00", tick=False)
    services.pruefung_beginnen(antrag, sachbearbeitung_user)
    services.nachforderung_stellen(antrag, sachbearbeitung_user, "Bitte Lenkungsgruppe ergänzen.")

    from antraege import selectors

    runden = selectors.nachforderungsrunden(antrag)
    assert [n.runde for n, _ in runden] == [1, 2]
    erste = [e.aktion for e in runden[0][1]]
    assert erste[0] == "Nachforderung 1 gestellt"
    assert "Nachforderung 1 beantwortet" in erste and "Antrag erneut eingereicht" in erste
    assert not any("Nachforderung 2" in a for a in erste)
    assert [e.aktion for e in runden[1][1]][-1] == "Nachforderung 2 gestellt"

    for user in (kommune_user, sachbearbeitung_user):
        seite = client_als(user).get(reverse("antrag_detail", args=[antrag.pk])).content.decode()
        assert "Verlauf der Runde 1" in seite and "Verlauf der Runde 2" in seite
        assert "22.10.2025 09:00 · " in seite and "Nachforderung 1 beantwortet" in seite


def test_kommune_kann_nicht_pruefen_und_sachbearbeitung_nicht_bearbeiten(antrag_2026, kommune_user,
                                                                      sachbearbeitung_user):
    from kim_foerderung.zugang.zugriff import Zugriffsverweigert

    with pytest.raises(Zugriffsverweigert):
        services.nachforderung_stellen(antrag_2026, kommune_user, "Frage")
    with pytest.raises(Zugriffsverweigert):
        services.einreichen(antrag_2026, sachbearbeitung_user, versicherung=True)


def test_andere_kommune_kann_fremden_antrag_nicht_aendern(antrag_2026, kommune2_user):
    from kim_foerderung.zugang.zugriff import Zugriffsverweigert

    with pytest.raises(Zugriffsverweigert):
        services.zurueckziehen(antrag_2026, kommune2_user)


def test_live_summe_gleich_foerderrechner_kommando(antrag_2026, client_als, kommune_user, capsys):
    """The live summary's total equals `manage.py foerderrechner` on the same Stellen (Nr. 5.4)."""
    client = client_als(kommune_user)
    daten = {
        "stellen-TOTAL_FORMS": "3", "stellen-INITIAL_FORMS": "0",
        "stellen-0-art": "koordination", "stellen-0-vzae": "0,75", "stellen-0-von_monat": "4",
        "stellen-0-bis_monat": "12", "stellen-0-personalausgaben": "30.000,00", "stellen-0-sachausgaben": "4.000",
        "stellen-1-art": "verwaltungsassistenz", "stellen-1-vzae": "0,5", "stellen-1-von_monat": "1",
        "stellen-1-bis_monat": "12",
        "stellen-2-art": "case_management", "stellen-2-vzae": "1", "stellen-2-von_monat": "7",
        "stellen-2-bis_monat": "12", "stellen-2-sachausgaben": "800",
        "begleitmassnahmen-veranstaltungen_betrag": "6.250,50", "begleitmassnahmen-schnittstellen_betrag": "",
    }
    antwort = client.post(reverse("antrag_zusammenfassung", args=[antrag_2026.pk]), daten, HTTP_HX_REQUEST="true")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    fall = {
        "foerderjahr": 2026, "kommune_art": "kreis", "qualifizierte_kreisangehoerige": 0,
        "stellen": [
            {"id": "K1", "art": "koordination", "vzae": "0.75", "von": "2026-04", "bis": "2026-12",
             "personalausgaben": "30000.00", "sachausgaben": "4000"},
            {"id": "VA1", "art": "verwaltungsassistenz", "vzae": "0.5", "von": "2026-01", "bis": "2026-12"},
            {"id": "CM1", "art": "case_management", "vzae": "1", "von": "2026-07", "bis": "2026-12",
             "sachausgaben": "800"},
        ],
        "begleitmassnahmen": {"veranstaltungen": "6250.50"},
    }
    import sys

    alt = sys.stdin
    sys.stdin = io.StringIO(json.dumps(fall))
    try:
        call_command("foerderrechner")
    finally:
        sys.stdin = alt
    erwartet = json.loads(capsys.readouterr().out)["summen"]["gesamt"]
    assert f'data-betrag="{erwartet}"' in html, html
    assert "Nr. 5.4.2" in html  # the capped Sachausgaben/Veranstaltungen findings are shown in German


def test_live_summe_meldet_ungueltige_zeile_deutsch(antrag_2026, client_als, kommune_user):
    daten = {"stellen-TOTAL_FORMS": "1", "stellen-INITIAL_FORMS": "0", "stellen-0-art": "koordination",
             "stellen-0-vzae": "1,5", "stellen-0-von_monat": "1", "stellen-0-bis_monat": "12"}
    html = client_als(kommune_user).post(reverse("antrag_zusammenfassung", args=[antrag_2026.pk]), daten).content.decode()
    assert "Zeile 1: VZÄ: Die VZÄ müssen größer als 0 und höchstens 1,0 sein" in html


def test_upload_nur_pdf_nach_inhalt(antrag_2026, client_als, kommune_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_als(kommune_user)
    falsch = SimpleUploadedFile("konzept.pdf", b"Das ist kein PDF", content_type="application/pdf")
    antwort = client.post(reverse("antrag_hochladen", args=[antrag_2026.pk, "kim_konzept"]), {"datei": falsch},
                          HTTP_HX_REQUEST="true")
    assert antwort.status_code == 200
    assert "Die Datei ist kein PDF-Dokument" in antwort.content.decode()
    antrag_2026.refresh_from_db()
    assert antrag_2026.kim_konzept is None
    richtig = factories.pdf_upload()
    client.post(reverse("antrag_hochladen", args=[antrag_2026.pk, "kim_konzept"]), {"datei": richtig})
    antrag_2026.refresh_from_db()
    assert antrag_2026.kim_konzept.sha256


def test_abschnitt_mit_fehler_behaelt_eingaben(antrag_2026, client_als, kommune_user):
    client = client_als(kommune_user)
    antwort = client.post(
        reverse("antrag_abschnitt", args=[antrag_2026.pk, "antragsteller"]),
        {"antragsteller-ansprechperson": "Petra Plan", "antragsteller-email": "petra@kreis-unna.de",
         "antragsteller-iban": "DE00 1234", "antragsteller-ki_name": "KI Kreis Unna"},
    )
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "Die IBAN ist ungültig" in html
    assert 'value="Petra Plan"' in html and 'value="KI Kreis Unna"' in html and 'value="DE00 1234"' in html
    antrag_2026.refresh_from_db()
    assert antrag_2026.ansprechperson != "Petra Plan"  # nothing half-saved


def test_stellen_speichern_deutsche_betraege(antrag_2026, client_als, kommune_user):
    client = client_als(kommune_user)
    stellen = list(antrag_2026.stellen.all())
    daten = {"stellen-TOTAL_FORMS": str(len(stellen)), "stellen-INITIAL_FORMS": str(len(stellen))}
    for i, s in enumerate(stellen):
        daten.update({f"stellen-{i}-id": s.pk, f"stellen-{i}-art": s.art, f"stellen-{i}-vzae": str(s.vzae).replace(".", ","),
                      f"stellen-{i}-von_monat": s.von_monat, f"stellen-{i}-bis_monat": s.bis_monat})
    daten["stellen-0-personalausgaben"] = "55.123,45"
    daten["stellen-6-DELETE"] = "on"
    antwort = client.post(reverse("antrag_abschnitt", args=[antrag_2026.pk, "stellen"]), daten, HTTP_HX_REQUEST="true")
    html = antwort.content.decode()
    assert antwort.status_code == 200 and "Abschnitt gespeichert" in html
    assert 'value="55.123,45"' in html and 'name="stellen-5-vzae"' in html  # the swapped-in table, 6 rows
    assert 'name="stellen-6-vzae"' not in html
    antrag_2026.refresh_from_db()
    assert antrag_2026.stellen.count() == 6
    assert antrag_2026.stellen.get(position=1, art="koordination").personalausgaben == Decimal("55123.45")
    assert antrag_2026.beantragt == services.berechnung(antrag_2026).summen.gesamt


def test_eingereichter_antrag_ist_eingefroren(einreichbarer_antrag, kommune_user, client_als):
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    client = client_als(kommune_user)
    antwort = client.post(reverse("antrag_abschnitt", args=[antrag.pk, "antragsteller"]),
                          {"antragsteller-ansprechperson": "Neu"}, follow=True)
    assert "kann nicht mehr geändert werden" in antwort.content.decode()
    antrag.refresh_from_db()
    assert antrag.ansprechperson != "Neu"


def test_live_summe_ignoriert_leere_neue_zeile(antrag_2026, client_als, kommune_user):
    daten = {"stellen-TOTAL_FORMS": "2", "stellen-INITIAL_FORMS": "0", "stellen-0-art": "koordination",
             "stellen-0-vzae": "1", "stellen-0-von_monat": "1", "stellen-0-bis_monat": "12"}
    antwort = client_als(kommune_user).post(reverse("antrag_zusammenfassung", args=[antrag_2026.pk]), daten)
    assert antwort.status_code == 200
    assert 'data-betrag="62700.00"' in antwort.content.decode()
