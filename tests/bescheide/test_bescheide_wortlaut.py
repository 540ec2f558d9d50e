"""Wording as a mature product writes it (issue 14 Nr. 7): each test looks at the page or document a user sees."""
import pytest
from django.urls import reverse

from antraege import services as antrag_services
from antraege.forms import VzaeField
from bescheide import services
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_protokoll_zeigt_deutsche_statusnamen_statt_codes(client_als, eingereichter_antrag, sachbearbeitung_user):
    """„in Prüfung → Nachforderung“ as the status badges say it, never „in Prüfung → nachforderung“."""
    antrag_services.pruefung_beginnen(eingereichter_antrag, sachbearbeitung_user)
    antrag_services.nachforderung_stellen(eingereichter_antrag, sachbearbeitung_user, "Bitte K3 erläutern.")
    html = client_als(sachbearbeitung_user).get(reverse("antrag_detail", args=[eingereichter_antrag.pk])).content
    html = html.decode()
    assert "in Prüfung → Nachforderung" in html
    assert "Entwurf → eingereicht" in html
    assert "→ nachforderung" not in html and "entwurf →" not in html and "in_pruefung" not in html


def test_bescheidkopf_nennt_die_entscheidung_als_substantiv(client_als, entwurf, sachbearbeitung_user):
    html = client_als(sachbearbeitung_user).get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Entscheidung: Bewilligung in voller Höhe" in html
    assert "(bewilligen (in voller Höhe))" not in html and "Entscheidung: bewilligen" not in html


def test_startseite_sagt_eingereicht_am_einmal(client_als, eingereichter_antrag, sachbearbeitung_user):
    html = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "eingereicht am 15.10.2025" in html
    assert "eingereicht, eingereicht" not in html


def test_verteilung_ohne_entwurf_in_klammern(client_als, entwurf, sachbearbeitung_user):
    html = client_als(sachbearbeitung_user).get(reverse("verteilung", args=[2026])).content.decode()
    assert "Entwurf (Entwurf)" not in html
    assert "Zuwendungsbescheid – Entwurf" in html


def test_aenderungsbescheid_ab_dem_ersten_des_monats(client_als, freigegebener_bescheid, sachbearbeitung_user):
    services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    neu = services.aenderungsbescheid_anlegen(freigegebener_bescheid, sachbearbeitung_user, 4)
    html = client_als(sachbearbeitung_user).get(reverse("bescheid_detail", args=[neu.pk])).content.decode()
    assert "ab dem 1. April 2026" in html
    assert "ab April" not in html


@pytest.mark.parametrize("eingabe", ["abc", "1e309", "9" * 41])
def test_vzae_fehler_nennt_ein_vzae_beispiel(eingabe):
    with pytest.raises(ValidationError) as fehler:
        VzaeField().clean(eingabe)
    text = " ".join(fehler.value.messages)
    assert "0,5" in text and "57.000,00" not in text


# German nouns that open a status name and are capitalised by German spelling; every other status name starts in
# lower case – one way for every status of every stage (badges, lists and Protokoll read the same label).
NOMEN = {"Entwurf", "Nachforderung", "Rückfragen", "Anhörung", "Erstattungsbescheid", "Rückzahlung", "Betrag"}


def test_statusnamen_einheitlich_geschrieben():
    from django.apps import apps

    from kim_foerderung.statusnamen import statusnamen

    gesehen = 0
    for modell in apps.get_models():
        for code, name in statusnamen(modell).items():
            gesehen += 1
            erstes = name.split()[0].strip("(„:,")
            assert erstes in NOMEN or erstes[0].islower(), (modell.__name__, code, name)
            assert name == name.strip() and "  " not in name
    assert gesehen > 30
