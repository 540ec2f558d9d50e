"""Withdrawing an Antrag (Nr. 7.1.1, Anlage 1): possible while it is open (Entwurf, eingereicht, in Prüfung,
Nachforderung), refused once the Bewilligungsbehörde has decided on it by Bescheid (Nr. 7.2.1)."""
import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, AntragStatus
from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.protokoll.selectors import protokoll_fuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def eingereicht(einreichbarer_antrag, kommune_user):
    return services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)


@pytest.fixture
def in_pruefung(eingereicht, sachbearbeitung_user):
    return services.pruefung_beginnen(eingereicht, sachbearbeitung_user)


@pytest.fixture
def nachforderung(in_pruefung, sachbearbeitung_user):
    return services.nachforderung_stellen(in_pruefung, sachbearbeitung_user, "Bitte Qualifikation von K4 nennen.")


def pruefe_zurueckgezogen(antrag, von_status, sachbearbeitung_user, grund):
    antrag.refresh_from_db()
    assert antrag.status == AntragStatus.ZURUECKGEZOGEN
    eintrag = protokoll_fuer(antrag).get(aktion="Antrag zurückgezogen")
    assert (eintrag.von_status, eintrag.nach_status, eintrag.notiz) == (von_status, "zurueckgezogen", grund)
    # The Bezirksregierung learns that an Antrag it holds is withdrawn.
    hinweis = Benachrichtigung.objects.get(empfaenger=sachbearbeitung_user)
    assert hinweis.text == "Antrag 2026 von Kreis Unna zurückgezogen"
    assert hinweis.link == reverse("antrag_detail", args=[antrag.pk])


@pytest.mark.parametrize("stand", ["eingereicht", "in_pruefung", "nachforderung"])
def test_zurueckziehen_aus_offenem_status(request, stand, kommune_user, sachbearbeitung_user):
    antrag = request.getfixturevalue(stand)
    antrag.refresh_from_db()
    assert antrag.status == stand
    Benachrichtigung.objects.all().delete()  # only the notice of the withdrawal counts here
    services.zurueckziehen(antrag, kommune_user, "Kreistag hat die Mittel nicht freigegeben")
    pruefe_zurueckgezogen(antrag, stand, sachbearbeitung_user, "Kreistag hat die Mittel nicht freigegeben")
    # One open Antrag per Kommune and year: after withdrawing, a new one can be started.
    assert services.antrag_anlegen(kommune_user, 2026).pk != antrag.pk


def test_zurueckziehen_ueber_seite_aus_pruefung(in_pruefung, client_als, kommune_user, sachbearbeitung_user):
    Benachrichtigung.objects.all().delete()
    client = client_als(kommune_user)
    seite = client.get(reverse("antrag_detail", args=[in_pruefung.pk])).content.decode()
    assert "Antrag zurückziehen" in seite  # offered in Prüfung, too
    antwort = client.post(reverse("antrag_zurueckziehen", args=[in_pruefung.pk]), {"grund": "neu planen"},
                          follow=True)
    assert "Der Antrag ist zurückgezogen." in antwort.content.decode()
    pruefe_zurueckgezogen(in_pruefung, "in_pruefung", sachbearbeitung_user, "neu planen")


def test_zurueckziehen_aus_entwurf_ohne_benachrichtigung(antrag_2026, kommune_user, sachbearbeitung_user):
    services.zurueckziehen(antrag_2026, kommune_user)
    antrag_2026.refresh_from_db()
    assert antrag_2026.status == AntragStatus.ZURUECKGEZOGEN
    assert not Benachrichtigung.objects.filter(empfaenger=sachbearbeitung_user).exists()  # never submitted


@pytest.mark.parametrize("entscheidung, status, status_text", [
    ("bewilligen", AntragStatus.BEWILLIGT, "bewilligt"),
    ("teilweise_bewilligen", AntragStatus.TEILWEISE_BEWILLIGT, "teilweise bewilligt"),
    ("ablehnen", AntragStatus.ABGELEHNT, "abgelehnt"),
])
def test_nach_entscheidung_kein_zurueckziehen(in_pruefung, kommune_user, sachbearbeitung_user, client_als,
                                             entscheidung, status, status_text):
    services.entscheiden(in_pruefung, sachbearbeitung_user, entscheidung, "ZB-2026-1")
    in_pruefung.refresh_from_db()
    with pytest.raises(services.AntragFehler, match=f"Das ist im Status „{status_text}“ nicht möglich."):
        services.zurueckziehen(in_pruefung, kommune_user)
    client = client_als(kommune_user)
    assert "Antrag zurückziehen" not in client.get(reverse("antrag_detail", args=[in_pruefung.pk])).content.decode()
    antwort = client.post(reverse("antrag_zurueckziehen", args=[in_pruefung.pk]), follow=True)
    assert f"Das ist im Status „{status_text}“ nicht möglich." in antwort.content.decode()
    assert Antrag.objects.get(pk=in_pruefung.pk).status == status
    assert not protokoll_fuer(in_pruefung).filter(aktion="Antrag zurückgezogen").exists()


def test_bereits_zurueckgezogen_und_fremde_rolle(eingereicht, kommune_user, sachbearbeitung_user):
    from kim_foerderung.zugang.zugriff import Zugriffsverweigert

    with pytest.raises(Zugriffsverweigert):
        services.zurueckziehen(eingereicht, sachbearbeitung_user)  # only the Kommune withdraws its Antrag
    services.zurueckziehen(eingereicht, kommune_user)
    with pytest.raises(services.AntragFehler, match="Das ist im Status „zurückgezogen“ nicht möglich."):
        services.zurueckziehen(eingereicht, kommune_user)
