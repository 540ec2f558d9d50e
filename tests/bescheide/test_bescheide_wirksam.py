"""The read contract of bescheide for later stages (issue 8 Nr. 1): the Bescheid in force and the hook
BESCHEID_WIRKSAM (Nr. 2); the fixture ``bestandskraeftiger_bescheid`` (Nr. 6)."""
from decimal import Decimal as D

import pytest

from bescheide import selectors, services
from bescheide.models import BescheidArt, BescheidStatus
from kim_foerderung import erweiterungen
from tests import factories


@pytest.fixture
def gemeldet():
    liste = []

    def empfaenger(bescheid):
        liste.append((bescheid.pk, bescheid.status, bescheid.art))

    erweiterungen.registrieren(erweiterungen.BESCHEID_WIRKSAM, empfaenger)
    yield liste
    erweiterungen.entfernen(erweiterungen.BESCHEID_WIRKSAM, empfaenger)


def test_bestandskraeftiger_bescheid_in_einem_aufruf_und_hook(gemeldet, bestandskraeftiger_bescheid, unna):
    b = bestandskraeftiger_bescheid
    assert (b.status, b.hoechstbetrag, b.bestandskraeftig_ab.isoformat()) == (
        BescheidStatus.BESTANDSKRAEFTIG, D("333862.50"), "2026-02-10")
    assert gemeldet == [(b.pk, BescheidStatus.BESTANDSKRAEFTIG, BescheidArt.ZUWENDUNG)]
    assert selectors.wirksamer_bescheid(b.antrag) == b
    assert list(selectors.wirksame_bescheide(foerderjahr=2026)) == [b]
    assert list(selectors.wirksame_bescheide(foerderjahr=2027)) == []
    assert list(selectors.wirksame_bescheide(kommune=unna)) == [b]
    assert selectors.bewilligt_im_jahr(2026) == D("333862.50")


def test_aenderungsbescheid_wird_wirksam_und_meldet_sich(gemeldet, bestandskraeftiger_bescheid, sachbearbeitung_user,
                                                         zeichnung_user, django_capture_on_commit_callbacks):
    alt = bestandskraeftiger_bescheid
    gemeldet.clear()
    neu = services.aenderungsbescheid_anlegen(alt, sachbearbeitung_user, 7)
    neu.begruendung = "K2 endet im Juni."
    neu.save()
    services.vorlegen(neu, sachbearbeitung_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.freigeben(neu, zeichnung_user)
    assert gemeldet == [(neu.pk, BescheidStatus.FREIGEGEBEN, BescheidArt.AENDERUNG)]
    assert selectors.wirksamer_bescheid(alt.antrag) == neu
    assert list(selectors.wirksame_bescheide(foerderjahr=2026)) == [neu]


def test_ablehnung_ist_nicht_wirksam(db, unna):
    abgelehnt = factories.BescheidFactory(antrag__kommune=unna, art=BescheidArt.ABLEHNUNG,
                                          status=BescheidStatus.BESTANDSKRAEFTIG)
    assert selectors.wirksamer_bescheid(abgelehnt.antrag) is None
    assert list(selectors.wirksame_bescheide()) == []
