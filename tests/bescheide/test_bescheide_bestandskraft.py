"""Bekanntgabe and Bestandskraft of a Bescheid (DESIGN.md "Deadlines", "Scheduled work"; Nr. 7.3: money is paid
only after Bestandskraft).

- § 41 Abs. 2 VwVfG NRW (since 1 January 2025): Bekanntgabe on the fourth day after sending, earlier when the
  Kommune confirms receipt earlier (the project's reading).
- § 74 Abs. 1 Satz 2 VwGO: Klage within one month of Bekanntgabe; §§ 187, 188 BGB (via § 57 VwGO, § 222 ZPO):
  the same day number next month, or that month's last day; § 31 Abs. 3 VwVfG NRW / § 222 Abs. 2 ZPO: an end on
  a Saturday, Sunday or NRW holiday moves to the next working day. Bestandskräftig from the day after.
- A Rechtsbehelfsverzicht makes the Bescheid bestandskräftig at once.
"""
import threading
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from antraege import services as antrag_services
from bescheide import services
from bescheide.models import Bescheid, BescheidStatus
from bescheide.tasks import bestandskraft_pruefen
from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.protokoll.selectors import protokoll_fuer
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories
from tests.factories import stellen_2026, vollstaendig_machen

STELLEN_2026 = stellen_2026()

NACH_FRIST = "Bestandskräftig nach Ablauf der Klagefrist"
DURCH_VERZICHT = "Bestandskräftig durch Rechtsbehelfsverzicht"


def _bescheid_2027_freigeben(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine):
    """Kreis Unna's Antrag for Förderjahr 2027 (submitted 15.10.2026, Antragsfrist Nr. 7.1.2), released on
    25.01.2027 (four-eyes: prepared by Sachbearbeitung, signed by Zeichnung)."""
    Haushaltsmittel.objects.get_or_create(foerderjahr=2027, defaults={"betrag": Decimal("20000000.00")})
    time_machine.move_to("2026-10-15 10:00 +02:00", tick=True)
    antrag = antrag_services.antrag_anlegen(kommune_user, 2027, zeilen=STELLEN_2026)
    antrag = vollstaendig_machen(antrag, kommune_user)
    antrag = antrag_services.einreichen(antrag, kommune_user, versicherung=True)
    time_machine.move_to("2027-01-25 10:00 +01:00", tick=True)
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    entwurf = services.entwurf_anlegen(antrag, sachbearbeitung_user)
    services.vorlegen(entwurf, sachbearbeitung_user)
    return services.freigeben(entwurf, zeichnung_user)


@pytest.fixture
def bescheid_2027(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine):
    return _bescheid_2027_freigeben(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine)


def _eintraege(bescheid, aktion):
    return protokoll_fuer(bescheid).filter(aktion=aktion).count()


def _mitteilungen(bescheid):
    return Benachrichtigung.objects.filter(text=f"Zuwendungsbescheid {bescheid.nummer} ist bestandskräftig").count()


def _lauf(time_machine, zeitpunkt):
    time_machine.move_to(zeitpunkt, tick=False)
    return bestandskraft_pruefen.delay().get()


