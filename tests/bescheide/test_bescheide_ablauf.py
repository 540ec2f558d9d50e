"""Bescheid: draft from the Antrag, four-eyes release, Bekanntgabe (Nr. 7.2, 7.3, § 41 VwVfG NRW)."""
from decimal import Decimal

import pytest

from antraege.models import AntragStatus
from bescheide import services
from bescheide.models import BescheidStatus, Entscheidung
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories

pytestmark = pytest.mark.django_db


def test_entwurf_uebernimmt_stellen_und_betraege_aus_regeln(entwurf):
    assert entwurf.status == BescheidStatus.ENTWURF
    assert entwurf.hoechstbetrag == Decimal("333862.50")
    assert entwurf.entscheidung == Entscheidung.VOLL
    assert [s.kennung for s in entwurf.stellen.all()] == ["K1", "K2", "K3", "K4", "VA1", "CM1", "CM2"]
    entwurf.antrag.refresh_from_db()
    assert entwurf.antrag.status == AntragStatus.IN_PRUEFUNG


def test_teilweise_bewilligung_braucht_grund(entwurf, sachbearbeitung_user):
    cm2 = entwurf.stellen.get(kennung="CM2")
    with pytest.raises(services.BescheidFehler) as fehler:
        services.entwurf_speichern(entwurf, sachbearbeitung_user, stellen={cm2.pk: {"bewilligt": False}})
    assert "CM2: Grund der Kürzung fehlt." in fehler.value.details
    entwurf = services.entwurf_speichern(
        entwurf, sachbearbeitung_user,
        stellen={cm2.pk: {"bewilligt": False, "kuerzung_grund": "Stelle unbesetzt, CM-Kontingent ausgeschöpft"}},
    )
    assert entwurf.entscheidung == Entscheidung.TEILWEISE
    assert entwurf.hoechstbetrag == Decimal("333862.50") - Decimal("32062.50")


def test_vier_augen_gleiche_person_darf_nicht_zeichnen(entwurf, db):
    beide = factories.BenutzerFactory(ist_sachbearbeitung=True, ist_zeichnung=True)
    entwurf.vorbereitet_von = beide
    entwurf.save()
    services.vorlegen(entwurf, beide)
    with pytest.raises(Zugriffsverweigert, match="Vier-Augen-Prinzip"):
        services.freigeben(entwurf, beide)
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG and entwurf.nummer is None


def test_freigabe_nummer_pdf_und_antrag_entschieden(freigegebener_bescheid, zeichnung_user):
    b = freigegebener_bescheid
    assert b.status == BescheidStatus.FREIGEGEBEN
    assert b.nummer == "KIM-2026-05978000-01"
    assert b.freigegeben_von == zeichnung_user
    assert b.dokument.sha256
    b.antrag.refresh_from_db()
    assert b.antrag.status == AntragStatus.BEWILLIGT


def test_haushaltsmittel_reichen_nicht(eingereichter_antrag, sachbearbeitung_user, haushalt_2026):
    haushalt_2026.betrag = Decimal("300000.00")
    haushalt_2026.save()
    factories.pruefung_abschliessen(eingereichter_antrag, sachbearbeitung_user)
    entwurf = services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user)
    with pytest.raises(services.BescheidFehler) as fehler:
        services.vorlegen(entwurf, sachbearbeitung_user)
    assert "Verfügbar 300.000,00 €" in fehler.value.meldung
    assert "es fehlen 33.862,50 €" in fehler.value.meldung


def test_versand_und_verzicht(freigegebener_bescheid, sachbearbeitung_user, kommune_user, time_machine):
    time_machine.move_to("2025-12-01 10:00 +01:00")
    b = services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    assert b.bekanntgabe_am.isoformat() == "2025-12-05"
    b = services.rechtsbehelfsverzicht_erklaeren(b, kommune_user)
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert b.bestandskraeftig_ab.isoformat() == "2025-12-01"


def test_zurueckgezogener_antrag_kann_nicht_mehr_entschieden_werden(entwurf, sachbearbeitung_user, zeichnung_user,
                                                                  kommune_user):
    from antraege import services as antrag_services

    services.vorlegen(entwurf, sachbearbeitung_user)
    antrag_services.zurueckziehen(entwurf.antrag, kommune_user, "Kreistag hat das Konzept nicht beschlossen")
    with pytest.raises(services.BescheidFehler, match="zurückgezogen"):
        services.freigeben(entwurf, zeichnung_user)
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG and entwurf.nummer is None
