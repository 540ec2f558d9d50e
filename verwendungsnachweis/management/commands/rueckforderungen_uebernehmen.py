from django.core.management.base import BaseCommand

from verwendungsnachweis.services import rueckforderungen_uebernehmen


class Command(BaseCommand):
    help = ("Übernimmt die Rückforderungen der Auszahlung nach einem Änderungsbescheid in die Anhörung/Erstattung "
            "(Nr. 7.5; wie die tägliche Celery-Aufgabe, ohne Celery).")

    def handle(self, *args, **options):
        anzahl = rueckforderungen_uebernehmen()
        self.stdout.write("Keine Rückforderung übernommen." if anzahl == 0 else
                          f"{anzahl} Rückforderung(en) übernommen; die Anhörung ist vorzubereiten.")
