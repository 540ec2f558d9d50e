"""Issue 14 item 10: Haushaltsmittel (Nr. 1.3) and CM-Kontingente (Nr. 2.2) per year are entered by the Admin in
the app – audited with old and new value, German validation that keeps the input, only Admin – and the Haushalt
page with its chart shows the new figures at once."""
from decimal import Decimal

import pytest
from django.urls import reverse

from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.stammdaten import services
from kim_foerderung.stammdaten.models import CMKontingent, Haushaltsmittel
from kim_foerderung.zugang.zugriff import Zugriffsverweigert

pytestmark = pytest.mark.django_db


def _diagramm(html):
    return html.split('class="kim-diagramm', 1)[1].split("</figure>", 1)[0] if 'class="kim-diagramm' in html else html


def test_nr_1_3_admin_erfasst_und_aendert_haushaltsmittel(client_als, admin_user):
    client = client_als(admin_user)
    url = reverse("haushaltsmittel_speichern", args=[2027])
    antwort = client.post(url, {"mittel-betrag": "20.000.000,00", "mittel-bemerkung": "Haushaltsplan 2027"},
                          follow=True)
    assert antwort.redirect_chain[-1][0] == reverse("haushalt_jahr", args=[2027])
    html = antwort.content.decode()
    assert "Die Haushaltsmittel 2027 sind gespeichert: 20.000.000,00" in html
    assert "Haushaltsmittel: 20.000.000,00" in html  # the chart's bar and its text alternative
    assert "noch keine Haushaltsmittel erfasst" not in html
    assert Haushaltsmittel.objects.get(foerderjahr=2027).betrag == Decimal("20000000.00")

    client.post(url, {"mittel-betrag": "18.500.000,50", "mittel-bemerkung": "Haushaltsplan 2027"})
    html = client.get(reverse("haushalt_jahr", args=[2027])).content.decode()
    assert "Haushaltsmittel: 18.500.000,50" in html
    mittel = Haushaltsmittel.objects.get(foerderjahr=2027)
    aktionen = list(Protokolleintrag.objects.filter(object_id=str(mittel.pk), content_type__model="haushaltsmittel")
                    .order_by("zeitpunkt", "id").values_list("aktion", "daten"))
    assert [a for a, _ in aktionen] == [
        "Haushaltsmittel 2027 erfasst: 20.000.000,00 €",
        "Haushaltsmittel 2027 geändert: 18.500.000,50 € (vorher 20.000.000,00 €)"]
    assert aktionen[1][1]["alt"] == "20000000.00" and aktionen[1][1]["neu"] == "18500000.50"
    assert "Haushaltsmittel 2027 geändert" in html  # the Protokoll on the page
    # The same amount again records nothing.
    client.post(url, {"mittel-betrag": "18.500.000,50", "mittel-bemerkung": "Haushaltsplan 2027"})
    assert Protokolleintrag.objects.filter(content_type__model="haushaltsmittel").count() == 2


@pytest.mark.parametrize("eingabe, meldung", [
    ("", "Bitte geben Sie die Haushaltsmittel an, z. B. 20.000.000,00."),
    ("-5", "Der Betrag darf nicht negativ sein."),
    ("1e309", "Die Zahl ist unplausibel hoch."),
    ("12,345", "höchstens zwei Nachkommastellen"),
    ("zwanzig Millionen", "Bitte geben Sie eine Zahl ein, z. B. 57.000,00."),
])
def test_falsche_eingabe_deutsch_und_bleibt_stehen(client_als, admin_user, eingabe, meldung):
    antwort = client_als(admin_user).post(reverse("haushaltsmittel_speichern", args=[2027]),
                                          {"mittel-betrag": eingabe, "mittel-bemerkung": "Entwurf"})
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert meldung in html and 'id="mittel-fehler"' in html
    assert f'value="{eingabe}"' in html or eingabe == ""
    assert not Haushaltsmittel.objects.exists()


def test_nr_2_2_admin_legt_cm_kontingent_fest_aendert_und_hebt_auf(client_als, admin_user, unna):
    client = client_als(admin_user)
    url = reverse("cm_kontingent_speichern", args=[2026])
    antwort = client.post(url, {"kontingent-kommune": unna.pk, "kontingent-vzae": "2,5"}, follow=True)
    html = antwort.content.decode()
    assert "Das CM-Kontingent 2026 von Kreis Unna ist auf 2,5 VZÄ festgelegt." in html
    assert CMKontingent.objects.get(kommune=unna, foerderjahr=2026).vzae == Decimal("2.50")
    client.post(url, {"kontingent-kommune": unna.pk, "kontingent-vzae": "3,25"})
    assert CMKontingent.objects.get(kommune=unna, foerderjahr=2026).vzae == Decimal("3.25")
    antwort = client.post(url, {"kontingent-kommune": unna.pk, "entfernen": "ja"}, follow=True)
    assert "Das CM-Kontingent 2026 von Kreis Unna ist aufgehoben." in antwort.content.decode()
    assert not CMKontingent.objects.exists()
    aktionen = list(Protokolleintrag.objects.filter(kommune=unna).order_by("zeitpunkt", "id")
                    .values_list("aktion", flat=True))
    assert aktionen == ["CM-Kontingent 2026 auf 2,5 VZÄ festgelegt",
                        "CM-Kontingent 2026 auf 3,25 VZÄ festgelegt (vorher 2,5 VZÄ)",
                        "CM-Kontingent 2026 aufgehoben (vorher 3,25 VZÄ)"]
    antwort = client.post(url, {"kontingent-kommune": unna.pk, "kontingent-vzae": "-1"})
    assert antwort.status_code == 400 and "Das Kontingent darf nicht negativ sein." in antwort.content.decode()
    antwort = client.post(url, {"kontingent-kommune": "", "kontingent-vzae": "2,5"})
    assert antwort.status_code == 400 and "Bitte wählen Sie die Kommune." in antwort.content.decode()
    assert 'value="2,5"' in antwort.content.decode()


def test_nur_admin(client_als, sachbearbeitung_user, finanzen_user, kommune_user, unna):
    for user in (sachbearbeitung_user, finanzen_user, kommune_user):
        client = client_als(user)
        assert client.post(reverse("haushaltsmittel_speichern", args=[2026]),
                           {"mittel-betrag": "1.000,00"}).status_code == 403
        assert client.post(reverse("cm_kontingent_speichern", args=[2026]),
                           {"kontingent-kommune": unna.pk, "kontingent-vzae": "2"}).status_code == 403
        with pytest.raises(Zugriffsverweigert):
            services.haushaltsmittel_festlegen(user, 2026, Decimal("1000.00"))
        with pytest.raises(Zugriffsverweigert):
            services.cm_kontingent_festlegen(user, unna, 2026, Decimal("2"))
    assert not Haushaltsmittel.objects.exists() and not CMKontingent.objects.exists()
    assert client_als(admin_user_for_test()).post(reverse("haushaltsmittel_speichern", args=[1999]),
                                                  {"mittel-betrag": "1,00"}).status_code == 404


def admin_user_for_test():
    from tests import factories

    return factories.AdminFactory(username="admin-jahr")
