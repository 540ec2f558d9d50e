"""Fristen und Erinnerungen (issue 11 Nr. 4; Nr. 7.4, 7.1.2): mit verschobener Uhr vier Wochen und eine Woche vor
der Frist des Verwendungsnachweises, am Tag danach eine Mahnung (Schreiben mit neuer Frist); jede nur einmal, auch
wenn die Aufgabe zweimal läuft; Rückfragen, Anhörung, Antragsfrist."""
import io
from datetime import date

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from kim_foerderung.protokoll.models import Benachrichtigung
from verwendungsnachweis import services
from verwendungsnachweis.erinnerungen import erinnerungen_senden
from verwendungsnachweis.models import Erinnerung, Verwendungsnachweis
from verwendungsnachweis.tasks import erinnerungen_senden as aufgabe

pytestmark = pytest.mark.django_db


@pytest.fixture
def nachweis(bestandskraeftiger_bescheid, time_machine):
    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    services.nachweise_eroeffnen()
    return Verwendungsnachweis.objects.get()


def mitteilungen(user, anfang):
    return Benachrichtigung.objects.filter(empfaenger=user, text__startswith=anfang).count()


def test_nr_7_4_vier_wochen_eine_woche_und_mahnung_je_einmal(nachweis, time_machine, kommune_user):
    """Nr. 7.4 (Frist 31.03.2027): am 03.03. die Erinnerung vier Wochen vorher, am 24.03. eine Woche vorher, am
    01.04. die Mahnung mit neuer Frist 29.04.2027 als PDF; jeder Lauf zweimal (Celery-Aufgabe und Kommando) sendet
    nichts doppelt; vorher (02.03.) nichts."""
    time_machine.move_to("2027-03-02 06:15 +01:00", tick=False)
    assert erinnerungen_senden() == 0
    time_machine.move_to("2027-03-03 06:15 +01:00", tick=False)
    assert aufgabe.delay().get() == 1
    assert aufgabe.delay().get() == 0
    assert mitteilungen(kommune_user, "Erinnerung: Verwendungsnachweis 2026") == 1
    time_machine.move_to("2027-03-24 06:15 +01:00", tick=False)
    assert erinnerungen_senden() == 1 and erinnerungen_senden() == 0
    assert mitteilungen(kommune_user, "Erinnerung: Verwendungsnachweis 2026 in einer Woche") == 1
    time_machine.move_to("2027-03-31 23:00 +02:00", tick=False)
    assert erinnerungen_senden() == 0  # the Frist day itself: no Mahnung
    time_machine.move_to("2027-04-01 06:15 +02:00", tick=False)
    out = io.StringIO()
    call_command("erinnerungen", stdout=out)
    assert "1 Erinnerung(en) gesendet" in out.getvalue()
    call_command("erinnerungen", stdout=out)
    assert "Keine Erinnerung fällig" in out.getvalue()
    n = Verwendungsnachweis.objects.get()
    assert (n.mahnung_am, n.mahnung_frist) == (date(2027, 4, 1), date(2027, 4, 29))
    with n.mahnung_dokument.datei.open("rb") as datei:
        text = "".join(s.extract_text() for s in PdfReader(io.BytesIO(datei.read())).pages)
    assert "Mahnung" in text and "29.04.2027" in text and "31.03.2027" in text
    # the letter's Briefkopf (DIN 5008, issue 14 Nr. 3) and nothing past the margin
    from tests.pdf_pruefung import dokument_bytes, ueber_den_rand, zeilen

    erste = " ".join(z for seite, z in zeilen(dokument_bytes(n.mahnung_dokument)) if seite == 1)
    assert "Bezirksregierung Arnsberg · Seibertzstraße 1 · 59821 Arnsberg" in erste
    assert "Geschäftszeichen KIM-2026-05978000" in erste and "Datum 01.04.2027" in erste
    assert ueber_den_rand(dokument_bytes(n.mahnung_dokument)) == []
    assert mitteilungen(kommune_user, "Mahnung: Verwendungsnachweis 2026") == 1
    assert Erinnerung.objects.count() == 3


def test_nr_7_4_verpasster_lauf_holt_nach_eingereicht_wird_nicht_erinnert(nachweis, time_machine, kommune_user):
    """DESIGN.md: ein verpasster Lauf holt nach (am 05.03. kommt die Vier-Wochen-Erinnerung noch); ein eingereichter
    Nachweis wird weder erinnert noch gemahnt."""
    time_machine.move_to("2027-03-05 06:15 +01:00", tick=False)
    assert erinnerungen_senden() == 1
    services.sachbericht_speichern(nachweis, benutzer=kommune_user, werte={"strategische_steuerung": "x",
                                                                           "cm_faelle": 1})
    services.einreichen(nachweis, benutzer=kommune_user, versicherung=True)
    time_machine.move_to("2027-04-02 06:15 +02:00", tick=False)
    assert erinnerungen_senden() == 0


def test_nachforderung_und_anhoerung_nach_fristablauf(nachweis, time_machine, kommune_user, sachbearbeitung_user):
    """Rückfragen unbeantwortet nach ihrer Frist → Kommune und Sachbearbeitung erinnert, einmal."""
    services.sachbericht_speichern(nachweis, benutzer=kommune_user, werte={"strategische_steuerung": "x",
                                                                           "cm_faelle": 1})
    n = services.einreichen(nachweis, benutzer=kommune_user, versicherung=True)
    services.nachfordern(n, benutzer=sachbearbeitung_user, fragen="Bitte Belege zu K1.", frist=date(2027, 1, 15))
    time_machine.move_to("2027-01-16 06:15 +01:00", tick=False)
    assert erinnerungen_senden() == 1 and erinnerungen_senden() == 0
    assert mitteilungen(sachbearbeitung_user, "Rückfragen zum Verwendungsnachweis 2026 unbeantwortet") == 1


def test_nr_7_1_2_antragsfrist_erinnerung_an_kommunen_ohne_antrag(bestandskraeftiger_bescheid, time_machine,
                                                                   kommune_user, kommune2_user, unna):
    """Nr. 7.1.2: vier Wochen vor der Antragsfrist 2027 (02.11.2026) jede Kommune ohne Antrag 2027 einmal erinnert;
    Kreis Unna hat einen Antrag 2027 und bekommt keine."""
    from antraege import services as antrag_services

    time_machine.move_to("2026-10-01 09:00 +02:00", tick=False)
    antrag_services.antrag_anlegen(kommune_user, 2027)
    assert erinnerungen_senden() == 0  # 32 days before
    time_machine.move_to("2026-10-06 06:15 +02:00", tick=False)
    anzahl = erinnerungen_senden()
    assert anzahl == 53 and erinnerungen_senden() == 0
    assert mitteilungen(kommune2_user, "Antragsfrist 2027: 02.11.2026") == 1
    assert mitteilungen(kommune_user, "Antragsfrist 2027") == 0


def test_zeitplaene_in_der_datenbank():
    """DESIGN.md "Scheduled work": beide Aufgaben stehen im Zeitplan von django-celery-beat."""
    assert PeriodicTask.objects.get(task="verwendungsnachweis.erinnerungen_senden").enabled
    assert PeriodicTask.objects.get(task="verwendungsnachweis.nachweise_eroeffnen").enabled
