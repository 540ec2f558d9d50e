"""Issue 14 item 9: a new Antrag takes over the previous year's Stellen, Begleitmaßnahmen, Weiterleitungen and
Lenkungsgruppe (Nr. 2.1, 3.2, 4.1 c, 5.4); months stay the same months of the new Förderjahr (Nr. 8:
Bewilligungszeitraum = Förderjahr); uploads are not taken over but listed as "bitte aktuelle Fassung hochladen".
"""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import selectors, services
from antraege.fehler import AntragFehler
from antraege.models import Antrag, AntragStatus, Stelle, Weiterleitung
from kim_foerderung.protokoll.models import Protokolleintrag
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def antrag_2026_eingereicht(kommune_user, unna, time_machine):
    """Kreis Unna's Antrag 2026, submitted, with a Stelle from April, Begleitmaßnahmen, two Weiterleitungen (one
    to a Träger with its Anlage-4 Vertrag) and the Lenkungsgruppe."""
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    antrag = services.antrag_anlegen(kommune_user, 2026, zeilen=factories.stellen_2026())
    antrag = factories.vollstaendig_machen(antrag, kommune_user)
    services.abschnitt_speichern(antrag, kommune_user, titel="Begleitmaßnahmen", werte={
        "veranstaltungen_beschreibung": "Fachtag Integration", "veranstaltungen_betrag": Decimal("4500.00"),
        "schnittstellen_beschreibung": "Netzwerk Ausländerbehörde", "schnittstellen_betrag": Decimal("8000.00"),
    })
    gemeinde = factories.KreisangehoerigeKommuneFactory(kreis=unna)
    traeger = factories.TraegerFactory(kommune=unna, name="Caritasverband Unna e. V.")
    services.weiterleitung_speichern(antrag, kommune_user, zweck="koordination", betrag=Decimal("62700.00"),
                                     stellen="K1", kreisangehoerige=gemeinde)
    services.weiterleitung_speichern(antrag, kommune_user, zweck="case_management", betrag=Decimal("57000.00"),
                                     stellen="CM1", traeger=traeger,
                                     vertrag_datei=factories.pdf_upload("vertrag-caritas-2026.pdf"))
    antrag.refresh_from_db()
    return services.einreichen(antrag, kommune_user, versicherung=True)


