"""Protokoll: append-only audit log; on PostgreSQL the database itself refuses UPDATE and DELETE."""
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from kim_foerderung.protokoll.models import Lebenszeichen, Protokolleintrag, ProtokollUnveraenderlich
from kim_foerderung.protokoll.services import lebenszeichen_schreiben, protokolliere
from kim_foerderung.protokoll.selectors import protokoll_fuer

pytestmark = pytest.mark.django_db


def test_protokolliere_schreibt_wer_wann_was(unna, sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-03-02 09:15 +01:00")
    eintrag = protokolliere(unna, sachbearbeitung_user, "Geprüft", von_status="eingereicht", nach_status="in_pruefung",
                            notiz="Unterlagen vollständig")
    assert eintrag.benutzer == sachbearbeitung_user
    assert eintrag.kommune == unna
    assert eintrag.zeitpunkt.isoformat().startswith("2026-03-02T08:15")
    assert list(protokoll_fuer(unna)) == [eintrag]


def test_protokoll_nicht_aenderbar_ueber_orm(unna):
    eintrag = protokolliere(unna, None, "Angelegt")
    assert eintrag.benutzername == "System"
    eintrag.notiz = "manipuliert"
    with pytest.raises(ProtokollUnveraenderlich):
        eintrag.save()
    with pytest.raises(ProtokollUnveraenderlich):
        eintrag.delete()


@pytest.mark.postgres
def test_postgres_trigger_verweigert_update_und_delete(unna):
    eintrag = protokolliere(unna, None, "Angelegt")
    with pytest.raises(DatabaseError), transaction.atomic():
        Protokolleintrag.objects.filter(pk=eintrag.pk).update(notiz="manipuliert")
    with pytest.raises(DatabaseError), transaction.atomic():
        Protokolleintrag.objects.filter(pk=eintrag.pk).delete()
    eintrag.refresh_from_db()
    assert eintrag.notiz == ""


def test_protokoll_auf_objektseite(client_als, kommune_user, unna):
    protokolliere(unna, None, "Stammdaten geprüft", notiz="KI-Adresse ergänzt")
    seite = client_als(kommune_user).get(reverse("kommune_detail", args=[unna.ags])).content.decode()
    assert "Protokoll" in seite and "Stammdaten geprüft" in seite and "KI-Adresse ergänzt" in seite


def test_lebenszeichen_einmal_pro_tag(time_machine):
    time_machine.move_to("2026-11-25 06:00 +01:00")
    _, neu1 = lebenszeichen_schreiben("test")
    _, neu2 = lebenszeichen_schreiben("test")
    assert (neu1, neu2) == (True, False)
    time_machine.move_to("2026-11-26 06:00 +01:00")
    lebenszeichen_schreiben("test")
    assert Lebenszeichen.objects.count() == 2


def test_lebenszeichen_befehl_und_eager_aufgabe(time_machine):
    from django.core.management import call_command

    from kim_foerderung.protokoll.tasks import taeglicher_check

    time_machine.move_to("2026-11-25 06:00 +01:00")
    call_command("lebenszeichen")
    ergebnis = taeglicher_check.delay().get()
    assert ergebnis == {"datum": "2026-11-25", "neu": False}
    assert Lebenszeichen.objects.get().quelle == "befehl"


def test_zeitplan_in_der_datenbank():
    from django_celery_beat.models import PeriodicTask

    aufgabe = PeriodicTask.objects.get(task="protokoll.taeglicher_check")
    assert aufgabe.enabled and aufgabe.crontab.hour == "6"


def test_statustext_lesbar():
    from kim_foerderung.protokoll.templatetags.protokoll import statustext

    assert statustext("in_pruefung") == "in Prüfung"
    assert statustext("bestandskraeftig") == "bestandskräftig"
    assert statustext("zurueckgezogen") == "zurückgezogen"
    assert statustext("zur_zeichnung") == "zur Zeichnung"
    assert statustext("") == "–"


def test_lange_aktion_wird_gekuerzt_nicht_abgelehnt(db, unna):
    """A Weiterleitung to a Träger with a 200-character name writes „Weiterleitung an … gespeichert“: longer than
    the column, which PostgreSQL refuses (a 500) – it is shortened with „…“ instead (issue 14 Nr. 3, longest data)."""
    from kim_foerderung.protokoll.services import protokolliere

    eintrag = protokolliere(unna, None, "Weiterleitung an " + "Arbeiterwohlfahrt " * 12 + "gespeichert")
    eintrag.refresh_from_db()
    assert len(eintrag.aktion) == 120 and eintrag.aktion.endswith("…")
