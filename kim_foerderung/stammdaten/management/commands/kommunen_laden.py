from django.core.management.base import BaseCommand

from kim_foerderung.stammdaten.services import kommunen_laden


class Command(BaseCommand):
    help = "Lädt die 54 Kreise, die Städteregion und kreisfreien Städte aus der CSV (idempotent)."

    def handle(self, *args, **options):
        angelegt, aktualisiert = kommunen_laden()
        self.stdout.write(f"Kommunen: {angelegt} angelegt, {aktualisiert} aktualisiert.")
