"""Issue 14 Nr. 5 – the Kommune's start page shows the next Frist that matters (Nr. 7.1.2 Antragsfrist, Nr. 7.4
Verwendungsnachweis; dates from kim_foerderung.regeln), never the Antragsfrist of a year already applied for, and
per open item its next step with a link; start pages without placeholders and without the "Ihr Zugang" box."""
from decimal import Decimal

import pytest
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, AntragStatus

pytestmark = pytest.mark.django_db


def start(client_als, user):
    return client_als(user).get(reverse("start_kommune")).content.decode()


def test_nr_7_1_2_nach_entscheidung_2027_zaehlt_2028(client_als, kommune_user, unna, time_machine):
    """The 2027 Antrag is decided: not its Antragsfrist counts, but the one of 2028 – then the VN-Frist 2027."""
    time_machine.move_to("2026-09-01 10:00 +02:00")
    Antrag.objects.create(kommune=unna, foerderjahr=2027, status=AntragStatus.BEWILLIGT,
                          beantragt=Decimal("62700.00"))
    seite = start(client_als, kommune_user)
    assert "Ihre nächste Frist" in seite
    assert "Antragsfrist Förderjahr 2028" in seite and "Dienstag, 02.11.2027" in seite  # 31.10. Sunday, 1.11. Allerheiligen
    assert "Antragsfrist Förderjahr 2027" not in seite and "02.11.2026" not in seite
    assert "noch 427 Tage" in seite
    assert f'href="{reverse("antraege_liste")}">Antrag für 2028 anlegen' in seite
    # Nr. 7.4: 31.03.2028 (Friday) for the Verwendungsnachweis 2027, listed after it
    assert "31.03.2028: " in seite and "Verwendungsnachweis 2027" in seite


def test_nr_7_1_2_entwurf_frist_mit_link_zum_antrag(client_als, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    entwurf = services.antrag_anlegen(kommune_user, 2027)
    seite = start(client_als, kommune_user)
    assert "Antragsfrist Förderjahr 2027" in seite and "Ihr Antrag 2027 (Entwurf) ist einzureichen bis" in seite
    assert "Montag, 02.11.2026" in seite and "noch 62 Tage" in seite
    link = reverse("antrag_detail", args=[entwurf.pk])
    assert f'href="{link}">Antrag vervollständigen, prüfen und einreichen</a>' in seite
    # the Antrag in "Ihre Anträge" with its next step, in the one wording of its state
    assert "Nächster Schritt: vervollständigen, prüfen und einreichen (Kommune)" in seite


def test_nr_7_1_2_versaeumte_frist_des_entwurfs_kommt_zuerst(client_als, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    services.antrag_anlegen(kommune_user, 2027)
    time_machine.move_to("2026-12-01 10:00 +01:00")
    seite = start(client_als, kommune_user)
    assert seite.index("Antragsfrist Förderjahr 2027") < seite.index("Antragsfrist Förderjahr 2028")
    assert "die Frist ist abgelaufen" in seite and "er wird als verspätet vermerkt" in seite


def test_nr_7_4_ohne_antragsfrist_zaehlt_die_vn_frist(client_als, kommune_user, unna, time_machine):
    time_machine.move_to("2026-02-01 10:00 +01:00")
    for jahr in (2025, 2026, 2027, 2028):
        Antrag.objects.create(kommune=unna, foerderjahr=jahr, status=AntragStatus.BEWILLIGT)
    seite = start(client_als, kommune_user)
    # no Antragsfrist left (every year applied for): the VN-Frist 2025 (31.03.2026, Tuesday) is the next one
    assert "Verwendungsnachweis 2025" in seite and "Dienstag, 31.03.2026" in seite and "noch 58 Tage" in seite
    assert "Antragsfrist Förderjahr" not in seite


def test_nr_7_4_eroeffneter_nachweis_mit_link(bestandskraeftiger_bescheid, client_als, kommune_user, time_machine):
    from verwendungsnachweis import services as vn_services
    from verwendungsnachweis.models import Verwendungsnachweis

    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    assert vn_services.nachweise_eroeffnen() == 1
    nachweis = Verwendungsnachweis.objects.get()
    seite = start(client_als, kommune_user)
    # 2026 was applied for and decided; 2027 and 2028 Fristen passed or not: the VN-Frist 2026 (31.03.2027) is next
    # unless an Antragsfrist lies earlier – 2028's (02.11.2027) does not.
    assert "Verwendungsnachweis 2026" in seite and "Mittwoch, 31.03.2027" in seite
    assert f'href="{reverse("vn_detail", args=[nachweis.pk])}">Verwendungsnachweis ausfüllen und einreichen' in seite


def test_startseiten_ohne_platzhalter_und_zugangskasten(client_als, kommune_user, sachbearbeitung_user,
                                                        zeichnung_user, finanzen_user, admin_user):
    for user, name in [(kommune_user, "start_kommune"), (sachbearbeitung_user, "start_sachbearbeitung"),
                       (zeichnung_user, "start_zeichnung"), (finanzen_user, "start_finanzen"),
                       (admin_user, "start_admin")]:
        seite = client_als(user).get(reverse(name)).content.decode()
        assert "In späteren Ausbaustufen" not in seite and "Ihr Zugang" not in seite, name
        assert "Nächste Schritte</h2>" not in seite, name
