"""Belegliste (issue 11 Nr. 2, Nr. 7.4): im Browser eingegeben oder aus .xlsx/.csv eingelesen; die Vorlage ist mit
den Stellen vorbefüllt; jede fehlerhafte Zeile wird mit deutschem Grund gemeldet und nichts übernommen, bis alle
Zeilen stimmen; die Summen je Stelle und Kategorie werden mit dem zahlenmäßigen Nachweis abgeglichen (Befund)."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from verwendungsnachweis import berechnung, services
from verwendungsnachweis.models import Beleg, Verwendungsnachweis

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def nachweis(bestandskraeftiger_bescheid, time_machine):
    time_machine.move_to("2027-01-02 05:30 +01:00", tick=False)
    services.nachweise_eroeffnen()
    return Verwendungsnachweis.objects.get()


def xlsx(nachweis, client, zeilen):
    """The downloaded template with ``zeilen`` written into its rows (row 2 onwards)."""
    antwort = client.get(reverse("vn_belege_vorlage", args=[nachweis.pk]))
    mappe = load_workbook(io.BytesIO(antwort.content))
    blatt = mappe["Belegliste"]
    for i, werte in enumerate(zeilen, start=2):
        for j, wert in enumerate(werte, start=1):
            blatt.cell(row=i, column=j, value=wert)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return SimpleUploadedFile("belege.xlsx", puffer.getvalue())


def test_nr_7_4_vorlage_mit_den_stellen(nachweis, client_als, kommune_user):
    """Nr. 7.4: die Vorlage hat die Spaltenköpfe und je Stelle Zeilen für Personal- und (außer CM) Sachausgaben."""
    antwort = client_als(kommune_user).get(reverse("vn_belege_vorlage", args=[nachweis.pk]))
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("application/vnd.openxml")
    blatt = load_workbook(io.BytesIO(antwort.content))["Belegliste"]
    zeilen = list(blatt.iter_rows(values_only=True))
    assert zeilen[0] == ("Kategorie", "Stelle", "Datum", "Empfänger/in", "Zweck", "Betrag (€)")
    stellen = {z[1] for z in zeilen[1:] if z[1]}
    assert stellen == {s.kennung for s in nachweis.stellen.all()}
    cm = [s.kennung for s in nachweis.stellen.all() if s.art == "case_management"]
    assert not any(z[0] == "Sachausgaben" and z[1] in cm for z in zeilen)


def test_nr_7_4_import_meldet_jede_schlechte_zeile_und_uebernimmt_nichts(nachweis, client_als, kommune_user):
    """Nr. 7.4: eine Datei mit zwei schlechten Zeilen → beide mit Grund gemeldet, kein Beleg übernommen; korrigiert
    → alle übernommen, und zwar einmal; leere Vorlagezeilen werden übersprungen."""
    client = client_als(kommune_user)
    k1 = nachweis.stellen.first().kennung
    schlecht = [["Personalausgaben", k1, "15.03.2026", "Stadtkasse", "Gehalt März", "4.750,00"],
                ["Sachausgaben", "X9", "15.03.2026", "Bürobedarf GmbH", "Papier", "120,00"],
                ["Veranstaltungsformate", None, "31.02.2026", "Saalmiete", "Fachtag", "-5"]]
    antwort = client.post(reverse("vn_belege_importieren", args=[nachweis.pk]),
                          {"import-datei": xlsx(nachweis, client, schlecht)})
    seite = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Zeile 3: Die Stelle „X9“ steht nicht im zahlenmäßigen Nachweis" in seite
    assert "Zeile 4: Das Datum fehlt oder ist ungültig (TT.MM.JJJJ); Der Betrag muss größer als 0 sein." in seite
    assert "Zeile 2:" not in seite
    assert Beleg.objects.count() == 0

    gut = [schlecht[0], ["Sachausgaben", k1, "2026-03-16", "Bürobedarf GmbH", "Papier", 120],
           ["Veranstaltungsformate", None, "28.02.2026", "Saalmiete", "Fachtag", "1.200,50"]]
    antwort = client.post(reverse("vn_belege_importieren", args=[nachweis.pk]),
                          {"import-datei": xlsx(nachweis, client, gut)})
    assert antwort.status_code == 302
    belege = list(Beleg.objects.order_by("zeile"))
    assert [(b.kategorie, b.stelle, b.betrag) for b in belege] == [
        ("personal", k1, D("4750.00")), ("sach", k1, D("120.00")), ("veranstaltungen", "", D("1200.50"))]


def test_nr_7_4_csv_import_mit_semikolon(nachweis, client_als, kommune_user):
    """Nr. 7.4: auch eine CSV-Datei (Semikolon, Windows-1252 wie aus Excel gespeichert) wird gelesen."""
    k1 = nachweis.stellen.first().kennung
    text = ("Kategorie;Stelle;Datum;Empfänger/in;Zweck;Betrag (€)\n"
            f"Personalausgaben;{k1};31.12.2026;Stadtkasse Unna;Gehalt Dezember;4.750,00\n;;;;;\n")
    datei = SimpleUploadedFile("belege.csv", text.encode("cp1252"))
    antwort = client_als(kommune_user).post(reverse("vn_belege_importieren", args=[nachweis.pk]),
                                            {"import-datei": datei})
    assert antwort.status_code == 302
    assert Beleg.objects.get().empfaenger == "Stadtkasse Unna"


@pytest.mark.parametrize("name,inhalt,meldung", [
    ("belege.pdf", b"%PDF-1.4", "Excel-Datei (.xlsx) oder eine CSV-Datei"),
    ("belege.xlsx", b"kein zip", "keine lesbare Excel-Datei"),
    ("belege.csv", "Datum;Betrag\n1;2\n".encode(), "Spaltenköpfe der Vorlage"),
])
def test_nr_7_4_unlesbare_datei_deutsch(nachweis, client_als, kommune_user, name, inhalt, meldung):
    """Nr. 7.4: eine falsche oder kaputte Datei → ein deutscher Satz, kein 500, nichts übernommen."""
    antwort = client_als(kommune_user).post(reverse("vn_belege_importieren", args=[nachweis.pk]),
                                            {"import-datei": SimpleUploadedFile(name, inhalt)})
    assert antwort.status_code == 200 and meldung in antwort.content.decode()
    assert Beleg.objects.count() == 0


def test_nr_7_4_beleg_im_browser_abgleich_und_entfernen(nachweis, client_als, kommune_user):
    """Nr. 7.4: ein Beleg im Browser eingegeben; die Summe weicht vom zahlenmäßigen Nachweis ab → Befund (nichts
    wird still angepasst); ein falscher Beleg wird mit Grund abgewiesen; Entfernen wird protokolliert."""
    client = client_als(kommune_user)
    k1 = nachweis.stellen.first()
    antwort = client.post(reverse("vn_beleg_hinzufuegen", args=[nachweis.pk]), {
        "beleg-kategorie": "personal", "beleg-stelle": k1.kennung, "beleg-datum": "15.03.2026",
        "beleg-empfaenger": "Stadtkasse", "beleg-zweck": "Gehalt", "beleg-betrag": "1.000,00"})
    assert antwort.status_code == 302
    befunde = berechnung.beleg_abgleich(Verwendungsnachweis.objects.get())
    assert any(f"Personalausgaben der Stelle {k1.kennung} 1.000,00 €" in b for b in befunde)
    assert Verwendungsnachweis.objects.get().stellen.first().personalausgaben == k1.personalausgaben
    assert "Abgleich mit dem zahlenmäßigen Nachweis" in client.get(reverse("vn_detail", args=[nachweis.pk])).content.decode()

    antwort = client.post(reverse("vn_beleg_hinzufuegen", args=[nachweis.pk]), {
        "beleg-kategorie": "sach", "beleg-stelle": "ZZ", "beleg-datum": "15.03.2026",
        "beleg-empfaenger": "Firma", "beleg-zweck": "Laptop", "beleg-betrag": "900,00"})
    assert antwort.status_code == 200 and "Die Stelle „ZZ“ steht nicht im zahlenmäßigen Nachweis" in antwort.content.decode()
    assert "Laptop" in antwort.content.decode()
    assert Beleg.objects.count() == 1
    beleg = Beleg.objects.get()
    assert client.post(reverse("vn_beleg_entfernen", args=[nachweis.pk]), {"beleg": beleg.pk}).status_code == 302
    assert Beleg.objects.count() == 0
