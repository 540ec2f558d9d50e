"""The demo addresses are the real postal addresses of the 54 administrations (issue 14 Nr. 3: not 40210 for
Bielefeld): kim_foerderung/stammdaten/daten/anschriften.csv, loaded by the demo commands, used as the recipient
address of every letter (in lines: name, street, PLZ Ort)."""
import pytest
from django.core.management import call_command

from antraege.models import Anlage1
from kim_foerderung.dokumente.briefkopf import anschrift_zeilen
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.stammdaten.services import anschriften, anschriften_laden
from kim_foerderung.zugang.services import demo_benutzer_anlegen
from tests.pdf_pruefung import dokument_bytes, text_von

pytestmark = pytest.mark.django_db

# A sample checked against the administrations' own imprints: PLZ and Ort of the seat.
BEKANNT = {
    "05711000": ("Niederwall 23", "33602", "Bielefeld"),
    "05978000": ("Friedrich-Ebert-Straße 17", "59425", "Unna"),
    "05315000": ("Rathausplatz 2", "50667", "Köln"),
    "05515000": ("Klemensstraße 10", "48143", "Münster"),
    "05378000": ("Am Rübezahlwald 7", "51469", "Bergisch Gladbach"),
    "05334000": ("Zollernstraße 10", "52070", "Aachen"),
    "05554000": ("Burloer Straße 93", "46325", "Borken"),
}


def test_jede_der_54_kommunen_hat_eine_anschrift():
    daten = anschriften()
    assert set(daten) == set(Kommune.objects.values_list("ags", flat=True)) and len(daten) == 54
    for ags, a in daten.items():
        assert a["strasse"] and a["ort"], ags
        assert len(a["plz"]) == 5 and a["plz"].isdigit(), ags
    for ags, (strasse, plz, ort) in BEKANNT.items():
        assert (daten[ags]["strasse"], daten[ags]["plz"], daten[ags]["ort"]) == (strasse, plz, ort)
    # The PLZ region fits the Regierungsbezirk (NRW: 32–59); never the same PLZ for two administrations.
    assert all(a["plz"][:2] in {"32", "33", "37", "40", "41", "42", "44", "45", "46", "47", "48", "50", "51",
                                "52", "53", "57", "58", "59"} for a in daten.values())
    assert len({a["plz"] for a in daten.values()}) == 54


def test_laden_ueberschreibt_keine_gepflegte_anschrift(unna):
    unna.strasse, unna.plz, unna.ort = "Postfach 2112", "59411", "Unna"
    unna.save()
    assert anschriften_laden() == 53
    assert anschriften_laden() == 0
    unna.refresh_from_db()
    assert unna.strasse == "Postfach 2112"
    bielefeld = Kommune.objects.get(ags="05711000")
    assert anschrift_zeilen(bielefeld) == ["Stadt Bielefeld", "Niederwall 23", "33602 Bielefeld"]


def test_demo_antrag_von_bielefeld_mit_echter_plz(db):
    demo_benutzer_anlegen()
    call_command("demo_antraege")
    bielefeld = Kommune.objects.get(ags="05711000")
    assert (bielefeld.ki_strasse, bielefeld.ki_plz, bielefeld.ki_ort) == ("Niederwall 23", "33602", "Bielefeld")
    text = text_von(dokument_bytes(Anlage1.objects.get(antrag__kommune=bielefeld).dokument))
    assert "Niederwall 23, 33602 Bielefeld" in text and "40210" not in text
