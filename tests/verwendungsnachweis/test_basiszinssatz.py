"""Basiszinssatz-Tabelle (§ 247 BGB) als Daten, die der Admin in der Anwendung pflegt (issue 11 Nr. 1):
Datenmigration der bekannten Sätze, Erfassen und Berichtigen mit Protokoll, ein fehlender Satz als Aufgabe auf der
Startseite des Admins, und die Zinsrechnung nach § 49a Abs. 3 VwVfG NRW mit genau dieser Tabelle."""
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kim_foerderung import regeln
from kim_foerderung.protokoll.models import Protokolleintrag
from verwendungsnachweis import selectors, services
from verwendungsnachweis.models import Basiszinssatz

pytestmark = pytest.mark.django_db
D = Decimal


def eintraege(satz):
    return list(Protokolleintrag.objects.filter(content_type=ContentType.objects.get_for_model(Basiszinssatz),
                                                object_id=str(satz.pk)).order_by("zeitpunkt", "pk"))


def test_247_bgb_datenmigration_enthaelt_die_bekannten_saetze():
    """§ 247 BGB / DESIGN.md: die Tabelle beginnt mit den bekannten Sätzen 2024–2026 (die eingebaute Tabelle
    des Regelmoduls)."""
    assert selectors.basiszinstabelle() == regeln.BASISZINSSAETZE


def test_49a_zinsen_mit_der_tabelle_des_admins_und_verweigert_fehlendes_halbjahr():
    """§ 49a Abs. 3 VwVfG NRW: gerechnet wird mit der gepflegten Tabelle; ein Halbjahr ohne Satz wird verweigert,
    nicht mit dem letzten Satz fortgeschrieben."""
    tabelle = selectors.basiszinstabelle()
    assert regeln.erstattungszinsen(D("10000.00"), date(2025, 6, 15), date(2025, 7, 15),
                                    basiszinssaetze=tabelle) == D("39.21")
    with pytest.raises(regeln.FehlenderBasiszinssatz, match="2. Halbjahr 2026"):
        regeln.zinsberechnung(D("100"), date(2026, 6, 1), date(2026, 7, 2), basiszinssaetze=tabelle)


def test_247_bgb_admin_erfasst_und_berichtigt_satz_mit_protokoll(client_als, admin_user):
    """§ 247 BGB: der Admin trägt den Satz ab 1.7.2026 ein und berichtigt ihn; beides steht im Protokoll mit
    altem und neuem Wert; danach rechnet die Zinsberechnung mit ihm."""
    client = client_als(admin_user)
    antwort = client.post(reverse("basiszinssaetze"), {"gueltig_ab": "01.07.2026", "prozent": "1,20",
                                                       "quelle": "Bundesbank, Juni 2026"})
    assert antwort.status_code == 302
    satz = Basiszinssatz.objects.get(gueltig_ab=date(2026, 7, 1))
    assert (satz.prozent, satz.erfasst_von) == (D("1.20"), admin_user)
    client.post(reverse("basiszinssaetze"), {"gueltig_ab": "2026-07-01", "prozent": "-0,50", "quelle": "berichtigt"})
    satz.refresh_from_db()
    assert satz.prozent == D("-0.50")
    protokoll = eintraege(satz)
    assert [e.aktion for e in protokoll] == ["Basiszinssatz erfasst", "Basiszinssatz geändert"]
    assert protokoll[1].daten["vorher"] == "1.20" and protokoll[1].daten["prozent"] == "-0.50"
    assert protokoll[1].benutzer == admin_user
    # gleicher Wert noch einmal: keine neue Zeile im Protokoll
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("-0.50"),
                                     quelle="berichtigt")
    assert len(eintraege(satz)) == 2
    seite = client.get(reverse("basiszinssaetze")).content.decode()
    assert "01.07.2026" in seite and "-0,5 %" in seite and "2,5 %" in seite


@pytest.mark.parametrize("daten,feld,text", [
    ({"gueltig_ab": "15.07.2026", "prozent": "1,20"}, "gueltig_ab", "1. Januar oder dem 1. Juli"),
    ({"gueltig_ab": "01.07.2026", "prozent": "1,234"}, "prozent", ""),
    ({"gueltig_ab": "01.07.2026", "prozent": "eins"}, "prozent", "Bitte geben Sie eine Zahl an"),
    ({"gueltig_ab": "1.7.26x", "prozent": "1,20"}, "gueltig_ab", "Bitte geben Sie ein Datum an"),
])
def test_247_bgb_falsche_eingabe_deutsch_und_nichts_gespeichert(client_als, admin_user, daten, feld, text):
    """§ 247 Abs. 2 BGB (Stichtage 1.1./1.7.): eine falsche Eingabe zeigt einen deutschen Satz am Feld, behält
    das Getippte und speichert nichts."""
    antwort = client_als(admin_user).post(reverse("basiszinssaetze"), daten)
    assert antwort.status_code == 200
    form = antwort.context["form"]
    assert form.errors.get(feld), form.errors
    assert text in " ".join(form.errors[feld])
    assert daten["prozent"] in antwort.content.decode()
    assert Basiszinssatz.objects.count() == 5


def test_basiszinssaetze_nur_fuer_den_admin(client_als, sachbearbeitung_user, kommune_user):
    """DESIGN.md Rollen: Stammdaten pflegt der Admin; Sachbearbeitung und Kommune bekommen 403."""
    for user in (sachbearbeitung_user, kommune_user):
        client = client_als(user)
        assert client.get(reverse("basiszinssaetze")).status_code == 403
        assert client.post(reverse("basiszinssaetze"), {"gueltig_ab": "01.07.2026", "prozent": "1"}).status_code == 403
    assert Basiszinssatz.objects.count() == 5


def test_fehlender_satz_ist_aufgabe_auf_der_startseite_des_admins(client_als, admin_user, sachbearbeitung_user,
                                                                   time_machine):
    """DESIGN.md: am 1.8.2026 fehlt der Satz für das 2. Halbjahr 2026 → Aufgabe auf der Startseite des Admins
    (nicht der Sachbearbeitung); nach dem Eintragen ist sie weg. Am 1.3.2026 fehlt nichts."""
    time_machine.move_to("2026-03-01 10:00 +01:00", tick=False)
    assert selectors.fehlende_basiszinssaetze() == []
    time_machine.move_to("2026-08-01 10:00 +02:00", tick=False)
    assert selectors.fehlende_basiszinssaetze() == [date(2026, 7, 1)]
    seite = client_als(admin_user).get(reverse("start_admin")).content.decode()
    assert "Aufgabe: Basiszinssatz eintragen" in seite and "2. Halbjahr 2026 (1. Juli bis 31. Dezember 2026)" in seite
    assert reverse("basiszinssaetze") in seite
    assert "Basiszinssatz eintragen" not in client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("1.10"))
    seite = client_als(admin_user).get(reverse("start_admin")).content.decode()
    assert "Basiszinssatz eintragen" not in seite and "Basiszinssätze pflegen" in seite
    # eine Lücke mitten in der Tabelle ist auch eine Aufgabe
    Basiszinssatz.objects.filter(gueltig_ab=date(2025, 7, 1)).delete()
    assert selectors.fehlende_basiszinssaetze() == [date(2025, 7, 1)]
