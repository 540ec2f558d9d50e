"""The beat schedule of the Auszahlung lives in the database (django-celery-beat) and is editable in the admin
("Periodic tasks"); the lead time in TARGET days is set in "Einstellungen der Auszahlung". Every task is idempotent;
a missed run catches up on the next one (DESIGN.md "Scheduled work")."""
from django.db import migrations

ZEITPLAENE = [
    ("Auszahlung: Tranchenpläne abgleichen", "auszahlung.tranchen_synchronisieren", "45", "0", "{}",
     "Jeder geltende Bescheid hat seinen aktuellen Tranchenplan; Status folgt dem Tag (geplant → fällig). Holt "
     "einen verpassten Hook (Bestandskraft, Änderungsbescheid) nach."),
    ("Auszahlung: Zahlungslauf vor dem Zahltag", "auszahlung.zahlungslauf_vorbereiten", "0", "6",
     '{"nur_termin": true}',
     "Ab dem eingestellten Vorlauf (Standard 5 TARGET-Tage vor dem Zahltag) wird der Zahlungslauf des Termins "
     "vorbereitet und Finanzen benachrichtigt (Nr. 7.3)."),
    ("Auszahlung: fällige Tranchen nachholen", "auszahlung.zahlungslauf_vorbereiten", "30", "6",
     '{"nur_termin": false}',
     "Täglich: fällige Tranchen, deren Termin verstrichen ist (z. B. Bestandskraft nach dem Termin oder Worker am "
     "Tag ausgefallen), kommen in einen Nachhollauf."),
]


def anlegen(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, stunde, kwargs, beschreibung in ZEITPLAENE:
        zeitplan, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=stunde, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone="Europe/Berlin")
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": zeitplan, "kwargs": kwargs, "enabled": True,
                                 "description": beschreibung})


def entfernen(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[z[0] for z in ZEITPLAENE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auszahlung", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(anlegen, entfernen)]
