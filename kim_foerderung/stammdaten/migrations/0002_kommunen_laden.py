"""Load the 54 Zuwendungsempfänger (idempotent; `manage.py kommunen_laden` does the same later)."""
import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "daten" / "kommunen-nrw.csv"


def laden(apps, schema_editor):
    Kommune = apps.get_model("stammdaten", "Kommune")
    with open(CSV, encoding="utf-8", newline="") as f:
        for zeile in csv.DictReader(f):
            Kommune.objects.update_or_create(
                ags=zeile["ags"].strip(),
                defaults={
                    "name": zeile["name"].strip(),
                    "art": zeile["art"].strip(),
                    "regierungsbezirk": zeile["regierungsbezirk"].strip(),
                    "verwaltungsgericht": zeile["verwaltungsgericht"].strip(),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("stammdaten", "0001_initial")]
    operations = [migrations.RunPython(laden, migrations.RunPython.noop)]
