"""PDFs that are real letters (issue 14 Nr. 3): with the longest names and amounts nothing crosses the margin of
the page (every word's right edge inside the text box: page width minus the right margin of pdf/basis.html), the
running footer never breaks "Förderjahr 2027", every letter has the Briefkopf of DIN 5008.

The case: Rheinisch-Bergischer Kreis (the longest name of data/kommunen-nrw.csv), Förderjahr 2027, six
Koordinationsstellen (Nr. 4.3: two qualifying kreisangehörige Kommunen), the Verwaltungsassistenz and eighteen
Case-Management-Stellen (Zuwendung over one million euro), each with a long name and a 200-character
Qualifikation, Weiterleitungen to a kreisangehörige Kommune and a Träger with long names. Built through the real
services, so the stored documents are checked (rendered once, with SHA-256)."""
from decimal import Decimal

import pytest

from antraege import services as antrag_services
from antraege.services import StellenZeile
from bescheide import services
from bescheide.models import Bescheid
from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
from tests import factories
from tests.pdf_pruefung import MM, dokument_bytes, pruefe_pdf_a, text_von, ueber_den_rand, zeilen

pytestmark = pytest.mark.django_db
D = Decimal

QUALIFIKATION = ("Diplom-Sozialpädagogin (FH), Master of Arts Migrationsmanagement, Integrationsbeauftragten"
                 "fortbildungszertifikat, zertifizierte Case-Managerin (DGCC), Verwaltungsfachwirtin, "
                 "Bachelor Soziale Arbeit")[:200]
TRAEGER = ("Arbeiterwohlfahrt Bezirksverband Mittelrhein e. V. – Kreisverband Rheinisch-Bergischer Kreis, "
           "Fachdienst Integration, Migration und Teilhabe")
KUERZUNG = ("Die Stelle ist nach dem Stellenplan des Kreises erst ab dem zweiten Halbjahr finanziert; die "
            "Personalausgaben des ersten Halbjahres sind daher nicht zuwendungsfähig (Nr. 5.4.1).")


def _stellen():
    zeilen_ = [StellenZeile("", "koordination", D("1.0"), 1, 12, True, D("56987.65"), D("5699.99")) for _ in range(5)]
    zeilen_.append(StellenZeile("", "koordination", D("0.5"), 1, 12, False, D("28493.82"), D("2849.99")))
    zeilen_.append(StellenZeile("", "verwaltungsassistenz", D("0.5"), 1, 12, True, D("22499.99"), D("2849.99")))
    zeilen_ += [StellenZeile("", "case_management", D("1.0"), 1, 12, True, D("56999.99")) for _ in range(18)]
    return [StellenZeile(z.kennung, z.art, z.vzae, z.von_monat, z.bis_monat, z.besetzt, z.personalausgaben,
                         z.sachausgaben,
                         name=f"Stelle {i} der Koordinierungsstelle für Integrationsmanagement und Teilhabeplanung",
                         qualifikation=QUALIFIKATION)
            for i, z in enumerate(zeilen_, start=1)]


