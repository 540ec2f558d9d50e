"""The Akte and the Programmübersicht with the Auszahlung (issue 12 on top of issue 10): Mittelanforderung with its
PDF, the Tranche angewiesen in a released Zahlungslauf (its Auszahlungsliste for the Bezirksregierung only) and the
booking day, in order; ausgezahlt in the Programmübersicht from the PROGRAMMZAHLEN slot and in the money flow."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from auszahlung import services as auszahlung
from auszahlung.models import Tranche
from tests import factories
from tests.auszahlung.conftest import konto_eintragen
from uebersicht.akte import akte_fuer
from uebersicht.programm import programmuebersicht

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def ausgezahlt(bestandskraeftiger_bescheid, unna, kommune_user, finanzen_user, time_machine,
               django_capture_on_commit_callbacks):
    konto_eintragen(unna)
    time_machine.move_to(datetime(2026, 2, 16, 9, 0, tzinfo=BERLIN), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        auszahlung.mittelanforderung_stellen(antrag=bestandskraeftiger_bescheid.antrag, benutzer=kommune_user,
                                             erklaerung=True)
    time_machine.move_to(datetime(2026, 4, 24, 7, 0, tzinfo=BERLIN), tick=False)
    zweite = factories.FinanzenFactory(username="finanzen2")
    with django_capture_on_commit_callbacks(execute=True):
        lauf = auszahlung.zahlungslauf_vorbereiten()
        auszahlung.feststellen(lauf=lauf, benutzer=finanzen_user)
        lauf = auszahlung.anordnen(lauf=lauf, benutzer=zweite)
    time_machine.move_to(datetime(2026, 5, 4, 10, 0, tzinfo=BERLIN), tick=False)
    erste = Tranche.objects.get(antrag=bestandskraeftiger_bescheid.antrag, nummer=1)
    with django_capture_on_commit_callbacks(execute=True):
        auszahlung.manuell_ausgezahlt(tranche=erste, benutzer=finanzen_user, am=date(2026, 4, 30),
                                      grund="Kontoauszug Nr. 14 vom 30.04.")
    return {"bescheid": bestandskraeftiger_bescheid, "lauf": lauf, "tranche": erste}


def _erste(titel, teil):
    return next(i for i, t in enumerate(titel) if teil in t)


def test_akte_zeigt_mittelanforderung_anweisung_und_buchung_in_folge(ausgezahlt, sachbearbeitung_user, kommune_user):
    unna = ausgezahlt["bescheid"].antrag.kommune
    akte = akte_fuer(sachbearbeitung_user, unna, 2026)
    titel = [e.titel for e in akte.ereignisse]
    folge = [_erste(titel, t) for t in ("bestandskräftig ab", "Mittelanforderung zum Bescheid", "1. Rate angewiesen",
                                         "1. Rate gebucht (ausgezahlt)", "Auszahlungstermin 2. Rate")]
    assert folge == sorted(folge), titel
    assert ausgezahlt["lauf"].auszahlungsliste in akte.dokumente
    assert any(d.art.startswith("mittelanforderung") or "Mittelanforderung" in d.titel for d in akte.dokumente)

    eigene = akte_fuer(kommune_user, unna, 2026)
    assert any("1. Rate angewiesen" in e.titel for e in eigene.ereignisse)
    assert ausgezahlt["lauf"].auszahlungsliste not in eigene.dokumente  # a run of all Kommunen stays inside
    assert all(ausgezahlt["lauf"].nummer not in e.notiz for e in eigene.ereignisse)


def test_programmuebersicht_zeigt_ausgezahlt_aus_der_auszahlung(ausgezahlt, sachbearbeitung_user, kommune_user):
    u = programmuebersicht(sachbearbeitung_user, 2026)
    betrag = ausgezahlt["tranche"].betrag
    assert betrag == Decimal("166931.25")
    assert u.summe.ausgezahlt == betrag
    assert u.verlauf[3]["ausgezahlt"] == betrag  # booked on 30 April
    assert sum(v["geplant"] for v in u.verlauf) == u.summe.bewilligt == ausgezahlt["bescheid"].hoechstbetrag
    assert programmuebersicht(kommune_user, 2026).summe.ausgezahlt == betrag
