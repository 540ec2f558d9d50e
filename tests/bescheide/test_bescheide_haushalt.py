"""Haushaltsmittel page and Verteilungsvorschlag: Nr. 1.3 (Bewilligung only within the available Haushaltsmittel)
and Nr. 5.4.1 („Vorrangig sollen besetzte Personalstellen gefördert werden“)."""
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antraege import services as antrag_services
from antraege.models import Antrag, AntragStatus
from bescheide import haushalt, selectors, services
from bescheide.models import Bescheid, BescheidStatus
from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
from tests import factories
from tests.factories import vollstaendig_machen

pytestmark = pytest.mark.django_db

D = Decimal
GRUND = haushalt.HAUSHALT_GRUND


# --- data straight into the database (the overview only reads) ---------------------------------------------


def _antrag(kommune, status, beantragt, jahr=2026):
    return Antrag.objects.create(kommune=kommune, foerderjahr=jahr, status=status, beantragt=D(beantragt))


def _bescheid(antrag, hoechstbetrag, status=BescheidStatus.FREIGEGEBEN, art="zuwendung", tage=0):
    return Bescheid.objects.create(
        antrag=antrag, art=art, status=status, hoechstbetrag=D(hoechstbetrag),
        freigegeben_am=timezone.make_aware(datetime(2026, 1, 10, 10, 0)) + timedelta(days=tage),
    )


def _kommune(ags):
    return Kommune.objects.get(ags=ags)


@pytest.fixture
def haushaltsjahr_2026(db, unna, bielefeld):
    """Kreis Unna: bewilligt, first 333.862,50 €, changed to 300.000,00 € (Änderungsbescheid in force);
    Bielefeld: in Prüfung 200.000,00 €; Dortmund: abgelehnt 50.000,00 €; Hamm: only a draft Antrag; Kreis Soest:
    withdrawn; Düsseldorf: an Antrag for 2027 only."""
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("1000000.00"))
    a_unna = _antrag(unna, AntragStatus.BEWILLIGT, "333862.50")
    erster = _bescheid(a_unna, "333862.50", status=BescheidStatus.BESTANDSKRAEFTIG)
    aenderung = _bescheid(a_unna, "300000.00", art="aenderung", tage=60)
    aenderung.ersetzt = erster
    aenderung.save()
    Bescheid.objects.create(antrag=a_unna, art="aenderung", status=BescheidStatus.ENTWURF, hoechstbetrag=D("1"))
    a_bielefeld = _antrag(bielefeld, AntragStatus.IN_PRUEFUNG, "200000.00")
    Bescheid.objects.create(antrag=a_bielefeld, status=BescheidStatus.ENTWURF, hoechstbetrag=D("200000.00"))
    a_dortmund = _antrag(_kommune("05913000"), AntragStatus.ABGELEHNT, "50000.00")
    _bescheid(a_dortmund, "0.00", art="ablehnung")
    _antrag(_kommune("05915000"), AntragStatus.ENTWURF, "99999.00")
    _antrag(_kommune("05974000"), AntragStatus.ZURUECKGEZOGEN, "77777.00")
    _antrag(_kommune("05111000"), AntragStatus.EINGEREICHT, "88888.00", jahr=2027)
    return {"unna": a_unna, "bielefeld": a_bielefeld, "dortmund": a_dortmund}


def _zeilen(html):
    """The per-Kommune table's body rows, as text."""
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [z for z in tbody.split("<tr>")[1:]]


def _betraege(zeile):
    """The amount cells of a row: beantragt, in Prüfung, bewilligt, ausgezahlt."""
    return [t.split("</td>", 1)[0] for t in zeile.split('<td class="betrag">')[1:]]


