"""Weiterleitungen (Nr. 3.2, 4.3): Koordination only from Kreise to qualifying kreisangehörige Kommunen;
Case Management also to Träger der Freien Wohlfahrtspflege, with the Anlage-4 contract attached."""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import services
from antraege.forms import WeiterleitungForm
from antraege.models import Antrag, Stelle
from tests import factories

pytestmark = pytest.mark.django_db



def _werte(form):
    """A valid form's values as the service takes them (plain values, not the form)."""
    d = form.cleaned_data
    return {"zweck": d["zweck"], "betrag": d["betrag"], "stellen": d["stellen"],
            "kreisangehoerige": d.get("kreisangehoerige"), "traeger": d.get("traeger"),
            "vertrag_datei": d.get("vertrag_datei")}

def formular(antrag, **daten):
    return WeiterleitungForm(
        {f"w-{k}": v for k, v in daten.items() if k != "vertrag_datei"},
        {"w-vertrag_datei": daten["vertrag_datei"]} if "vertrag_datei" in daten else None,
        antrag=antrag, prefix="w",
    )


def test_nr_4_3_koordination_nur_an_qualifizierte_kommune(unna):
    antrag = Antrag.objects.create(kommune=unna, foerderjahr=2027)
    Stelle.objects.create(antrag=antrag, art="koordination", vzae=Decimal("1.0"), zeile=1, position=1)
    voll = factories.KreisangehoerigeKommuneFactory(kreis=unna)
    halb = factories.KreisangehoerigeKommuneFactory(kreis=unna, integrationsrat=False)
    f = formular(antrag, zweck="koordination", kreisangehoerige=voll.pk, betrag="62.700,00", stellen="K1")
    assert f.is_valid(), f.errors
    f = formular(antrag, zweck="koordination", kreisangehoerige=halb.pk, betrag="62.700,00", stellen="K1")
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
    Stelle.objects.create(antrag=antrag, art="case_management", vzae=Decimal("1.0"), zeile=1, position=1)
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


# --- Nr. 3.2 with Nr. 5.4: the named Stellen exist, have the right Art, and fund the amount ----------------------
# antrag_2026 (tests/antraege/conftest.py): K1–K3 1,0 VZÄ, K4 0,5, VA1, CM1 1,0 (57.000 €), CM2 0,75 ab April
# (0,75 × 57.000 × 9/12 = 32.062,50 €); all for Kreis Unna, 2026.


@pytest.fixture
def traeger(unna):
    return factories.TraegerFactory(kommune=unna)


@pytest.fixture
def gemeinde(unna):
    return factories.KreisangehoerigeKommuneFactory(kreis=unna)


def cm_formular(antrag, traeger, stellen, betrag):
    return formular(antrag, zweck="case_management", traeger=traeger.pk, betrag=betrag, stellen=stellen,
                    vertrag_datei=factories.pdf_upload("vertrag.pdf"))


def test_nr_3_2_stellen_kennungen_werden_normalisiert(antrag_2026, traeger):
    f = cm_formular(antrag_2026, traeger, "cm1 ; cm2", "89.062,50")  # exactly CM1 + CM2
    assert f.is_valid(), f.errors
    assert f.cleaned_data["stellen"] == "CM1, CM2"


def test_nr_3_2_stellen_pflicht_und_kennungsformat(antrag_2026, traeger):
    f = cm_formular(antrag_2026, traeger, "", "1.000,00")
    assert not f.is_valid()
    assert "Bitte nennen Sie die Stellen, deren Zuwendung weitergeleitet wird" in " ".join(f.errors["stellen"])
    f = cm_formular(antrag_2026, traeger, "CM1, Frau Meier", "1.000,00")
    assert not f.is_valid()
    assert "„Frau“, „Meier“ ist keine Stellenkennung" in " ".join(f.errors["stellen"])


def test_nr_3_2_unbekannte_stelle(antrag_2026, traeger):
    f = cm_formular(antrag_2026, traeger, "CM1, CM3", "1.000,00")
    assert not f.is_valid()
    assert f.errors["stellen"] == [
        "Nr. 3.2: Die Stelle CM3 gibt es in diesem Antrag nicht. Vorhanden: K1, K2, K3, K4, VA1, CM1, CM2."
    ]


def test_nr_3_2_case_management_weiterleitung_nur_cm_stellen(antrag_2026, traeger):
    f = cm_formular(antrag_2026, traeger, "CM1, K1, VA1", "1.000,00")
    assert not f.is_valid()
    text = " ".join(f.errors["stellen"])
    assert "Nr. 3.2: Mit dieser Weiterleitung können nur Case-Management-Stellen weitergeleitet werden" in text
    assert "K1 ist Koordination, VA1 ist Verwaltungsassistenz" in text


def test_nr_3_2_koordination_weiterleitung_nur_koordinationsstellen(antrag_2026, gemeinde):
    f = formular(antrag_2026, zweck="koordination", kreisangehoerige=gemeinde.pk, betrag="1.000,00",
                 stellen="K4, CM2")
    assert not f.is_valid()
    assert "nur Koordinationsstellen weitergeleitet werden (CM2 ist Case Management)" in " ".join(f.errors["stellen"])
    # K4: 0,5 VZÄ × 57.000 + 0,5 × 5.700 Sachausgaben (Nr. 5.4.1, 5.4.2) = 31.350 €
    assert formular(antrag_2026, zweck="koordination", kreisangehoerige=gemeinde.pk, betrag="31.350,00",
                    stellen="K4").is_valid()


