"""Rückforderung nach Änderungsbescheid (Nr. 7.5; issue 11 Nr. 3): die Überzahlung, die die Auszahlung nach einem
Änderungsbescheid festgestellt hat (auszahlung.selectors.offene_rueckforderungen), startet den Weg Anhörung →
Erstattungsbescheid des Verwendungsnachweises – einmal übernommen, ob über den Hook BESCHEID_WIRKSAM, die tägliche
Aufgabe oder das Kommando; bei der Prüfung ist sie Teil der Überzahlung."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from auszahlung.models import Rueckforderung, RueckforderungStatus
from auszahlung.selectors import offene_rueckforderungen
from kim_foerderung import erweiterungen
from tests import factories
from tests.verwendungsnachweis.test_vn_erstattung import PUNKTE, eingereicht  # noqa: F401 (fixture)
from verwendungsnachweis import services
from verwendungsnachweis.models import NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal


def pdf_text(dokument):
    with dokument.datei.open("rb") as datei:
        return " ".join(s.extract_text() for s in PdfReader(io.BytesIO(datei.read())).pages)


def _aenderungsbescheid(nachweis, hoechstbetrag, nummer="KIM-2026-05978000-02"):
    alt = nachweis.bescheid
    return factories.BescheidFactory(antrag=nachweis.antrag, art="aenderung", ersetzt=alt, status="versandt",
                                     nummer=nummer, hoechstbetrag=hoechstbetrag, gilt_ab_monat=6,
                                     vorbereitet_von=alt.vorbereitet_von, freigegeben_von=alt.freigegeben_von)


def test_nr_7_5_rueckforderung_nach_abschluss_oeffnet_die_anhoerung(
        bestandskraeftiger_bescheid, time_machine, kommune_user, sachbearbeitung_user, admin_user):
    """Nr. 7.5: Verwendungsnachweis ohne Überzahlung abgeschlossen, danach senkt ein Änderungsbescheid den
    Höchstbetrag unter das Gezahlte → die Rückforderung der Auszahlung öffnet den Fall wieder: Überzahlung =
    Rückforderung, Anhörung mit dem Änderungsbescheid im Schreiben; einmal, auch wenn es dreimal läuft."""
    time_machine.move_to("2027-01-02 09:00 +01:00", tick=False)
    services.nachweise_eroeffnen()
    n = Verwendungsnachweis.objects.get()

    def zahlen(foerderjahr, *, kommune=None):  # the whole Höchstbetrag was paid
        return {"ausgezahlt": {n.antrag.kommune_id: n.bescheid.hoechstbetrag}}

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, zahlen)
    try:
        services.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": "x",
                                                                        "cm_faelle": 3})
        n = services.einreichen(n, benutzer=kommune_user, versicherung=True)
        n = services.pruefung_abschliessen(n, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="in Ordnung")
        assert (n.status, n.ueberzahlung, n.nachzahlung) == (NachweisStatus.ABGESCHLOSSEN, D("0.00"), D("0.00"))

        time_machine.move_to("2027-06-01 09:00 +02:00", tick=False)
        neu = _aenderungsbescheid(n, n.bescheid.hoechstbetrag - D("12000.00"))
        r = Rueckforderung.objects.create(antrag=n.antrag, bescheid=neu, betrag=D("12000.00"),
                                          festgestellt_am=date(2027, 6, 1))
        # the hook after the Auszahlung's (which records the Rückforderung), the daily task and the command
        assert services.bescheid_wirksam in erweiterungen.registriert(erweiterungen.BESCHEID_WIRKSAM)
        reihe = erweiterungen.registriert(erweiterungen.BESCHEID_WIRKSAM)
        from auszahlung import services as auszahlung_services
        assert reihe.index(auszahlung_services.bescheid_wirksam) < reihe.index(services.bescheid_wirksam)
        assert services.bescheid_wirksam(neu) == 1
        assert services.rueckforderungen_uebernehmen() == 0
        call_command("rueckforderungen_uebernehmen", stdout=io.StringIO())
        r.refresh_from_db()
        assert r.status == RueckforderungStatus.UEBERNOMMEN and not offene_rueckforderungen(antrag=n.antrag).exists()
        n = Verwendungsnachweis.objects.get()
        assert (n.status, n.ueberzahlung, n.abgeschlossen_am) == (NachweisStatus.UEBERZAHLUNG, D("12000.00"), None)
        assert [x["betrag"] for x in n.rueckforderungen] == ["12000.00"]

        n = services.anhoerung_senden(n, benutzer=sachbearbeitung_user)
        text = " ".join(pdf_text(n.anhoerung_dokument).split())
        assert "12.000,00 €" in text and "Änderungsbescheid KIM-2026-05978000-02" in text
        services.stellungnahme_abgeben(n, benutzer=kommune_user, text="Einverstanden.")
        services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("1.27"))
        services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2027, 1, 1), prozent=D("1.27"))
        eb = services.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 6, 1),
                                             zahlungsfrist=date(2027, 6, 30))
        assert eb.betrag == D("12000.00")
    finally:
        erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, zahlen)


def test_nr_7_5_rueckforderung_bei_der_pruefung_uebernommen(eingereicht, time_machine, sachbearbeitung_user):
    """Nr. 7.5: eine offene Rückforderung auf dem Bescheid, gegen den der Verwendungsnachweis geprüft wird, ist in
    dessen Überzahlung enthalten (regeln: ausgezahlt − anerkannt) und wird mit der Prüfung übernommen – die
    Anhörung nennt sie; eine Rückforderung zu einem anderen Bescheid bleibt offen (von Hand zu klären)."""
    n = eingereicht
    r = Rueckforderung.objects.create(antrag=n.antrag, bescheid=n.bescheid, betrag=D("2500.00"),
                                      festgestellt_am=date(2026, 11, 3))
    anderer = _aenderungsbescheid(n, D("1.00"), nummer="KIM-2026-05978000-09")
    fremd = Rueckforderung.objects.create(antrag=n.antrag, bescheid=anderer, betrag=D("99.00"),
                                          festgestellt_am=date(2026, 12, 1))
    assert services.rueckforderungen_uebernehmen() == 0  # not checked yet: taken over at the Prüfung
    time_machine.move_to("2027-04-09 10:00 +02:00", tick=False)
    n = services.pruefung_abschliessen(n, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="geprüft")
    assert (n.status, n.ueberzahlung) == (NachweisStatus.UEBERZAHLUNG, D("7000.00"))
    r.refresh_from_db()
    fremd.refresh_from_db()
    assert r.status == RueckforderungStatus.UEBERNOMMEN and fremd.status == RueckforderungStatus.OFFEN
    assert [x["bescheid"] for x in n.rueckforderungen] == [n.bescheid.nummer]
    n = services.anhoerung_senden(n, benutzer=sachbearbeitung_user)
    text = " ".join(pdf_text(n.anhoerung_dokument).split())
    assert "7.000,00 €" in text and "2.500,00 €" in text and "Änderungsbescheid" in text