@pytest.mark.django_db
def test_bekanntgabe_31_januar_bestandskraeftig_ab_2_maerz_nicht_frueher(
    bescheid_2027, sachbearbeitung_user, kommune_user, time_machine, django_capture_on_commit_callbacks,
    mailoutbox,
):
    """§ 41 Abs. 2 VwVfG NRW: sent 27.01.2027 → fourth day Sunday 31.01.2027 → Bekanntgabe Monday 01.02.2027
    (DESIGN.md "Deadlines"). § 74 VwGO with §§ 187, 188 BGB: Monday 01.03.2027 ends the Klagefrist;
    bestandskräftig from Tuesday 02.03.2027, not earlier. The task is idempotent (DESIGN.md "Scheduled work")."""
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user, abgesandt_am=date(2027, 1, 27))
    assert b.status == BescheidStatus.VERSANDT
    assert b.bekanntgabe_am == date(2027, 2, 1)
    assert b.klagefrist_ende == date(2027, 3, 1)
    assert b.bestandskraeftig_ab == date(2027, 3, 2)
    empfaenger = (kommune_user.kommune.benutzer.filter(is_active=True).count()
                  + Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True).count())
    assert empfaenger == 2

    # The last second of the Klagefrist (Berlin time): nothing happens.
    assert _lauf(time_machine, "2027-03-01 23:59:59 +01:00") == 0
    b.refresh_from_db()
    assert b.status == BescheidStatus.VERSANDT
    assert _eintraege(b, NACH_FRIST) == 0 and _mitteilungen(b) == 0

    # The beat run at 00:30 on 02.03.2027 (still 01.03. in UTC): bestandskräftig.
    with django_capture_on_commit_callbacks(execute=True):
        assert _lauf(time_machine, "2027-03-02 00:30 +01:00") == 1
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert b.bestandskraeftig_ab == date(2027, 3, 2)
    assert _eintraege(b, NACH_FRIST) == 1
    eintrag = protokoll_fuer(b).get(aktion=NACH_FRIST)
    assert (eintrag.von_status, eintrag.nach_status, eintrag.benutzername) == ("versandt", "bestandskraeftig",
                                                                               "System")
    assert _mitteilungen(b) == empfaenger
    # One e-mail per recipient (nobody sees the others' addresses), sent after commit.
    assert sorted(m.to for m in mailoutbox) == [["kommune@example.org"], ["sachbearbeitung@example.org"]]
    assert all("seit 02.03.2027" in m.body for m in mailoutbox)

    # Again, by Celery and by the management command: nothing changes twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert _lauf(time_machine, "2027-03-02 06:00 +01:00") == 0
        assert bestandskraft_pruefen.apply().get() == 0
        ausgabe = StringIO()
        call_command("bestandskraft", stdout=ausgabe)
    assert ausgabe.getvalue().strip() == "Kein Bescheid ist heute bestandskräftig geworden."
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG and b.bestandskraeftig_ab == date(2027, 3, 2)
    assert _eintraege(b, NACH_FRIST) == 1
    assert _mitteilungen(b) == empfaenger
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_befehl_holt_verpassten_lauf_nach(bescheid_2027, sachbearbeitung_user, time_machine):
    """DESIGN.md "Scheduled work": a missed run catches up; the Bestandskraft date stays the legal one
    (§ 74 VwGO, §§ 187, 188 BGB, § 31 Abs. 3 VwVfG NRW: 02.03.2027), not the day of the run."""
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user)
    time_machine.move_to("2027-03-01 12:00 +01:00", tick=False)
    ausgabe = StringIO()
    call_command("bestandskraft", stdout=ausgabe)
    assert ausgabe.getvalue().strip() == "Kein Bescheid ist heute bestandskräftig geworden."

    time_machine.move_to("2027-03-08 12:00 +01:00", tick=False)
    ausgabe = StringIO()
    call_command("bestandskraft", stdout=ausgabe)
    assert ausgabe.getvalue().strip() == "1 Bescheid ist bestandskräftig geworden."
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert b.bestandskraeftig_ab == date(2027, 3, 2)
    assert _eintraege(b, NACH_FRIST) == 1


@pytest.mark.django_db
def test_befehl_meldet_mehrere(bescheid_2027, sachbearbeitung_user, time_machine):
    """§ 74 VwGO: every due Bescheid at once, with the German count."""
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    services.versenden(bescheid_2027, sachbearbeitung_user)
    # Two more due Bescheide (copies with their own numbers, as if sent the same day).
    for n in (2, 3):
        kopie = Bescheid.objects.get(pk=bescheid_2027.pk)
        kopie.pk = None
        kopie.nummer = f"KIM-2027-TEST-{n:02d}"
        kopie.save()
    time_machine.move_to("2027-03-02 00:30 +01:00", tick=False)
    ausgabe = StringIO()
    call_command("bestandskraft", stdout=ausgabe)
    assert ausgabe.getvalue().strip() == "3 Bescheide sind bestandskräftig geworden."
    assert not Bescheid.objects.filter(status=BescheidStatus.VERSANDT).exists()


