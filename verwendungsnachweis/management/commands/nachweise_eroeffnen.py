from django.core.management.base import BaseCommand

from verwendungsnachweis.services import nachweise_eroeffnen


class Command(BaseCommand):
    help = ("Eröffnet den Verwendungsnachweis jedes geltenden Bescheids, dessen Förderjahr abgelaufen ist "
            "(Nr. 7.4; wie die tägliche Celery-Aufgabe, ohne Celery).")

    def handle(self, *args, **options):
        anzahl = nachweise_eroeffnen()
        self.stdout.write("Kein Verwendungsnachweis eröffnet." if anzahl == 0 else
                          f"{anzahl} Verwendungsnachweis(e) eröffnet.")
