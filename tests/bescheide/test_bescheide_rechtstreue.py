"""Issue 9 (Rechtstreue der ersten Hälfte), the app parts: Bekanntgabe (§ 41 Abs. 2 VwVfG NRW), Kürzungsvorschlag
(Nr. 5.4.1), Verteilung over every undecided Antrag (Nr. 1.3, 5.4.1), no Zeichnung without a Prüfung (Nr. 4.1,
7.2.2 – four-eyes)."""
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from antraege import services as antrag_services
from antraege.models import AntragStatus
from bescheide import haushalt, services
from bescheide.models import BescheidStatus, Pruefung
from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories


def _eintraege(bescheid, aktion):
    return Protokolleintrag.objects.filter(object_id=str(bescheid.pk), aktion=aktion)


# --- 1. Bekanntgabe -----------------------------------------------------------------------------------------


@pytest.fixture
def versandt_5_januar(freigegebener_bescheid, sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-01-05 09:00 +01:00", tick=False)
    return services.versenden(freigegebener_bescheid, sachbearbeitung_user)


def test_41_2_vwvfg_vierter_tag_frueher_empfang_verlegt_nicht(versandt_5_januar, kommune_user, time_machine):
    """§ 41 Abs. 2 VwVfG NRW: sent Mon 05.01.2026 → Bekanntgabe Fri 09.01., Klagefrist (§ 74 VwGO) to 09.02.,
    bestandskräftig from 10.02. – also when the Kommune confirms receipt on 06.01. (a record only)."""
    b = versandt_5_januar
    assert (b.bekanntgabe_am, b.klagefrist_ende, b.bestandskraeftig_ab) == (
        date(2026, 1, 9), date(2026, 2, 9), date(2026, 2, 10))
    time_machine.move_to("2026-01-06 10:00 +01:00", tick=False)
    b = services.empfang_bestaetigen(b, kommune_user)
    b.refresh_from_db()
    assert (b.empfang_bestaetigt_am, b.empfang_bestaetigt_von) == (date(2026, 1, 6), kommune_user)
    assert (b.bekanntgabe_am, b.klagefrist_ende, b.bestandskraeftig_ab) == (
        date(2026, 1, 9), date(2026, 2, 9), date(2026, 2, 10))
    assert _eintraege(b, "Empfang bestätigt").count() == 1


def test_41_2_satz_3_spaeterer_empfang_verlegt_bekanntgabe_und_bestandskraft(versandt_5_januar, sachbearbeitung_user,
                                                                           time_machine):
    """§ 41 Abs. 2 Satz 3 VwVfG NRW: a receipt shown to be later (14.01.2026) moves the Bekanntgabe to it; the
    Klagefrist ends Mon 16.02. (14.02. is a Saturday, § 222 Abs. 2 ZPO), bestandskräftig from 17.02.; the daily
    task respects it."""
    time_machine.move_to("2026-01-20 10:00 +01:00", tick=False)
    b = services.spaeteren_empfang_erfassen(versandt_5_januar, sachbearbeitung_user, empfangen_am=date(2026, 1, 14),
                                            grund="Eingangsstempel der Kreisverwaltung vom 14.01.2026")
    b.refresh_from_db()
    assert (b.bekanntgabe_am, b.klagefrist_ende, b.bestandskraeftig_ab) == (
        date(2026, 1, 14), date(2026, 2, 16), date(2026, 2, 17))
    eintrag = _eintraege(b, "Späteren Empfang erfasst").get()
    assert eintrag.notiz == "Eingangsstempel der Kreisverwaltung vom 14.01.2026"
    assert eintrag.daten["vorher"]["bekanntgabe_am"] == "2026-01-09"
    time_machine.move_to("2026-02-10 06:00 +01:00", tick=False)
    assert services.bestandskraft_eintreten_lassen() == 0
    time_machine.move_to("2026-02-17 06:00 +01:00", tick=False)
    assert services.bestandskraft_eintreten_lassen() == 1
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG


@pytest.mark.parametrize("empfangen_am, grund, meldung", [
    (date(2026, 1, 9), "Stempel", "gilt am 09.01.2026 als bekanntgegeben"),
    (date(2026, 1, 7), "Stempel", "ein Empfang an oder vor diesem Tag ändert daran nichts"),
    (date(2026, 1, 14), "  ", "Bitte nennen Sie den Grund"),
    (date(2026, 1, 25), "Stempel", "nicht in der Zukunft"),
])
def test_41_2_spaeterer_empfang_nur_spaeter_mit_grund(versandt_5_januar, sachbearbeitung_user, time_machine,
                                                     empfangen_am, grund, meldung):
    time_machine.move_to("2026-01-20 10:00 +01:00", tick=False)
    with pytest.raises(services.BescheidFehler, match=meldung):
        services.spaeteren_empfang_erfassen(versandt_5_januar, sachbearbeitung_user, empfangen_am=empfangen_am,
                                            grund=grund)
    versandt_5_januar.refresh_from_db()
    assert versandt_5_januar.bekanntgabe_am == date(2026, 1, 9) and not versandt_5_januar.spaeterer_empfang_am


def test_41_2_spaeterer_empfang_nur_sachbearbeitung_und_seite_behaelt_eingabe(versandt_5_januar, kommune_user,
                                                                            sachbearbeitung_user, client_als,
                                                                            time_machine):
    time_machine.move_to("2026-01-20 10:00 +01:00", tick=False)
    with pytest.raises(Zugriffsverweigert):
        services.spaeteren_empfang_erfassen(versandt_5_januar, kommune_user, empfangen_am=date(2026, 1, 14),
                                            grund="Stempel")
    url = reverse("bescheid_spaeterer_empfang", args=[versandt_5_januar.pk])
    assert client_als(kommune_user).post(url, {"empfangen_am": "2026-01-14", "grund": "x"}).status_code == 403
    antwort = client_als(sachbearbeitung_user).post(url, {"empfangen_am": "08.01.2026", "grund": "Rückschein"})
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "ein Empfang an oder vor diesem Tag ändert daran nichts" in html and "Rückschein" in html
    antwort = client_als(sachbearbeitung_user).post(url, {"empfangen_am": "14.01.2026", "grund": "Rückschein"})
    assert antwort.status_code == 302
    versandt_5_januar.refresh_from_db()
    assert versandt_5_januar.bekanntgabe_am == date(2026, 1, 14)


def test_74_vwgo_verzicht_sofort_bestandskraeftig_ohne_erfundenen_empfang(versandt_5_januar, kommune_user,
                                                                         time_machine):
    """A Rechtsbehelfsverzicht on 07.01.2026 (before the fictitious Bekanntgabe of 09.01.) makes the Bescheid
    bestandskräftig that day; no receipt is recorded for it and the Bekanntgabe stays (§ 41 Abs. 2 VwVfG NRW)."""
    time_machine.move_to("2026-01-07 10:00 +01:00", tick=False)
    b = services.rechtsbehelfsverzicht_erklaeren(versandt_5_januar, kommune_user)
    b.refresh_from_db()
    assert b.status == BescheidStatus.BESTANDSKRAEFTIG
    assert (b.verzicht_am, b.bestandskraeftig_ab, b.bekanntgabe_am) == (
        date(2026, 1, 7), date(2026, 1, 7), date(2026, 1, 9))
    assert b.empfang_bestaetigt_am is None
    assert not _eintraege(b, "Empfang bestätigt").exists()


# --- 5. Prüfung vor Zeichnung -------------------------------------------------------------------------------


@pytest.fixture
def ungepruefter_entwurf(eingereichter_antrag, sachbearbeitung_user, haushalt_2026):
    return services.entwurf_anlegen(eingereichter_antrag, sachbearbeitung_user)


def test_nr_4_1_keine_vorlage_ohne_pruefung_nennt_was_offen_ist(ungepruefter_entwurf, sachbearbeitung_user):
    with pytest.raises(services.BescheidFehler) as fehler:
        services.vorlegen(ungepruefter_entwurf, sachbearbeitung_user)
    assert "wenn die Prüfung des Antrags vollständig ist" in fehler.value.meldung
    assert "Prüfpunkt nicht abgehakt: Nr. 4.1 a: Betrieb eines geförderten KI" in fehler.value.details
    assert fehler.value.details[-1] == "Der Prüfvermerk fehlt."
    ungepruefter_entwurf.refresh_from_db()
    assert ungepruefter_entwurf.status == BescheidStatus.ENTWURF


def test_nr_4_1_teilweise_pruefung_listet_nur_offene_punkte(ungepruefter_entwurf, sachbearbeitung_user,
                                                           client_als):
    antrag = ungepruefter_entwurf.antrag
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user, vermerk="")
    pruefung = Pruefung.objects.get(antrag=antrag)
    pruefung.punkte["4.2"]["ok"] = False
    pruefung.save()
    antwort = client_als(sachbearbeitung_user).post(reverse("bescheid_vorlegen", args=[ungepruefter_entwurf.pk]),
                                                    follow=True)
    html = antwort.content.decode()
    assert "Prüfpunkt nicht abgehakt: Nr. 4.2: keine Doppelförderung" in html
    assert "Der Prüfvermerk fehlt." in html
    assert "Nr. 4.1 a: Betrieb eines geförderten KI" not in html.split("Offen ist noch", 1)[1].split("</div>")[0]
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    assert services.vorlegen(ungepruefter_entwurf, sachbearbeitung_user).status == BescheidStatus.ZUR_ZEICHNUNG


