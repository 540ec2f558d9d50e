"""Property test (issue 14 item 12): generated values – numbers far outside Decimal's context, bidi control
characters, NUL bytes, very long text, empty and missing fields – posted into every form of the project never give
a 500, and a refused post saves nothing half: the Antrag and the Bescheid draft are unchanged when the answer is an
error."""
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antraege import services as antrag_services
from antraege.models import Antrag
from bescheide import services as bescheid_services
from bescheide.models import Bescheid
from kim_foerderung.stammdaten.models import Haushaltsmittel
from tests.antraege.conftest import STELLEN_2026, vollstaendig_machen

pytestmark = pytest.mark.django_db

FEINDLICH = st.sampled_from([
    "1e30", "1e309", "1" * 27, "-1", "NaN", "∞", "0,000000000001", "57.000,00", "1.2.3,4", "\u202eLIAM", "\x00",
    "<script>alert(1)</script>", "' OR 1=1 --", "x" * 6000, "", " ", "2026-02-30", "13", "0", "ja", "on",
])
WERT = st.one_of(FEINDLICH, st.text(max_size=40), st.integers(min_value=-10**30, max_value=10**30).map(str))

ANTRAG_FORMULARE = {
    "antragsteller": ["ansprechperson", "email", "telefon", "ki_name", "ki_anschrift", "kontoinhaber", "iban", "bic"],
    "voraussetzungen": ["ki_gefoerdert", "lenkungsgruppe", "lenkungsgruppe_mitglieder", "vorfoerderung"],
    "begleitmassnahmen": ["veranstaltungen_beschreibung", "veranstaltungen_betrag", "schnittstellen_betrag"],
}
STELLEN_FELDER = ["art", "vzae", "von_monat", "bis_monat", "besetzt", "name", "qualifikation", "personalausgaben",
                  "sachausgaben", "id"]


def _schnappschuss(antrag):
    antrag = Antrag.objects.get(pk=antrag.pk)
    return (model_to_dict(antrag, exclude=["geaendert_am"]),
            sorted(tuple(model_to_dict(s).items()) for s in antrag.stellen.all()),
            antrag.weiterleitungen.count(), antrag.nachforderungen.count())


def _bescheid_schnappschuss(bescheid):
    bescheid = Bescheid.objects.get(pk=bescheid.pk)
    return (model_to_dict(bescheid, exclude=["geaendert_am"]),
            sorted(tuple(model_to_dict(s).items()) for s in bescheid.stellen.all()))


@pytest.fixture
def lage(kommune_user, kommune2_user, sachbearbeitung_user, time_machine):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("20000000.00"))
    entwurf_antrag = antrag_services.antrag_anlegen(kommune_user, 2027, zeilen=STELLEN_2026)
    eingereicht = vollstaendig_machen(antrag_services.antrag_anlegen(kommune_user, 2026, zeilen=STELLEN_2026),
                                      kommune_user)
    antrag_services.einreichen(eingereicht, kommune_user, versicherung=True)
    bescheid = bescheid_services.entwurf_anlegen(eingereicht, sachbearbeitung_user)
    kommune = Client(raise_request_exception=False)
    kommune.force_login(kommune_user)
    sb = Client(raise_request_exception=False)
    sb.force_login(sachbearbeitung_user)
    return {"antrag": entwurf_antrag, "eingereicht": eingereicht, "bescheid": bescheid, "kommune": kommune,
            "sb": sb}


def _pruefen(antwort, vorher, nachher, was):
    assert antwort.status_code < 500, (was, antwort.status_code)
    if antwort.status_code >= 400:
        assert nachher == vorher, f"{was}: abgewiesen ({antwort.status_code}), aber etwas gespeichert"