@pytest.mark.django_db
def test_verzicht_macht_am_selben_tag_bestandskraeftig(bescheid_2027, sachbearbeitung_user, kommune_user,
                                                       client_als, time_machine):
    """Rechtsbehelfsverzicht (DESIGN.md "Deadlines"): bestandskräftig at once, on the day it is declared; the
    Bekanntgabe stays the fourth day (§ 41 Abs. 2 VwVfG NRW: Sunday 31.01. → Monday 01.02.2027). The
    view asks for an explicit confirmation (bestaetigt=ja)."""
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user)
    client = client_als(kommune_user)
    url = reverse("bescheid_verzicht", args=[b.pk])

    antwort = client.post(url, {})
    assert antwort.status_code == 302 and antwort.url == reverse("bescheid_detail", args=[b.pk])
    b.refresh_from_db()
    assert b.status == BescheidStatus.VERSANDT and b.verzicht_am is None

    time_machine.move_to("2027-01-28 11:00 +01:00", tick=False)
    client = client_als(kommune_user)  # a new day, a new session (SESSION_COOKIE_AGE 30 minutes)
    antwort = client.post(url, {"bestaetigt": "ja"})
    assert antwort.status_code == 302 and antwort.url == reverse("bescheid_detail", args=[b.pk])
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert b.verzicht_am == date(2027, 1, 28)
    assert b.bekanntgabe_am == date(2027, 2, 1)
    assert b.bestandskraeftig_ab == date(2027, 1, 28)
    assert _eintraege(b, DURCH_VERZICHT) == 1
    assert _eintraege(b, "Rechtsbehelfsverzicht erklärt") == 1

    # Declaring again or running the task changes nothing.
    services.rechtsbehelfsverzicht_erklaeren(b, kommune_user)
    assert bestandskraft_pruefen.delay().get() == 0
    b.refresh_from_db()
    assert b.bestandskraeftig_ab == date(2027, 1, 28)
    assert _eintraege(b, DURCH_VERZICHT) == 1 and _eintraege(b, NACH_FRIST) == 0