@pytest.fixture
def langer_fall(time_machine, sachbearbeitung_user):
    time_machine.move_to("2026-10-15 10:00 +02:00", tick=True)
    kreis = Kommune.objects.get(ags="05378000")
    assert kreis.anzeigename == "Rheinisch-Bergischer Kreis"
    kreis.ki_name = "Kommunales Integrationszentrum des Rheinisch-Bergischen Kreises – Amt für Integration"
    kreis.strasse, kreis.plz, kreis.ort = "Am Rübezahlwald 7", "51469", "Bergisch Gladbach"
    kreis.ki_strasse, kreis.ki_plz, kreis.ki_ort = kreis.strasse, kreis.plz, kreis.ort
    sachbearbeitung_user.first_name, sachbearbeitung_user.last_name = "Sabine", "Sachs-Überschär-Leutheusser"
    sachbearbeitung_user.email = "sabine.sachs-ueberschaer-leutheusser@bezreg-arnsberg.nrw.de"
    sachbearbeitung_user.telefon = "02931 82-2417"
    sachbearbeitung_user.save()
    kreis.bearbeiterin = sachbearbeitung_user
    kreis.save()
    for ags, name in [("05378004", "Stadt Bergisch Gladbach"), ("05378024", "Stadt Wermelskirchen")]:
        factories.KreisangehoerigeKommuneFactory(kreis=kreis, ags=ags, name=name)
    traeger = factories.TraegerFactory(kommune=kreis, name=TRAEGER)
    Haushaltsmittel.objects.create(foerderjahr=2027, betrag=D("90000000.00"))
    user = factories.BenutzerFactory(username="rbk", kommune=kreis)
    antrag = antrag_services.antrag_anlegen(user, 2027, zeilen=_stellen(), veranstaltungen=D("4999.99"),
                                            schnittstellen=D("9999.99"))
    antrag = factories.vollstaendig_machen(antrag, user)
    antrag.stellen.update(qualifikation=QUALIFIKATION)
    antrag_services.weiterleitung_speichern(antrag, user, zweck="koordination", betrag=D("56987.65"),
                                            stellen="K5", kreisangehoerige=kreis.kreisangehoerige.first())
    antrag_services.weiterleitung_speichern(antrag, user, zweck="case_management", betrag=D("854999.85"),
                                            stellen=", ".join(f"CM{i}" for i in range(1, 16)), traeger=traeger,
                                            vertrag_datei=factories.pdf_upload("Weiterleitungsvertrag.pdf"))
    antrag = antrag_services.einreichen(antrag, user, versicherung=True)
    return antrag, user


def _rand_und_fuss(daten, jahr=2027):
    pruefe_pdf_a(daten)
    assert ueber_den_rand(daten) == []
    fuss = zeilen(daten, unten_mm=24)
    assert fuss, "keine Fußzeile"
    for seite, zeile in fuss:
        if "Förderjahr" in zeile.split():
            assert f"Förderjahr {jahr}" in zeile, (seite, zeile)
        assert not zeile.startswith(str(jahr)), (seite, zeile)


def _briefkopf(daten, *, nummer):
    """DIN 5008: Rücksendeangabe, the recipient address in lines (name, KI, street, PLZ Ort), the
    Informationsblock with Geschäftszeichen, Bescheid-Nr., Bearbeitung, Telefon, E-Mail, Datum – on page 1."""
    erste = [z for s, z in zeilen(daten) if s == 1]
    assert "Bezirksregierung Arnsberg · Seibertzstraße 1 · 59821 Arnsberg" in erste
    text = " ".join(erste)
    for teil in ("Rheinisch-Bergischer Kreis", "Am Rübezahlwald 7", "51469 Bergisch Gladbach",
                 "Geschäftszeichen KIM-2027-05378000", f"Bescheid-Nr. {nummer}", "Telefon 02931 82-2417",
                 "Bearbeitung Sabine Sachs-Überschär-", "Leutheusser"):
        assert teil in text, teil
    assert "E-Mail" in text and "@bezreg-arnsberg.nrw.de" in text.replace(" ", "")
    # the address in lines: street and PLZ Ort each on a line of their own
    assert "Am Rübezahlwald 7" in [z.split(" Datum")[0].split(" Telefon")[0] for z in erste] or any(
        z.startswith("Am Rübezahlwald 7") for z in erste)
    assert any(z.startswith("51469 Bergisch Gladbach") for z in erste)


def _freigeben(bescheid, sb, zeichnung):
    services.vorlegen(bescheid, sb)
    return services.freigeben(bescheid, zeichnung)


def test_anlage1_mit_laengsten_daten_bleibt_im_satzspiegel(langer_fall):
    antrag, _ = langer_fall
    daten = dokument_bytes(antrag.anlagen.get().dokument)
    _rand_und_fuss(daten)
    text = text_von(daten)
    assert "Antragstellerin Rheinisch-Bergischer Kreis (AGS 05378000)" in text
    assert "Arbeiterwohlfahrt Bezirksverband Mittelrhein e. V." in text and "CM18" in text
    assert "Bewilligungszeitraum" in text


