from django.conf import settings
from django.db import migrations, models

# Audit actions that edit a draft (bescheide.services, bescheide.haushalt): their authors are Bearbeiter.
BEARBEITUNG = ("als Entwurf angelegt", "Entwurf gespeichert", "Zur Zeichnung vorgelegt",
               "Verteilungsvorschlag übernommen")


def bearbeiter_nachtragen(apps, schema_editor):
    """Existing Bescheide: the preparer and every author of an editing audit entry become Bearbeiter."""
    Bescheid = apps.get_model("bescheide", "Bescheid")
    Protokolleintrag = apps.get_model("protokoll", "Protokolleintrag")
    ContentType = apps.get_model("contenttypes", "ContentType")
    typ = ContentType.objects.filter(app_label="bescheide", model="bescheid").first()
    for bescheid in Bescheid.objects.all():
        ids = {bescheid.vorbereitet_von_id} - {None}
        if typ is not None:
            for aktion, benutzer_id in Protokolleintrag.objects.filter(
                    content_type=typ, object_id=str(bescheid.pk), benutzer__isnull=False).values_list(
                    "aktion", "benutzer_id"):
                if any(teil in aktion for teil in BEARBEITUNG):
                    ids.add(benutzer_id)
        if ids:
            bescheid.bearbeiter.add(*ids)


class Migration(migrations.Migration):

    dependencies = [
        ("bescheide", "0003_zeitplan_bestandskraft"),
        ("protokoll", "0004_benachrichtigung"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="bescheid",
            name="bearbeiter",
            field=models.ManyToManyField(blank=True, related_name="+", to=settings.AUTH_USER_MODEL,
                                         verbose_name="bearbeitet von"),
        ),
        migrations.RunPython(bearbeiter_nachtragen, migrations.RunPython.noop),
    ]
