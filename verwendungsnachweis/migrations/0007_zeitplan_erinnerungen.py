"""The beat schedule lives in the database (django-celery-beat): reminders and Mahnungen daily at 06:15."""
from django.db import migrations


def anlegen(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    zeitplan, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Berlin")
    PeriodicTask.objects.update_or_create(
        name="Erinnerungen und Mahnungen (Verwendungsnachweis, Antragsfrist)",
        defaults={"task": "verwendungsnachweis.erinnerungen_senden", "crontab": zeitplan, "enabled": True})


def entfernen(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task="verwendungsnachweis.erinnerungen_senden").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verwendungsnachweis", "0006_erinnerungen"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(anlegen, entfernen)]