def test_nr_1_3_haushaltsseite_zeigt_mittel_und_summen_je_kommune(client_als, finanzen_user, haushaltsjahr_2026):
    """Nr. 1.3: Haushaltsmittel, beantragt, in Prüfung, bewilligt (Höchstbetrag in Kraft: das neueste
    freigegebene Zuwendungs- oder Änderungsbescheid), ausgezahlt und verbleibend, deutsch formatiert."""
    antwort = client_als(finanzen_user).get(reverse("haushalt_jahr", args=[2026]))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    # totals: beantragt 333.862,50 + 200.000 + 50.000; in Prüfung only Bielefeld; bewilligt only the Änderung
    assert "1.000.000,00 €" in html
    assert "583.862,50 €" in html
    assert "700.000,00 €" in html  # verbleibend = 1.000.000 − 300.000
    zeilen = _zeilen(html)
    assert [z.split("</th>")[0].split(">")[-1] for z in zeilen] == ["Bielefeld", "Dortmund", "Kreis Unna"]
    bielefeld, dortmund, unna = zeilen
    assert _betraege(bielefeld) == ["200.000,00 €", "200.000,00 €", "0,00 €", "0,00 €"]
    assert reverse("antrag_detail", args=[haushaltsjahr_2026["bielefeld"].pk]) in bielefeld
    assert _betraege(dortmund) == ["50.000,00 €", "0,00 €", "0,00 €", "0,00 €"]
    assert _betraege(unna) == ["333.862,50 €", "0,00 €", "300.000,00 €", "0,00 €"]
    assert "88.888" not in html and "99.999" not in html and "77.777" not in html
    assert "Kreis Soest" not in html and "Hamm" not in html
    assert "Auszahlungen" in html and "0,00 €" in html  # ausgezahlt with its footnote
    # the chart: an accessible SVG whose label carries the same numbers
    assert 'role="img"' in html
    assert ('aria-label="Förderjahr 2026: Haushaltsmittel: 1.000.000,00 €; bewilligt: 300.000,00 €; '
            'in Prüfung: 200.000,00 €."') in html
    assert 'width="640.0"' in html and 'width="192.0"' in html and 'width="128.0"' in html
    assert "style=" not in html.split('<main', 1)[1]


def test_nr_1_3_uebersicht_bewilligt_wie_haushaltspruefung(haushaltsjahr_2026):
    """Nr. 1.3: The page's bewilligt equals what every Bescheid's Haushalt check counts."""
    u = haushalt.haushaltsuebersicht(2026)
    assert u.bewilligt == selectors.bewilligt_im_jahr(2026) == D("300000.00")
    assert sum(z.bewilligt for z in u.zeilen) == u.bewilligt
    assert u.in_pruefung == D("200000.00") and u.beantragt == D("583862.50")
    assert u.verbleibend == D("700000.00") and u.ausgezahlt == D("0.00")


def test_haushaltsseite_nur_fuer_die_bezirksregierung(client_als, kommune_user, sachbearbeitung_user,
                                                      zeichnung_user, admin_user, haushaltsjahr_2026):
    assert client_als(kommune_user).get(reverse("haushalt_jahr", args=[2026])).status_code == 403
    assert client_als(kommune_user).get(reverse("haushalt")).status_code == 403
    for user in (sachbearbeitung_user, zeichnung_user, admin_user):
        assert client_als(user).get(reverse("haushalt_jahr", args=[2026])).status_code == 200
    assert client_als(admin_user).get(reverse("haushalt_jahr", args=[2029])).status_code == 404
    # the Verteilungsvorschlag is for Sachbearbeitung only
    assert client_als(zeichnung_user).get(reverse("verteilung", args=[2026])).status_code == 403
    assert client_als(kommune_user).post(reverse("verteilung_uebernehmen", args=[2026]), {"bestaetigt": "ja"}).status_code == 403


def test_nr_8_haushalt_leitet_auf_das_aktuelle_oder_naechste_foerderjahr(client_als, finanzen_user, time_machine):
    # Issue 14 Nr. 8: after the Antragsfrist of the next year (31 October, Nr. 7.1.2) its Anträge are decided –
    # on 1 December 2026 the Haushalt opens on 2027, not 2026.
    for jetzt, jahr in [("2024-12-20 10:00 +01:00", 2025), ("2026-07-01 10:00 +02:00", 2026),
                        ("2026-12-01 10:00 +01:00", 2027), ("2027-03-01 10:00 +01:00", 2027),
                        ("2029-01-05 10:00 +01:00", 2028)]:
        time_machine.move_to(jetzt)
        client = client_als(finanzen_user)  # log in again: the session would have expired
        assert client.get(reverse("haushalt"))["Location"] == reverse("haushalt_jahr", args=[jahr])