def test_nr_8_uebernahme_ins_folgejahr_mit_denselben_monaten(antrag_2026_eingereicht, kommune_user, time_machine):
    quelle = antrag_2026_eingereicht
    time_machine.move_to("2026-09-01 10:00 +02:00", tick=False)
    neu = services.antrag_uebernehmen(kommune_user, 2027, quelle)

    assert neu.foerderjahr == 2027 and neu.status == AntragStatus.ENTWURF and neu.uebernommen_aus == quelle
    assert neu.version == 0 and neu.eingereicht_am is None and not neu.anlagen.exists()
    alt = [(s.kennung, s.art, s.vzae, s.von_monat, s.bis_monat, s.besetzt, s.qualifikation)
           for s in quelle.stellen.all()]
    neue = [(s.kennung, s.art, s.vzae, s.von_monat, s.bis_monat, s.besetzt, s.qualifikation)
            for s in neu.stellen.all()]
    assert neue == alt
    # CM2 ran April–December 2026: now April–December 2027.
    cm2 = neu.stellen.get(art="case_management", position=2)
    assert (cm2.von_monat, cm2.bis_monat) == (4, 12)
    assert not set(neu.stellen.values_list("pk", flat=True)) & set(quelle.stellen.values_list("pk", flat=True))
    # Begleitmaßnahmen and the Lenkungsgruppe with its members, line breaks kept.
    assert (neu.veranstaltungen_betrag, neu.schnittstellen_betrag) == (Decimal("4500.00"), Decimal("8000.00"))
    assert neu.veranstaltungen_beschreibung == "Fachtag Integration"
    assert neu.lenkungsgruppe and neu.lenkungsgruppe_mitglieder == "Landrat (Vorsitz)\nJobcenter\nAusländerbehörde"
    # Declarations about this year's Ausgaben and staff are made anew.
    assert not (neu.keine_doppelfoerderung or neu.qualifikation_bestaetigt or neu.cm_ausserhalb_jmd_mbe)
    # Amounts recomputed by the rules for 2027 (the same Stellen: the same sum, Nr. 5.4.1/5.4.2).
    # 333.862,50 € for the Stellen (stellen_2026) + 4.500 + 8.000 € Begleitmaßnahmen (Nr. 5.4.2 a, b).
    assert neu.beantragt == quelle.beantragt == Decimal("346362.50")
    # Weiterleitungen taken over; the Vertrag is not.
    assert [(w.zweck, w.betrag, w.stellen, w.empfaenger) for w in neu.weiterleitungen.all()] == [
        (w.zweck, w.betrag, w.stellen, w.empfaenger) for w in quelle.weiterleitungen.all()]
    assert all(w.vertrag_id is None for w in neu.weiterleitungen.all())
    # Uploads: none taken over, each listed to upload anew.
    assert neu.kim_konzept_id is None and neu.cm_konzept_id is None
    hinweise = selectors.uebernahme_hinweise(neu)
    assert [h["titel"] for h in hinweise] == [
        "KIM-Konzept (Nr. 4.1 d)", "Case-Management-Konzept (Nr. 4.1 f)",
        "Weiterleitungsvertrag (Anlage 4) mit Caritasverband Unna e. V."]
    assert hinweise[2]["dateiname"] == "vertrag-caritas-2026.pdf"
    # Audited on the new Antrag, with what was taken over.
    eintrag = Protokolleintrag.objects.get(object_id=str(neu.pk), aktion__startswith="Antrag angelegt")
    assert eintrag.aktion == "Antrag angelegt – Angaben aus dem Antrag 2026 übernommen"
    assert eintrag.daten["stellen"] == 7 and eintrag.daten["weiterleitungen"] == 2
    assert len(eintrag.daten["neu_hochzuladen"]) == 3
    # The source is unchanged.
    quelle.refresh_from_db()
    assert quelle.status == AntragStatus.EINGEREICHT and quelle.stellen.count() == 7


