"""Weiterleitungen (Nr. 3.2, 4.3): Koordination only from Kreise to qualifying kreisangehörige Kommunen;
Case Management also to Träger der Freien Wohlfahrtspflege, with the Anlage-4 contract attached."""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege.forms import WeiterleitungForm
from antraege.models import Antrag
from tests import factories

pytestmark = pytest.mark.django_db


def formular(antrag, **daten):
    return WeiterleitungForm(
        {f"w-{k}": v for k, v in daten.items() if k != "vertrag_datei"},
        {"w-vertrag_datei": daten["vertrag_datei"]} if "vertrag_datei" in daten else None,
        antrag=antrag, prefix="w",
    )


def test_nr_4_3_koordination_nur_an_qualifizierte_kommune(unna):
    antrag = Antrag.objects.create(kommune=unna, foerderjahr=2027)
    voll = factories.KreisangehoerigeKommuneFactory(kreis=unna)
    halb = factories.KreisangehoerigeKommuneFactory(kreis=unna, integrationsrat=False)
    assert formular(antrag, zweck="koordination", kreisangehoerige=voll.pk, betrag="62.700,00").is_valid()
    f = formular(antrag, zweck="koordination", kreisangehoerige=halb.pk, betrag="62.700,00")
    assert not f.is_valid()
    assert "Ausländerbehörde, Jugendamt und Integrationsrat" in str(f.errors)


def test_nr_3_2_kreisfreie_stadt_leitet_keine_koordination_weiter(bielefeld):
    antrag = Antrag.objects.create(kommune=bielefeld, foerderjahr=2027)
    traeger = factories.TraegerFactory(kommune=bielefeld)
    f = formular(antrag, zweck="koordination", traeger=traeger.pk, betrag="1000")
    assert not f.is_valid()
    assert "Nur Kreise können Koordinationsstellen" in str(f.errors)


def test_nr_3_2_traeger_braucht_vertrag_anlage_4(client_als, kommune_user, unna, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    antrag = Antrag.objects.create(kommune=unna, foerderjahr=2027)
    traeger = factories.TraegerFactory(kommune=unna)
    client = client_als(kommune_user)
    url = reverse("antrag_weiterleitung", args=[antrag.pk])
    daten = {"weiterleitung-zweck": "case_management", "weiterleitung-traeger": traeger.pk,
             "weiterleitung-betrag": "57.000,00", "weiterleitung-stellen": "CM1"}
    antwort = client.post(url, daten, HTTP_HX_REQUEST="true")
    html = antwort.content.decode()
    assert "Bitte fügen Sie den Weiterleitungsvertrag nach Anlage 4 bei." in html
    assert 'value="57.000,00"' in html  # what she typed stays
    assert not antrag.weiterleitungen.exists()
    daten["weiterleitung-vertrag_datei"] = factories.pdf_upload("vertrag.pdf")
    antwort = client.post(url, daten, HTTP_HX_REQUEST="true")
    assert "Abschnitt gespeichert" in antwort.content.decode()
    weiterleitung = antrag.weiterleitungen.get()
    assert weiterleitung.betrag == Decimal("57000.00") and weiterleitung.vertrag.sha256
    other = factories.TraegerFactory()  # a Träger of another Kommune is not offered
    f = formular(antrag, zweck="case_management", traeger=other.pk, betrag="1")
    assert not f.is_valid() and "traeger" in f.errors
