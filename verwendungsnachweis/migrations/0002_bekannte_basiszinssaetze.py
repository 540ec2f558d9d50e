"""The Basiszinssätze known when the app was built (DESIGN.md "Deadlines"; Deutsche Bundesbank). The Admin adds
later ones in the app. Idempotent: an existing half-year is left as it is."""
from datetime import date
from decimal import Decimal

from django.db import migrations

BEKANNT = {
    date(2024, 1, 1): Decimal("3.62"),
    date(2024, 7, 1): Decimal("3.37"),
    date(2025, 1, 1): Decimal("2.27"),
    date(2025, 7, 1): Decimal("1.27"),
    date(2026, 1, 1): Decimal("1.27"),
}


def eintragen(apps, schema_editor):
    Basiszinssatz = apps.get_model("verwendungsnachweis", "Basiszinssatz")
    for tag, prozent in BEKANNT.items():
        Basiszinssatz.objects.get_or_create(
            gueltig_ab=tag, defaults={"prozent": prozent, "quelle": "Deutsche Bundesbank (Datenübernahme)"})


class Migration(migrations.Migration):
    dependencies = [("verwendungsnachweis", "0001_initial")]
    operations = [migrations.RunPython(eintragen, migrations.RunPython.noop)]