@pytest.mark.django_db
def test_empfangsbestaetigung_vor_dem_vierten_tag_verlegt_bekanntgabe_nicht(bescheid_2027, sachbearbeitung_user,
                                                                             kommune_user, time_machine):
    """§ 41 Abs. 2 VwVfG NRW: sent Monday 01.02.2027, fiction Friday 05.02.2027; a receipt confirmed 02.02.2027
    is recorded but does not move the Bekanntgabe earlier: Klagefrist (§ 74 VwGO, §§ 187, 188 BGB) ends Friday
    05.03.2027, bestandskräftig from 06.03.2027."""
    time_machine.move_to("2027-02-01 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user)
    assert (b.bekanntgabe_am, b.klagefrist_ende, b.bestandskraeftig_ab) == (
        date(2027, 2, 5), date(2027, 3, 5), date(2027, 3, 6))

    time_machine.move_to("2027-02-02 14:00 +01:00", tick=False)
    b = services.empfang_bestaetigen(b, kommune_user)
    assert b.empfang_bestaetigt_am == date(2027, 2, 2)
    assert (b.bekanntgabe_am, b.klagefrist_ende, b.bestandskraeftig_ab) == (
        date(2027, 2, 5), date(2027, 3, 5), date(2027, 3, 6))
    assert _eintraege(b, "Empfang bestätigt") == 1

    assert _lauf(time_machine, "2027-03-05 23:00 +01:00") == 0
    assert _lauf(time_machine, "2027-03-06 00:30 +01:00") == 1
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG


@pytest.mark.django_db
def test_spaete_empfangsbestaetigung_verschiebt_bekanntgabe_nicht(bescheid_2027, sachbearbeitung_user,
                                                                   kommune_user, time_machine):
    """§ 41 Abs. 2 VwVfG NRW: a confirmation after the fourth day does not postpone the Bekanntgabe."""
    time_machine.move_to("2027-02-01 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user)
    time_machine.move_to("2027-02-08 09:00 +01:00", tick=False)
    b = services.empfang_bestaetigen(b, kommune_user)
    assert b.bekanntgabe_am == date(2027, 2, 5)
    assert b.bestandskraeftig_ab == date(2027, 3, 6)


@pytest.mark.django_db
def test_andere_kommune_kann_nicht_verzichten(bescheid_2027, sachbearbeitung_user, kommune2_user, client_als,
                                              time_machine):
    """Nr. 7.2.2 / DESIGN.md roles: only the Kommune the Bescheid is addressed to may waive its Klage; another
    Kommune gets a 404 (its existence is not revealed) and the service refuses."""
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    b = services.versenden(bescheid_2027, sachbearbeitung_user)
    antwort = client_als(kommune2_user).post(reverse("bescheid_verzicht", args=[b.pk]), {"bestaetigt": "ja"})
    assert antwort.status_code == 404
    with pytest.raises(Zugriffsverweigert):
        services.rechtsbehelfsverzicht_erklaeren(b, kommune2_user)
    with pytest.raises(Zugriffsverweigert):
        services.empfang_bestaetigen(b, kommune2_user)
    b.refresh_from_db()
    assert b.status == BescheidStatus.VERSANDT
    assert b.verzicht_am is None and b.empfang_bestaetigt_am is None
    assert b.bestandskraeftig_ab == date(2027, 3, 2)


@pytest.mark.django_db
def test_kommune_sieht_bescheid_erst_nach_versand(bescheid_2027, sachbearbeitung_user, kommune_user, client_als,
                                                  time_machine):
    """§ 41 VwVfG NRW: a Bescheid exists for the Kommune only once it is sent (bekanntgegeben); before that it
    is internal to the Bezirksregierung: 404, and no Verzicht is possible yet."""
    client = client_als(kommune_user)
    url = reverse("bescheid_detail", args=[bescheid_2027.pk])
    assert bescheid_2027.status == BescheidStatus.FREIGEGEBEN
    assert client.get(url).status_code == 404
    assert client.post(reverse("bescheid_verzicht", args=[bescheid_2027.pk]),
                       {"bestaetigt": "ja"}).status_code == 404
    with pytest.raises(services.BescheidFehler, match="noch nicht übermittelt"):
        services.rechtsbehelfsverzicht_erklaeren(bescheid_2027, kommune_user)

    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    services.versenden(bescheid_2027, sachbearbeitung_user)
    client = client_als(kommune_user)  # the clock moved: a fresh session
    antwort = client.get(url)
    assert antwort.status_code == 200
    assert bescheid_2027.nummer in antwort.content.decode()


@pytest.mark.django_db
def test_zeitplan_in_der_datenbank():
    """DESIGN.md "Scheduled work": the beat schedule lives in the database (django-celery-beat); Bestandskraft
    (§ 74 VwGO) is checked daily at 00:30 Berlin time, and the task name resolves to the registered task."""
    from django_celery_beat.models import PeriodicTask

    from kim_foerderung.celery import app

    aufgabe = PeriodicTask.objects.get(task="bescheide.bestandskraft_pruefen")
    assert aufgabe.enabled
    assert aufgabe.crontab is not None and aufgabe.interval is None
    assert (aufgabe.crontab.minute, aufgabe.crontab.hour, aufgabe.crontab.day_of_week,
            aufgabe.crontab.day_of_month, aufgabe.crontab.month_of_year) == ("30", "0", "*", "*", "*")
    assert str(aufgabe.crontab.timezone) == "Europe/Berlin"
    assert bestandskraft_pruefen.name == aufgabe.task
    assert app.tasks[aufgabe.task].name == aufgabe.task  # the worker knows the name beat sends


# --- two workers at once (PostgreSQL: row locks with SKIP LOCKED) -----------------------------------------


def _faelliger_bescheid(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine):
    b = _bescheid_2027_freigeben(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine)
    time_machine.move_to("2027-01-27 09:00 +01:00", tick=False)
    b = services.versenden(b, sachbearbeitung_user)
    time_machine.move_to("2027-03-02 00:30 +01:00", tick=False)
    return b


def _in_threads(*auftraege):
    ergebnisse, fehler = {}, []

    def arbeiter(name, auftrag):
        try:
            ergebnisse[name] = auftrag()
        except Exception as exc:  # noqa: BLE001
            fehler.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=arbeiter, args=(name, auftrag)) for name, auftrag in auftraege]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "Ein Worker hängt."
    assert not fehler, fehler
    return ergebnisse


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zwei_worker_gleichzeitig_einer_sperrt(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine,
                                               monkeypatch):
    """DESIGN.md "Scheduled work": two workers at once change nothing twice. Worker A holds the row lock of the
    due Bescheid (§ 74 VwGO: Klagefrist ended 01.03.2027) while worker B runs: B skips it; one audit entry."""
    b = _faelliger_bescheid(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine)
    gesperrt, b_fertig = threading.Event(), threading.Event()
    original = services._bestandskraft
    aufrufe, b_ohne_warten = [], []

    def haelt_sperre(bescheid, user, grund):
        aufrufe.append(bescheid.pk)
        if len(aufrufe) == 1:
            gesperrt.set()
            # B must finish while A still holds the lock: a plain FOR UPDATE would make B wait here instead.
            b_ohne_warten.append(b_fertig.wait(10))
        return original(bescheid, user, grund)

    monkeypatch.setattr(services.bekanntgabe, "_bestandskraft", haelt_sperre)  # the module that calls it

    def worker_b():
        assert gesperrt.wait(20), "Worker A hat die Sperre nicht erreicht."
        try:
            return services.bestandskraft_eintreten_lassen()
        finally:
            b_fertig.set()

    ergebnisse = _in_threads(("a", services.bestandskraft_eintreten_lassen), ("b", worker_b))
    assert ergebnisse == {"a": 1, "b": 0}
    assert aufrufe == [b.pk]
    assert b_ohne_warten == [True]
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert _eintraege(b, NACH_FRIST) == 1
    assert _mitteilungen(b) == 2  # the Kommune's user and Sachbearbeitung, once each


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zwei_worker_lesen_zugleich_denselben_kandidaten(kommune_user, sachbearbeitung_user, zeichnung_user,
                                                         time_machine, monkeypatch):
    """DESIGN.md "Scheduled work": both workers have read the same due Bescheid (§ 74 VwGO) before either
    locks it; the lock (SKIP LOCKED) and the state checked again inside it let exactly one of them act."""
    b = _faelliger_bescheid(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine)
    schranke = threading.Barrier(2, timeout=20)
    manager = Bescheid.objects
    original = manager.select_for_update

    angekommen = []

    def nach_schranke(*args, **kwargs):
        angekommen.append(threading.current_thread().name)
        schranke.wait()  # both have fetched their list of candidates
        return original(*args, **kwargs)

    monkeypatch.setattr(manager, "select_for_update", nach_schranke)
    ergebnisse = _in_threads(("a", services.bestandskraft_eintreten_lassen),
                             ("b", services.bestandskraft_eintreten_lassen))
    assert sorted(ergebnisse.values()) == [0, 1]
    assert len(set(angekommen)) == 2  # both workers reached the lock with the same candidate
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert _eintraege(b, NACH_FRIST) == 1
    assert _mitteilungen(b) == 2
