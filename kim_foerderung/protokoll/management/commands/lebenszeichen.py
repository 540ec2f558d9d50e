from django.core.management.base import BaseCommand

from kim_foerderung.protokoll.services import lebenszeichen_schreiben


class Command(BaseCommand):
    help = "Schreibt das tägliche Lebenszeichen (wie die periodische Celery-Aufgabe, ohne Celery)."

    def handle(self, *args, **options):
        eintrag, neu = lebenszeichen_schreiben("befehl")
        status = "geschrieben" if neu else "war heute schon vorhanden"
        self.stdout.write(f"Lebenszeichen {eintrag.datum:%d.%m.%Y} {status}.")
