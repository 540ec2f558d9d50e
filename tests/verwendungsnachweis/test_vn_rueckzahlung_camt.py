"""Rückzahlung aus dem Kontoauszug (Nr. 7.5, § 49a Abs. 3 VwVfG NRW; issue 11 Nr. 3): derselbe camt.053/054-Import
wie für die Auszahlung ordnet Gutschriften über den Verwendungszweck/die EndToEndId, die der Erstattungsbescheid
vorschreibt, dem offenen Erstattungsbescheid zu und bucht die Rückzahlung – einmal, auch wenn dieselbe Datei oder
dieselbe Gutschrift in einer zweiten Datei noch einmal kommt; ein falscher Betrag oder eine Gutschrift ohne Bezug
ist ein Befund, keine stille Buchung. Die endgültigen Zinsen laufen bis zum Buchungstag (regeln)."""
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from auszahlung import services as auszahlung_services
from auszahlung.models import Buchung, BuchungStatus
from kim_foerderung.protokoll.models import Protokolleintrag
from tests.verwendungsnachweis.test_vn_erstattung import PUNKTE, eingereicht  # noqa: F401 (fixture)
from verwendungsnachweis import services
from verwendungsnachweis.models import ErstattungStatus, NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal
DATEN = Path(__file__).parent / "daten"


def _erstattung_vorbereitet(eingereicht, time_machine, sachbearbeitung_user, kommune_user, admin_user):
    """On 09.04.2027: Prüfung with Überzahlung, Anhörung answered, Erstattungsbescheid prepared (not yet signed)."""
    time_machine.move_to("2027-04-09 10:00 +02:00", tick=False)
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("1.27"))
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2027, 1, 1), prozent=D("1.27"))
    n = services.pruefung_abschliessen(eingereicht, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="geprüft")
    n = services.anhoerung_senden(n, benutzer=sachbearbeitung_user)
    services.stellungnahme_abgeben(n, benutzer=kommune_user, text="Einverstanden.")
    services.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 10, 1),
                                    zahlungsfrist=date(2027, 5, 31))
    return n


@pytest.fixture
def bekanntgegeben(eingereicht, time_machine, sachbearbeitung_user, zeichnung_user, kommune_user, admin_user):
    """Überzahlung 7.000 € of Kreis Unna 2026, Erstattungsbescheid signed on 09.04.2027: to pay by 31.05.2027 with
    the Verwendungszweck KIM-ERST-2026-05978000, interest from 01.10.2026."""
    n = _erstattung_vorbereitet(eingereicht, time_machine, sachbearbeitung_user, kommune_user, admin_user)
    eb = services.erstattung_freigeben(n, benutzer=zeichnung_user)
    assert eb.verwendungszweck == "KIM-ERST-2026-05978000"
    time_machine.move_to("2027-05-21 10:00 +02:00", tick=False)
    return eb


def _einlesen(datei, benutzer, inhalt=None):
    inhalt = inhalt if inhalt is not None else (DATEN / datei).read_bytes()
    return auszahlung_services.kontoauszug_einlesen(inhalt=inhalt, dateiname=datei, benutzer=benutzer)


