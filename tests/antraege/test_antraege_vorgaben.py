"""Issue 14 Nr. 8 – defaults that fit today: every form opens on the next Förderjahr the user can act on (Fristen
from kim_foerderung.regeln, "today" moved with time-machine), and only actions the state allows are offered."""
import re
from datetime import date

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, AntragStatus
from kim_foerderung import regeln

pytestmark = pytest.mark.django_db

HEUTE = "2026-12-01 10:00 +01:00"  # the 2027 Antragsfrist (02.11.2026) has passed, the 2028 one is running


def optionen(html, name):
    """[(value, label, selected)] of the <select name=…> in ``html``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(v, label.strip(), bool(sel)) for v, sel, label in
            re.findall(r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', select)]


def gewaehlt(html, name):
    return [v for v, _, sel in optionen(html, name) if sel]


def test_regeln_entscheidungsjahr_nr_7_1_2():
    """Nr. 7.1.2/Nr. 8: after the Antragsfrist of the next year (31 October) its Anträge are the ones decided."""
    assert regeln.entscheidungsjahr(date(2024, 12, 20)) == 2025
    assert regeln.entscheidungsjahr(date(2026, 7, 1)) == 2026
    assert regeln.entscheidungsjahr(date(2026, 11, 2)) == 2026  # the Frist 2027 ends on Monday 02.11.2026
    assert regeln.entscheidungsjahr(date(2026, 11, 3)) == 2027
    assert regeln.entscheidungsjahr(date(2026, 12, 1)) == 2027
    assert regeln.entscheidungsjahr(date(2029, 1, 5)) == 2028


def test_nr_8_neuer_antrag_bietet_keine_vergangenen_jahre(client_als, kommune_user, time_machine):
    time_machine.move_to(HEUTE)
    client = client_als(kommune_user)
    html = client.get(reverse("antraege_liste")).content.decode()
    assert optionen(html, "foerderjahr") == [
        ("2027", "2027 (Frist abgelaufen – wird als verspätet vermerkt)", False), ("2028", "2028", True)]
    services.antrag_anlegen(kommune_user, 2028)
    html = client.get(reverse("antraege_liste")).content.decode()
    assert [v for v, _, _ in optionen(html, "foerderjahr")] == ["2027"]
    services.antrag_anlegen(kommune_user, 2027)
    html = client.get(reverse("antraege_liste")).content.decode()
    assert 'name="foerderjahr"' not in html and "Für kein Förderjahr der Richtlinie ist noch ein neuer Antrag" in html


def test_nr_7_1_2_neuer_antrag_im_januar_2025_bietet_2025(client_als, kommune_user, time_machine):
    """In January 2025 the Frist of 2025 (four weeks after the Richtlinie) is still running: 2025 first."""
    time_machine.move_to("2025-01-02 10:00 +01:00")
    html = client_als(kommune_user).get(reverse("antraege_liste")).content.decode()
    assert [v for v, _, _ in optionen(html, "foerderjahr")] == ["2025", "2026", "2027", "2028"]
    assert gewaehlt(html, "foerderjahr") == ["2025"]


def test_foerderrechner_oeffnet_auf_freiem_jahr_und_uebernimmt(client_als, kommune_user, time_machine):
    """The Förderrechner used to open on 2027 although the Kommune had an Antrag 2027, then answered 409."""
    from tests.antraege.test_antraege_foerderrechner import plan

    time_machine.move_to(HEUTE)
    vorhanden = services.antrag_anlegen(kommune_user, 2027)
    client = client_als(kommune_user)
    html = client.get(reverse("foerderrechner")).content.decode()
    assert gewaehlt(html, "rahmen-foerderjahr") == ["2028"]
    assert ("2027", "2027 (Antrag vorhanden)", False) in optionen(html, "rahmen-foerderjahr")
    assert "Als Antrag übernehmen" in html
    antwort = client.post(reverse("foerderrechner_uebernehmen"), plan(**{"rahmen-foerderjahr": "2028"}))
    neu = Antrag.objects.get(kommune=kommune_user.kommune, foerderjahr=2028)
    assert antwort.status_code == 302 and antwort["Location"] == reverse("antrag_detail", args=[neu.pk])
    assert vorhanden.stellen.count() == 0


def test_foerderrechner_ohne_freies_jahr_bietet_keine_uebernahme(client_als, kommune_user, time_machine):
    time_machine.move_to(HEUTE)
    for jahr in regeln.FOERDERJAHRE:
        Antrag.objects.create(kommune=kommune_user.kommune, foerderjahr=jahr, status=AntragStatus.BEWILLIGT)
    html = client_als(kommune_user).get(reverse("foerderrechner")).content.decode()
    assert "Als Antrag übernehmen</button>" not in html
    assert "hat für jedes Förderjahr schon einen Antrag" in html


def test_foerderrechner_landesrolle_naechste_antragsfrist(client_als, sachbearbeitung_user, time_machine):
    time_machine.move_to(HEUTE)
    html = client_als(sachbearbeitung_user).get(reverse("foerderrechner")).content.decode()
    assert gewaehlt(html, "rahmen-foerderjahr") == ["2028"]
    assert "Als Antrag übernehmen</button>" not in html


def test_nr_7_1_2_fristausnahme_schlaegt_das_jahr_in_entscheidung_vor(client_als, sachbearbeitung_user,
                                                                    time_machine):
    time_machine.move_to(HEUTE)
    html = client_als(sachbearbeitung_user).get(reverse("fristausnahmen")).content.decode()
    assert gewaehlt(html, "foerderjahr") == ["2027"]
    time_machine.move_to("2026-07-01 10:00 +02:00")
    html = client_als(sachbearbeitung_user).get(reverse("fristausnahmen")).content.decode()
    assert gewaehlt(html, "foerderjahr") == ["2026"]
