"""Worklists (issue 12): Wiedervorlagen on a case, "Meine Vorgänge" of the assigned Sachbearbeiterin ordered by
date (a Wiedervorlage due today first, and only on her own start page), the Zeichnung's series of prepared
Bescheide, each with its Prüfung, signed one by one (four-eyes by person, as bescheide.services.freigeben)."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from antraege import services as antrag_services
from antraege.models import AntragStatus
from bescheide import services as bescheid_services
from bescheide.models import BescheidStatus
from kim_foerderung.arbeitsliste import services
from kim_foerderung.arbeitsliste.models import Wiedervorlage
from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories
from uebersicht.selectors import meine_vorgaenge, zeichnungsreihe

pytestmark = pytest.mark.django_db


@pytest.fixture
def heute(time_machine):
    time_machine.move_to("2026-03-02 09:00 +01:00", tick=False)
    return date(2026, 3, 2)


def test_wiedervorlage_heute_steht_zuerst_auf_der_startseite_der_zugewiesenen(
        heute, unna, bielefeld, sachbearbeitung_user, sachbearbeitung2_user, client_als):
    unna.bearbeiterin = sachbearbeitung_user
    unna.save()
    # Something else is waiting in her Kommune: an Antrag eingereicht long ago (no Frist, so after dated items).
    factories.AntragFactory(kommune=unna, foerderjahr=2027, status=AntragStatus.EINGEREICHT,
                            eingereicht_am=datetime(2026, 1, 10, 10, tzinfo=ZoneInfo("Europe/Berlin")))
    services.wiedervorlage_anlegen(benutzer=sachbearbeitung_user, kommune=bielefeld, foerderjahr=2026,
                                   faellig_am=date(2026, 3, 20), notiz="Später nachfassen")
    services.wiedervorlage_anlegen(benutzer=sachbearbeitung_user, kommune=unna, foerderjahr=2026,
                                   faellig_am=heute, notiz="Stellenbesetzung K3 nachfragen")
    vorgaenge = meine_vorgaenge(sachbearbeitung_user)
    assert [v.art for v in vorgaenge] == ["Wiedervorlage", "Wiedervorlage", "Prüfung"]
    assert "Stellenbesetzung K3" in vorgaenge[0].text and vorgaenge[0].zusatz == "heute fällig"

    html = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    panel = html.index("Meine Vorgänge")
    assert panel < html.index("Anträge zur Prüfung")  # the first panel of the page
    assert panel < html.index("Stellenbesetzung K3 nachfragen") < html.index("Später nachfassen")
    anderer = client_als(sachbearbeitung2_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "Stellenbesetzung K3 nachfragen" not in anderer and "Später nachfassen" not in anderer
    assert meine_vorgaenge(sachbearbeitung2_user) == []


def test_wiedervorlage_setzen_in_der_akte_mit_fehlermeldung_und_protokoll(heute, unna, sachbearbeitung_user,
                                                                          client_als):
    client = client_als(sachbearbeitung_user)
    url = reverse("wiedervorlage_anlegen", args=[unna.ags, 2026])
    antwort = client.post(url, {"faellig_am": "2026-02-01", "notiz": "Zu spät gewählt"})
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert "Eine Wiedervorlage liegt heute oder in der Zukunft" in html and "Zu spät gewählt" in html
    assert not Wiedervorlage.objects.exists()
    antwort = client.post(url, {"faellig_am": "2026-03-09", "notiz": "Konzept nachfordern?"})
    assert antwort.status_code == 302
    wv = Wiedervorlage.objects.get()
    assert (wv.zustaendig, wv.faellig_am) == (sachbearbeitung_user, date(2026, 3, 9))
    assert "Konzept nachfordern?" in client.get(reverse("akte", args=[unna.ags, 2026])).content.decode()
    # Done twice is done once.
    for _ in range(2):
        client.post(reverse("wiedervorlage_erledigen", args=[wv.pk]))
    wv.refresh_from_db()
    assert wv.erledigt_am is not None and wv.erledigt_von == sachbearbeitung_user
    assert Protokolleintrag.objects.filter(object_id=str(wv.pk), aktion="Wiedervorlage erledigt").count() == 1
    assert meine_vorgaenge(sachbearbeitung_user) == []


def test_kommune_setzt_keine_wiedervorlage(heute, unna, kommune_user):
    with pytest.raises(Zugriffsverweigert):
        services.wiedervorlage_anlegen(benutzer=kommune_user, kommune=unna, foerderjahr=2026, faellig_am=heute,
                                       notiz="x")


def test_zeichnung_nacheinander_mit_pruefung_und_vier_augen(kommune_user, sachbearbeitung_user, zeichnung_user,
                                                            time_machine, client_als):
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=False)
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=Decimal("20000000.00"))
    antrag = antrag_services.antrag_anlegen(kommune_user, 2026, zeilen=factories.stellen_2026())
    antrag = antrag_services.einreichen(factories.vollstaendig_machen(antrag, kommune_user), kommune_user,
                                        versicherung=True)
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user, vermerk="Alles geprüft, Demo-Vermerk.")
    bescheid = bescheid_services.entwurf_anlegen(antrag, sachbearbeitung_user)
    bescheid_services.vorlegen(bescheid, sachbearbeitung_user)

    client = client_als(zeichnung_user)
    start = client.get(reverse("start_zeichnung")).content.decode()
    assert reverse("zeichnungsreihe") in start
    html = client.get(reverse("zeichnungsreihe")).content.decode()
    assert "Alles geprüft, Demo-Vermerk." in html and "Nr. 4.1 a" in html  # the Prüfung beside it
    antwort = client.post(reverse("bescheid_freigeben", args=[bescheid.pk]), {"bestaetigt": "ja", "weiter": reverse("zeichnungsreihe")})
    assert antwort.status_code == 302 and antwort["Location"] == reverse("zeichnungsreihe")
    bescheid.refresh_from_db()
    assert bescheid.status == BescheidStatus.FREIGEGEBEN and bescheid.freigegeben_von == zeichnung_user
    assert "Kein Bescheid wartet auf Ihre Zeichnung" in client.get(reverse("zeichnungsreihe")).content.decode()
    # A foreign "weiter" is ignored.
    antwort = client.post(reverse("bescheid_freigeben", args=[bescheid.pk]), {"bestaetigt": "ja", "weiter": "https://example.org/"})
    assert antwort["Location"] == reverse("bescheid_detail", args=[bescheid.pk])


def test_wer_vorbereitet_hat_sieht_ihn_nicht_in_der_reihe(kommune_user, time_machine, client_als):
    beides = factories.BenutzerFactory(username="sb-und-zeichnung", ist_sachbearbeitung=True, ist_zeichnung=True)
    antrag = factories.AntragFactory(kommune=kommune_user.kommune, foerderjahr=2026)
    factories.BescheidFactory(antrag=antrag, status=BescheidStatus.ZUR_ZEICHNUNG, vorbereitet_von=beides)
    assert zeichnungsreihe(beides) == []
