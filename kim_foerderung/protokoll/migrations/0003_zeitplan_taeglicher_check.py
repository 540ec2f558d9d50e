"""The beat schedule lives in the database (django-celery-beat): the daily check at 06:00 Berlin time."""
from django.db import migrations


def anlegen(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    zeitplan, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Berlin"
    )
    PeriodicTask.objects.update_or_create(
        name="Täglicher Check (Lebenszeichen)",
        defaults={"task": "protokoll.taeglicher_check", "crontab": zeitplan, "enabled": True},
    )


def entfernen(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Täglicher Check (Lebenszeichen)"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("protokoll", "0002_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(anlegen, entfernen)]