def test_nr_7_2_2_zeichnung_sieht_pruefung_und_kuerzungen(entwurf, sachbearbeitung_user, zeichnung_user,
                                                          client_als):
    k4 = entwurf.stellen.get(kennung="K4")
    services.entwurf_speichern(entwurf, sachbearbeitung_user, stellen={k4.pk: {
        "bewilligt": False, "kuerzung_grund": "Stelle unbesetzt; Besetzung nicht absehbar."}},
        veranstaltungen=entwurf.veranstaltungen, schnittstellen=entwurf.schnittstellen)
    services.vorlegen(entwurf, sachbearbeitung_user)
    html = client_als(zeichnung_user).get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Prüfung des Antrags" in html
    assert "Nr. 4.1 a: Betrieb eines geförderten KI" in html and "geprüft" in html
    assert "Antrag vollständig geprüft; Voraussetzungen Nr. 4 erfüllt." in html  # the Prüfvermerk
    assert "Stelle unbesetzt; Besetzung nicht absehbar." in html and "nicht bewilligt" in html
    # the Kommune never sees the internal Prüfung
    assert client_als(zeichnung_user).get(reverse("pruefung", args=[entwurf.antrag_id])).status_code == 403


# --- 3. Kürzungsvorschlag -----------------------------------------------------------------------------------


