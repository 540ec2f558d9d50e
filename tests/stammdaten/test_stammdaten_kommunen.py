"""Stammdaten: the 54 Zuwendungsempfänger (Nr. 3.1), Nr. 4.3 qualification, IBAN check."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kim_foerderung.stammdaten.models import Kommune, KommunenArt
from kim_foerderung.stammdaten.services import kommunen_laden
from tests import factories

pytestmark = pytest.mark.django_db


def test_nr_3_1_alle_54_zuwendungsempfaenger_geladen():
    assert Kommune.objects.count() == 54
    assert Kommune.objects.filter(art=KommunenArt.KREIS).count() == 30
    assert Kommune.objects.filter(art=KommunenArt.KREISFREIE_STADT).count() == 23
    assert Kommune.objects.get(art=KommunenArt.STAEDTEREGION).name == "Städteregion Aachen"
    # Stadt Aachen has the status of a kreisfreie Stadt under the Aachen-Gesetz.
    assert Kommune.objects.get(ags="05334002").art == KommunenArt.KREISFREIE_STADT


def test_kommunen_laden_idempotent_und_behaelt_eigene_angaben(unna):
    unna.iban = "DE89370400440532013000"
    unna.save()
    assert kommunen_laden() == (0, 0)
    unna.refresh_from_db()
    assert unna.iban == "DE89370400440532013000"
    assert Kommune.objects.count() == 54


def test_kommunen_laden_korrigiert_geaenderte_amtliche_spalten(unna):
    Kommune.objects.filter(pk=unna.pk).update(verwaltungsgericht="Falsch")
    assert kommunen_laden() == (0, 1)
    unna.refresh_from_db()
    assert unna.verwaltungsgericht == "Gelsenkirchen"


def test_nr_4_3_qualifiziert_nur_mit_allen_drei_merkmalen(unna):
    voll = factories.KreisangehoerigeKommuneFactory(kreis=unna)
    ohne_jugendamt = factories.KreisangehoerigeKommuneFactory(kreis=unna, eigenes_jugendamt=False)
    ohne_rat = factories.KreisangehoerigeKommuneFactory(kreis=unna, integrationsrat=False)
    assert voll.qualifiziert
    assert not ohne_jugendamt.qualifiziert
    assert not ohne_rat.qualifiziert
    assert unna.qualifizierte_kreisangehoerige_anzahl() == 1


def test_nr_4_3_kreisfreie_stadt_hat_keine_kreisangehoerigen(bielefeld):
    eintrag = factories.KreisangehoerigeKommuneFactory.build(kreis=bielefeld)
    with pytest.raises(ValidationError, match="Kreis"):
        eintrag.full_clean()
    assert bielefeld.qualifizierte_kreisangehoerige_anzahl() == 0


def test_iban_mit_schwifty_geprueft(unna):
    unna.iban = "DE89 3704 0044 0532 0130 01"  # wrong check digits
    with pytest.raises(ValidationError) as fehler:
        unna.full_clean()
    assert "IBAN ist ungültig" in str(fehler.value)
    unna.iban = "de89 3704 0044 0532 0130 00"
    unna.full_clean()
    assert unna.iban == "DE89370400440532013000"


def test_anzeigenamen():
    assert str(Kommune.objects.get(ags="05978000")) == "Kreis Unna"
    assert str(Kommune.objects.get(ags="05711000")) == "Stadt Bielefeld"
    assert str(Kommune.objects.get(ags="05382000")) == "Rhein-Sieg-Kreis"


def test_kommunenliste_abfragen_wachsen_nicht_mit_zeilen(client_als, sachbearbeitung_user, django_assert_max_num_queries):
    client = client_als(sachbearbeitung_user)
    client.get(reverse("kommunen_liste"))  # warm up session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as wenige:
        antwort = client.get(reverse("kommunen_liste") + "?bezirk=Detmold")
    assert antwort.status_code == 200
    for kreis in Kommune.objects.filter(art=KommunenArt.KREIS)[:10]:
        factories.KreisangehoerigeKommuneFactory.create_batch(3, kreis=kreis)
    with CaptureQueriesContext(connection) as viele:
        antwort = client.get(reverse("kommunen_liste"))
    assert antwort.status_code == 200
    assert "54 Kommunen" in antwort.content.decode() and "Seite 1 von" not in antwort.content.decode()
    assert len(viele) == len(wenige)


def test_kommunenliste_filter_und_suche(client_als, sachbearbeitung_user):
    client = client_als(sachbearbeitung_user)
    seite = client.get(reverse("kommunen_liste"), {"q": "Unna"}).content.decode()
    assert "Kreis Unna" in seite and "Bielefeld" not in seite
    seite = client.get(reverse("kommunen_liste"), {"bezirk": "Detmold"}).content.decode()
    assert "Stadt Bielefeld" in seite and "Kreis Unna" not in seite


def test_admin_deutsch_und_fuer_admin_offen(client_als, admin_user):
    client = client_als(admin_user)
    seite = client.get("/admin/stammdaten/kommune/")
    assert seite.status_code == 200
    text = seite.content.decode()
    assert "Kommunen" in text and "Auswählen" in text or "auswählen" in text


def test_kommunenliste_alle_54_auf_einer_seite_in_deutscher_reihenfolge(client_als, sachbearbeitung_user):
    """Issue 14: all 54 Kommunen on one page, sorted by sort name ("Borken, Kreis") with ö as o, ü as u."""
    import re

    html = client_als(sachbearbeitung_user).get(reverse("kommunen_liste")).content.decode()
    namen = re.findall(r'<a href="/stammdaten/kommunen/\d{8}/">([^<]+)</a>', html)
    assert len(namen) == 54
    reihenfolge = ["Städteregion Aachen", "Kreis Borken", "Stadt Bottrop", "Stadt Köln",
                   "Stadt Mülheim an der Ruhr", "Stadt Münster", "Kreis Unna"]
    assert [n for n in namen if n in reihenfolge] == reihenfolge


def test_sortierschluessel_folgt_dem_namen():
    from kim_foerderung.stammdaten.models import Kommune, sortierschluessel

    assert Kommune(name="Kreis Borken", art="kreis").sortname == "Borken, Kreis"
    assert Kommune(name="Städteregion Aachen", art="staedteregion").sortname == "Aachen, Städteregion"
    assert Kommune(name="Rhein-Erft-Kreis", art="kreis").sortname == "Rhein-Erft-Kreis"
    assert sortierschluessel("Mülheim an der Ruhr") == "mulheim an der ruhr"
    assert sortierschluessel("Groß Öhringen") == "gross ohringen"