def test_nr_1_3_ohne_haushaltsmittel_hinweis_fuer_admin(client_als, admin_user, finanzen_user):
    html = client_als(admin_user).get(reverse("haushalt_jahr", args=[2027])).content.decode()
    assert "Für das Förderjahr 2027 sind noch keine Haushaltsmittel erfasst" in html
    # Issue 14 item 10: entered in the app, not in the Django admin.
    assert f'action="{reverse("haushaltsmittel_speichern", args=[2027])}"' in html
    assert reverse("admin:stammdaten_haushaltsmittel_changelist") not in html
    html = client_als(finanzen_user).get(reverse("haushalt_jahr", args=[2027])).content.decode()
    assert "noch keine Haushaltsmittel erfasst" in html
    assert reverse("haushaltsmittel_speichern", args=[2027]) not in html


def _viele_antraege(kommunen):
    for i, kommune in enumerate(kommunen):
        status = [AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG, AntragStatus.BEWILLIGT,
                  AntragStatus.ABGELEHNT][i % 4]
        antrag = _antrag(kommune, status, "100000.00")
        if status == AntragStatus.BEWILLIGT:
            erster = _bescheid(antrag, "100000.00", status=BescheidStatus.VERSANDT)
            aenderung = _bescheid(antrag, "90000.00", art="aenderung", tage=30)
            aenderung.ersetzt = erster
            aenderung.save()


def test_nr_1_3_haushaltsseite_abfragen_wachsen_nicht(client_als, finanzen_user):
    """The page aggregates in the database: as many queries for 4 as for 52 Kommunen."""
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("5000000.00"))
    kommunen = list(Kommune.objects.order_by("ags"))
    client = client_als(finanzen_user)
    _viele_antraege(kommunen[:4])
    client.get(reverse("haushalt_jahr", args=[2026]))
    with CaptureQueriesContext(connection) as wenige:
        html_wenige = client.get(reverse("haushalt_jahr", args=[2026])).content.decode()
    _viele_antraege(kommunen[4:52])
    with CaptureQueriesContext(connection) as viele:
        html_viele = client.get(reverse("haushalt_jahr", args=[2026])).content.decode()
    assert "4 Kommunen mit Antrag" in html_wenige and "52 Kommunen mit Antrag" in html_viele
    assert "5.200.000,00 €" in html_viele  # 52 × 100.000 € beantragt
    assert "1.170.000,00 €" in html_viele  # 13 bewilligt × 90.000 € (the Änderungsbescheid is in force)
    assert len(viele) == len(wenige)


# --- Verteilungsvorschlag with real Anträge ------------------------------------------------------------------

STELLEN_STADT = [  # Dortmund: K1 besetzt, K2 unbesetzt, CM1 besetzt = 182.400 € + Veranstaltungen 4.000 €
    antrag_services.StellenZeile("", "koordination", D("1.0"), 1, 12, True),
    antrag_services.StellenZeile("", "koordination", D("1.0"), 1, 12, False),
    antrag_services.StellenZeile("", "case_management", D("1.0"), 1, 12, True),
]
STELLEN_HAMM = [  # Hamm: K1 unbesetzt 62.700 €, CM1 0,5 besetzt 28.500 €
    antrag_services.StellenZeile("", "koordination", D("1.0"), 1, 12, False),
    antrag_services.StellenZeile("", "case_management", D("0.5"), 1, 12, True),
]


def _eingereicht(ags, zeilen, veranstaltungen=None):
    user = factories.BenutzerFactory(username=f"kommune-{ags}", kommune=_kommune(ags))
    antrag = antrag_services.antrag_anlegen(user, 2026, zeilen=zeilen)
    if veranstaltungen:
        Antrag.objects.filter(pk=antrag.pk).update(
            veranstaltungen_betrag=D(veranstaltungen), veranstaltungen_beschreibung="Fachtag Integration")
    antrag = vollstaendig_machen(antrag, user)
    return antrag_services.einreichen(antrag, user, versicherung=True)


@pytest.fixture
def knappes_jahr(eingereichter_antrag, time_machine, bielefeld):
    """2026: Kreis Unna (333.862,50 €, besetzt 270.450 €), Dortmund (186.400 €, besetzt 119.700 €), Hamm
    (91.200 €, besetzt 28.500 €), all submitted on 15.10.2025; Bielefeld already bewilligt with 100.000 € in force.
    Together 611.462,50 € open, besetzte Stellen 418.650 €."""
    dortmund = _eingereicht("05913000", STELLEN_STADT, veranstaltungen="4000")
    hamm = _eingereicht("05915000", STELLEN_HAMM)
    entschieden = _antrag(bielefeld, AntragStatus.BEWILLIGT, "120000.00")
    _bescheid(entschieden, "100000.00")
    mittel = Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("500000.00"))
    time_machine.move_to("2026-01-20 09:00 +01:00", tick=True)
    return {"unna": eingereichter_antrag, "dortmund": dortmund, "hamm": hamm, "mittel": mittel}