def test_nr_7_5_camt_rueckzahlung_einmal_gebucht_befunde_nicht_still(bekanntgegeben, finanzen_user, client_als):
    """Nr. 7.5 / § 49a Abs. 3 VwVfG NRW: falscher Betrag (camt.054, Referenz nur im Verwendungszweck) → Befund,
    nichts gebucht; der Tagesauszug (camt.053) mit der EndToEndId → gebucht, Zinsen bis zum 20.05.2027, abgeschlossen;
    dieselbe Datei noch einmal → nichts; dieselbe Gutschrift in einer anderen Datei → „bereits gebucht“."""
    eb = bekanntgegeben
    auszug, neu = _einlesen("camt054_falscher_betrag.xml", finanzen_user)
    assert neu
    falsch = Buchung.objects.get(kontoauszug=auszug)
    assert falsch.haben and falsch.status == BuchungStatus.ABWEICHEND and falsch.empfaenger == "Kreis Unna"
    assert "6.999,00 €" in falsch.zuordnung and "7.000,00 €" in falsch.zuordnung and "nicht gebucht" in falsch.zuordnung
    eb.refresh_from_db()
    assert eb.status == ErstattungStatus.FREIGEGEBEN and eb.eingang_am is None

    auszug, neu = _einlesen("camt053_rueckzahlung.xml", finanzen_user)
    assert neu and auszug.art == "camt.053"
    rueck, fremd, lastschrift = Buchung.objects.filter(kontoauszug=auszug).order_by("position")
    assert (rueck.status, rueck.haben) == (BuchungStatus.ZUGEORDNET, True)
    assert eb.nummer in rueck.zuordnung
    assert (fremd.status, fremd.haben, fremd.empfaenger) == (BuchungStatus.UNBEKANNT, True, "Stadt Hamm")
    assert "ohne bekannte Forderung" in fremd.zuordnung
    assert (lastschrift.status, lastschrift.haben) == (BuchungStatus.UNBEKANNT, False)
    eb.refresh_from_db()
    # 7 000 × 4,27 % × 231 / 365 = 189,1668… → 189,17 (01.10.2026 bis 20.05.2027)
    assert (eb.status, eb.eingang_am, eb.eingang_betrag, eb.zinsen_endgueltig) == (
        ErstattungStatus.ERSTATTET, date(2027, 5, 20), D("7000.00"), D("189.17"))
    n = Verwendungsnachweis.objects.get()
    assert n.status == NachweisStatus.ABGESCHLOSSEN
    eintrag = Protokolleintrag.objects.get(object_id=str(n.pk), aktion__startswith="Rückzahlung gebucht")
    assert eintrag.benutzer == finanzen_user and "STMT-20270520-0001, Buchung 1" in eintrag.notiz
    assert eintrag.daten["zinsen"] == "189.17"

    # the same file again: the first import, nothing booked twice
    wieder, neu = _einlesen("camt053_rueckzahlung.xml", finanzen_user)
    assert (wieder.pk, neu) == (auszug.pk, False)
    # the same credit in another file (camt.054 of the day): "bereits gebucht"
    andere = (DATEN / "camt053_rueckzahlung.xml").read_bytes().replace(b"STMT-20270520-0001", b"STMT-20270520-0002")
    zweite, neu = _einlesen("zweite.xml", finanzen_user, inhalt=andere)
    assert neu and Buchung.objects.get(kontoauszug=zweite, position=1).status == BuchungStatus.BEREITS_GEBUCHT
    assert Protokolleintrag.objects.filter(object_id=str(n.pk), aktion__startswith="Rückzahlung gebucht").count() == 1
    eb.refresh_from_db()
    assert eb.zinsen_endgueltig == D("189.17")

    seite = client_als(finanzen_user).get(reverse("kontoauszug_detail", args=[auszug.pk])).content.decode()
    assert "Rückzahlung gebucht" in seite and "ohne bekannte Forderung" in seite and "Gutschrift" in seite


def test_nr_7_5_camt_vor_der_zeichnung_nicht_gebucht(eingereicht, time_machine, sachbearbeitung_user,
                                                     kommune_user, admin_user, finanzen_user):
    """Nr. 7.5: vor Zeichnung und Bekanntgabe ist nichts zu erstatten – die Gutschrift ist ein Befund."""
    _erstattung_vorbereitet(eingereicht, time_machine, sachbearbeitung_user, kommune_user, admin_user)
    time_machine.move_to("2027-05-21 10:00 +02:00", tick=False)
    auszug, _ = _einlesen("camt053_rueckzahlung.xml", finanzen_user)
    buchung = Buchung.objects.get(kontoauszug=auszug, position=1)
    assert buchung.status == BuchungStatus.ABWEICHEND and "noch nicht gezeichnet" in buchung.zuordnung
    assert Verwendungsnachweis.objects.get().erstattung.status == ErstattungStatus.ZUR_ZEICHNUNG
