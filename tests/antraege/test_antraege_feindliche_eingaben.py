"""Bad input is never a 500 (issue 14 item 12): hostile amounts, a tampered Stelle id of another Kommune, bidi
control characters; every answer is a German sentence that says what to fix, and nothing is saved half."""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, Stelle

pytestmark = pytest.mark.django_db

FEINDLICHE_BETRAEGE = ["1e30", "1e309", "1" * 27, "9" * 40, "NaN", "-Infinity", "1e-99999999999"]


def _stellen_post(antrag, **ueberschreiben):
    daten = {"stellen-TOTAL_FORMS": "0", "stellen-INITIAL_FORMS": "0", "stellen-MIN_NUM_FORMS": "0",
             "stellen-MAX_NUM_FORMS": "40"}
    stellen = list(antrag.stellen.all())
    daten["stellen-TOTAL_FORMS"] = daten["stellen-INITIAL_FORMS"] = str(len(stellen))
    for i, s in enumerate(stellen):
        daten.update({f"stellen-{i}-id": str(s.pk), f"stellen-{i}-art": s.art, f"stellen-{i}-vzae": str(s.vzae),
                      f"stellen-{i}-von_monat": str(s.von_monat), f"stellen-{i}-bis_monat": str(s.bis_monat),
                      f"stellen-{i}-personalausgaben": "", f"stellen-{i}-sachausgaben": ""})
    daten.update(ueberschreiben)
    return daten


@pytest.mark.parametrize("wert", FEINDLICHE_BETRAEGE)
def test_feindliche_betraege_sind_feldfehler_auf_jeder_seite(client_als, kommune_user, antrag_2026, wert):
    client = client_als(kommune_user)
    vorher = antrag_2026.beantragt
    url = reverse("antrag_abschnitt", args=[antrag_2026.pk, "stellen"])
    antwort = client.post(url, _stellen_post(antrag_2026, **{"stellen-0-personalausgaben": wert}))
    assert antwort.status_code == 400
    text = antwort.content.decode()
    assert "Bitte" in text and wert[:20] in text  # German sentence, what was typed is kept
    url = reverse("antrag_abschnitt", args=[antrag_2026.pk, "begleitmassnahmen"])
    antwort = client.post(url, {"begleitmassnahmen-veranstaltungen_betrag": wert})
    assert antwort.status_code == 400
    for url, daten in [
        (reverse("antrag_zusammenfassung", args=[antrag_2026.pk]), _stellen_post(antrag_2026, **{
            "stellen-0-sachausgaben": wert, "begleitmassnahmen-schnittstellen_betrag": wert})),
        (reverse("antrag_weiterleitung", args=[antrag_2026.pk]), {"weiterleitung-betrag": wert,
                                                                  "weiterleitung-zweck": "case_management"}),
        (reverse("foerderrechner_ergebnis"), {"stellen-TOTAL_FORMS": "1", "stellen-INITIAL_FORMS": "0",
                                              "stellen-0-art": "koordination", "stellen-0-vzae": wert,
                                              "stellen-0-von_monat": "1", "stellen-0-bis_monat": "12",
                                              "begleit-veranstaltungen_betrag": wert}),
        (reverse("foerderrechner_uebernehmen"), {"rahmen-foerderjahr": "2027", "stellen-TOTAL_FORMS": "1",
                                                 "stellen-INITIAL_FORMS": "0", "stellen-0-art": "koordination",
                                                 "stellen-0-vzae": "1", "stellen-0-von_monat": "1",
                                                 "stellen-0-bis_monat": "12", "stellen-0-personalausgaben": wert}),
    ]:
        antwort = client.post(url, daten)
        assert antwort.status_code < 500, (url, antwort.status_code)
    antrag_2026.refresh_from_db()
    assert antrag_2026.beantragt == vorher
    assert Antrag.objects.count() == 1


def test_fremde_stellen_id_ist_formularfehler_und_aendert_nichts(client_als, kommune_user, kommune2_user,
                                                                antrag_2026):
    fremder = services.antrag_anlegen(kommune2_user, 2026, zeilen=[
        services.StellenZeile("", "koordination", Decimal("1.0"), 1, 12, True)])
    fremde_stelle = fremder.stellen.get()
    eigene = list(antrag_2026.stellen.values_list("pk", "vzae"))
    antwort = client_als(kommune_user).post(
        reverse("antrag_abschnitt", args=[antrag_2026.pk, "stellen"]),
        _stellen_post(antrag_2026, **{"stellen-0-id": str(fremde_stelle.pk), "stellen-0-vzae": "0,5"}))
    assert antwort.status_code == 400
    assert "Bitte laden Sie die Seite neu" in antwort.content.decode()
    assert list(antrag_2026.stellen.values_list("pk", "vzae")) == eigene
    fremde_stelle.refresh_from_db()
    assert fremde_stelle.antrag_id == fremder.pk and fremde_stelle.vzae == Decimal("1.00")


@pytest.mark.parametrize("zeichen", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                     "\u2068", "\u2069"])
def test_bidi_steuerzeichen_werden_abgewiesen_und_entfernt_angezeigt(client_als, kommune_user, antrag_2026,
                                                                    zeichen):
    """A typed "LIAM" behind U+202E would print as "MAIL" in the Anlage 1: refused with a German message, the
    field shows the text without the character, nothing is saved."""
    vorher = antrag_2026.ansprechperson
    antwort = client_als(kommune_user).post(
        reverse("antrag_abschnitt", args=[antrag_2026.pk, "antragsteller"]),
        {"antragsteller-ansprechperson": f"Frau {zeichen}LIAM", "antragsteller-email": "a@example.org"})
    assert antwort.status_code == 400
    text = antwort.content.decode()
    assert "unsichtbare Steuerzeichen für die Schreibrichtung" in text
    assert 'value="Frau LIAM"' in text and zeichen not in text
    antrag_2026.refresh_from_db()
    assert antrag_2026.ansprechperson == vorher


def test_bidi_steuerzeichen_in_stellen_und_nachforderung(client_als, kommune_user, sachbearbeitung_user,
                                                        einreichbarer_antrag):
    client = client_als(kommune_user)
    antwort = client.post(reverse("antrag_abschnitt", args=[einreichbarer_antrag.pk, "stellen"]),
                          _stellen_post(einreichbarer_antrag, **{"stellen-0-qualifikation": "\u2067Master\u2069"}))
    assert antwort.status_code == 400
    assert "Steuerzeichen" in antwort.content.decode()
    assert einreichbarer_antrag.stellen.first().qualifikation == "Master Soziale Arbeit"
    services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    client = client_als(sachbearbeitung_user)
    antwort = client.post(reverse("antrag_nachforderung", args=[einreichbarer_antrag.pk]),
                          {"fragen": "Bitte \u202eLIAM senden"})
    assert antwort.status_code == 400
    assert not einreichbarer_antrag.nachforderungen.exists()
