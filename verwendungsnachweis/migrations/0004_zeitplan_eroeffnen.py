"""The beat schedule lives in the database (django-celery-beat): open Verwendungsnachweise daily at 05:30."""
from django.db import migrations


def anlegen(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    zeitplan, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="5", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Berlin")
    PeriodicTask.objects.update_or_create(
        name="Verwendungsnachweise eröffnen (Nr. 7.4)",
        defaults={"task": "verwendungsnachweis.nachweise_eroeffnen", "crontab": zeitplan, "enabled": True})


def entfernen(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Verwendungsnachweise eröffnen (Nr. 7.4)").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verwendungsnachweis", "0003_verwendungsnachweis"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(anlegen, entfernen)]
