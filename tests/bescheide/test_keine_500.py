"""Bad input never yields a 500: every page and action, for every role, with missing, malformed and hostile
values (German messages are checked in the app tests; here only that nothing breaks)."""
import pytest
from django.test import Client
from django.urls import reverse

from bescheide import services as bescheid_services

pytestmark = pytest.mark.django_db

SCHLECHT = [
    {},
    {"foerderjahr": "abc", "fragen": "", "antwort": "", "notiz": "", "abgesandt_am": "31.02.2026",
     "ab_monat": "13", "beschreibung": "", "bestaetigt": "vielleicht", "art": "<script>"},
    {"stellen-TOTAL_FORMS": "abc", "stellen-INITIAL_FORMS": "-1", "stellen-0-vzae": "1e999",
     "stellen-0-art": "chef", "stellen-0-von_monat": "0", "rahmen-foerderjahr": "2099",
     "rahmen-kommune_art": "land", "begleitmassnahmen-veranstaltungen_betrag": "NaN",
     "antragsteller-iban": "DE" + "9" * 40, "kommune": "999999", "neue_frist": "gestern",
     "veranstaltungen": "-5", "stelle-1-vzae": "∞", "page": "-3", "sort": "'; DROP TABLE"},
    {"stellen-TOTAL_FORMS": "5000", "stellen-INITIAL_FORMS": "0", "weiterleitung-betrag": "1.2.3,4,5",
     "weiterleitung-zweck": "koordination", "weiterleitung-traeger": "abc"},
    {"foerderjahr": "2027", "uebernehmen_aus": "9" * 30, "datei": "kein-pdf", "mittel-betrag": "1e309",
     "mittel-bemerkung": "\u202eLIAM", "kontingent-kommune": "abc", "kontingent-vzae": "∞", "antwort_frist": "31.02."},
    {"mittel-betrag": "-5", "kontingent-kommune": "999999", "kontingent-vzae": "1" * 27, "entfernen": "ja"},
    {"foerderjahr": "2027", "uebernehmen_aus": "99999"},
]


def _urls(antrag, bescheid):
    urls = []
    for name in [
        "start", "start_kommune", "start_sachbearbeitung", "start_zeichnung", "start_finanzen", "start_admin",
        "kommunen_liste", "antraege_liste", "antrag_neu", "fristausnahmen", "foerderrechner",
        "foerderrechner_ergebnis", "foerderrechner_uebernehmen", "bescheide_liste", "haushalt",
        "benachrichtigungen_gelesen",
    ]:
        urls.append(reverse(name))
    for name, args in [
        ("kommune_detail", [antrag.kommune.ags]), ("antrag_detail", [antrag.pk]),
        ("antrag_abschnitt", [antrag.pk, "stellen"]), ("antrag_abschnitt", [antrag.pk, "antragsteller"]),
        ("antrag_abschnitt", [antrag.pk, "unbekannt"]), ("antrag_zusammenfassung", [antrag.pk]),
        ("antrag_hochladen", [antrag.pk, "kim_konzept"]), ("antrag_hochladen", [antrag.pk, "nichts"]),
        ("antrag_weiterleitung", [antrag.pk]), ("antrag_weiterleitung_entfernen", [antrag.pk, 99999]),
        ("antrag_weiterleitung_vertrag", [antrag.pk, 99999]),
        ("antrag_einreichen", [antrag.pk]), ("antrag_zurueckziehen", [antrag.pk]),
        ("antrag_pruefung_beginnen", [antrag.pk]), ("antrag_nachforderung", [antrag.pk]),
        ("antrag_antwort", [antrag.pk]), ("pruefung", [antrag.pk]), ("bescheid_entwurf_anlegen", [antrag.pk]),
        ("bescheid_detail", [bescheid.pk]), ("bescheid_vorschau", [bescheid.pk]),
        ("bescheid_speichern", [bescheid.pk]),
        ("bescheid_vorlegen", [bescheid.pk]), ("bescheid_verwerfen", [bescheid.pk]),
        ("bescheid_freigeben", [bescheid.pk]), ("bescheid_zurueckgeben", [bescheid.pk]),
        ("bescheid_versenden", [bescheid.pk]), ("bescheid_empfang", [bescheid.pk]),
        ("bescheid_verzicht", [bescheid.pk]), ("bescheid_aenderung_beantragen", [bescheid.pk]),
        ("bescheid_spaeterer_empfang", [bescheid.pk]), ("bescheid_kuerzung", [bescheid.pk]),
        ("bescheid_aenderungsbescheid", [bescheid.pk]), ("haushalt_jahr", [2026]), ("haushalt_jahr", [1999]),
        ("verteilung", [2026]), ("verteilung_uebernehmen", [2026]), ("haushaltsmittel_speichern", [2026]),
        ("haushaltsmittel_speichern", [1999]), ("cm_kontingent_speichern", [2026]), ("dokument_herunterladen", [99999]),
        ("benachrichtigung_oeffnen", [99999]),
    ]:
        urls.append(reverse(name, args=args))
    return urls


def test_keine_500_fuer_jede_rolle_und_schlechte_eingaben(eingereichter_antrag, haushalt_2026, kommune_user,
                                                       kommune2_user, sachbearbeitung_user, zeichnung_user,
                                                       finanzen_user, admin_user):
    bescheid = bescheid_services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user)
    urls = _urls(eingereichter_antrag, bescheid)
    for user in (None, kommune_user, kommune2_user, sachbearbeitung_user, zeichnung_user, finanzen_user,
                 admin_user):
        client = Client(raise_request_exception=False)
        if user:
            client.force_login(user)
        for url in urls:
            antwort = client.get(url, {"page": "x", "seite": "-1", "sort": "nichts", "status": "<b>",
                                       "foerderjahr": "20x6"})
            assert antwort.status_code < 500, (user, "GET", url, antwort.status_code)
            for daten in SCHLECHT:
                antwort = client.post(url, daten)
                assert antwort.status_code < 500, (user, "POST", url, daten, antwort.status_code)
                antwort = client.post(url, daten, HTTP_HX_REQUEST="true")
                assert antwort.status_code < 500, (user, "POST htmx", url, daten, antwort.status_code)
