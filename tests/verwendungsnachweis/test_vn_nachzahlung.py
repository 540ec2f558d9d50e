"""Nachzahlung nach dem Verwendungsnachweis (Nr. 7.4; issue 11 Nr. 3): endet die Prüfung ohne Überzahlung mit einer
Nachzahlung (Betrag aus regeln), wird sie eine fällige Tranche des nächsten Zahlungslaufs – einmal: die noch nicht
gezahlte Rate des Plans entfällt, ein zweiter Lauf und ein zweiter Aufruf zahlen nichts mehr."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from auszahlung import services as auszahlung_services
from auszahlung.models import Tranche, TranchenStatus, Zahlungsposten
from tests.auszahlung.conftest import konto_eintragen
from verwendungsnachweis import berechnung, services
from verwendungsnachweis.models import NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal
BERLIN = ZoneInfo("Europe/Berlin")
PUNKTE = {code: {"ok": True, "notiz": ""} for code, _ in services.PRUEFPUNKTE}


def _um(time_machine, *args):
    time_machine.move_to(datetime(*args, tzinfo=BERLIN), tick=False)


def _lauf(time_machine, finanzen, finanzen2, *tag):
    _um(time_machine, *tag, 9)
    lauf = auszahlung_services.zahlungslauf_vorbereiten(benutzer=finanzen, von_hand=True)
    if lauf is not None:
        auszahlung_services.feststellen(lauf=lauf, benutzer=finanzen)
        auszahlung_services.anordnen(lauf=lauf, benutzer=finanzen2)
    return lauf


def test_nr_7_4_nachzahlung_wird_tranche_des_naechsten_laufs_einmal(
        bestandskraeftiger_bescheid, unna, time_machine, kommune_user, sachbearbeitung_user, finanzen_user,
        django_capture_on_commit_callbacks):
    """Nr. 7.4: 1. Rate gezahlt, 2. Rate nie gezahlt, alles ausgegeben → Nachzahlung = Höchstbetrag − 1. Rate; sie
    kommt in den nächsten Lauf, die 2. Rate entfällt, nichts wird zweimal gezahlt."""
    from tests import factories

    finanzen2 = factories.FinanzenFactory(username="finanzen2")
    konto_eintragen(unna)
    antrag = bestandskraeftiger_bescheid.antrag
    _um(time_machine, 2026, 2, 16, 9)
    with django_capture_on_commit_callbacks(execute=True):
        auszahlung_services.mittelanforderung_stellen(antrag=antrag, benutzer=kommune_user, erklaerung=True)
    erster = _lauf(time_machine, finanzen_user, finanzen2, 2026, 4, 22)
    assert erster is not None and erster.anzahl == 1
    rate1, rate2 = Tranche.objects.filter(antrag=antrag).order_by("nummer")
    assert rate1.status == TranchenStatus.ANGEWIESEN and not rate2.gezahlt

    _um(time_machine, 2027, 1, 2, 9)
    services.nachweise_eroeffnen()
    n = Verwendungsnachweis.objects.get()
    services.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": "x", "cm_faelle": 3})
    n = services.einreichen(n, benutzer=kommune_user, versicherung=True)
    _um(time_machine, 2027, 4, 9, 10)
    n = services.pruefung_abschliessen(n, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="in Ordnung")
    erwartet = bestandskraeftiger_bescheid.hoechstbetrag - rate1.betrag
    assert (n.status, n.ueberzahlung, n.nachzahlung) == (NachweisStatus.ABGESCHLOSSEN, D("0.00"), erwartet)

    nach = Tranche.objects.get(antrag=antrag, nachzahlung=True)
    assert (nach.betrag, nach.status, nach.bezeichnung) == (erwartet, TranchenStatus.FAELLIG,
                                                            "Nachzahlung (Verwendungsnachweis)")
    rate2.refresh_from_db()
    assert rate2.status == TranchenStatus.ENTFAELLT
    auszahlung_services.tranchen_synchronisieren()  # the daily sync does not bring the Rate back
    rate2.refresh_from_db()
    assert rate2.status == TranchenStatus.ENTFAELLT

    lauf = _lauf(time_machine, finanzen_user, finanzen2, 2027, 4, 20)
    posten = Zahlungsposten.objects.get(lauf=lauf)
    assert (posten.tranche_id, posten.betrag) == (nach.pk, erwartet) and "Nachzahlung" in posten.verwendungszweck
    assert _lauf(time_machine, finanzen_user, finanzen2, 2027, 4, 21) is None  # never twice
    nach.refresh_from_db()
    assert nach.status == TranchenStatus.ANGEWIESEN
    # everything the rules recognise is paid now; a second call changes nothing
    assert berechnung.berechnen(Verwendungsnachweis.objects.get()).nachzahlung == D("0.00")
    assert auszahlung_services.nachzahlung_anlegen(antrag=antrag, betrag=erwartet, benutzer=sachbearbeitung_user,
                                                   grund="nochmal").pk == nach.pk
    assert Tranche.objects.filter(antrag=antrag, nachzahlung=True).count() == 1
    gezahlt = sum(t.betrag for t in Tranche.objects.filter(antrag=antrag) if t.gezahlt)
    assert gezahlt == bestandskraeftiger_bescheid.hoechstbetrag