EINSTELLUNGEN = settings(max_examples=20, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@EINSTELLUNGEN
@given(abschnitt=st.sampled_from(sorted(ANTRAG_FORMULARE)), werte=st.lists(WERT, min_size=8, max_size=8),
       htmx=st.booleans())
def test_abschnitte_des_antrags(lage, abschnitt, werte, htmx):
    antrag = lage["antrag"]
    daten = {f"{abschnitt}-{feld}": wert for feld, wert in zip(ANTRAG_FORMULARE[abschnitt], werte)}
    vorher = _schnappschuss(antrag)
    kopf = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    antwort = lage["kommune"].post(reverse("antrag_abschnitt", args=[antrag.pk, abschnitt]), daten, **kopf)
    _pruefen(antwort, vorher, _schnappschuss(antrag), abschnitt)


@EINSTELLUNGEN
@given(zeilen=st.lists(st.lists(WERT, min_size=10, max_size=10), min_size=1, max_size=3),
       gesamt=st.one_of(st.just(None), WERT), initial=st.one_of(st.just(None), WERT))
def test_stellentabelle_zusammenfassung_und_foerderrechner(lage, zeilen, gesamt, initial):
    antrag = lage["antrag"]
    daten = {"stellen-TOTAL_FORMS": gesamt if gesamt is not None else str(len(zeilen)),
             "stellen-INITIAL_FORMS": initial if initial is not None else "0",
             "begleitmassnahmen-veranstaltungen_betrag": zeilen[0][1], "begleit-schnittstellen_betrag": zeilen[0][7],
             "rahmen-foerderjahr": zeilen[0][2], "rahmen-kommune_art": zeilen[0][0]}
    for i, zeile in enumerate(zeilen):
        daten.update({f"stellen-{i}-{feld}": wert for feld, wert in zip(STELLEN_FELDER, zeile)})
    vorher = _schnappschuss(antrag)
    for name, args in [("antrag_abschnitt", [antrag.pk, "stellen"]), ("antrag_zusammenfassung", [antrag.pk]),
                       ("foerderrechner_ergebnis", []), ("foerderrechner_uebernehmen", [])]:
        antwort = lage["kommune"].post(reverse(name, args=args), daten)
        _pruefen(antwort, vorher, _schnappschuss(antrag), name)
        if antwort.status_code < 400:
            vorher = _schnappschuss(antrag)
    assert Antrag.objects.filter(kommune=antrag.kommune, foerderjahr=2027).count() == 1


@EINSTELLUNGEN
@given(werte=st.lists(WERT, min_size=6, max_size=6))
def test_weiterleitung_nachforderung_antwort_fristausnahme(lage, werte):
    antrag = lage["antrag"]
    vorher = _schnappschuss(antrag)
    antwort = lage["kommune"].post(reverse("antrag_weiterleitung", args=[antrag.pk]), {
        "weiterleitung-zweck": werte[0], "weiterleitung-betrag": werte[1], "weiterleitung-stellen": werte[2],
        "weiterleitung-kreisangehoerige": werte[3], "weiterleitung-traeger": werte[4]})
    _pruefen(antwort, vorher, _schnappschuss(antrag), "weiterleitung")
    eingereicht = lage["eingereicht"]
    vorher = _schnappschuss(eingereicht)
    antwort = lage["kommune"].post(reverse("antrag_antwort", args=[eingereicht.pk]), {"antwort": werte[5]})
    _pruefen(antwort, vorher, _schnappschuss(eingereicht), "antwort")
    antwort = lage["sb"].post(reverse("fristausnahmen"), {"kommune": werte[0], "foerderjahr": werte[1],
                                                         "neue_frist": werte[2], "begruendung": werte[3]})
    assert antwort.status_code < 500


@EINSTELLUNGEN
@given(jahr=st.one_of(st.sampled_from(["2025", "2026", "2027", "2028"]), WERT),
       quelle=st.one_of(st.sampled_from(["", "1", "2", "3"]), WERT))
def test_neuer_antrag_mit_uebernahme(lage, jahr, quelle):
    """Issue 14 item 9: "Neuer Antrag" with any Förderjahr and any source id – never a 500, and never a copy of an
    Antrag of another Kommune (kommune2 has none to give)."""
    vorher = Antrag.objects.count()
    antwort = lage["kommune"].post(reverse("antrag_neu"), {"foerderjahr": jahr, "uebernehmen_aus": quelle})
    assert antwort.status_code < 500
    if antwort.status_code >= 400:
        assert Antrag.objects.count() == vorher
    neu = Antrag.objects.filter(uebernommen_aus__isnull=False).exclude(
        uebernommen_aus__kommune=lage["antrag"].kommune)
    assert not neu.exists()
    Antrag.objects.filter(foerderjahr=2028).delete()  # keep the year free for the next example


@EINSTELLUNGEN
@given(werte=st.lists(WERT, min_size=5, max_size=5), entfernen=st.booleans())
def test_haushaltsmittel_und_cm_kontingent(lage, admin_user, werte, entfernen):
    """Issue 14 item 10: the Admin's forms on the Haushalt page – never a 500; a refused post changes nothing."""
    from kim_foerderung.stammdaten.models import CMKontingent

    admin = Client(raise_request_exception=False)
    admin.force_login(admin_user)
    vorher = (list(Haushaltsmittel.objects.values_list("foerderjahr", "betrag", "bemerkung")),
              list(CMKontingent.objects.values_list("kommune_id", "foerderjahr", "vzae")))
    antwort = admin.post(reverse("haushaltsmittel_speichern", args=[2026]),
                         {"mittel-betrag": werte[0], "mittel-bemerkung": werte[1]})
    assert antwort.status_code < 500
    if antwort.status_code >= 400:
        assert list(Haushaltsmittel.objects.values_list("foerderjahr", "betrag", "bemerkung")) == vorher[0]
    antwort = admin.post(reverse("cm_kontingent_speichern", args=[2026]),
                         {"kontingent-kommune": werte[2], "kontingent-vzae": werte[3],
                          **({"entfernen": "ja"} if entfernen else {})})
    assert antwort.status_code < 500
    if antwort.status_code >= 400:
        assert list(CMKontingent.objects.values_list("kommune_id", "foerderjahr", "vzae")) == vorher[1]


@EINSTELLUNGEN
@given(werte=st.lists(WERT, min_size=9, max_size=9))
def test_bescheid_entwurf_und_pruefung(lage, werte):
    bescheid = lage["bescheid"]
    stelle = bescheid.stellen.first()
    p = f"stelle-{stelle.pk}"
    daten = {f"{p}-bewilligt": werte[0], f"{p}-vzae": werte[1], f"{p}-von_monat": werte[2],
             f"{p}-bis_monat": werte[3], f"{p}-personalausgaben": werte[4], f"{p}-sachausgaben": werte[5],
             f"{p}-kuerzung_grund": werte[6], "begruendung": werte[7], "veranstaltungen": werte[8],
             "schnittstellen": werte[4], "begleit_grund": werte[6]}
    vorher = _bescheid_schnappschuss(bescheid)
    antwort = lage["sb"].post(reverse("bescheid_speichern", args=[bescheid.pk]), daten)
    _pruefen(antwort, vorher, _bescheid_schnappschuss(bescheid), "bescheid_speichern")
    antwort = lage["sb"].post(reverse("pruefung", args=[lage["eingereicht"].pk]),
                              {"vermerk": werte[7], "ok_0": werte[0], "notiz_0": werte[6]})
    assert antwort.status_code < 500
