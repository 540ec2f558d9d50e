"""Förderrechner → "Als Antrag übernehmen": the plan (Stellen with names and qualifications, Begleitmaßnahmen
Nr. 5.4.2) becomes the Antrag; whatever stands in the way is said on the page itself and nothing typed is lost."""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Antrag

pytestmark = pytest.mark.django_db


def plan(**mehr):
    daten = {
        "rahmen-foerderjahr": "2027",
        "stellen-TOTAL_FORMS": "2", "stellen-INITIAL_FORMS": "0",
        "stellen-0-art": "koordination", "stellen-0-vzae": "1,0", "stellen-0-von_monat": "1",
        "stellen-0-bis_monat": "12", "stellen-0-besetzt": "on", "stellen-0-name": "Petra Plan",
        "stellen-0-qualifikation": "Master Soziale Arbeit", "stellen-0-personalausgaben": "55.000,00",
        "stellen-1-art": "case_management", "stellen-1-vzae": "0,5", "stellen-1-von_monat": "7",
        "stellen-1-bis_monat": "12", "stellen-1-name": "", "stellen-1-qualifikation": "",
        "begleit-veranstaltungen_betrag": "4.500,00", "begleit-schnittstellen_betrag": "12.000",
    }
    daten.update(mehr)
    return daten


@pytest.fixture
def kommune(client_als, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    return client_als(kommune_user)


def test_uebernahme_mit_namen_qualifikation_und_begleitmassnahmen(kommune, kommune_user):
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), plan())
    antrag = Antrag.objects.get(kommune=kommune_user.kommune, foerderjahr=2027)
    assert antwort.status_code == 302 and antwort["Location"] == reverse("antrag_detail", args=[antrag.pk])
    k1, cm1 = antrag.stellen.all()
    assert (k1.kennung, k1.name, k1.qualifikation, k1.besetzt) == ("K1", "Petra Plan", "Master Soziale Arbeit", True)
    assert k1.personalausgaben == Decimal("55000.00")
    assert (cm1.kennung, cm1.vzae, cm1.von_monat) == ("CM1", Decimal("0.50"), 7)
    assert antrag.veranstaltungen_betrag == Decimal("4500.00")
    assert antrag.schnittstellen_betrag == Decimal("12000.00")
    # Nr. 5.4.1/5.4.2: 55.000 + 5.700 (K1) + 14.250 (CM1 0,5 × 57.000 × 6/12) + 4.500 + 10.000 (12.000 capped)
    assert antrag.beantragt == Decimal("89450.00")


def test_fehlerhafte_zeile_bleibt_auf_der_seite(kommune, kommune_user):
    daten = plan(**{"stellen-1-vzae": "1,5"})
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), daten)
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert not Antrag.objects.filter(kommune=kommune_user.kommune).exists()
    assert "Die Planung wurde noch nicht als Antrag übernommen" in html
    assert "Zeile 2: VZÄ: Die VZÄ müssen größer als 0 und höchstens 1,0 sein" in html
    # Every row and amount as typed, the invalid cell marked:
    assert 'value="1,5"' in html and 'aria-invalid="true"' in html
    assert 'value="Petra Plan"' in html and 'value="Master Soziale Arbeit"' in html and 'value="55.000,00"' in html
    assert 'value="4.500,00"' in html and 'value="12.000"' in html
    assert '<option value="2027" selected>' in html


def test_ungueltige_begleitmassnahme_bleibt_auf_der_seite(kommune, kommune_user):
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"),
                           plan(**{"begleit-veranstaltungen_betrag": "viel"}))
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Antrag.objects.exists()
    assert "Begleitmaßnahmen: Bitte geben Sie eine Zahl ein, z. B. 57.000,00." in html
    assert 'value="viel"' in html


def test_leere_planung_wird_nicht_uebernommen(kommune):
    daten = {"rahmen-foerderjahr": "2027", "stellen-TOTAL_FORMS": "0", "stellen-INITIAL_FORMS": "0"}
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), daten)
    assert antwort.status_code == 400 and not Antrag.objects.exists()
    assert "Bitte tragen Sie mindestens eine Stelle ein" in antwort.content.decode()


def test_bestehender_antrag_wird_verlinkt_und_planung_bleibt(kommune, kommune_user):
    vorhanden = services.antrag_anlegen(kommune_user, 2027)
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), plan())
    html = antwort.content.decode()
    assert antwort.status_code == 409
    assert Antrag.objects.filter(kommune=kommune_user.kommune).count() == 1
    assert "Für 2027 gibt es bereits einen Antrag" in html and "Status „Entwurf“" in html
    assert f'href="{reverse("antrag_detail", args=[vorhanden.pk])}"' in html
    assert 'value="Petra Plan"' in html and 'value="4.500,00"' in html
    # Another year is still possible with the same plan (Nr. 8: 2025–2028).
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), plan(**{"rahmen-foerderjahr": "2028"}))
    assert antwort.status_code == 302
    assert Antrag.objects.get(kommune=kommune_user.kommune, foerderjahr=2028).stellen.count() == 2


def test_zurueckgezogener_antrag_hindert_nicht(kommune, kommune_user):
    services.zurueckziehen(services.antrag_anlegen(kommune_user, 2027), kommune_user)
    assert kommune.post(reverse("foerderrechner_uebernehmen"), plan()).status_code == 302
    assert Antrag.objects.filter(kommune=kommune_user.kommune, foerderjahr=2027, status="entwurf").count() == 1