def test_vorschlag_geht_von_den_beantragten_betraegen_aus(knappes_jahr):
    assert knappes_jahr["dortmund"].beantragt == D("186400.00")
    assert knappes_jahr["hamm"].beantragt == D("91200.00")
    v = haushalt.verteilungsvorschlag(2026)
    assert v.gebunden == D("100000.00") and v.verfuegbar == D("400000.00")
    assert v.beantragt == v.basis == D("611462.50")
    assert [a.kommune.name for a in v.antraege] == ["Dortmund", "Hamm", "Kreis Unna"]


def test_nr_5_4_1_knappe_mittel_keine_unbesetzte_stelle_gefoerdert_solange_besetzte_gekuerzt(knappes_jahr):
    """Nr. 5.4.1: A year whose requests exceed its Haushaltsmittel yields a Verteilungsvorschlag in which no
    vacant Stelle is funded while a filled one is cut; Begleitmaßnahmen rank with the vacant Stellen."""
    v = haushalt.verteilungsvorschlag(2026)
    assert v.noetig and not v.besetzte_voll_gedeckt
    assert v.vorschlag == D("400000.00")  # exactly the means left after the Bescheide in force
    stellen = [s for a in v.antraege for s in a.stellen]
    assert any(s.besetzt and s.gekuerzt for s in stellen)
    assert all(s.vorgeschlagen == 0 for s in stellen if not s.besetzt)
    assert all(a.begleit_vorschlag == 0 for a in v.antraege)
    assert all(0 < s.vorgeschlagen < s.beantragt for s in stellen if s.besetzt)


def test_nr_5_4_1_besetzte_voll_unbesetzte_teilen_den_rest(knappes_jahr):
    """Nr. 5.4.1: When the means cover every filled Stelle, the vacant ones and the Begleitmaßnahmen share the
    rest in proportion."""
    knappes_jahr["mittel"].betrag = D("600000.00")
    knappes_jahr["mittel"].save()
    v = haushalt.verteilungsvorschlag(2026)
    assert v.noetig and v.besetzte_voll_gedeckt
    stellen = [s for a in v.antraege for s in a.stellen]
    assert all(s.vorgeschlagen == s.beantragt for s in stellen if s.besetzt)
    unbesetzt = [s for s in stellen if not s.besetzt]
    rest = D("500000.00") - D("418650.00")
    assert sum(s.vorgeschlagen for s in unbesetzt) + sum(a.begleit_vorschlag for a in v.antraege) == rest
    assert all(0 < s.vorgeschlagen < s.beantragt for s in unbesetzt)


def test_verteilungsseite_zeigt_vorschlag_je_kommune_und_stelle(client_als, sachbearbeitung_user, knappes_jahr):
    html = client_als(sachbearbeitung_user).get(reverse("verteilung", args=[2026])).content.decode()
    assert "611.462,50 €" in html and "400.000,00 €" in html
    assert "Die Mittel reichen nicht einmal für alle besetzten Stellen" in html
    assert "nicht gefördert" in html and "CM2" in html
    assert reverse("verteilung_uebernehmen", args=[2026]) in html
    assert "style=" not in html.split('<main', 1)[1]


def test_nr_1_3_alles_gedeckt_meldung(client_als, sachbearbeitung_user, knappes_jahr):
    knappes_jahr["mittel"].betrag = D("800000.00")
    knappes_jahr["mittel"].save()
    client = client_als(sachbearbeitung_user)
    html = client.get(reverse("verteilung", args=[2026])).content.decode()
    assert "Die Haushaltsmittel 2026 reichen für alle offenen Anträge." in html
    assert reverse("verteilung_uebernehmen", args=[2026]) not in html
    antwort = client.post(reverse("verteilung_uebernehmen", args=[2026]), {"bestaetigt": "ja"}, follow=True)
    assert "es ist nichts zu kürzen" in antwort.content.decode()
    assert not Bescheid.objects.filter(antrag__foerderjahr=2026, status=BescheidStatus.ENTWURF).exists()


