"""Search from the header (issue 12): Antrags- and Bescheidnummer, Kommune, Weiterleitungsempfänger – scoped by
kim_foerderung.zugang: a Kommune finds only its own, and a Bescheid only once it was sent."""
from decimal import Decimal

import pytest
from django.urls import reverse

from bescheide.models import BescheidStatus
from tests import factories
from uebersicht.selectors import suche

pytestmark = pytest.mark.django_db


@pytest.fixture
def faelle(unna, bielefeld):
    a_unna = factories.AntragFactory(kommune=unna, foerderjahr=2026, status="bewilligt")
    b_unna = factories.BescheidFactory(antrag=a_unna, status=BescheidStatus.VERSANDT, nummer="KIM-2026-05978000-01")
    traeger = factories.TraegerFactory(kommune=unna, name="Caritasverband Unna e. V.")
    from antraege.models import Weiterleitung

    Weiterleitung.objects.create(antrag=a_unna, zweck="case_management", traeger=traeger, betrag=Decimal("57000"))
    a_bi = factories.AntragFactory(kommune=bielefeld, foerderjahr=2026, status="bewilligt")
    b_bi = factories.BescheidFactory(antrag=a_bi, status=BescheidStatus.FREIGEGEBEN, nummer="KIM-2026-05711000-01")
    return {"a_unna": a_unna, "b_unna": b_unna, "a_bi": a_bi, "b_bi": b_bi}


def test_sachbearbeitung_findet_nach_nummer_kommune_und_empfaenger(faelle, sachbearbeitung_user, client_als):
    assert suche(sachbearbeitung_user, "KIM-2026-05978000-01").bescheide == [faelle["b_unna"]]
    assert suche(sachbearbeitung_user, "kim-2026").bescheide == [faelle["b_bi"], faelle["b_unna"]]
    assert suche(sachbearbeitung_user, faelle["a_unna"].nummer).antraege == [faelle["a_unna"]]
    assert faelle["a_unna"] in suche(sachbearbeitung_user, "Kreis Unna").antraege
    assert [w.antrag for w in suche(sachbearbeitung_user, "caritasverband unna").weiterleitungen] == [faelle["a_unna"]]
    html = client_als(sachbearbeitung_user).get(reverse("suche"), {"q": "KIM-2026-05978000-01"}).content.decode()
    assert reverse("akte", args=["05978000", 2026]) in html and 'role="search"' in html


def test_kommune_findet_nur_eigenes(faelle, kommune_user, kommune2_user, client_als):
    assert suche(kommune2_user, "KIM-2026-05978000-01").anzahl == 0
    assert suche(kommune2_user, "Unna").anzahl == 0
    assert suche(kommune2_user, "Caritas").anzahl == 0
    # Its own Bescheid only once sent: Bielefeld's is gezeichnet, not sent.
    assert suche(kommune2_user, "KIM-2026-05711000-01").bescheide == []
    assert suche(kommune_user, "KIM-2026").bescheide == [faelle["b_unna"]]
    html = client_als(kommune2_user).get(reverse("suche"), {"q": "Unna"}).content.decode()
    assert "Keine Treffer" in html


def test_zu_kurze_oder_boese_eingabe_ist_kein_fehler(faelle, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    for q in ("", "x", "%", "' OR 1=1 --", "A-2026-0597800-abc", "ä" * 500):
        assert client.get(reverse("suche"), {"q": q}).status_code == 200, q