def test_zuwendungs_und_aenderungsbescheid_mit_laengsten_daten_bleiben_im_satzspiegel(
        langer_fall, sachbearbeitung_user, zeichnung_user, time_machine):
    antrag, _ = langer_fall
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    b = services.entwurf_anlegen(antrag, sachbearbeitung_user)
    k6 = b.stellen.get(kennung="K6")
    b = services.entwurf_speichern(b, sachbearbeitung_user, stellen={
        k6.pk: {"personalausgaben": D("14246.91"), "sachausgaben": D("1424.99"), "kuerzung_grund": KUERZUNG}})
    b = _freigeben(b, sachbearbeitung_user, zeichnung_user)
    assert b.hoechstbetrag > D("1000000")
    daten = dokument_bytes(b.dokument)
    _rand_und_fuss(daten)
    _briefkopf(daten, nummer=b.nummer)
    assert "Teilweise Ablehnung" in text_von(daten)

    time_machine.move_to("2026-12-01 10:00 +01:00", tick=True)
    services.versenden(b, sachbearbeitung_user)
    neu = services.aenderungsbescheid_anlegen(b, sachbearbeitung_user, 4)
    cm = neu.stellen.get(kennung="CM18/04")
    services.entwurf_speichern(neu, sachbearbeitung_user, stellen={cm.pk: {"bewilligt": False,
                                                                           "kuerzung_grund": KUERZUNG}},
                               begruendung="Mit Schreiben vom 20.11.2026 haben Sie mitgeteilt, dass CM18 entfällt.")
    neu = _freigeben(Bescheid.objects.get(pk=neu.pk), sachbearbeitung_user, zeichnung_user)
    daten = dokument_bytes(neu.dokument)
    _rand_und_fuss(daten)
    _briefkopf(daten, nummer=neu.nummer)
    assert "Änderungsbescheid" in text_von(daten)


def test_ablehnungsbescheid_mit_laengsten_daten_bleibt_im_satzspiegel(langer_fall, sachbearbeitung_user,
                                                                      zeichnung_user):
    antrag, _ = langer_fall
    factories.pruefung_abschliessen(antrag, sachbearbeitung_user)
    b = services.entwurf_anlegen(antrag, sachbearbeitung_user, ablehnen=True)
    services.entwurf_speichern(b, sachbearbeitung_user, stellen={}, begruendung=KUERZUNG)
    b = _freigeben(Bescheid.objects.get(pk=b.pk), sachbearbeitung_user, zeichnung_user)
    daten = dokument_bytes(b.dokument)
    _rand_und_fuss(daten)
    _briefkopf(daten, nummer=b.nummer)
    assert "Ablehnungsbescheid" in text_von(daten)


def test_randpruefung_erkennt_was_ueber_den_rand_laeuft():
    """The check itself can fail: a word that does not break runs past the right margin and is named."""
    from kim_foerderung.dokumente.services import pdf_aus_html

    html = ("<html lang='de'><head><style>@page { size: A4; margin: 28mm 20mm 24mm 25mm } "
            "body { font-family: 'DejaVu Sans'; margin: 0 }</style></head><body>"
            f"<p style='white-space: nowrap'>{'Integrationsmanagement' * 6}</p><p>passt</p></body></html>")
    fehler = ueber_den_rand(pdf_aus_html(html))
    assert len(fehler) == 1 and "hinter dem rechten Rand" in fehler[0]
    assert MM == pytest.approx(2.8346, abs=1e-3)