def test_nr_1_3_verteilung_ohne_haushaltsmittel(client_als, sachbearbeitung_user, eingereichter_antrag):
    client = client_als(sachbearbeitung_user)
    html = client.get(reverse("verteilung", args=[2026])).content.decode()
    assert "Für das Förderjahr 2026 sind noch keine Haushaltsmittel erfasst" in html
    html = client.post(reverse("verteilung_uebernehmen", args=[2026]), {"bestaetigt": "ja"}, follow=True).content.decode()
    assert "Nr. 1.3: Für 2026 sind noch keine Haushaltsmittel erfasst." in html
    assert not Bescheid.objects.exists()


def _entwurf(antrag):
    return Bescheid.objects.get(antrag=antrag, status__in=[BescheidStatus.ENTWURF, BescheidStatus.ZUR_ZEICHNUNG])


def test_nr_1_3_5_4_1_uebernahme_schreibt_entwuerfe_nach_vorschlag(knappes_jahr, sachbearbeitung_user,
                                                                  zeichnung_user):
    """Nr. 1.3, 5.4.1: Adopting the proposal writes drafts whose Höchstbeträge equal the proposal per Antrag and
    sum to at most the means left; every cut carries the reason; each draft then passes the Haushalt check when
    presented and released one by one."""
    vorschlag = haushalt.verteilungsvorschlag(2026)
    erwartet = {a.antrag.pk: a for a in vorschlag.antraege}
    ergebnis = haushalt.vorschlag_uebernehmen(2026, sachbearbeitung_user)
    assert len(ergebnis.bescheide) == 3 and ergebnis.hinweise == []
    entwuerfe = [_entwurf(knappes_jahr[k]) for k in ("unna", "dortmund", "hamm")]
    for b in entwuerfe:
        assert b.status == BescheidStatus.ENTWURF
        assert b.hoechstbetrag == erwartet[b.antrag_id].vorschlag
        vorgeschlagen = {s.kennung: s.vorgeschlagen for s in erwartet[b.antrag_id].stellen}
        for s in b.stellen.all():
            assert s.betrag_personal + s.betrag_sach == vorgeschlagen[s.kennung]
            assert s.gekuerzt and s.kuerzung_grund == GRUND  # every Stelle is cut in this year
            if not s.besetzt:
                assert not s.bewilligt and s.betrag_personal == s.betrag_sach == 0
            else:
                assert s.bewilligt
                # Personal and Sach in proportion of the requested amounts, cent-exact with the one splitter
                # (regeln.aufteilen, issue 8 Nr. 3): Personal half-up, Sach the remainder
                anteil = vorgeschlagen[s.kennung] * s.beantragt_personal / (s.beantragt_personal + s.beantragt_sach)
                assert s.betrag_personal == anteil.quantize(D("0.01"), rounding=ROUND_HALF_UP)
                assert s.betrag_sach == vorgeschlagen[s.kennung] - s.betrag_personal
        assert b.entscheidung == "teilweise"
        assert Protokolleintrag.objects.filter(object_id=str(b.pk), aktion__startswith="Verteilungsvorschlag").exists()
    assert sum(b.hoechstbetrag for b in entwuerfe) == D("400000.00")
    dortmund = entwuerfe[1]
    assert dortmund.veranstaltungen == 0 and dortmund.begleit_grund == GRUND
    # each draft passes the Haushalt check of Nr. 1.3 when presented and released one after the other
    for b in entwuerfe:
        factories.pruefung_abschliessen(b.antrag, sachbearbeitung_user)
        services.vorlegen(b, sachbearbeitung_user)
        services.freigeben(b, zeichnung_user)
    assert selectors.bewilligt_im_jahr(2026) == D("500000.00") == knappes_jahr["mittel"].betrag
    for k in ("unna", "dortmund", "hamm"):
        knappes_jahr[k].refresh_from_db()
        assert knappes_jahr[k].status == AntragStatus.TEILWEISE_BEWILLIGT


