from django.core.management.base import BaseCommand

from verwendungsnachweis.erinnerungen import erinnerungen_senden


class Command(BaseCommand):
    help = ("Sendet fällige Erinnerungen und Mahnungen (Verwendungsnachweis Nr. 7.4, Rückfragen, Anhörungen, "
            "Antragsfrist Nr. 7.1.2) – jede nur einmal; wie die tägliche Celery-Aufgabe, ohne Celery.")

    def handle(self, *args, **options):
        anzahl = erinnerungen_senden()
        self.stdout.write("Keine Erinnerung fällig." if anzahl == 0 else f"{anzahl} Erinnerung(en) gesendet.")
