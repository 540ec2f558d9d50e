"""Antragsfrist Nr. 7.1.2 with a Fristausnahme of the Bezirksregierung: the Kommune's start page and its list of
Anträge show the exception's date, and the list reads all exceptions in one query (no query per row)."""
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, AntragStatus, Fristausnahme

pytestmark = pytest.mark.django_db


def test_nr_7_1_2_startseite_ohne_ausnahme_naechstes_jahr(client_als, kommune_user, time_machine):
    # 03.11.2025: the Frist for 2026 (31.10.2025) has passed, the next is 2027 (31.10.2026 Sa → Mo 02.11.2026).
    time_machine.move_to("2025-11-03 09:00 +01:00")
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    assert "Antragsfrist Förderjahr 2027" in seite and "02.11.2026" in seite and "noch 364 Tage" in seite
    assert "Ausnahme" not in seite


def test_nr_7_1_2_startseite_zeigt_fristausnahme_mit_tagen(client_als, kommune_user, sachbearbeitung_user, unna,
                                                          time_machine):
    time_machine.move_to("2025-11-03 09:00 +01:00")
    services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 14), "Kreistag erst am 6.11.")
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    assert "Antragsfrist Förderjahr 2026" in seite
    assert "Ausnahme von der Antragsfrist" in seite
    assert "Freitag, 14.11.2025" in seite and "noch 11 Tage" in seite
    assert "02.11.2026" not in seite


def test_nr_7_1_2_ausnahme_verlaengert_laufende_frist(client_als, kommune_user, sachbearbeitung_user, unna,
                                                     time_machine):
    # Still before the regular Frist: the exception's later date is the one that counts.
    time_machine.move_to("2025-10-30 09:00 +01:00")
    services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 28), "Haushaltssperre")
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    assert "28.11.2025" in seite and "noch 29 Tage" in seite and "31.10.2025" not in seite


def test_nr_7_1_2_andere_kommune_sieht_fremde_ausnahme_nicht(client_als, kommune2_user, sachbearbeitung_user, unna,
                                                             time_machine):
    time_machine.move_to("2025-11-03 09:00 +01:00")
    services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 14), "nur für Unna")
    seite = client_als(kommune2_user).get(reverse("start_kommune")).content.decode()
    assert "14.11.2025" not in seite and "02.11.2026" in seite


def test_nr_7_1_2_liste_schlaegt_jahr_mit_ausnahme_vor(client_als, kommune_user, sachbearbeitung_user, unna,
                                                      time_machine):
    time_machine.move_to("2025-11-03 09:00 +01:00")
    client = client_als(kommune_user)
    assert '<option value="2027" selected>' in client.get(reverse("antraege_liste")).content.decode()
    services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 14), "Kreistag erst am 6.11.")
    html = client.get(reverse("antraege_liste")).content.decode()
    assert '<option value="2026" selected>' in html
    services.antrag_anlegen(kommune_user, 2026)
    html = client.get(reverse("antraege_liste")).content.decode()
    assert "Antragsfrist: 14.11.2025" in html  # the row of the Entwurf shows the exception's date
    assert '<option value="2027" selected>' in html  # 2026 is taken now


def antraege_der_kommune(kommune, jahre, zurueckgezogen=()):
    for jahr in jahre:
        Antrag.objects.create(kommune=kommune, foerderjahr=jahr, beantragt=Decimal("62700.00"))
    for jahr in zurueckgezogen:
        Antrag.objects.create(kommune=kommune, foerderjahr=jahr, status=AntragStatus.ZURUECKGEZOGEN)


def abfragen(client, url):
    with CaptureQueriesContext(connection) as erfasst:
        antwort = client.get(url)
    assert antwort.status_code == 200
    return antwort, len(erfasst)


@pytest.mark.parametrize("url_name", ["antraege_liste", "start_kommune"])
def test_kommune_liste_abfragen_wachsen_nicht_mit_antraegen(client_als, kommune_user, sachbearbeitung_user, unna,
                                                           time_machine, url_name):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    for jahr in (2027, 2028):  # exceptions exist, so the lookup really happens
        Fristausnahme.objects.create(kommune=unna, foerderjahr=jahr, neue_frist=date(2026, 12, 15),
                                     begruendung="Test", erteilt_von=sachbearbeitung_user,
                                     erteilt_am="2026-09-01T10:00:00+02:00")
    client = client_als(kommune_user)
    url = reverse(url_name)
    antraege_der_kommune(unna, [2027, 2028])
    client.get(url)  # warm-up (session, content types)
    _, zwei = abfragen(client, url)
    antraege_der_kommune(unna, [2025, 2026], zurueckgezogen=[2027, 2028])
    antwort, sechs = abfragen(client, url)
    html = antwort.content.decode()
    if url_name == "antraege_liste":
        assert html.count("Antragsfrist: 15.12.2026") == 2  # the Entwürfe 2027 and 2028 with their exception
        assert "Antragsfrist: 31.10.2025" in html and html.count("zurückgezogen") == 2
    assert sechs == zwei, f"{zwei} Abfragen bei 2 Anträgen, {sechs} bei 6"


def test_nr_7_1_2_ausnahmefrist_endet_an_einem_werktag(sachbearbeitung_user, unna, time_machine):
    """§ 31 Abs. 3 VwVfG NRW: the date granted must be the day the Frist really ends – a Sunday or an NRW
    holiday is refused with the next Werktag named, and nothing is recorded."""
    from antraege.models import Fristausnahme

    time_machine.move_to("2025-11-03 09:00 +01:00")
    with pytest.raises(services.AntragFehler) as fehler:
        services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 11, 16), "Kreistag")
    assert fehler.value.meldung == (
        "Der 16.11.2025 ist kein Werktag in NRW; eine Frist endet dann erst am nächsten Werktag "
        "(§ 31 Abs. 3 VwVfG NRW). Bitte wählen Sie einen Werktag, z. B. den 17.11.2025."
    )
    with pytest.raises(services.AntragFehler, match="z. B. den 29.12.2025"):  # 25./26.12., then the weekend
        services.fristausnahme_erteilen(sachbearbeitung_user, unna, 2026, date(2025, 12, 25), "Kreistag")
    assert not Fristausnahme.objects.exists()
