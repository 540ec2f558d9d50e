"""The Auszahlung end to end through the services (Nr. 7.3 mit Nr. 7.4 VVG, Nr. 7.5): Tranchen after Bestandskraft,
Mittelanforderung, Zahlungslauf with four eyes by person, SEPA file, camt booking, Rückforderung."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from lxml import etree

from auszahlung import services
from auszahlung.camt import camt054_beispiel
from auszahlung.models import (
    Buchung,
    BuchungStatus,
    LaufStatus,
    Mittelanforderung,
    Rueckforderung,
    Tranche,
    TranchenStatus,
    Zahlungslauf,
    Zahlungsposten,
)
from auszahlung.selectors import ausgezahlt_je_kommune, offene_rueckforderungen
from auszahlung.sepa import sepa_text
from kim_foerderung.dokumente.services import pruefsumme_gueltig
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.models import Protokolleintrag
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories
from tests.auszahlung.conftest import BERLIN, IBAN_UNNA

D = Decimal
pytestmark = pytest.mark.django_db
XSD = "/work/wt/auszahlung/.venv/lib/python3.11/site-packages/sepaxml/schemas/pain.001.001.09.xsd"


def xsd():
    import sepaxml
    from pathlib import Path

    return etree.XMLSchema(etree.parse(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")))


def tranchen(antrag):
    return list(Tranche.objects.filter(antrag=antrag).order_by("nummer"))


def uhr(time_machine, tag, stunde=7):
    time_machine.move_to(datetime(tag.year, tag.month, tag.day, stunde, 0, tzinfo=BERLIN), tick=False)


# --- Tranchenplan -------------------------------------------------------------------------------------------

def test_nr_7_3_tranchen_entstehen_mit_der_bestandskraft_gesperrt_ohne_mittelanforderung(bescheid):
    """Nr. 7.3: Hook BESCHEID_WIRKSAM nach Bestandskraft → zwei Tranchen (Hälften, Rest-Cent auf die zweite),
    gesperrt bis zur Mittelanforderung."""
    t1, t2 = tranchen(bescheid.antrag)
    assert (t1.termin, t1.zahltag, t1.betrag, t1.status) == (date(2026, 5, 1), date(2026, 4, 30), D("166931.25"),
                                                             "gesperrt")
    assert (t2.termin, t2.zahltag, t2.betrag) == (date(2026, 10, 1), date(2026, 10, 1), D("166931.25"))
    assert t1.betrag + t2.betrag == bescheid.hoechstbetrag
    assert t1.ende_zu_ende_id == f"KIM2026-05978000-{bescheid.antrag.pk}-R1"


def test_abgleich_ist_idempotent_und_holt_einen_verpassten_hook_nach(bescheid):
    assert services.tranchen_synchronisieren() == 0
    Tranche.objects.all().delete()  # as if the hook had been missed
    assert services.tranchen_synchronisieren() == 2
    assert services.tranchen_synchronisieren() == 0
    assert Tranche.objects.count() == 2


# --- Mittelanforderung ---------------------------------------------------------------------------------------

def test_nr_7_3_mittelanforderung_vor_bestandskraft_abgelehnt_mit_grund(kommune_user, unna):
    """Nr. 7.3: vor Bestandskraft keine Mittelanforderung – mit deutschem Grund und dem voraussichtlichen Tag."""
    from tests.auszahlung.conftest import konto_eintragen

    konto_eintragen(unna)
    antrag = factories.AntragFactory(kommune=unna, status="bewilligt")
    factories.BescheidFactory(antrag=antrag, status="versandt", nummer="KIM-2026-05978000-01",
                              hoechstbetrag=D("1000.00"), freigegeben_am=datetime(2026, 1, 2, tzinfo=BERLIN),
                              bestandskraeftig_ab=date(2026, 2, 10))
    with pytest.raises(FachlicherFehler) as fehler:
        services.mittelanforderung_stellen(antrag=antrag, benutzer=kommune_user, erklaerung=True)
    assert "bestandskräftig" in fehler.value.meldung and "10.02.2026" in fehler.value.meldung
    assert not Mittelanforderung.objects.exists()


def test_nr_7_3_mittelanforderung_ohne_bankverbindung_oder_erklaerung_abgelehnt(bestandskraeftiger_bescheid,
                                                                                kommune_user, unna):
    antrag = bestandskraeftiger_bescheid.antrag
    with pytest.raises(FachlicherFehler, match="Stammdaten"):
        services.mittelanforderung_stellen(antrag=antrag, benutzer=kommune_user, erklaerung=True)
    from tests.auszahlung.conftest import konto_eintragen

    konto_eintragen(unna)
    antrag.kommune.refresh_from_db()
    with pytest.raises(FachlicherFehler) as fehler:
        services.mittelanforderung_stellen(antrag=antrag, benutzer=kommune_user, erklaerung=False)
    assert fehler.value.feld == "erklaerung"
    assert not Mittelanforderung.objects.exists()


def test_nr_7_3_mittelanforderung_mit_pdf_protokoll_benachrichtigung_einmal(bescheid, kommune_user, finanzen_user,
                                                                           kommune2_user, time_machine,
                                                                           django_capture_on_commit_callbacks):
    uhr(time_machine, date(2026, 2, 16))
    with pytest.raises(Zugriffsverweigert):
        services.mittelanforderung_stellen(antrag=bescheid.antrag, benutzer=kommune2_user, erklaerung=True)
    with pytest.raises(Zugriffsverweigert):
        services.mittelanforderung_stellen(antrag=bescheid.antrag, benutzer=finanzen_user, erklaerung=True)
    with django_capture_on_commit_callbacks(execute=True):
        a = services.mittelanforderung_stellen(antrag=bescheid.antrag, benutzer=kommune_user, erklaerung=True)
    assert (a.iban, a.angefordert_am, a.bescheid_id) == (IBAN_UNNA, date(2026, 2, 16), bescheid.pk)
    assert a.dokument.sha256 and pruefsumme_gueltig(a.dokument) and a.dokument.kommune_id == bescheid.antrag.kommune_id
    assert services.mittelanforderung_stellen(antrag=bescheid.antrag, benutzer=kommune_user, erklaerung=True) == a
    assert Mittelanforderung.objects.count() == 1
    assert Protokolleintrag.objects.filter(aktion="Mittelanforderung gestellt").count() == 1
    assert any("Mittelanforderung eingegangen" in m.subject and finanzen_user.email in m.to for m in mail.outbox)
    assert [t.status for t in tranchen(bescheid.antrag)] == ["geplant", "geplant"]
    # A letter of the Kommune to the Bezirksregierung, DIN 5008 like every letter (issue 14 Nr. 3), inside margins
    from tests.pdf_pruefung import dokument_bytes, ueber_den_rand, zeilen

    daten = dokument_bytes(a.dokument)
    assert ueber_den_rand(daten) == []
    erste = [z for s, z in zeilen(daten) if s == 1]
    for zeile in ("Bezirksregierung Arnsberg", "Seibertzstraße 1", "59821 Arnsberg"):
        assert any(z == zeile or z.startswith(zeile + " ") for z in erste), (zeile, erste)
    text = " ".join(erste)
    assert "Geschäftszeichen KIM-2026-05978000" in text and f"Ansprechperson {kommune_user.anzeigename}" in text
    assert "Datum 16.02.2026" in text and "Bezug Zuwendungsbescheid" in text and bescheid.nummer in text, erste


# --- Zahlungslauf -------------------------------------------------------------------------------------------

def test_nr_7_3_zahlungslauf_erst_fuenf_target_tage_vor_dem_zahltag(angefordert, time_machine):
    """Zahltag 30.04.2026: der Zeitplan bereitet ab dem 5. TARGET-Tag davor (23.04.2026) vor, vorher nicht."""
    from auszahlung.tasks import zahlungslauf_vorbereiten

    uhr(time_machine, date(2026, 4, 22))
    assert zahlungslauf_vorbereiten(nur_termin=True) is None
    assert zahlungslauf_vorbereiten(nur_termin=False) is None  # nothing due yet
    uhr(time_machine, date(2026, 4, 23))
    lauf = Zahlungslauf.objects.get(pk=zahlungslauf_vorbereiten(nur_termin=True))
    assert (lauf.zahltag, lauf.termin, lauf.anzahl, lauf.summe) == (date(2026, 4, 30), date(2026, 5, 1), 1,
                                                                   D("166931.25"))
    p = lauf.posten.get()
    assert p.verwendungszweck == f"KIM 2026 1. Rate Bescheid {angefordert.nummer}"
    assert (p.iban, p.ende_zu_ende_id) == (IBAN_UNNA, tranchen(angefordert.antrag)[0].ende_zu_ende_id)
    # Idempotent: the next beat, the catch-up and the command change nothing.
    assert zahlungslauf_vorbereiten(nur_termin=True) is None
    assert zahlungslauf_vorbereiten(nur_termin=False) is None
    assert Zahlungslauf.objects.count() == 1


def _lauf_bis_angeordnet(bescheid, finanzen, finanzen2, time_machine):
    uhr(time_machine, date(2026, 4, 24))
    lauf = services.zahlungslauf_vorbereiten()
    services.feststellen(lauf=lauf, benutzer=finanzen)
    return services.anordnen(lauf=lauf, benutzer=finanzen2)


def test_vier_augen_nach_person_feststellen_und_anordnen(angefordert, finanzen_user, finanzen2_user, time_machine,
                                                         django_capture_on_commit_callbacks):
    """Öffentliche Mittel: wer feststellt (oder vorbereitet), ordnet nie an – nach Person, nicht nach Rolle."""
    uhr(time_machine, date(2026, 4, 24))
    lauf = services.zahlungslauf_vorbereiten(benutzer=finanzen2_user, von_hand=True)
    with pytest.raises(FachlicherFehler):
        services.anordnen(lauf=lauf, benutzer=finanzen_user)  # not yet stated
    services.feststellen(lauf=lauf, benutzer=finanzen_user)
    with pytest.raises(Zugriffsverweigert):
        services.anordnen(lauf=lauf, benutzer=finanzen_user)  # stated it
    with pytest.raises(Zugriffsverweigert):
        services.anordnen(lauf=lauf, benutzer=finanzen2_user)  # prepared it
    dritte = factories.FinanzenFactory(username="finanzen3")
    with django_capture_on_commit_callbacks(execute=True):
        lauf = services.anordnen(lauf=lauf, benutzer=dritte)
    assert lauf.status == LaufStatus.ANGEORDNET and lauf.angeordnet_von == dritte
    assert services.anordnen(lauf=lauf, benutzer=dritte).sepa_datei_id == lauf.sepa_datei_id  # double click
    aktionen = list(Protokolleintrag.objects.filter(object_id=str(lauf.pk), content_type__model="zahlungslauf")
                    .values_list("aktion", flat=True))
    assert {"Zahlungslauf vorbereitet", "Sachlich und rechnerisch richtig festgestellt",
            "Angeordnet (Zahlungslauf freigegeben)"} <= set(aktionen)


def test_anordnung_erzeugt_gueltige_sepa_datei_und_auszahlungsliste(angefordert, finanzen_user, finanzen2_user,
                                                                   time_machine, unna):
    """pain.001.001.09 gegen die XSD: MsgId = Laufnummer, EndToEndId der Tranche, IBAN, Betrag, Zahltag; PDF/A-Liste;
    beide mit SHA-256, nie neu erzeugt; die Tranche ist angewiesen."""
    lauf = _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    datei = lauf.sepa_datei
    xml = datei.datei.open("rb").read()
    baum = etree.fromstring(xml)
    assert xsd().validate(baum), xsd().error_log
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    t1 = tranchen(angefordert.antrag)[0]
    assert baum.findtext(".//p:GrpHdr/p:MsgId", namespaces=ns) == lauf.nummer
    assert baum.findtext(".//p:CdtTrfTxInf/p:PmtId/p:EndToEndId", namespaces=ns) == t1.ende_zu_ende_id
    assert baum.findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=ns) == IBAN_UNNA
    assert baum.findtext(".//p:InstdAmt", namespaces=ns) == "166931.25"
    assert baum.findtext(".//p:ReqdExctnDt/p:Dt", namespaces=ns) == "2026-04-30"
    assert baum.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=ns) == services.einstellung().iban
    assert pruefsumme_gueltig(datei) and pruefsumme_gueltig(lauf.auszahlungsliste)
    assert datei.kommune_id is None and lauf.auszahlungsliste.kommune_id is None
    assert t1.status == TranchenStatus.ANGEWIESEN
    from pypdf import PdfReader

    text = "".join(s.extract_text() for s in PdfReader(lauf.auszahlungsliste.datei.open("rb")).pages)
    assert lauf.nummer in text and "Fatma Fiskal" in text and finanzen_user.last_name in text


def test_nie_doppelt_eine_tranche_in_hoechstens_einem_freigegebenen_lauf(angefordert, finanzen_user,
                                                                       finanzen2_user, time_machine):
    lauf = _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    posten = lauf.posten.get()
    zweiter = Zahlungslauf.objects.create(nummer="KIM-ZL-TEST", zahltag=lauf.zahltag, anlass="Test",
                                          vorbereitet_am=lauf.vorbereitet_am)
    with pytest.raises(IntegrityError), transaction.atomic():
        Zahlungsposten.objects.create(lauf=zweiter, tranche=posten.tranche, betrag=posten.betrag, kontoinhaber="x",
                                      iban=posten.iban, verwendungszweck="x", ende_zu_ende_id="x", aktiv=False,
                                      freigegeben=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Zahlungsposten.objects.create(lauf=zweiter, tranche=posten.tranche, betrag=posten.betrag, kontoinhaber="x",
                                      iban=posten.iban, verwendungszweck="x", ende_zu_ende_id="x")
    assert services.zahlungslauf_vorbereiten(benutzer=finanzen_user, von_hand=True) is None


def test_zurueckgeben_mit_notiz_und_stornieren_nur_vor_der_anordnung(angefordert, finanzen_user, finanzen2_user,
                                                                   time_machine):
    uhr(time_machine, date(2026, 4, 24))
    lauf = services.zahlungslauf_vorbereiten()
    services.feststellen(lauf=lauf, benutzer=finanzen_user)
    with pytest.raises(FachlicherFehler):
        services.zurueckgeben(lauf=lauf, benutzer=finanzen2_user, notiz="  ")
    lauf = services.zurueckgeben(lauf=lauf, benutzer=finanzen2_user, notiz="IBAN prüfen")
    assert (lauf.status, lauf.festgestellt_von, lauf.rueckgabe_notiz, lauf.anzahl) == (
        LaufStatus.VORBEREITET, None, "IBAN prüfen", 1)
    lauf = services.stornieren(lauf=lauf, benutzer=finanzen_user, grund="doppelt angelegt")
    assert lauf.status == LaufStatus.STORNIERT and not lauf.posten.filter(aktiv=True).exists()
    neu = services.zahlungslauf_vorbereiten()  # the Tranche is free again
    services.feststellen(lauf=neu, benutzer=finanzen_user)
    services.anordnen(lauf=neu, benutzer=finanzen2_user)
    with pytest.raises(FachlicherFehler):
        services.stornieren(lauf=neu, benutzer=finanzen_user, grund="zu spät")
    with pytest.raises(FachlicherFehler):
        services.zurueckgeben(lauf=neu, benutzer=finanzen_user, notiz="zu spät")


def test_nr_7_3_nachholung_wenn_bestandskraft_nach_dem_termin(kommune_user, finanzen_user, time_machine):
    """Nr. 7.3: Termin vor der Bestandskraft verstrichen → fällig ohne Zahltag, im nächsten (Nachhol-)Lauf, der am
    nächsten TARGET-Tag zahlt – nie vor der Bestandskraft."""
    from tests.auszahlung.conftest import zahlbare_antraege

    uhr(time_machine, date(2026, 5, 20))
    (antrag,) = zahlbare_antraege(1)
    bescheid = antrag.bescheide.get()
    bescheid.bestandskraeftig_ab = date(2026, 5, 15)
    bescheid.save()
    services.tranchen_synchronisieren()
    t1 = tranchen(antrag)[0]
    assert (t1.status, t1.zahltag) == ("faellig", None)
    lauf = services.zahlungslauf_vorbereiten()
    assert (lauf.termin, lauf.zahltag, lauf.anzahl) == (None, date(2026, 5, 21), 1)
    assert lauf.posten.get().tranche == t1


# --- Buchung -------------------------------------------------------------------------------------------------

def test_camt054_bucht_die_tranche_zweimal_dieselbe_datei_aendert_nichts(angefordert, finanzen_user,
                                                                        finanzen2_user, kommune_user,
                                                                        time_machine,
                                                                        django_capture_on_commit_callbacks):
    lauf = _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    t1 = tranchen(angefordert.antrag)[0]
    datei = camt054_beispiel(msg_id="NTF-1", buchungen=[
        (t1.ende_zu_ende_id, t1.betrag, date(2026, 4, 30), "Kreis Unna"),
        ("UNBEKANNT-1", D("10.00"), date(2026, 4, 30), "Irgendwer")])
    uhr(time_machine, date(2026, 5, 4))
    with django_capture_on_commit_callbacks(execute=True):
        auszug, neu = services.kontoauszug_einlesen(inhalt=datei, dateiname="ntf.xml", benutzer=finanzen_user)
    assert neu
    t1.refresh_from_db()
    assert (t1.status, t1.ausgezahlt_am) == (TranchenStatus.AUSGEZAHLT, date(2026, 4, 30))
    assert sorted(auszug.buchungen.values_list("status", flat=True)) == ["unbekannt", "zugeordnet"]
    assert any("Zahlung gebucht" in m.subject and kommune_user.email in m.to for m in mail.outbox)
    # Same file again: nothing changes.
    zweiter, neu = services.kontoauszug_einlesen(inhalt=datei, dateiname="ntf.xml", benutzer=finanzen2_user)
    assert (zweiter, neu) == (auszug, False)
    assert Buchung.objects.count() == 2
    # The camt.053 of the same day has the booking again: "bereits gebucht", nothing paid twice.
    auszug53, _ = services.kontoauszug_einlesen(inhalt=datei.replace(b"NTF-1", b"STMT-1"), dateiname="s.xml",
                                                benutzer=finanzen_user)
    assert auszug53.buchungen.get(position=1).status == BuchungStatus.BEREITS_GEBUCHT
    assert ausgezahlt_je_kommune(2026) == {"ausgezahlt": {angefordert.antrag.kommune_id: D("166931.25")},
                                           "monatlich": {"ausgezahlt": {4: D("166931.25")}}}
    unbekannt = auszug.buchungen.get(status="unbekannt")
    services.buchung_klaeren(buchung=unbekannt, benutzer=finanzen_user, notiz="Gebühr der Bank")
    unbekannt.refresh_from_db()
    assert unbekannt.status == BuchungStatus.ERLEDIGT


def test_abweichender_betrag_wird_nicht_gebucht_sondern_zur_klaerung_gelistet(angefordert, finanzen_user,
                                                                            finanzen2_user, time_machine):
    _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    t1 = tranchen(angefordert.antrag)[0]
    datei = camt054_beispiel(msg_id="NTF-2", buchungen=[(t1.ende_zu_ende_id, D("166931.24"), date(2026, 4, 30), "x")])
    auszug, _ = services.kontoauszug_einlesen(inhalt=datei, dateiname="n.xml", benutzer=finanzen_user)
    assert auszug.buchungen.get().status == BuchungStatus.ABWEICHEND
    t1.refresh_from_db()
    assert t1.status == TranchenStatus.ANGEWIESEN
    with pytest.raises(FachlicherFehler):
        services.kontoauszug_einlesen(inhalt=b"<kein camt/>", dateiname="x.xml", benutzer=finanzen_user)


def test_manuell_ausgezahlt_mit_datum_und_grund(angefordert, finanzen_user, finanzen2_user, time_machine):
    _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    t1 = tranchen(angefordert.antrag)[0]
    uhr(time_machine, date(2026, 5, 4))
    with pytest.raises(FachlicherFehler):
        services.manuell_ausgezahlt(tranche=t1, benutzer=finanzen_user, am=date(2026, 4, 30), grund="")
    with pytest.raises(FachlicherFehler):
        services.manuell_ausgezahlt(tranche=t1, benutzer=finanzen_user, am=date(2026, 5, 5), grund="Auszug 14")
    t1 = services.manuell_ausgezahlt(tranche=t1, benutzer=finanzen_user, am=date(2026, 4, 30), grund="Auszug 14")
    assert (t1.status, t1.ausgezahlt_am, t1.ausgezahlt_grund) == ("ausgezahlt", date(2026, 4, 30), "Auszug 14")
    t2 = tranchen(angefordert.antrag)[1]
    with pytest.raises(FachlicherFehler):
        services.manuell_ausgezahlt(tranche=t2, benutzer=finanzen_user, am=date(2026, 4, 30), grund="x")


# --- Änderungsbescheid ----------------------------------------------------------------------------------------

def _aenderung(bescheid, hoechstbetrag, sachbearbeitung, zeichnung):
    neu = factories.BescheidFactory(
        antrag=bescheid.antrag, art="aenderung", ersetzt=bescheid, status="freigegeben", gilt_ab_monat=6,
        nummer="KIM-2026-05978000-02", hoechstbetrag=hoechstbetrag, vorbereitet_von=sachbearbeitung,
        freigegeben_von=zeichnung, freigegeben_am=datetime(2026, 6, 1, 10, tzinfo=BERLIN))
    services.bescheid_wirksam(neu)
    return neu


def test_nr_7_3_aenderungsbescheid_berechnet_die_offene_tranche_neu(angefordert, finanzen_user, finanzen2_user,
                                                                  sachbearbeitung_user, zeichnung_user,
                                                                  time_machine):
    """Nr. 7.3: die gezahlte Tranche bleibt; die offene bekommt Höchstbetrag − gezahlt."""
    _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    uhr(time_machine, date(2026, 6, 2))
    neu = _aenderung(angefordert, D("300000.00"), sachbearbeitung_user, zeichnung_user)
    t1, t2 = tranchen(angefordert.antrag)
    assert (t1.betrag, t1.status, t1.bescheid_id) == (D("166931.25"), "angewiesen", angefordert.pk)
    assert (t2.betrag, t2.bescheid_id, t2.status) == (D("133068.75"), neu.pk, "geplant")
    assert not Rueckforderung.objects.exists()


def test_nr_7_5_ueberzahlung_wird_rueckforderung_fuer_die_erstattung(angefordert, finanzen_user, finanzen2_user,
                                                                    sachbearbeitung_user, zeichnung_user,
                                                                    time_machine):
    """Nr. 7.5: Höchstbetrag unter das Gezahlte gesenkt → offene Tranche entfällt, Rückforderung (einmal), die die
    Erstattung über auszahlung.selectors.offene_rueckforderungen übernimmt."""
    _lauf_bis_angeordnet(angefordert, finanzen_user, finanzen2_user, time_machine)
    uhr(time_machine, date(2026, 6, 2))
    neu = _aenderung(angefordert, D("150000.00"), sachbearbeitung_user, zeichnung_user)
    services.tranchen_synchronisieren()
    t2 = tranchen(angefordert.antrag)[1]
    assert (t2.betrag, t2.status) == (D("0.00"), "entfaellt")
    r = offene_rueckforderungen(antrag=angefordert.antrag).get()
    assert (r.betrag, r.bescheid, r.festgestellt_am) == (D("16931.25"), neu, date(2026, 6, 2))
    services.rueckforderung_uebernehmen(rueckforderung=r)
    assert not offene_rueckforderungen(antrag=angefordert.antrag).exists()
    assert Rueckforderung.objects.count() == 1


def test_sepa_zeichensatz_umlaute_ausgeschrieben():
    assert sepa_text("Städteregion Aachen – Düsseldorf, Straße & Söhne") == \
        "Staedteregion Aachen - Duesseldorf, Strasse + Soehne"
    assert sepa_text("Köln_Œuvre@x") == "Koeln-OEuvre x"


def test_bankverbindung_nur_in_den_stammdaten_geaendert_und_protokolliert(admin_user, unna, rf):
    """Die Bankverbindung der Mittelanforderung ändert nur die Verwaltung in den Stammdaten – mit Protokoll."""
    from django.contrib.admin.sites import site

    from kim_foerderung.stammdaten.models import Kommune

    modell_admin = site._registry[Kommune]
    anfrage = rf.post("/admin/")
    anfrage.user = admin_user
    unna.iban = IBAN_UNNA
    modell_admin.save_model(anfrage, unna, form=None, change=True)
    eintrag = Protokolleintrag.objects.get(aktion="Bankverbindung in den Stammdaten geändert")
    assert eintrag.daten["alt"]["iban"] == "" and eintrag.daten["neu"]["iban"] == IBAN_UNNA
    assert eintrag.kommune_id == unna.pk
    modell_admin.save_model(anfrage, unna, form=None, change=True)  # unchanged: no entry
    assert Protokolleintrag.objects.filter(aktion="Bankverbindung in den Stammdaten geändert").count() == 1
