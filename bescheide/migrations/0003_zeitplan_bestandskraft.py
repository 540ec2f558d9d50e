"""The beat schedule lives in the database (django-celery-beat): Bestandskraft is checked daily at 00:30 Berlin
time, so a Bescheid whose Klagefrist ended yesterday is bestandskräftig from the first minutes of its day
(§ 74 VwGO; DESIGN.md "Scheduled work"). The task is idempotent; a missed run catches up on the next one."""
from django.db import migrations

NAME = "Bestandskraft nach Ablauf der Klagefrist"
TASK = "bescheide.bestandskraft_pruefen"


def anlegen(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    zeitplan, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Berlin"
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": zeitplan,
            "enabled": True,
            "description": "Versandte Bescheide werden am Tag nach dem Ende der Klagefrist bestandskräftig "
                           "(§ 74 VwGO, §§ 187, 188 BGB, § 31 Abs. 3 VwVfG NRW).",
        },
    )


def entfernen(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bescheide", "0002_textbaustein_rechtsbehelfsbelehrung"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(anlegen, entfernen)]
