"""The Übersicht with the Verwendungsnachweis (issue 12 on top of issue 11): the VN-Frist (Nr. 7.4) and the
Anhörung (§ 28 VwVfG NRW) in "Meine Vorgänge" of the assigned Sachbearbeiterin and in the Akte; zurückgefordert
and erstattet in the Programmübersicht from the PROGRAMMZAHLEN slot; a Kommune sees an Erstattungsbescheid only
once it is released."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kim_foerderung.protokoll.services import protokolliere
from uebersicht.akte import akte_fuer
from uebersicht.programm import programmuebersicht
from uebersicht.selectors import meine_vorgaenge
from verwendungsnachweis.models import Erstattungsbescheid, NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def nachweis(bestandskraeftiger_bescheid, sachbearbeitung_user):
    antrag = bestandskraeftiger_bescheid.antrag
    antrag.kommune.bearbeiterin = sachbearbeitung_user
    antrag.kommune.save()
    return Verwendungsnachweis.objects.create(antrag=antrag, bescheid=bestandskraeftiger_bescheid,
                                              frist=date(2027, 3, 31), eroeffnet_am=datetime(2027, 1, 1, tzinfo=BERLIN))


def test_vn_frist_und_anhoerung_in_meinen_vorgaengen_und_in_der_akte(nachweis, sachbearbeitung_user,
                                                                     sachbearbeitung2_user, time_machine):
    time_machine.move_to("2027-03-01 09:00 +01:00", tick=False)
    vorgaenge = meine_vorgaenge(sachbearbeitung_user)
    assert [(v.art, v.datum) for v in vorgaenge] == [("VN-Frist", date(2027, 3, 31))]
    assert meine_vorgaenge(sachbearbeitung2_user) == []
    Verwendungsnachweis.objects.filter(pk=nachweis.pk).update(status=NachweisStatus.ANHOERUNG,
                                                              anhoerung_frist=date(2027, 6, 14))
    vorgaenge = meine_vorgaenge(sachbearbeitung_user)
    assert [(v.art, v.zusatz) for v in vorgaenge] == [("Anhörung", "Stellungnahme bis 14.06.2027")]
    titel = [e.titel for e in akte_fuer(sachbearbeitung_user, nachweis.antrag.kommune, 2026).ereignisse]
    assert titel.index("Frist des Verwendungsnachweises (Nr. 7.4)") < titel.index(
        "Frist der Anhörung (§ 28 VwVfG NRW)")


def test_zurueckgefordert_und_erstattet_aus_dem_verwendungsnachweis(nachweis, sachbearbeitung_user, kommune_user,
                                                                    time_machine):
    time_machine.move_to("2027-07-01 09:00 +02:00", tick=False)
    erstattung = Erstattungsbescheid.objects.create(
        nachweis=nachweis, betrag=Decimal("12345.67"), unwirksam_ab=date(2027, 1, 1),
        zahlungsfrist=date(2027, 8, 2), vorbereitet_von=sachbearbeitung_user,
        vorbereitet_am=datetime(2027, 7, 1, 9, tzinfo=BERLIN))
    protokolliere(erstattung, sachbearbeitung_user, "Erstattungsbescheid zur Zeichnung vorgelegt")
    assert programmuebersicht(sachbearbeitung_user, 2026).summe.zurueckgefordert == 0  # not yet released
    # The Kommune does not see the draft in its Akte.
    eigene = akte_fuer(kommune_user, nachweis.antrag.kommune, 2026)
    assert not any("Erstattungsbescheid" in e.titel for e in eigene.ereignisse)
    Erstattungsbescheid.objects.filter(pk=erstattung.pk).update(status="freigegeben", nummer="KIM-E-2026-1")
    assert any(e.titel == "Erstattungsbescheid zur Zeichnung vorgelegt"
               for e in akte_fuer(kommune_user, nachweis.antrag.kommune, 2026).ereignisse)
    u = programmuebersicht(sachbearbeitung_user, 2026)
    assert (u.summe.zurueckgefordert, u.summe.erstattet) == (Decimal("12345.67"), 0)
    Erstattungsbescheid.objects.filter(pk=erstattung.pk).update(status="erstattet", eingang_am=date(2027, 7, 30),
                                                                eingang_betrag=Decimal("12345.67"))
    u = programmuebersicht(kommune_user, 2026)
    assert (u.summe.zurueckgefordert, u.summe.erstattet) == (Decimal("12345.67"), Decimal("12345.67"))
