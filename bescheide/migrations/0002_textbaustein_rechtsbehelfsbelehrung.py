"""The default Textbaustein "rechtsbehelfsbelehrung" (§ 58 VwGO), editable by the Admin afterwards.

The text is a copy of bescheide.texte.RECHTSBEHELFSBELEHRUNG_STANDARD as of this migration: a migration must not
import app code that may change later. Placeholders: {verwaltungsgericht} (the court of the Kommune, § 52 Nr. 3
Satz 2 VwGO) and {sitz}.
"""
from django.db import migrations

SCHLUESSEL = "rechtsbehelfsbelehrung"
TITEL = "Rechtsbehelfsbelehrung"
TEXT = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage erhoben werden. Die Klage ist "
    "schriftlich beim Verwaltungsgericht {verwaltungsgericht}, {sitz}, einzureichen oder dort zur Niederschrift "
    "der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle zu erklären. Die Klage kann auch als "
    "elektronisches Dokument nach Maßgabe des § 55a der Verwaltungsgerichtsordnung und der "
    "Elektronischer-Rechtsverkehr-Verordnung eingereicht werden."
)


def anlegen(apps, schema_editor):
    """Create the Textbaustein unless it exists (an Admin's text is never overwritten)."""
    Textbaustein = apps.get_model("bescheide", "Textbaustein")
    Textbaustein.objects.get_or_create(schluessel=SCHLUESSEL, defaults={"titel": TITEL, "text": TEXT})


def entfernen(apps, schema_editor):
    """Remove it only if still unchanged; an edited text stays."""
    Textbaustein = apps.get_model("bescheide", "Textbaustein")
    Textbaustein.objects.filter(schluessel=SCHLUESSEL, text=TEXT).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("bescheide", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(anlegen, entfernen),
    ]