def test_nr_5_4_1_uebernahme_teilt_gekuerzte_unbesetzte_stellen(knappes_jahr, sachbearbeitung_user):
    """Nr. 5.4.1: With the filled Stellen covered, vacant Stellen and Begleitmaßnahmen are capped to their share."""
    knappes_jahr["mittel"].betrag = D("600000.00")
    knappes_jahr["mittel"].save()
    vorschlag = {a.antrag.pk: a for a in haushalt.verteilungsvorschlag(2026).antraege}
    haushalt.vorschlag_uebernehmen(2026, sachbearbeitung_user)
    gesamt = D(0)
    for k in ("unna", "dortmund", "hamm"):
        b = _entwurf(knappes_jahr[k])
        assert b.hoechstbetrag == vorschlag[b.antrag_id].vorschlag
        gesamt += b.hoechstbetrag
        for s in b.stellen.all():
            if s.besetzt:
                assert not s.gekuerzt and s.kuerzung_grund == ""
            else:
                assert s.bewilligt and s.gekuerzt and s.kuerzung_grund == GRUND
                assert s.personalausgaben + (s.sachausgaben or 0) == s.betrag_personal + s.betrag_sach
    assert gesamt == D("500000.00")
    dortmund = _entwurf(knappes_jahr["dortmund"])
    assert 0 < dortmund.veranstaltungen < 4000 and dortmund.begleit_grund == GRUND


def test_uebernahme_ist_wiederholbar_und_hebt_kuerzungen_bei_mehr_mitteln_auf(knappes_jahr, sachbearbeitung_user):
    haushalt.vorschlag_uebernehmen(2026, sachbearbeitung_user)
    vorher = {k: _entwurf(knappes_jahr[k]).hoechstbetrag for k in ("unna", "dortmund", "hamm")}
    haushalt.vorschlag_uebernehmen(2026, sachbearbeitung_user)  # the same proposal again: nothing changes
    assert {k: _entwurf(knappes_jahr[k]).hoechstbetrag for k in vorher} == vorher
    knappes_jahr["mittel"].betrag = D("800000.00")  # now everything is covered
    knappes_jahr["mittel"].save()
    haushalt.vorschlag_uebernehmen(2026, sachbearbeitung_user)
    for k in ("unna", "dortmund", "hamm"):
        b = _entwurf(knappes_jahr[k])
        assert b.hoechstbetrag == knappes_jahr[k].beantragt
        assert all(s.bewilligt and not s.kuerzung_grund for s in b.stellen.all())
        assert b.begleit_grund == "" and b.entscheidung == "voll"


def test_uebernahme_ueber_die_seite_ueberspringt_entwurf_zur_zeichnung(client_als, knappes_jahr,
                                                                       sachbearbeitung_user):
    factories.pruefung_abschliessen(knappes_jahr["hamm"], sachbearbeitung_user)
    hamm = services.entwurf_anlegen(knappes_jahr["hamm"], sachbearbeitung_user)
    services.vorlegen(hamm, sachbearbeitung_user)
    antwort = client_als(sachbearbeitung_user).post(reverse("verteilung_uebernehmen", args=[2026]), {"bestaetigt": "ja"}, follow=True)
    html = antwort.content.decode()
    assert "Der Verteilungsvorschlag 2026 ist in 2 Bescheidentwürfe übernommen." in html
    assert "Hamm: Der Bescheid ist „zur Zeichnung“ und wird nicht geändert" in html
    hamm.refresh_from_db()
    assert hamm.status == BescheidStatus.ZUR_ZEICHNUNG and hamm.hoechstbetrag == D("91200.00")
    assert _entwurf(knappes_jahr["unna"]).stellen.filter(kuerzung_grund=GRUND).exists()


def test_uebernahme_nur_fuer_sachbearbeitung(knappes_jahr, zeichnung_user):
    from kim_foerderung.zugang.zugriff import Zugriffsverweigert

    with pytest.raises(Zugriffsverweigert):
        haushalt.vorschlag_uebernehmen(2026, zeichnung_user)
    assert not Bescheid.objects.filter(antrag__foerderjahr=2026, status=BescheidStatus.ENTWURF).exists()


