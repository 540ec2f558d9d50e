"""Writes to master data."""
import csv
from pathlib import Path

from django.db import transaction

from .models import Kommune

KOMMUNEN_CSV = Path(__file__).resolve().parent / "daten" / "kommunen-nrw.csv"


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
