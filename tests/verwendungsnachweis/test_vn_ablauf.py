"""Verwendungsnachweis (issue 11 Nr. 2, Nr. 7.4): eröffnet nach dem Bewilligungszeitraum, vorbefüllt aus dem
Bescheid, abschnittsweise gespeichert, daneben gerechnet von kim_foerderung.regeln, mit Versicherung eingereicht,
Anlage 3 als PDF/A mit SHA-256."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kim_foerderung import erweiterungen
from kim_foerderung.protokoll.models import Benachrichtigung
from verwendungsnachweis import berechnung, services
from verwendungsnachweis.models import NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def nachweis(bestandskraeftiger_bescheid, time_machine):
    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    assert services.nachweise_eroeffnen() == 1
    return Verwendungsnachweis.objects.get()


@pytest.fixture
def ausgezahlt_voll(nachweis):
    """The Auszahlung stage's figure (PROGRAMMZAHLEN "ausgezahlt"): the whole Höchstbetrag was paid."""
    def zahlen(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {nachweis.antrag.kommune_id: nachweis.bescheid.hoechstbetrag}}

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, zahlen)
    yield
    erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, zahlen)


def stellen_post(nachweis, **aenderungen):
    daten = {"stellen-TOTAL_FORMS": str(nachweis.stellen.count()), "stellen-INITIAL_FORMS": str(nachweis.stellen.count()),
             "stellen-MIN_NUM_FORMS": "0", "stellen-MAX_NUM_FORMS": "1000"}
    for i, s in enumerate(nachweis.stellen.all()):
        werte = {"kennung": s.kennung, "art": s.art, "vzae": str(s.vzae).replace(".", ","), "von_monat": s.von_monat,
                 "bis_monat": s.bis_monat, "personalausgaben": str(s.personalausgaben).replace(".", ","),
                 "sachausgaben": str(s.sachausgaben).replace(".", ","), "besetzt_durch": "Frau Beispiel"}
        werte.update(aenderungen.get(s.kennung, {}))
        daten.update({f"stellen-{i}-{k}": v for k, v in werte.items()})
    return daten


SACHBERICHT = {"sb-strategische_steuerung": "Lenkung, Netzwerk, Steuerung der Integrationsarbeit",
               "sb-cm_faelle": "120", "sb-cm_abgeschlossen": "45", "sb-zusammenarbeit_behoerden": "monatlich",
               "sb-lenkungsgruppe_sitzungen": "4", "sb-konzept_fortgeschrieben": "on", "sb-kim_datenbank": "on"}


def test_nr_7_4_eroeffnet_nach_dem_31_dezember_vorbefuellt_und_einmal(bestandskraeftiger_bescheid, time_machine,
                                                                     kommune_user):
    """Nr. 7.4: am 31.12.2026 noch nichts; am 2.1.2027 ein Nachweis je geltendem Bescheid, Frist 31.03.2027,
    die Stellen des Bescheids vorbefüllt; ein zweiter Lauf eröffnet nichts (idempotent); die Kommune wird
    benachrichtigt."""
    time_machine.move_to("2026-12-31 23:00 +01:00", tick=False)
    assert services.nachweise_eroeffnen() == 0
    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    assert services.nachweise_eroeffnen() == 1
    assert services.nachweise_eroeffnen() == 0
    n = Verwendungsnachweis.objects.get()
    assert (n.frist, n.status, n.bescheid) == (date(2027, 3, 31), NachweisStatus.ENTWURF, bestandskraeftiger_bescheid)
    bewilligt = [s for s in bestandskraeftiger_bescheid.stellen.all() if s.bewilligt]
    assert [(s.kennung, s.vzae, s.personalausgaben) for s in n.stellen.all()] == [
        (s.kennung, s.vzae, s.betrag_personal) for s in bewilligt]
    assert Benachrichtigung.objects.filter(empfaenger=kommune_user, text__startswith="Verwendungsnachweis 2026").count() == 1
    # prefilled with the Bescheid's amounts: nothing to reclaim, nothing to pay later
    ergebnis = berechnung.berechnen(n)
    assert ergebnis.anerkannt == bestandskraeftiger_bescheid.hoechstbetrag