def test_aufteilen_centgenau_mit_dem_einen_aufteiler():
    assert haushalt.aufteilen(D("100.00"), D("57000.00"), D("5700.00")) == (D("90.91"), D("9.09"))
    assert haushalt.aufteilen(D("0.01"), D("1.00"), D("1.00")) == (D("0.01"), D("0.00"))
    # 50.000 × 57.000 / 62.700 = 45.454,5454… → Personal 45.454,55 (half-up), Sach the rest
    assert haushalt.aufteilen(D("50000.00"), D("57000.00"), D("5700.00")) == (D("45454.55"), D("4545.45"))
    assert haushalt.aufteilen(D("99999"), D("57000.00"), D("5700.00")) == (D("57000.00"), D("5700.00"))
    assert haushalt.aufteilen(D("500.00"), D("28500.00"), D("0.00")) == (D("500.00"), D("0.00"))


# --- CM-Kontingente on the Haushalt page (Nr. 2.2) and the Haushalt check at the release (Nr. 1.3) -------------


def test_nr_2_2_haushaltsseite_zeigt_cm_kontingente_des_jahres(client_als, finanzen_user, admin_user, unna,
                                                               bielefeld):
    from kim_foerderung.stammdaten.models import CMKontingent

    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("1000000.00"))
    CMKontingent.objects.create(kommune=unna, foerderjahr=2026, vzae=D("2.5"))
    CMKontingent.objects.create(kommune=bielefeld, foerderjahr=2026, vzae=D("1.75"))
    CMKontingent.objects.create(kommune=_kommune("05913000"), foerderjahr=2027, vzae=D("9.0"))
    html = client_als(finanzen_user).get(reverse("haushalt_jahr", args=[2026])).content.decode()
    abschnitt = html.split('id="kontingente-titel"', 1)[1].split("</section>", 1)[0]
    assert "2 CM-Kontingente für 2026 (nur lesen)" in abschnitt
    zeilen = abschnitt.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert zeilen.index("Stadt Bielefeld") < zeilen.index("Kreis Unna")  # by name: Bielefeld, Kreis Unna
    assert "2,5" in zeilen and "1,75" in zeilen
    assert "Dortmund" not in abschnitt and "9,0" not in abschnitt  # another year
    assert "<input" not in abschnitt and "<form" not in abschnitt  # read only
    assert "Kontingente in der Verwaltung pflegen" not in abschnitt  # only the Admin gets the link
    admin = client_als(admin_user).get(reverse("haushalt_jahr", args=[2026])).content.decode()
    assert f'action="{reverse("cm_kontingent_speichern", args=[2026])}"' in admin  # issue 14 item 10: in the app
    leer = client_als(finanzen_user).get(reverse("haushalt_jahr", args=[2028])).content.decode()
    assert "Für 2028 ist kein CM-Kontingent festgelegt." in leer


def test_nr_1_3_zeichnen_verweigert_wenn_mittel_inzwischen_gebunden(client_als, entwurf, sachbearbeitung_user,
                                                                   zeichnung_user, bielefeld):
    """Nr. 1.3: the Haushalt check runs again when the Zeichnung signs. Submitted within the means; meanwhile a
    Bescheid for Bielefeld (100.000 €) was released and the means are 400.000 €: Unna's 333.862,50 € no longer
    fit. The Zeichnung gets the figures in German; nothing is signed."""
    services.vorlegen(entwurf, sachbearbeitung_user)
    _bescheid(_antrag(bielefeld, AntragStatus.BEWILLIGT, "100000.00"), "100000.00")
    Haushaltsmittel.objects.filter(foerderjahr=2026).update(betrag=D("400000.00"))
    meldung = ("Nr. 1.3: Die Haushaltsmittel 2026 reichen nicht. Verfügbar 400.000,00 €, bereits bewilligt "
               "100.000,00 €, dieser Bescheid 333.862,50 € – es fehlen 33.862,50 €.")
    with pytest.raises(services.BescheidFehler) as fehler:
        services.freigeben(entwurf, zeichnung_user)
    assert fehler.value.meldung == meldung
    html = client_als(zeichnung_user).post(reverse("bescheid_freigeben", args=[entwurf.pk]), {"bestaetigt": "ja"},
                                           follow=True).content.decode()
    assert meldung in html
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG
    assert entwurf.nummer is None and entwurf.dokument is None and entwurf.freigegeben_von is None
    assert entwurf.antrag.status == AntragStatus.IN_PRUEFUNG
    assert not Protokolleintrag.objects.filter(object_id=str(entwurf.pk), aktion__startswith="Gezeichnet").exists()
