"""Bescheid pages: Prüfung, draft editing, four-eyes in the UI, sending, the Kommune's view, 404 elsewhere."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from bescheide import services
from bescheide.models import BescheidStatus

pytestmark = pytest.mark.django_db


def entwurf_daten(bescheid, **aenderungen):
    daten = {"begruendung": "", "veranstaltungen": "0,00", "schnittstellen": "0,00", "begleit_grund": ""}
    for s in bescheid.stellen.all():
        p = f"stelle-{s.pk}"
        daten.update({f"{p}-vzae": str(s.vzae).replace(".", ","), f"{p}-von_monat": s.von_monat,
                      f"{p}-bis_monat": s.bis_monat, f"{p}-kuerzung_grund": ""})
        if s.bewilligt:
            daten[f"{p}-bewilligt"] = "on"
    for kennung, werte in aenderungen.items():
        s = bescheid.stellen.get(kennung=kennung)
        for feld, wert in werte.items():
            schluessel = f"stelle-{s.pk}-{feld}"
            if wert is None:
                daten.pop(schluessel, None)
            else:
                daten[schluessel] = wert
    return daten


def test_pruefung_und_entwurf_ueber_die_seiten(client_als, sachbearbeitung_user, eingereichter_antrag, haushalt_2026):
    client = client_als(sachbearbeitung_user)
    url = reverse("pruefung", args=[eingereichter_antrag.pk])
    seite = client.get(url).content.decode()
    assert "Nr. 4.1 a: Betrieb eines geförderten KI" in seite
    antwort = client.post(url, {"ok_4_1a": "on", "notiz_4_1a": "Förderbescheid KI liegt vor", "vermerk": "ok"})
    assert antwort.status_code == 302
    eingereichter_antrag.refresh_from_db()
    assert eingereichter_antrag.status == "in_pruefung"
    assert eingereichter_antrag.pruefung.punkte["4.1a"] == {"ok": True, "notiz": "Förderbescheid KI liegt vor"}
    antwort = client.post(reverse("bescheid_entwurf_anlegen", args=[eingereichter_antrag.pk]))
    bescheid = eingereichter_antrag.bescheide.get()
    assert antwort["Location"] == reverse("bescheid_detail", args=[bescheid.pk])
    # A partial Bewilligung: CM2 reduced to six months, with the reason.
    daten = entwurf_daten(bescheid, CM2={"von_monat": "7", "kuerzung_grund": "Besetzung erst zum 1. Juli belegt"})
    antwort = client.post(reverse("bescheid_speichern", args=[bescheid.pk]), daten)
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    bescheid.refresh_from_db()
    assert bescheid.entscheidung == "teilweise"
    assert str(bescheid.hoechstbetrag) == "323175.00"  # CM2 0,75 × 57.000 × 6/12 = 21.375 instead of 32.062,50


def test_kuerzung_ohne_grund_deutscher_fehler_und_eingaben_bleiben(client_als, sachbearbeitung_user, entwurf):
    client = client_als(sachbearbeitung_user)
    daten = entwurf_daten(entwurf, K4={"bewilligt": None})
    antwort = client.post(reverse("bescheid_speichern", args=[entwurf.pk]), daten)
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "Bitte begründen Sie jede Kürzung" in html and "K4: Grund der Kürzung fehlt." in html
    daten = entwurf_daten(entwurf, K1={"vzae": "1,7"})
    html = client.post(reverse("bescheid_speichern", args=[entwurf.pk]), daten).content.decode()
    assert "höchstens 1,0" in html and 'value="1,7"' in html


def test_gleiche_person_kann_nicht_zeichnen_in_der_oberflaeche(client_als, entwurf, db):
    from tests import factories

    beide = factories.BenutzerFactory(ist_sachbearbeitung=True, ist_zeichnung=True)
    client = client_als(beide)
    entwurf.vorbereitet_von = beide
    entwurf.save()
    client.post(reverse("bescheid_vorlegen", args=[entwurf.pk]))
    seite = client.get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Zeichnen muss eine andere Person" in seite and "Zeichnen und freigeben" not in seite
    antwort = client.post(reverse("bescheid_freigeben", args=[entwurf.pk]), {"bestaetigt": "ja"}, follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG


def test_zeichnung_startseite_und_freigabe(client_als, sachbearbeitung_user, zeichnung_user, entwurf):
    services.vorlegen(entwurf, sachbearbeitung_user)
    client = client_als(zeichnung_user)
    start = client.get(reverse("start_zeichnung")).content.decode()
    assert "Bescheide zur Zeichnung" in start and "Kreis Unna 2026" in start
    client.post(reverse("bescheid_freigeben", args=[entwurf.pk]), {"bestaetigt": "ja"})
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.FREIGEGEBEN and entwurf.nummer == "KIM-2026-05978000-01"


def test_kommune_sieht_bescheid_erst_nach_versand(client_als, kommune_user, kommune2_user, sachbearbeitung_user,
                                               freigegebener_bescheid, time_machine):
    b = freigegebener_bescheid
    kommune = client_als(kommune_user)
    assert kommune.get(reverse("bescheid_detail", args=[b.pk])).status_code == 404
    assert kommune.get(reverse("dokument_herunterladen", args=[b.dokument.pk])).status_code == 404
    time_machine.move_to("2025-12-01 10:00 +01:00")
    client_als(sachbearbeitung_user).post(reverse("bescheid_versenden", args=[b.pk]),
                                         {"abgesandt_am": "01.12.2025", "bestaetigt": "ja"})
    b.refresh_from_db()
    assert b.status == BescheidStatus.VERSANDT and b.bekanntgabe_am.isoformat() == "2025-12-05"
    kommune = client_als(kommune_user)
    seite = kommune.get(reverse("bescheid_detail", args=[b.pk])).content.decode()
    assert "Rechtsbehelfsverzicht erklären" in seite and "05.12.2025" in seite
    assert kommune.get(reverse("dokument_herunterladen", args=[b.dokument.pk])).status_code == 200
    start = kommune.get(reverse("start_kommune")).content.decode()
    assert "Ihre Bescheide" in start and "Klagefrist bis 05.01.2026" in start
    andere = client_als(kommune2_user)
    for name in ("bescheid_detail",):
        assert andere.get(reverse(name, args=[b.pk])).status_code == 404
    for name in ("bescheid_verzicht", "bescheid_empfang", "bescheid_aenderung_beantragen"):
        assert andere.post(reverse(name, args=[b.pk]), {"bestaetigt": "ja"}).status_code == 404
    assert andere.get(reverse("dokument_herunterladen", args=[b.dokument.pk])).status_code == 404
    kommune = client_als(kommune_user)  # the test client is shared: log the Kommune in again
    antwort = kommune.post(reverse("bescheid_verzicht", args=[b.pk]), {"bestaetigt": "ja"})
    b.refresh_from_db()
    assert antwort.status_code == 302 and b.status == BescheidStatus.BESTANDSKRAEFTIG


def test_antragsseite_zeigt_entscheidung(client_als, kommune_user, sachbearbeitung_user, freigegebener_bescheid,
                                        time_machine):
    antrag = freigegebener_bescheid.antrag
    sb = client_als(sachbearbeitung_user).get(reverse("antrag_detail", args=[antrag.pk])).content.decode()
    assert "KIM-2026-05978000-01" in sb
    assert f'href="{reverse("pruefung", args=[antrag.pk])}">Zur Prüfung dieses Antrags</a>' in sb
    time_machine.move_to("2025-12-01 10:00 +01:00")
    services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    km = client_als(kommune_user).get(reverse("antrag_detail", args=[antrag.pk])).content.decode()
    assert "KIM-2026-05978000-01" in km and "bewilligt" in km


def test_demo_bescheide_in_jedem_status(db, time_machine):
    """The demo (README quick start) shows every state of a Bescheid, a returned draft, an Ablehnung, an
    Änderungsbescheid beside the Bescheid it changes, and a year whose Haushaltsmittel (Nr. 1.3) are short of the
    open Anträge; a second run changes nothing."""
    from django.core.management import call_command

    from bescheide import haushalt
    from bescheide.demo import KNAPP_BEMERKUNG, RUECKGABE_NOTIZ
    from bescheide.models import Bescheid
    from kim_foerderung.stammdaten.models import Haushaltsmittel
    from kim_foerderung.zugang.services import demo_benutzer_anlegen

    time_machine.move_to("2026-11-25 08:00 +01:00")
    demo_benutzer_anlegen()
    call_command("demo_antraege")
    call_command("demo_bescheide")
    status = set(Bescheid.objects.values_list("status", flat=True))
    assert {"entwurf", "zur_zeichnung", "freigegeben", "versandt", "bestandskraeftig"} <= status
    # Issue 9 Nr. 5: every Antrag with a Bescheid has a complete Prüfung (every point decided, a Prüfvermerk)
    from antraege import selectors as antrag_selectors
    from bescheide.models import Pruefung
    from bescheide.pruefpunkte import offene_pruefpunkte

    for b in Bescheid.objects.select_related("antrag__kommune"):
        antrag = b.antrag
        offen = offene_pruefpunkte(antrag, Pruefung.objects.filter(antrag=antrag).first(),
                                   antrag_selectors.berechnung(antrag))
        assert offen == [], (antrag.kommune.name, antrag.foerderjahr, offen)

    def von(ags, **filter):
        return Bescheid.objects.select_related("antrag").get(antrag__kommune__ags=ags, antrag__foerderjahr=2027,
                                                             **filter)

    # gezeichnet, not yet sent (Duisburg)
    duisburg = von("05112000")
    assert duisburg.status == "freigegeben" and duisburg.nummer and duisburg.dokument_id
    assert duisburg.abgesandt_am is None and duisburg.bekanntgabe_am is None
    # Ablehnungsbescheid, sent (Kreis Recklinghausen)
    ablehnung = von("05562000")
    assert (ablehnung.art, ablehnung.status, ablehnung.antrag.status) == ("ablehnung", "versandt", "abgelehnt")
    assert "Nr. 4.1 a und c" in ablehnung.begruendung
    # Änderungsbescheid gezeichnet; the Bescheid it changes is kept, bestandskräftig (Kreis Soest)
    aenderung = von("05974000", art="aenderung")
    erster = von("05974000", art="zuwendung")
    assert aenderung.status == "freigegeben" and aenderung.ersetzt == erster and aenderung.gilt_ab_monat == 4
    assert erster.status == "bestandskraeftig" and erster.dokument_id != aenderung.dokument_id
    assert aenderung.hoechstbetrag < erster.hoechstbetrag
    assert erster.aenderungsantraege.get().erledigt_durch == aenderung
    # draft sent back by Zeichnung with a note (Münster)
    zurueck = von("05515000")
    assert zurueck.status == "entwurf" and zurueck.rueckgabe_notiz == RUECKGABE_NOTIZ
    # Nr. 1.3, 5.4.1: the means of 2027 do not cover the open Anträge, but the Bescheid zur Zeichnung fits
    mittel = Haushaltsmittel.objects.get(foerderjahr=2027)
    assert mittel.bemerkung == KNAPP_BEMERKUNG
    vorschlag = haushalt.verteilungsvorschlag(2027)
    assert vorschlag.noetig and vorschlag.verfuegbar < vorschlag.basis
    gueterloh = von("05754000")
    assert gueterloh.status == "zur_zeichnung"
    services.haushalt_pruefen(gueterloh)  # no BescheidFehler: Zeichnung can sign it

    anzahl, betrag = Bescheid.objects.count(), mittel.betrag
    call_command("demo_bescheide")  # idempotent
    assert Bescheid.objects.count() == anzahl
    assert Haushaltsmittel.objects.get(foerderjahr=2027).betrag == betrag


def test_bescheidliste_abfragen_wachsen_nicht(client_als, sachbearbeitung_user, db):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antraege.models import Antrag
    from bescheide.models import Bescheid
    from kim_foerderung.stammdaten.models import Kommune

    def anlegen(kommunen):
        for k in kommunen:
            antrag = Antrag.objects.create(kommune=k, foerderjahr=2027, status="bewilligt")
            Bescheid.objects.create(antrag=antrag, status="versandt", nummer=f"KIM-2027-{k.ags}-01",
                                    hoechstbetrag=Decimal("100000.00"), vorbereitet_von=sachbearbeitung_user,
                                    freigegeben_von=sachbearbeitung_user)

    kommunen = list(Kommune.objects.order_by("ags"))
    anlegen(kommunen[:2])
    client = client_als(sachbearbeitung_user)
    client.get(reverse("bescheide_liste"))
    with CaptureQueriesContext(connection) as wenige:
        client.get(reverse("bescheide_liste"))
    anlegen(kommunen[2:])
    with CaptureQueriesContext(connection) as viele:
        html = client.get(reverse("bescheide_liste")).content.decode()
    assert "54 Bescheide" in html
    assert len(viele) == len(wenige)


def test_pruefpunkte_zeigen_angaben_des_antrags_und_je_befund_eine_zeile(client_als, sachbearbeitung_user,
                                                                          eingereichter_antrag):
    """Nr. 4.1 a–f, 4.2, 3.2, 4.4 beside what the Kommune declared; every finding of the rules (here Nr. 5.4.1:
    Personalausgaben above the cap) is its own point with a note, stored under its code."""
    from decimal import Decimal

    from bescheide.pruefpunkte import pruefpunkte
    from antraege import services as antrag_services

    eingereichter_antrag.stellen.filter(art="koordination", position=1).update(personalausgaben=Decimal("70000.00"))
    punkte = pruefpunkte(eingereichter_antrag, antrag_services.berechnung(eingereichter_antrag))
    befunde = [p for p in punkte if p.befund]
    assert [p.code for p in befunde] == ["befund:PERSONALAUSGABEN_GEKAPPT:K1"]
    assert befunde[0].text.startswith("Nr. 5.4.1: ") and befunde[0].angabe == "Hinweis"
    angabe = {p.code: p.angabe for p in punkte}
    assert angabe["4.1a"] == "erklärt" and angabe["4.1d"] == "hochgeladen"
    assert angabe["4.1e"].startswith("erklärt; K1: ")
    assert angabe["5.4"] == "keine blockierenden Befunde"

    client = client_als(sachbearbeitung_user)
    url = reverse("pruefung", args=[eingereichter_antrag.pk])
    seite = client.get(url).content.decode()
    assert "Angaben im Antrag" in seite and befunde[0].text in seite
    assert reverse("dokument_herunterladen", args=[eingereichter_antrag.kim_konzept_id]) in seite
    antwort = client.post(url, {"ok_befund_PERSONALAUSGABEN_GEKAPPT_K1": "on",
                                "notiz_befund_PERSONALAUSGABEN_GEKAPPT_K1": "Tarif TVöD S 12, Kappung richtig",
                                "ok_befund_ERFUNDEN_K9": "on", "vermerk": ""})
    assert antwort.status_code == 302
    eingereichter_antrag.refresh_from_db()
    gespeichert = eingereichter_antrag.pruefung.punkte
    assert gespeichert["befund:PERSONALAUSGABEN_GEKAPPT:K1"] == {"ok": True,
                                                                "notiz": "Tarif TVöD S 12, Kappung richtig"}
    assert not any("ERFUNDEN" in code for code in gespeichert)
    assert "Tarif TVöD S 12, Kappung richtig" in client.get(url).content.decode()


def _bescheid_zeilen(html):
    tbody = html[html.index("<tbody"):html.index("</tbody>")]
    return re.findall(r'href="/bescheide/(\d+)/">([^<]+)</a>', tbody)


def test_bescheidliste_jahr_suche_sortierung_csv_und_unterscheidbare_zeilen(client_als, sachbearbeitung_user, unna,
                                                                           bielefeld):
    """Issue 14: year filter, search, sorting, CSV – and no two rows read "Zuwendungsbescheid (Entwurf)"."""
    import csv
    import io

    from antraege.models import Antrag
    from bescheide.models import Bescheid

    b1 = Bescheid.objects.create(antrag=Antrag.objects.create(kommune=unna, foerderjahr=2027, status="in_pruefung"),
                                 hoechstbetrag=Decimal("100000.00"))
    b2 = Bescheid.objects.create(antrag=Antrag.objects.create(kommune=bielefeld, foerderjahr=2027,
                                                              status="in_pruefung"),
                                 hoechstbetrag=Decimal("200000.00"))
    b3 = Bescheid.objects.create(antrag=Antrag.objects.create(kommune=unna, foerderjahr=2026, status="bewilligt"),
                                 status="versandt", nummer="KIM-2026-05978000-01", hoechstbetrag=Decimal("50000.00"))
    client = client_als(sachbearbeitung_user)
    html = client.get(reverse("bescheide_liste")).content.decode()
    zeilen = _bescheid_zeilen(html)
    assert {int(pk) for pk, _ in zeilen} == {b1.pk, b2.pk, b3.pk}
    texte = [re.sub(r"\s+", " ", text) for _pk, text in zeilen]
    assert "Zuwendungsbescheid KIM-2026-05978000-01" in texte
    assert "Kreis Unna" in html and "Stadt Bielefeld" in html
    html = client.get(reverse("bescheide_liste"), {"jahr": "2027", "sort": "-hoechstbetrag"}).content.decode()
    assert [int(pk) for pk, _ in _bescheid_zeilen(html)] == [b2.pk, b1.pk]
    assert 'aria-sort="descending"' in html
    html = client.get(reverse("bescheide_liste"), {"q": "Bielefeld"}).content.decode()
    assert [int(pk) for pk, _ in _bescheid_zeilen(html)] == [b2.pk]
    html = client.get(reverse("bescheide_liste"), {"q": "KIM-2026"}).content.decode()
    assert [int(pk) for pk, _ in _bescheid_zeilen(html)] == [b3.pk]
    antwort = client.get(reverse("bescheide_liste"), {"export": "csv", "jahr": "2026"})
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert antwort["Content-Type"].startswith("text/csv")
    assert zeilen[0][0] == "Bescheidnummer" and len(zeilen) == 2
    assert zeilen[1][:2] == ["KIM-2026-05978000-01", "Zuwendungsbescheid"] and zeilen[1][6] == "50.000,00"
