from django.core.management.base import BaseCommand

from bescheide.services import bestandskraft_eintreten_lassen


class Command(BaseCommand):
    help = ("Lässt alle versandten Bescheide bestandskräftig werden, deren Klagefrist abgelaufen ist "
            "(wie die periodische Celery-Aufgabe, ohne Celery).")

    def handle(self, *args, **options):
        anzahl = bestandskraft_eintreten_lassen()
        if anzahl == 0:
            self.stdout.write("Kein Bescheid ist heute bestandskräftig geworden.")
        elif anzahl == 1:
            self.stdout.write("1 Bescheid ist bestandskräftig geworden.")
        else:
            self.stdout.write(f"{anzahl} Bescheide sind bestandskräftig geworden.")
