"""Issue 14 item 10: a Nachforderung has an answer Frist – four weeks from sending by default (§ 31 Abs. 1 VwVfG NRW
with §§ 187 Abs. 1, 188 Abs. 2 BGB), moved to the next Werktag in NRW (§ 31 Abs. 3 VwVfG NRW), editable by the
Sachbearbeiterin when sending, shown to the Kommune and listed as overdue on the Sachbearbeitung's start page."""
from datetime import date

import pytest
from django.urls import reverse

from antraege import services
from antraege.fehler import AntragFehler
from antraege.models import AntragStatus, Nachforderung
from kim_foerderung import regeln
from kim_foerderung.protokoll.models import Benachrichtigung, Protokolleintrag

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("gesendet, frist", [
    (date(2025, 10, 15), date(2025, 11, 12)),  # Wednesday → Wednesday four weeks later
    (date(2025, 10, 4), date(2025, 11, 3)),    # → Sat 01.11.2025 (Allerheiligen) → Monday
    (date(2025, 11, 27), date(2025, 12, 29)),  # → Thu 25.12. (1. Weihnachtstag), 26.12., weekend → Monday
])
def test_31_vwvfg_vier_wochen_auf_den_naechsten_werktag(gesendet, frist):
    assert regeln.nachforderung_frist(gesendet) == frist


@pytest.mark.parametrize("frist, text", [
    (date(2025, 10, 15), "muss nach dem heutigen Tag (15.10.2025) liegen"),
    (date(2025, 11, 1), "kein Werktag in NRW (Allerheiligen)"),
    (date(2025, 11, 2), "z. B. den 03.11.2025"),
    (date(2026, 3, 1), "höchstens drei Monate"),
])
def test_31_vwvfg_gesetzte_frist_wird_geprueft(frist, text):
    with pytest.raises(regeln.RegelFehler, match=text.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        regeln.nachforderung_frist_pruefen(date(2025, 10, 15), frist)


@pytest.fixture
def in_pruefung(einreichbarer_antrag, kommune_user, sachbearbeitung_user):
    """Kreis Unna's Antrag 2026, submitted and in Prüfung on Wed 15.10.2025."""
    antrag = services.einreichen(einreichbarer_antrag, kommune_user, versicherung=True)
    return services.pruefung_beginnen(antrag, sachbearbeitung_user)


def test_standardfrist_gespeichert_protokolliert_und_mitgeteilt(in_pruefung, sachbearbeitung_user, kommune_user,
                                                                mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.nachforderung_stellen(in_pruefung, sachbearbeitung_user, "Bitte Qualifikation von K4 nennen.")
    runde = Nachforderung.objects.get(antrag=in_pruefung)
    assert runde.antwort_frist == date(2025, 11, 12)
    eintrag = Protokolleintrag.objects.get(object_id=str(in_pruefung.pk), aktion="Nachforderung 1 gestellt")
    assert eintrag.daten["antwort_frist"] == "2025-11-12"
    assert Benachrichtigung.objects.get(empfaenger=kommune_user).text.endswith("– Antwort bis 12.11.2025")
    assert [m.to for m in mailoutbox] == [[kommune_user.email]]
    assert "bis zum 12.11.2025:" in mailoutbox[0].body


def test_eigene_frist_und_falsche_frist_aendert_nichts(in_pruefung, sachbearbeitung_user):
    with pytest.raises(AntragFehler, match="kein Werktag in NRW") as fehler:
        services.nachforderung_stellen(in_pruefung, sachbearbeitung_user, "Fragen", antwort_frist=date(2025, 11, 1))
    assert fehler.value.feld == "antwort_frist"
    in_pruefung.refresh_from_db()
    assert in_pruefung.status == AntragStatus.IN_PRUEFUNG and not in_pruefung.nachforderungen.exists()
    services.nachforderung_stellen(in_pruefung, sachbearbeitung_user, "Fragen", antwort_frist=date(2025, 11, 28))
    assert in_pruefung.nachforderungen.get().antwort_frist == date(2025, 11, 28)


def test_formular_vorbelegt_fehler_deutsch_eingaben_bleiben(in_pruefung, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    seite = client.get(reverse("antrag_detail", args=[in_pruefung.pk])).content.decode()
    assert 'name="antwort_frist" id="id_antwort_frist" value="2025-11-12"' in seite
    url = reverse("antrag_nachforderung", args=[in_pruefung.pk])
    antwort = client.post(url, {"fragen": "Bitte CM2 belegen.", "antwort_frist": "2025-11-02"})
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert "Der 02.11.2025 ist kein Werktag in NRW (ein Sonntag)" in html and "Bitte CM2 belegen." in html
    assert 'value="2025-11-02"' in html
    antwort = client.post(url, {"fragen": "Bitte CM2 belegen.", "antwort_frist": "kein Datum"})
    assert antwort.status_code == 400 and "Bitte geben Sie die Antwortfrist als Datum an" in antwort.content.decode()
    assert not Nachforderung.objects.exists()
    antwort = client.post(url, {"fragen": "Bitte CM2 belegen.", "antwort_frist": "26.11.2025"}, follow=True)
    assert "Antwort erbeten bis 26.11.2025" in antwort.content.decode()
    assert Nachforderung.objects.get().antwort_frist == date(2025, 11, 26)


def test_kommune_sieht_frist_und_sachbearbeitung_die_ueberfaelligen(in_pruefung, sachbearbeitung_user, kommune_user,
                                                                   kommune2_user, client_als, time_machine):
    services.nachforderung_stellen(in_pruefung, sachbearbeitung_user, "Bitte Qualifikation von K4 nennen.")
    kommune = client_als(kommune_user)
    seite = kommune.get(reverse("antrag_detail", args=[in_pruefung.pk])).content.decode()
    assert "<strong>Antwort erbeten bis 12.11.2025</strong>" in seite and "abgelaufen" not in seite
    assert "Nachforderung beantworten: 12.11.2025" in kommune.get(reverse("antraege_liste")).content.decode()
    start_kommune = kommune.get(reverse("start_kommune")).content.decode()
    assert "Antwort erbeten bis zum 12.11.2025" in start_kommune
    # Issue 14 Nr. 5: the answer Frist is the Kommune's next Frist, with its next step as a link
    assert "Nachforderung zum Antrag 2026" in start_kommune and "Mittwoch, 12.11.2025" in start_kommune
    assert "Nächster Schritt: Nachforderung beantworten und den Antrag erneut einreichen (Kommune)" in start_kommune

    sb = client_als(sachbearbeitung_user)
    start = sb.get(reverse("start_sachbearbeitung")).content.decode()
    assert "Nachforderungen mit abgelaufener Antwortfrist" not in start  # not yet due: no empty panel
    assert "offen, Antwort bis 12.11.2025" in start

    time_machine.move_to("2025-11-13 09:00 +01:00", tick=False)
    start = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "Nachforderungen mit abgelaufener Antwortfrist" in start
    assert "Runde 1, Antwort erbeten bis 12.11.2025 – seit 1 Tag überfällig" in start
    seite = client_als(kommune_user).get(reverse("antrag_detail", args=[in_pruefung.pk])).content.decode()
    assert "die Frist ist abgelaufen; bitte antworten Sie umgehend" in seite

    # Answered: no longer overdue.
    services.nachforderung_beantworten(in_pruefung, kommune_user, "K4: Master Soziale Arbeit.")
    start = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "Nachforderungen mit abgelaufener Antwortfrist" not in start