def test_nr_7_4_abschnitte_speichern_rechnen_und_einreichen(nachweis, client_als, kommune_user, ausgezahlt_voll,
                                                            sachbearbeitung_user):
    """Nr. 7.4/7.5: die Kommune speichert Sachbericht und Nachweis (K1 hat 7.000 € weniger gekostet), sieht daneben
    die Überzahlung, reicht mit Versicherung ein; Anlage 3 ist als PDF mit SHA-256 gespeichert."""
    client = client_als(kommune_user)
    url = reverse("vn_detail", args=[nachweis.pk])
    assert client.get(url).status_code == 200
    k1 = nachweis.stellen.first()
    weniger = k1.personalausgaben - D("7000.00")

    antwort = client.post(reverse("vn_rechnen", args=[nachweis.pk]), stellen_post(
        nachweis, **{k1.kennung: {"personalausgaben": str(weniger).replace(".", ",")}}))
    assert antwort.status_code == 200 and "7.000,00" in antwort.content.decode()  # Überzahlung, live

    assert client.post(reverse("vn_abschnitt", args=[nachweis.pk, "sachbericht"]), SACHBERICHT).status_code == 302
    antwort = client.post(reverse("vn_abschnitt", args=[nachweis.pk, "stellen"]), stellen_post(
        nachweis, **{k1.kennung: {"personalausgaben": str(weniger).replace(".", ",")}}))
    assert antwort.status_code == 302
    ergebnis = berechnung.berechnen(Verwendungsnachweis.objects.get())
    assert ergebnis.ueberzahlung == D("7000.00") and ergebnis.nachzahlung == D("0.00")

    antwort = client.post(reverse("vn_einreichen", args=[nachweis.pk]), {})
    assert antwort.status_code == 200 and "Bitte bestätigen Sie die Versicherung" in antwort.content.decode()
    assert Verwendungsnachweis.objects.get().status == NachweisStatus.ENTWURF

    assert client.post(reverse("vn_einreichen", args=[nachweis.pk]), {"versicherung": "on"}).status_code == 302
    n = Verwendungsnachweis.objects.get()
    assert n.status == NachweisStatus.EINGEREICHT and n.eingereicht_von == kommune_user
    assert n.ergebnis["summen"]["ueberzahlung"] == "7000.00"
    assert n.dokument is not None and len(n.dokument.sha256) == 64
    with n.dokument.datei.open("rb") as datei:
        text = "".join(seite.extract_text() for seite in PdfReader(io.BytesIO(datei.read())).pages)
    assert "Verwendungsnachweis" in text and "7.000,00" in text and "Versicherung" in text
    sha = n.dokument.sha256
    # idempotent; no change after submission; Sachbearbeitung notified
    services.einreichen(n, benutzer=kommune_user, versicherung=True)
    assert Verwendungsnachweis.objects.get().dokument.sha256 == sha
    client.post(reverse("vn_abschnitt", args=[nachweis.pk, "sachbericht"]), {**SACHBERICHT, "sb-cm_faelle": "1"})
    assert Verwendungsnachweis.objects.get().sachbericht["cm_faelle"] == 120
    assert Benachrichtigung.objects.filter(empfaenger=sachbearbeitung_user,
                                           text__contains="Verwendungsnachweis 2026").count() == 1
    seite = client.get(url).content.decode()
    assert reverse("dokument_herunterladen", args=[n.dokument.pk]) in seite


def test_nr_7_4_fehler_zeigen_das_getippte_und_speichern_nichts(nachweis, client_als, kommune_user):
    """Nr. 7.4: VZÄ 1,5 und ein Ende vor dem Beginn → deutsche Meldungen, das Getippte bleibt, nichts gespeichert;
    Einreichen ohne Sachbericht nennt, was fehlt."""
    client = client_als(kommune_user)
    k1 = nachweis.stellen.first()
    antwort = client.post(reverse("vn_abschnitt", args=[nachweis.pk, "stellen"]),
                          stellen_post(nachweis, **{k1.kennung: {"vzae": "1,5", "besetzt_durch": "Herr Neu"}}))
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "höchstens 1,0" in seite and "Herr Neu" in seite and "1,5" in seite
    assert nachweis.stellen.first().besetzt_durch == ""
    antwort = client.post(reverse("vn_abschnitt", args=[nachweis.pk, "sachbericht"]),
                          {**SACHBERICHT, "sb-cm_abgeschlossen": "500"})
    assert antwort.status_code == 200 and "nicht mehr Fälle abgeschlossen" in antwort.content.decode()
    antwort = client.post(reverse("vn_einreichen", args=[nachweis.pk]), {"versicherung": "on"})
    assert antwort.status_code == 200
    assert "strategischen Steuerung" in antwort.content.decode()
    assert Verwendungsnachweis.objects.get().status == NachweisStatus.ENTWURF


def test_nr_7_4_sachbearbeitung_sieht_darf_aber_nicht_bearbeiten(nachweis, client_als, sachbearbeitung_user):
    """DESIGN.md Rollen: den Nachweis legt die Kommune vor; die Sachbearbeitung sieht ihn (200) und bekommt beim
    Speichern 403."""
    client = client_als(sachbearbeitung_user)
    assert client.get(reverse("vn_detail", args=[nachweis.pk])).status_code == 200
    assert client.get(reverse("vn_liste")).status_code == 200
    assert client.post(reverse("vn_abschnitt", args=[nachweis.pk, "sachbericht"]), SACHBERICHT).status_code == 403
    assert client.post(reverse("vn_einreichen", args=[nachweis.pk]), {"versicherung": "on"}).status_code == 403


def test_nr_7_4_kommando_eroeffnet_wie_die_aufgabe(bestandskraeftiger_bescheid, time_machine):
    """DESIGN.md "Scheduled work": jede periodische Aufgabe ist auch ein Kommando; Celery-Aufgabe und Zeitplan."""
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    from verwendungsnachweis.tasks import nachweise_eroeffnen

    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    out = io.StringIO()
    call_command("nachweise_eroeffnen", stdout=out)
    assert "1 Verwendungsnachweis(e) eröffnet" in out.getvalue()
    assert nachweise_eroeffnen.delay().get() == 0
    assert PeriodicTask.objects.get(task="verwendungsnachweis.nachweise_eroeffnen").enabled


def test_nr_7_4_startseiten_kommune_und_sachbearbeitung(nachweis, client_als, kommune_user, sachbearbeitung_user,
                                                         time_machine):
    """Nr. 7.4: die Kommune sieht ihren offenen Nachweis mit Frist; nach dem 31.03.2027 sieht die
    Sachbearbeitung ihn als überfällig."""
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    assert "Verwendungsnachweise vorlegen" in seite and "vorzulegen bis 31.03.2027" in seite
    time_machine.move_to("2027-04-01 09:00 +02:00", tick=False)
    seite = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "überfällig seit 31.03.2027" in seite
