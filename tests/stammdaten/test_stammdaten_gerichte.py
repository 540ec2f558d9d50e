"""The seven Verwaltungsgerichte of NRW with seat and postal address, in one place (kim_foerderung.stammdaten.
gerichte): every one of the 54 Zuwendungsempfänger (Nr. 3.1) is assigned one of them (§ 17 JustG NRW), which the
Rechtsbehelfsbelehrung names (§ 52 Nr. 3 Satz 2, § 58 Abs. 1 VwGO)."""
import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from bescheide import texte
from kim_foerderung.stammdaten.gerichte import VERWALTUNGSGERICHTE, verwaltungsgericht
from kim_foerderung.stammdaten.models import Kommune

pytestmark = pytest.mark.django_db

CSV = Path(__file__).resolve().parents[2] / "kim_foerderung" / "stammdaten" / "daten" / "kommunen-nrw.csv"

SITZE = {"Düsseldorf": "Düsseldorf", "Gelsenkirchen": "Gelsenkirchen", "Arnsberg": "Arnsberg", "Minden": "Minden",
         "Münster": "Münster", "Köln": "Köln", "Aachen": "Aachen"}


def test_sieben_gerichte_mit_sitz_und_anschrift():
    assert {ort: g.sitz for ort, g in VERWALTUNGSGERICHTE.items()} == SITZE
    for g in VERWALTUNGSGERICHTE.values():
        assert g.name == f"Verwaltungsgericht {g.sitz}"
        assert len(g.plz) == 5 and g.plz.isdigit() and g.strasse
        assert g.anschrift == f"{g.strasse}, {g.plz} {g.sitz}"
    assert VERWALTUNGSGERICHTE["Gelsenkirchen"].anschrift == "Bahnhofsvorplatz 3, 45879 Gelsenkirchen"
    assert VERWALTUNGSGERICHTE["Minden"].anschrift == "Königswall 8, 32423 Minden"


def test_jede_kommune_der_csv_hat_ein_bekanntes_gericht():
    with CSV.open(encoding="utf-8") as datei:
        spalte = {zeile["verwaltungsgericht"].strip() for zeile in csv.DictReader(datei)}
    assert spalte == set(VERWALTUNGSGERICHTE)
    kommunen = list(Kommune.objects.all())
    assert len(kommunen) == 54
    assert all(k.gericht is not None for k in kommunen)
    assert Kommune.objects.get(ags="05978000").gericht.sitz == "Gelsenkirchen"  # Kreis Unna
    assert Kommune.objects.get(ags="05711000").gericht.sitz == "Minden"  # Bielefeld
    assert Kommune.objects.get(ags="05334000").gericht.sitz == "Aachen"  # Städteregion Aachen


def test_rechtsbehelfsbelehrung_nennt_gericht_mit_anschrift_fuer_alle_54():
    for kommune in Kommune.objects.all():
        g = kommune.gericht
        text = texte.rechtsbehelfsbelehrung(kommune)
        assert f"beim Verwaltungsgericht {g.ort}, {g.strasse}, {g.plz} {g.sitz}, einzureichen" in text, kommune
        assert "Sitz " not in text and "{" not in text


def test_unbekanntes_gericht_deutscher_fehler(unna):
    assert verwaltungsgericht("Berlin") is None
    unna.verwaltungsgericht = "Berlin"
    with pytest.raises(ValidationError) as fehler:
        unna.full_clean()
    assert "eines der sieben Verwaltungsgerichte in Nordrhein-Westfalen" in str(fehler.value.message_dict)
