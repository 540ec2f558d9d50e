"""Prüfung (VV Nr. 11 zu § 44 LHO), Anhörung (§ 28 VwVfG NRW), Erstattungsbescheid (Nr. 7.5, §§ 49, 49a VwVfG NRW)
mit Zinsen nach § 49a Abs. 3 aus der Basiszinssatz-Tabelle des Admins, Vier-Augen-Zeichnung, Rückzahlung und
Abschluss (issue 11 Nr. 3)."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kim_foerderung import erweiterungen
from tests import factories
from verwendungsnachweis import services
from verwendungsnachweis.models import ErstattungStatus, NachweisStatus, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal
PUNKTE = {code: {"ok": True, "notiz": ""} for code, _ in services.PRUEFPUNKTE}


def pdf_text(dokument):
    with dokument.datei.open("rb") as datei:
        return "".join(s.extract_text() for s in PdfReader(io.BytesIO(datei.read())).pages)


@pytest.fixture
def eingereicht(bestandskraeftiger_bescheid, time_machine, kommune_user):
    """Submitted on 02.01.2027; K1 cost 7.000 € less; the whole Höchstbetrag was paid (PROGRAMMZAHLEN)."""
    time_machine.move_to("2027-01-02 09:00 +01:00", tick=False)
    services.nachweise_eroeffnen()
    n = Verwendungsnachweis.objects.get()

    def zahlen(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {n.antrag.kommune_id: n.bescheid.hoechstbetrag}}

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, zahlen)
    k1 = n.stellen.first()
    zeilen = [{"kennung": s.kennung, "art": s.art, "vzae": s.vzae, "von_monat": s.von_monat, "bis_monat": s.bis_monat,
               "personalausgaben": s.personalausgaben - (D("7000") if s.pk == k1.pk else 0),
               "sachausgaben": s.sachausgaben, "besetzt_durch": "Team KI"} for s in n.stellen.all()]
    services.stellen_speichern(n, benutzer=kommune_user, zeilen=zeilen)
    services.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": "Steuerung",
                                                                    "cm_faelle": 80})
    services.einreichen(n, benutzer=kommune_user, versicherung=True)
    yield Verwendungsnachweis.objects.get()
    erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, zahlen)


def test_vv_11_lho_pruefung_unvollstaendig_nennt_was_fehlt(eingereicht, client_als, sachbearbeitung_user):
    """VV Nr. 11 zu § 44 LHO: ohne entschiedene Prüfpunkte und Prüfvermerk wird nichts festgestellt; ein nicht
    erfüllter Punkt braucht eine Notiz."""
    with pytest.raises(services.VerwendungsnachweisFehler) as fehler:
        services.pruefung_abschliessen(eingereicht, benutzer=sachbearbeitung_user,
                                       punkte={**PUNKTE, "belege": {"ok": False, "notiz": ""}}, vermerk="")
    assert any("Notiz fehlt" in d for d in fehler.value.details)
    assert "Der Prüfvermerk fehlt." in fehler.value.details
    antwort = client_als(sachbearbeitung_user).post(reverse("vn_pruefen", args=[eingereicht.pk]), {"pr-vermerk": "x"})
    assert antwort.status_code == 200 and "Bitte entscheiden Sie diesen Prüfpunkt." in antwort.content.decode()
    assert Verwendungsnachweis.objects.get().status == NachweisStatus.EINGEREICHT


def test_nr_7_5_ueberzahlung_anhoerung_erstattung_zinsen_vier_augen_abschluss(
        eingereicht, client_als, kommune_user, sachbearbeitung_user, zeichnung_user, admin_user, time_machine):
    """Nr. 7.5: Überzahlung 7.000 € → Anhörung (Frist zwei Wochen, auf einen Werktag) → Stellungnahme → Erstattungs-
    bescheid: ohne Basiszinssatz für das 2. Halbjahr 2026 verweigert (§ 49a Abs. 3, keine stille Fortschreibung),
    nach dem Eintrag des Admins mit Zinsen bis zur Zahlungsfrist; die Sachbearbeitung kann nicht zeichnen, die
    Zeichnung schon; Rückzahlung am 20.05.2027 → Zinsen bis dahin, abgeschlossen."""
    time_machine.move_to("2027-04-09 10:00 +02:00", tick=False)
    n = services.pruefung_abschliessen(eingereicht, benutzer=sachbearbeitung_user, punkte=PUNKTE,
                                       vermerk="Sachbericht und Ausgaben geprüft; K1 geringer als bewilligt.")
    assert (n.status, n.ueberzahlung, n.nachzahlung) == (NachweisStatus.UEBERZAHLUNG, D("7000.00"), D("0.00"))
    assert "7.000,00" in pdf_text(n.pruefvermerk_dokument)

    n = services.anhoerung_senden(n, benutzer=sachbearbeitung_user)
    assert n.status == NachweisStatus.ANHOERUNG
    assert n.anhoerung_frist == date(2027, 4, 23)  # Fr 9.4. + 14 Tage = Fr 23.4.
    assert "23.04.2027" in pdf_text(n.anhoerung_dokument) and "7.000,00" in pdf_text(n.anhoerung_dokument)

    # before the Frist and without a statement: no Erstattungsbescheid yet (§ 28 VwVfG NRW)
    with pytest.raises(services.VerwendungsnachweisFehler, match="Frist der Anhörung"):
        services.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 10, 1),
                                        zahlungsfrist=date(2027, 5, 31))
    antwort = client_als(kommune_user).post(reverse("vn_stellungnahme", args=[n.pk]),
                                            {"st-text": "Die Stelle K1 war drei Monate unbesetzt."})
    assert antwort.status_code == 302

    # § 49a Abs. 3: the half-years 2/2026 and 1/2027 have no rate yet → refused, naming the half-year
    client = client_als(sachbearbeitung_user)
    daten = {"eb-unwirksam_ab": "01.10.2026", "eb-zahlungsfrist": "31.05.2027"}
    antwort = client.post(reverse("vn_erstattung", args=[n.pk]), daten)
    assert antwort.status_code == 200 and "2. Halbjahr 2026" in antwort.content.decode()
    assert not hasattr(Verwendungsnachweis.objects.get(), "erstattung")
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("1.27"))
    services.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2027, 1, 1), prozent=D("1.27"))
    assert client.post(reverse("vn_erstattung", args=[n.pk]), daten).status_code == 302
    eb = Verwendungsnachweis.objects.get().erstattung
    # 7 000 × 4,27 % × (91 + 151) / 365 = 198,1748… → 198,17 (Abschnitte 74,52 und 123,65)
    assert (eb.status, eb.betrag, eb.zinsen_bis_frist) == (ErstattungStatus.ZUR_ZEICHNUNG, D("7000.00"), D("198.17"))
    assert [a["zinsen"] for a in eb.zinsaufstellung["abschnitte"]] == ["74.52", "123.65"]

    # four-eyes: Sachbearbeitung has no Zeichnung role (403); a person with both roles who prepared it is refused
    assert client.post(reverse("vn_erstattung_zeichnen", args=[n.pk])).status_code == 403
    beides = factories.SachbearbeitungFactory(username="beides", ist_zeichnung=True)
    eb.vorbereitet_von = beides
    eb.save()
    with pytest.raises(Exception, match="Vier-Augen-Prinzip"):
        services.erstattung_freigeben(n, benutzer=beides)
    eb.vorbereitet_von = sachbearbeitung_user
    eb.save()
    # irreversible: without the confirmation a page that asks first, nothing signed
    zeichnung = client_als(zeichnung_user)
    antwort = zeichnung.post(reverse("vn_erstattung_zeichnen", args=[n.pk]))
    assert antwort.status_code == 200 and "Jetzt zeichnen und bekanntgeben" in antwort.content.decode()
    assert Verwendungsnachweis.objects.get().erstattung.status == ErstattungStatus.ZUR_ZEICHNUNG
    # the Kommune does not see the Erstattungsbescheid waiting for the Zeichnung (nor its preparation)
    seite = client_als(kommune_user).get(reverse("vn_detail", args=[n.pk])).content.decode()
    assert "Erstattungsbescheid (Entwurf)" not in seite and "zur Zeichnung vorgelegt" not in seite
    assert "Entscheidung über die Erstattung" in seite
    liste = client_als(kommune_user).get(reverse("vn_liste")).content.decode()
    assert "Entscheidung über die Erstattung" in liste and "Erstattungsbescheid" not in liste
    assert client_als(zeichnung_user).post(reverse("vn_erstattung_zeichnen", args=[n.pk]),
                                           {"bestaetigt": "ja"}).status_code == 302
    eb.refresh_from_db()
    assert eb.status == ErstattungStatus.FREIGEGEBEN and eb.freigegeben_von == zeichnung_user
    text = pdf_text(eb.dokument)
    assert "7.000,00" in text and "31.05.2027" in text and "198,17" in text and "§ 49a Abs. 3" in text
    assert "Rechtsbehelfsbelehrung" in text and eb.verwendungszweck in text
    seite = client_als(kommune_user).get(reverse("vn_detail", args=[n.pk])).content.decode()
    assert eb.nummer in seite and "Erstattungsbescheid (PDF)" in seite
    sha = eb.dokument.sha256
    services.erstattung_freigeben(n, benutzer=zeichnung_user)  # never twice
    eb.refresh_from_db()
    assert eb.dokument.sha256 == sha

    time_machine.move_to("2027-05-21 10:00 +02:00", tick=False)
    antwort = client_als(sachbearbeitung_user).post(reverse("vn_rueckzahlung", args=[n.pk]),
                                                    {"rz-eingang_am": "20.05.2027", "rz-betrag": "7.000,00"})
    assert antwort.status_code == 302
    eb.refresh_from_db()
    # 7 000 × 4,27 % × 231 / 365 = 189,1668… → 189,17
    assert (eb.status, eb.zinsen_endgueltig) == (ErstattungStatus.ERSTATTET, D("189.17"))
    n = Verwendungsnachweis.objects.get()
    assert n.status == NachweisStatus.ABGESCHLOSSEN
    services.rueckzahlung_buchen(n, benutzer=sachbearbeitung_user, eingang_am=date(2027, 5, 20), betrag=D("7000"))
    assert Verwendungsnachweis.objects.get().abgeschlossen_am == n.abgeschlossen_am


def test_49a_abs_3_satz_2_zinsverzicht_nur_mit_grund(eingereicht, sachbearbeitung_user, kommune_user,
                                                     time_machine):
    """§ 49a Abs. 3 Satz 2 VwVfG NRW: auf Zinsen kann mit Begründung verzichtet werden; ohne Grund nicht."""
    time_machine.move_to("2027-04-09 10:00 +02:00", tick=False)
    n = services.pruefung_abschliessen(eingereicht, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="geprüft")
    n = services.anhoerung_senden(n, benutzer=sachbearbeitung_user)
    services.stellungnahme_abgeben(n, benutzer=kommune_user, text="Einverstanden.")
    with pytest.raises(services.VerwendungsnachweisFehler, match="begründen"):
        services.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 10, 1),
                                        zahlungsfrist=date(2027, 5, 31), zinsverzicht=True)
    eb = services.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 10, 1),
                                         zahlungsfrist=date(2027, 5, 31), zinsverzicht=True,
                                         verzicht_grund="Die Überzahlung beruht auf einer späten Stellenbesetzung.")
    assert eb.zinsen_bis_frist == D("0.00") and eb.zinsaufstellung == {}


def test_vv_11_lho_ohne_ueberzahlung_abschluss_und_nachforderung(bestandskraeftiger_bescheid, time_machine,
                                                                 kommune_user, sachbearbeitung_user):
    """VV Nr. 11 zu § 44 LHO: Rückfragen → die Kommune ändert und reicht erneut ein (neue Fassung der Anlage 3);
    ohne Überzahlung (hier ist nichts ausgezahlt: Nachzahlung) → abgeschlossen mit Prüfvermerk."""
    time_machine.move_to("2027-01-02 09:00 +01:00", tick=False)
    services.nachweise_eroeffnen()
    n = Verwendungsnachweis.objects.get()
    services.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": "x", "cm_faelle": 3})
    n = services.einreichen(n, benutzer=kommune_user, versicherung=True)
    erstes = n.dokument
    with pytest.raises(services.VerwendungsnachweisFehler, match="Antwortfrist"):
        services.nachfordern(n, benutzer=sachbearbeitung_user, fragen="Belege für K1?", frist=date(2027, 1, 1))
    n = services.nachfordern(n, benutzer=sachbearbeitung_user, fragen="Belege für K1?", frist=date(2027, 1, 20))
    assert n.status == NachweisStatus.NACHFORDERUNG and n.bearbeitbar
    services.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": "ergänzt",
                                                                    "cm_faelle": 3})
    n = services.einreichen(n, benutzer=kommune_user, versicherung=True)
    assert n.status == NachweisStatus.EINGEREICHT and n.fassung == 2 and n.dokument != erstes
    n = services.pruefung_abschliessen(n, benutzer=sachbearbeitung_user, punkte=PUNKTE, vermerk="in Ordnung")
    assert n.status == NachweisStatus.ABGESCHLOSSEN and n.ueberzahlung == D("0.00")
    assert n.nachzahlung == bestandskraeftiger_bescheid.hoechstbetrag
