"""Notifications of the procedure (DESIGN.md: a notice on the start page and an e-mail): Antrag eingereicht
(→ Sachbearbeitung), Nachforderung (→ the Kommune, Nr. 7.2), Bescheid zur Zeichnung (→ Zeichnung, except whoever
worked on the draft: four-eyes), Bescheid bekanntgegeben (→ the Kommune, § 41 VwVfG NRW). Each: the notice for
exactly the right users, one e-mail per recipient, sent only after commit."""
import pytest
from django.urls import reverse

from antraege import services as antrag_services
from bescheide import services
from kim_foerderung.protokoll.models import Benachrichtigung
from tests import factories
from tests.factories import stellen_2026, vollstaendig_machen

STELLEN_2026 = stellen_2026()

pytestmark = pytest.mark.django_db


@pytest.fixture
def weitere(unna, bielefeld, db):
    """Colleagues who must or must not be notified: active and inactive, Unna and Bielefeld."""
    return {
        "unna_kollegin": factories.BenutzerFactory(username="unna-kollegin", kommune=unna),
        "unna_alt": factories.BenutzerFactory(username="unna-alt", kommune=unna, is_active=False),
        "sb_alt": factories.SachbearbeitungFactory(username="sb-alt", is_active=False),
        "zeichnung2": factories.ZeichnungFactory(username="zeichnung2"),
        "zeichnung_alt": factories.ZeichnungFactory(username="zeichnung-alt", is_active=False),
        "finanzen": factories.FinanzenFactory(username="finanzen"),
    }


def _empfaenger(text):
    return sorted(Benachrichtigung.objects.filter(text=text).values_list("empfaenger__username", flat=True))


def _mails(mailoutbox, betreff):
    """The recipients' addresses, one list per e-mail with this subject."""
    return sorted(m.to for m in mailoutbox if m.subject == betreff)


def _neuigkeiten(client, startseite):
    html = client.get(reverse(startseite)).content.decode()
    return html.split('id="benachrichtigungen-titel"', 1)[1] if 'id="benachrichtigungen-titel"' in html else ""


def _fuehrt_zu(user, text, ziel, neuigkeiten):
    """The notice leads to ``ziel``: the start page links its opener, which marks it read and redirects there."""
    notiz = Benachrichtigung.objects.get(empfaenger=user, text=text)
    assert notiz.link == ziel
    return reverse("benachrichtigung_oeffnen", args=[notiz.pk]) in neuigkeiten


def test_antrag_eingereicht_an_die_sachbearbeitung(kommune_user, kommune2_user, sachbearbeitung_user,
                                                   sachbearbeitung2_user, zeichnung_user, weitere, time_machine,
                                                   mailoutbox, django_capture_on_commit_callbacks, client_als):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    antrag = antrag_services.antrag_anlegen(kommune_user, 2026, zeilen=STELLEN_2026)
    antrag = vollstaendig_machen(antrag, kommune_user)
    with django_capture_on_commit_callbacks(execute=False) as nach_commit:
        antrag_services.einreichen(antrag, kommune_user, versicherung=True)
    assert mailoutbox == []  # nothing before the commit
    for aufruf in nach_commit:
        aufruf()
    text = Benachrichtigung.objects.get(empfaenger=sachbearbeitung_user).text
    assert "Kreis Unna" in text and "2026" in text and "eingereicht" in text
    assert _empfaenger(text) == ["sachbearbeitung", "sachbearbeitung2"]
    assert _mails(mailoutbox, text) == [["sachbearbeitung2@example.org"], ["sachbearbeitung@example.org"]]
    assert "Kreis Unna" in mailoutbox[0].body
    assert text in _neuigkeiten(client_als(sachbearbeitung_user), "start_sachbearbeitung")
    assert _fuehrt_zu(sachbearbeitung_user, text, reverse("antrag_detail", args=[antrag.pk]),
                      _neuigkeiten(client_als(sachbearbeitung_user), "start_sachbearbeitung"))
    assert text not in _neuigkeiten(client_als(zeichnung_user), "start_zeichnung")
    assert text not in _neuigkeiten(client_als(kommune_user), "start_kommune")


