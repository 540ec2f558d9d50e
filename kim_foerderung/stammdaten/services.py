"""Writes to master data."""
import csv
from pathlib import Path

from django.db import transaction

from .models import Kommune

KOMMUNEN_CSV = Path(__file__).resolve().parent / "daten" / "kommunen-nrw.csv"
# The postal address of each Kommune's administration (Kreishaus, Rathaus) for the demo data: the recipient
# address of the letters (issue 14 Nr. 3). Production data is entered by the Admin.
ANSCHRIFTEN_CSV = Path(__file__).resolve().parent / "daten" / "anschriften.csv"


@transaction.atomic
def kommunen_laden(pfad=KOMMUNEN_CSV):
    """Load the 54 Zuwendungsempfänger idempotently: a second run changes nothing.

    Only the official columns are overwritten; KI details and bank data entered later are kept.
    Returns (angelegt, aktualisiert).
    """
    angelegt = aktualisiert = 0
    with open(pfad, encoding="utf-8", newline="") as f:
        for zeile in csv.DictReader(f):
            werte = {
                "name": zeile["name"].strip(),
                "art": zeile["art"].strip(),
                "regierungsbezirk": zeile["regierungsbezirk"].strip(),
                "verwaltungsgericht": zeile["verwaltungsgericht"].strip(),
            }
            kommune, neu = Kommune.objects.get_or_create(ags=zeile["ags"].strip(), defaults=werte)
            if neu:
                angelegt += 1
                continue
            geaendert = [feld for feld, wert in werte.items() if getattr(kommune, feld) != wert]
            if geaendert:
                for feld in geaendert:
                    setattr(kommune, feld, werte[feld])
                kommune.save(update_fields=geaendert)
                aktualisiert += 1
    return angelegt, aktualisiert


def anschriften():
    """{AGS: {"verwaltung", "strasse", "plz", "ort"}} from ``ANSCHRIFTEN_CSV``."""
    with open(ANSCHRIFTEN_CSV, encoding="utf-8", newline="") as f:
        return {z["ags"].strip(): {k: (z[k] or "").strip() for k in ("verwaltung", "strasse", "plz", "ort")}
                for z in csv.DictReader(f)}


@transaction.atomic
def anschriften_laden():
    """Fill the administration's address of every Kommune that has none yet (an address the Admin entered is
    kept); returns how many were filled. Used by the demo data."""
    gefuellt = 0
    daten = anschriften()
    for kommune in Kommune.objects.filter(ags__in=daten, strasse="", plz="", ort=""):
        werte = daten[kommune.ags]
        kommune.strasse, kommune.plz, kommune.ort = werte["strasse"], werte["plz"], werte["ort"]
        kommune.save(update_fields=["strasse", "plz", "ort"])
        gefuellt += 1
    return gefuellt