def test_nr_5_4_betrag_hoechstens_foerderfaehige_zuwendung_der_stellen(antrag_2026, traeger, gemeinde):
    f = cm_formular(antrag_2026, traeger, "CM2", "32.062,51")
    assert not f.is_valid()
    assert f.errors["betrag"] == [
        "Nr. 3.2, 5.4: 32.062,51 € übersteigen die förderfähige Zuwendung der Stelle CM2 (32.062,50 €). "
        "Bitte geben Sie höchstens 32.062,50 € an."
    ]
    assert cm_formular(antrag_2026, traeger, "CM2", "32.062,50").is_valid()
    f = formular(antrag_2026, zweck="koordination", kreisangehoerige=gemeinde.pk, betrag="31.350,01", stellen="K4")
    assert "übersteigen die förderfähige Zuwendung der Stelle K4 (31.350,00 €)" in " ".join(f.errors["betrag"])


def test_fehler_im_abschnitt_deutsch_und_eingaben_bleiben(antrag_2026, traeger, client_als, kommune_user):
    daten = {"weiterleitung-zweck": "case_management", "weiterleitung-traeger": traeger.pk,
             "weiterleitung-betrag": "95.000,00", "weiterleitung-stellen": "CM1, CM2",
             "weiterleitung-vertrag_datei": factories.pdf_upload("vertrag.pdf")}
    antwort = client_als(kommune_user).post(reverse("antrag_weiterleitung", args=[antrag_2026.pk]), daten,
                                            HTTP_HX_REQUEST="true")
    html = antwort.content.decode()
    assert "kim-fehlerzusammenfassung" in html
    assert "95.000,00 € übersteigen die förderfähige Zuwendung der Stellen CM1, CM2 (89.062,50 €)" in html
    assert 'value="95.000,00"' in html and 'value="CM1, CM2"' in html
    assert not antrag_2026.weiterleitungen.exists()


def test_geaenderte_stellen_werden_zum_einreichungsmangel(einreichbarer_antrag, traeger, kommune_user):
    f = cm_formular(einreichbarer_antrag, traeger, "CM2", "32.062,50")
    assert f.is_valid(), f.errors
    services.weiterleitung_speichern(einreichbarer_antrag, kommune_user, **_werte(f))
    assert services.einreichungsmaengel(einreichbarer_antrag) == []
    # CM2 now starts in July: 0,75 × 57.000 × 6/12 = 21.375 € — less than is forwarded.
    einreichbarer_antrag.stellen.filter(art="case_management", position=2).update(von_monat=7)
    with pytest.raises(services.AntragFehler) as fehler:
        services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    assert fehler.value.maengel == [
        f"Weiterleitung an {traeger}: Nr. 3.2, 5.4: 32.062,50 € übersteigen die förderfähige Zuwendung der "
        "Stelle CM2 (21.375,00 €). Bitte geben Sie höchstens 21.375,00 € an."
    ]
    # CM2 removed altogether:
    einreichbarer_antrag.stellen.filter(art="case_management", position=2).delete()
    maengel = services.einreichungsmaengel(einreichbarer_antrag)
    assert any("Die Stelle CM2 gibt es in diesem Antrag nicht" in m for m in maengel), maengel


def test_dienst_prueft_unter_sperre_erneut(antrag_2026, traeger, kommune_user):
    f = cm_formular(antrag_2026, traeger, "CM1", "57.000,00")
    assert f.is_valid(), f.errors
    antrag_2026.stellen.filter(art="case_management", position=1).update(vzae=Decimal("0.5"))  # in another tab
    with pytest.raises(services.AntragFehler, match="übersteigen die förderfähige Zuwendung der Stelle CM1"):
        services.weiterleitung_speichern(antrag_2026, kommune_user, **_werte(f))
    assert not antrag_2026.weiterleitungen.exists()


def test_nr_3_2_eine_stelle_nur_an_einen_empfaenger(antrag_2026, traeger, gemeinde, kommune_user):
    """Two Weiterleitungen naming the same Stelle could each claim its full Zuwendung: the second is refused,
    in the form, in the service and as an Einreichungsmangel if it got in before."""
    erste = cm_formular(antrag_2026, traeger, "CM1", "57.000,00")
    assert erste.is_valid(), erste.errors
    services.weiterleitung_speichern(antrag_2026, kommune_user, **_werte(erste))
    zweite = formular(antrag_2026, zweck="case_management", kreisangehoerige=gemeinde.pk, betrag="57.000,00",
                      stellen="CM2, CM1")
    assert not zweite.is_valid()
    assert zweite.errors["stellen"] == [
        f"Nr. 3.2: Diese Stellen werden schon weitergeleitet (CM1 an {traeger}). Eine Stelle kann nur an "
        "einen Empfänger weitergeleitet werden; bitte entfernen Sie sie hier oder dort."
    ]
    # CM2 alone is free; the first Weiterleitung still checks clean against itself.
    assert formular(antrag_2026, zweck="case_management", kreisangehoerige=gemeinde.pk, betrag="32.062,50",
                    stellen="CM2").is_valid()
    # Written past the form (e.g. an older version): submitting names the conflict.
    antrag_2026.weiterleitungen.create(zweck="case_management", kreisangehoerige=gemeinde, betrag=Decimal("1.00"),
                                       stellen="CM1")
    maengel = services.einreichungsmaengel(antrag_2026)
    assert sum("werden schon weitergeleitet (CM1 an" in m for m in maengel) == 2, maengel