def test_hinweise_verschwinden_nach_dem_hochladen(antrag_2026_eingereicht, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00", tick=False)
    neu = services.antrag_uebernehmen(kommune_user, 2027, antrag_2026_eingereicht)
    services.konzept_hochladen(neu, kommune_user, "kim_konzept", factories.pdf_upload("kim-2027.pdf"))
    weiterleitung = neu.weiterleitungen.get(traeger__isnull=False)
    services.weiterleitung_vertrag_hochladen(neu, kommune_user, weiterleitung.pk,
                                             factories.pdf_upload("vertrag-2027.pdf"))
    neu = selectors.antrag_fuer(kommune_user, neu.pk)
    assert [h["titel"] for h in selectors.uebernahme_hinweise(neu)] == ["Case-Management-Konzept (Nr. 4.1 f)"]


def test_nur_aus_einem_frueheren_jahr(antrag_2026_eingereicht, kommune_user):
    with pytest.raises(AntragFehler, match="nur ein Antrag eines früheren Förderjahres"):
        services.antrag_uebernehmen(kommune_user, 2026, antrag_2026_eingereicht)
    with pytest.raises(AntragFehler, match="Förderjahre 2025 bis 2028"):
        services.antrag_uebernehmen(kommune_user, 2029, antrag_2026_eingereicht)


def test_schon_ein_antrag_fuer_das_jahr_aendert_nichts(antrag_2026_eingereicht, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00", tick=False)
    services.antrag_anlegen(kommune_user, 2027)
    vorher = (Antrag.objects.count(), Stelle.objects.count(), Weiterleitung.objects.count())
    with pytest.raises(AntragFehler, match="bereits einen offenen Antrag"):
        services.antrag_uebernehmen(kommune_user, 2027, antrag_2026_eingereicht)
    assert (Antrag.objects.count(), Stelle.objects.count(), Weiterleitung.objects.count()) == vorher


def test_fremde_kommune_kann_nie_quelle_sein(antrag_2026_eingereicht, kommune2_user, client_als):
    with pytest.raises(Exception):
        services.antrag_uebernehmen(kommune2_user, 2027, antrag_2026_eingereicht)
    client = client_als(kommune2_user)
    antwort = client.post(reverse("antrag_neu"),
                          {"foerderjahr": "2027", "uebernehmen_aus": str(antrag_2026_eingereicht.pk)})
    assert antwort.status_code == 404
    assert not Antrag.objects.filter(kommune=kommune2_user.kommune).exists()


@pytest.mark.parametrize("wert", ["abc", "0", "-3", "1e9", "99999999999999999999999999"])
def test_unsinnige_quelle_wird_deutsch_abgewiesen(kommune_user, client_als, wert):
    client = client_als(kommune_user)
    antwort = client.post(reverse("antrag_neu"), {"foerderjahr": "2027", "uebernehmen_aus": wert}, follow=True)
    assert antwort.status_code == 200
    assert "Bitte wählen Sie einen Ihrer früheren Anträge" in antwort.content.decode()
    assert not Antrag.objects.exists()


def test_neuer_antrag_bietet_die_uebernahme_an_und_zeigt_die_hinweise(antrag_2026_eingereicht, kommune_user,
                                                                    client_als, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00", tick=False)
    client = client_als(kommune_user)
    seite = client.get(reverse("antraege_liste")).content.decode()
    assert 'name="uebernehmen_aus"' in seite
    assert f'<option value="{antrag_2026_eingereicht.pk}" selected>dem Antrag für 2026' in seite
    antwort = client.post(reverse("antrag_neu"),
                          {"foerderjahr": "2027", "uebernehmen_aus": str(antrag_2026_eingereicht.pk)}, follow=True)
    assert antwort.status_code == 200
    text = antwort.content.decode()
    neu = Antrag.objects.get(foerderjahr=2027)
    assert antwort.redirect_chain[-1][0] == reverse("antrag_detail", args=[neu.pk])
    assert "Aus dem Antrag 2026 übernommen – bitte prüfen" in text
    assert text.count("bitte aktuelle Fassung hochladen") >= 3
    assert "vertrag-caritas-2026.pdf" in text
    # Without a choice nothing is taken over.
    services.zurueckziehen(neu, kommune_user)
    client.post(reverse("antrag_neu"), {"foerderjahr": "2027", "uebernehmen_aus": ""})
    leer = Antrag.objects.exclude(status=AntragStatus.ZURUECKGEZOGEN).get(foerderjahr=2027)
    assert leer.uebernommen_aus is None and not leer.stellen.exists()


def test_ohne_fruehere_antraege_kein_angebot(kommune_user, client_als):
    seite = client_als(kommune_user).get(reverse("antraege_liste")).content.decode()
    assert "uebernehmen_aus" not in seite


def test_vertrag_hochladen_fremde_weiterleitung_404(antrag_2026_eingereicht, kommune_user, kommune2_user,
                                                  client_als, time_machine, bielefeld):
    time_machine.move_to("2026-09-01 10:00 +02:00", tick=False)
    neu = services.antrag_uebernehmen(kommune_user, 2027, antrag_2026_eingereicht)
    weiterleitung = neu.weiterleitungen.get(traeger__isnull=False)
    fremder = Antrag.objects.create(kommune=bielefeld, foerderjahr=2027)
    client = client_als(kommune_user)
    # Another Antrag's Weiterleitung under her own Antrag: 404.
    url = reverse("antrag_weiterleitung_vertrag", args=[fremder.pk, weiterleitung.pk])
    assert client.post(url, {"datei": factories.pdf_upload()}).status_code == 404
    url = reverse("antrag_weiterleitung_vertrag", args=[neu.pk, weiterleitung.pk])
    antwort = client.post(url, {}, follow=True)
    assert "Bitte wählen Sie den Weiterleitungsvertrag als PDF-Datei aus." in antwort.content.decode()
    antwort = client.post(url, {"datei": factories.pdf_upload("vertrag-2027.pdf")}, follow=True)
    assert "Der Weiterleitungsvertrag ist hochgeladen." in antwort.content.decode()
    weiterleitung.refresh_from_db()
    assert weiterleitung.vertrag.dateiname == "vertrag-2027.pdf"
    client_als(kommune2_user)
    assert client.post(url, {"datei": factories.pdf_upload()}).status_code == 404