@pytest.fixture
def entwurf_ueber_obergrenze(entwurf):
    """Kreis Unna (no kreisangehörige Kommune qualifies under Nr. 4.3 → 3,5 VZÄ): K4 raised to 0,75 VZÄ makes
    3,75 VZÄ Koordination in every month."""
    k4 = entwurf.stellen.get(kennung="K4")
    k4.vzae = D("0.75")
    k4.save()
    from bescheide.services.entwurf import _neu_berechnen

    _neu_berechnen(entwurf)  # as a draft of an Antrag submitted with 3,75 VZÄ would be (§ 24 Abs. 3 VwVfG NRW)
    entwurf.refresh_from_db()
    assert any(b["blockierend"] for b in entwurf.befunde)
    return entwurf


def test_nr_5_4_1_kuerzung_vorschlagen_fuellt_den_entwurf_vor_ohne_zu_speichern(entwurf_ueber_obergrenze,
                                                                               sachbearbeitung_user, client_als):
    b = entwurf_ueber_obergrenze
    client = client_als(sachbearbeitung_user)
    seite = client.get(reverse("bescheid_detail", args=[b.pk])).content.decode()
    assert "Kürzung vorschlagen" in seite
    antwort = client.get(reverse("bescheid_kuerzung", args=[b.pk]))
    html = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Kürzungsvorschlag eingetragen, noch nicht gespeichert" in html
    assert "Nr. 5.4.1: Koordination im Januar–Dezember auf 3,5 VZÄ begrenzt" in html
    k4 = b.stellen.get(kennung="K4")
    assert k4.vzae == D("0.75")  # nothing saved
    # the caseworker takes the proposal as shown and saves it
    v = {f"stelle-{s.pk}-{k}": w for s in b.stellen.all() for k, w in {
        "bewilligt": "on" if s.bewilligt else "", "vzae": str(s.vzae).replace(".", ","), "von_monat": s.von_monat,
        "bis_monat": s.bis_monat, "personalausgaben": "", "sachausgaben": "", "kuerzung_grund": ""}.items()}
    from bescheide.kuerzung import kuerzungsvorschlag

    vorschlag = kuerzungsvorschlag(b)
    assert set(vorschlag) == {k4.pk}
    assert vorschlag[k4.pk]["vzae"] == D("0.5") and vorschlag[k4.pk]["kuerzung_grund"].startswith("Nr. 5.4.1")
    v[f"stelle-{k4.pk}-vzae"] = "0,5"
    v[f"stelle-{k4.pk}-kuerzung_grund"] = vorschlag[k4.pk]["kuerzung_grund"]
    v.update({"begruendung": "", "veranstaltungen": "", "schnittstellen": "", "begleit_grund": ""})
    assert client.post(reverse("bescheid_speichern", args=[b.pk]), v).status_code == 302
    b.refresh_from_db()
    assert not any(x["blockierend"] for x in b.befunde)
    assert services.vorlegen(b, sachbearbeitung_user).status == BescheidStatus.ZUR_ZEICHNUNG