def test_briefe_der_geldhaelfte_mit_briefkopf_im_satzspiegel(bestandskraeftiger_bescheid, time_machine, kommune_user,
                                                             sachbearbeitung_user, zeichnung_user, admin_user):
    """Anlage 3, Anhörung (§ 28 VwVfG NRW) and Erstattungsbescheid (Nr. 7.5) of Kreis Unna: inside the margins, and
    the two letters with the DIN 5008 Briefkopf (Unna's Kreishaus, Friedrich-Ebert-Straße 17, 59425 Unna)."""
    from datetime import date

    from kim_foerderung import erweiterungen
    from verwendungsnachweis import services as vn
    from verwendungsnachweis.models import Verwendungsnachweis

    unna = bestandskraeftiger_bescheid.antrag.kommune
    unna.strasse, unna.plz, unna.ort = "Friedrich-Ebert-Straße 17", "59425", "Unna"
    unna.bearbeiterin = sachbearbeitung_user
    unna.save()
    sachbearbeitung_user.telefon = "02931 82-2417"
    sachbearbeitung_user.save()
    time_machine.move_to("2027-01-02 09:00 +01:00", tick=False)
    vn.nachweise_eroeffnen()
    n = Verwendungsnachweis.objects.get()

    def zahlen(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {n.antrag.kommune_id: n.bescheid.hoechstbetrag}}

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, zahlen)
    try:
        zeilen_ = [{"kennung": s.kennung, "art": s.art, "vzae": s.vzae, "von_monat": s.von_monat,
                    "bis_monat": s.bis_monat, "personalausgaben": s.personalausgaben - D("7000"),
                    "sachausgaben": s.sachausgaben,
                    "besetzt_durch": "Koordinierungsstelle für Integrationsmanagement und Teilhabeplanung"}
                   for s in n.stellen.all()]
        vn.stellen_speichern(n, benutzer=kommune_user, zeilen=zeilen_)
        vn.sachbericht_speichern(n, benutzer=kommune_user, werte={"strategische_steuerung": KUERZUNG,
                                                                  "cm_faelle": 80})
        n = vn.einreichen(n, benutzer=kommune_user, versicherung=True)
        daten = dokument_bytes(n.dokument)
        pruefe_pdf_a(daten)
        assert ueber_den_rand(daten) == []

        time_machine.move_to("2027-04-09 10:00 +02:00", tick=False)
        punkte = {code: {"ok": True, "notiz": ""} for code, _ in vn.PRUEFPUNKTE}
        n = vn.pruefung_abschliessen(n, benutzer=sachbearbeitung_user, punkte=punkte, vermerk="geprüft")
        n = vn.anhoerung_senden(n, benutzer=sachbearbeitung_user)
        anhoerung = dokument_bytes(n.anhoerung_dokument)
        vn.stellungnahme_abgeben(n, benutzer=kommune_user, text="Die Stellen waren zeitweise unbesetzt.")
        vn.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2026, 7, 1), prozent=D("1.27"))
        vn.basiszinssatz_speichern(benutzer=admin_user, gueltig_ab=date(2027, 1, 1), prozent=D("1.27"))
        vn.erstattung_vorbereiten(n, benutzer=sachbearbeitung_user, unwirksam_ab=date(2026, 10, 1),
                                  zahlungsfrist=date(2027, 5, 31))
        eb = vn.erstattung_freigeben(n, benutzer=zeichnung_user)
        erstattung = dokument_bytes(eb.dokument)
    finally:
        erweiterungen.entfernen(erweiterungen.PROGRAMMZAHLEN, zahlen)
    for brief in (anhoerung, erstattung):
        pruefe_pdf_a(brief)
        assert ueber_den_rand(brief) == []
        erste = [z for s, z in zeilen(brief) if s == 1]
        assert "Bezirksregierung Arnsberg · Seibertzstraße 1 · 59821 Arnsberg" in erste
        text = " ".join(erste)
        for teil in ("Kreis Unna", "Friedrich-Ebert-Straße 17", "59425 Unna", "Geschäftszeichen KIM-2026-05978000",
                     f"Bearbeitung {sachbearbeitung_user.anzeigename}", "Telefon 02931 82-2417",
                     f"E-Mail {sachbearbeitung_user.email}", "Datum 09.04.2027"):
            assert teil in text, teil
    assert f"Bescheid-Nr. {eb.nummer}" in " ".join(z for _, z in zeilen(erstattung))
