"""The default Rechtsbehelfsbelehrung names the Verwaltungsgericht with its postal address ({anschrift}) instead of
"Sitz …" (kim_foerderung.stammdaten.gerichte). Only an unchanged default text is updated; an Admin's own text
stays as it is (its placeholders keep working)."""
from django.db import migrations

SCHLUESSEL = "rechtsbehelfsbelehrung"
ALT = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage erhoben werden. Die Klage ist "
    "schriftlich beim Verwaltungsgericht {verwaltungsgericht}, {sitz}, einzureichen oder dort zur Niederschrift "
    "der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle zu erklären. Die Klage kann auch als "
    "elektronisches Dokument nach Maßgabe des § 55a der Verwaltungsgerichtsordnung und der "
    "Elektronischer-Rechtsverkehr-Verordnung eingereicht werden."
)
NEU = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage erhoben werden. Die Klage ist "
    "schriftlich beim Verwaltungsgericht {verwaltungsgericht}, {anschrift}, einzureichen oder dort zur "
    "Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle zu erklären. Die Klage kann "
    "auch als elektronisches Dokument nach Maßgabe des § 55a der Verwaltungsgerichtsordnung und der "
    "Elektronischer-Rechtsverkehr-Verordnung eingereicht werden."
)


def vorwaerts(apps, schema_editor):
    apps.get_model("bescheide", "Textbaustein").objects.filter(schluessel=SCHLUESSEL, text=ALT).update(text=NEU)


def rueckwaerts(apps, schema_editor):
    apps.get_model("bescheide", "Textbaustein").objects.filter(schluessel=SCHLUESSEL, text=NEU).update(text=ALT)


class Migration(migrations.Migration):

    dependencies = [
        ("bescheide", "0004_bearbeiter"),
    ]

    operations = [
        migrations.RunPython(vorwaerts, rueckwaerts),
    ]