def test_nr_5_4_1_ohne_ueberschreitung_nichts_zu_kuerzen(entwurf, sachbearbeitung_user, client_als):
    antwort = client_als(sachbearbeitung_user).get(reverse("bescheid_kuerzung", args=[entwurf.pk]), follow=True)
    assert "Keine Obergrenze je Monat ist überschritten" in antwort.content.decode()


# --- 4. Verteilung über jeden unentschiedenen Antrag --------------------------------------------------------


def test_nr_5_4_1_verteilung_nimmt_nachforderung_mit(eingereichter_antrag, kommune2_user, sachbearbeitung_user,
                                                    time_machine):
    """Nr. 1.3, 5.4.1: Haushaltsmittel 400.000 €; Kreis Unna eingereicht with 333.862,50 € (vacant Stellen
    63.412,50 €), Stadt Bielefeld in Nachforderung with 125.400,00 € (all filled) → Unna 274.600,00 €,
    Bielefeld 125.400,00 €."""
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("400000.00"))
    zeilen = [antrag_services.StellenZeile("", "koordination", D("1.0"), 1, 12, True) for _ in range(2)]
    bielefeld = antrag_services.antrag_anlegen(kommune2_user, 2026, zeilen=zeilen)
    bielefeld = antrag_services.einreichen(factories.vollstaendig_machen(bielefeld, kommune2_user), kommune2_user,
                                         versicherung=True)
    antrag_services.nachforderung_stellen(bielefeld, sachbearbeitung_user, "Bitte Lenkungsgruppe belegen.")
    bielefeld.refresh_from_db()
    assert bielefeld.status == AntragStatus.NACHFORDERUNG and bielefeld.beantragt == D("125400.00")
    assert eingereichter_antrag.beantragt == D("333862.50")
    v = haushalt.verteilungsvorschlag(2026)
    assert {a.antrag.kommune.name: a.vorschlag for a in v.antraege} == {
        "Kreis Unna": D("274600.00"), "Bielefeld": D("125400.00")}
    bf = next(a for a in v.antraege if a.antrag.pk == bielefeld.pk)
    assert "Nachforderung offen" in bf.hinweis