def test_nachforderung_an_die_kommune(eingereichter_antrag, kommune_user, kommune2_user, sachbearbeitung_user,
                                      weitere, mailoutbox, django_capture_on_commit_callbacks, client_als):
    """Nr. 7.2: the Bewilligungsbehörde asks the Kommune for more; every active user of that Kommune learns it."""
    fragen = "Bitte belegen Sie die Besetzung von CM2."
    with django_capture_on_commit_callbacks(execute=True):
        antrag_services.nachforderung_stellen(eingereichter_antrag, sachbearbeitung_user, fragen)
    text = "Nachforderung zu Ihrem Antrag 2026 – Antwort bis 12.11.2025"  # four weeks (issue 14 item 10)
    assert _empfaenger(text) == ["kommune", "unna-kollegin"]
    assert _mails(mailoutbox, text) == [["kommune@example.org"], ["unna-kollegin@example.org"]]
    assert all(fragen in m.body for m in mailoutbox)
    assert text in _neuigkeiten(client_als(kommune_user), "start_kommune")
    assert text not in _neuigkeiten(client_als(kommune2_user), "start_kommune")
    assert text not in _neuigkeiten(client_als(sachbearbeitung_user), "start_sachbearbeitung")


def test_bescheid_zur_zeichnung_an_die_zeichnung_ausser_bearbeitern(entwurf, sachbearbeitung_user, zeichnung_user,
                                                                     weitere, mailoutbox, client_als,
                                                                     django_capture_on_commit_callbacks):
    """Four-eyes (DESIGN.md): a Zeichnung colleague who edited the draft cannot sign it and is not asked to."""
    beide = factories.BenutzerFactory(username="beide", ist_sachbearbeitung=True, ist_zeichnung=True)
    services.entwurf_speichern(entwurf, beide, stellen={}, veranstaltungen=entwurf.veranstaltungen,
                               schnittstellen=entwurf.schnittstellen)
    with django_capture_on_commit_callbacks(execute=True):
        services.vorlegen(entwurf, sachbearbeitung_user)
    text = "Bescheid zur Zeichnung: Kreis Unna 2026"
    assert _empfaenger(text) == ["zeichnung", "zeichnung2"]
    assert _mails(mailoutbox, text) == [["zeichnung2@example.org"], ["zeichnung@example.org"]]
    assert all("Zuwendungsbescheid für Kreis Unna (2026) zur Zeichnung vorgelegt" in m.body for m in mailoutbox)
    neu = _neuigkeiten(client_als(zeichnung_user), "start_zeichnung")
    assert text in neu and _fuehrt_zu(zeichnung_user, text, reverse("bescheid_detail", args=[entwurf.pk]), neu)
    assert text not in _neuigkeiten(client_als(beide), "start_zeichnung")


def test_bescheid_bekanntgegeben_an_die_kommune(freigegebener_bescheid, kommune_user, kommune2_user,
                                                sachbearbeitung_user, weitere, mailoutbox, client_als,
                                                django_capture_on_commit_callbacks, time_machine):
    """§ 41 Abs. 2 VwVfG NRW: sent on 01.12.2025, deemed bekanntgegeben on 05.12.2025; the Kommune is told both."""
    time_machine.move_to("2025-12-01 10:00 +01:00")
    with django_capture_on_commit_callbacks(execute=True):
        services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    text = "Zuwendungsbescheid KIM-2026-05978000-01 bekanntgegeben"
    assert _empfaenger(text) == ["kommune", "unna-kollegin"]
    assert _mails(mailoutbox, text) == [["kommune@example.org"], ["unna-kollegin@example.org"]]
    assert all("am 01.12.2025" in m.body and "bekanntgegeben am 05.12.2025" in m.body for m in mailoutbox)
    assert text in _neuigkeiten(client_als(kommune_user), "start_kommune")
    assert text not in _neuigkeiten(client_als(kommune2_user), "start_kommune")
