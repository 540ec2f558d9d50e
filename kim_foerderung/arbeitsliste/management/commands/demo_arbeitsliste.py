from django.core.management.base import BaseCommand, CommandError

from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus

from ...demo import demo_arbeitsliste_anlegen


class Command(BaseCommand):
    help = "Demo: Bearbeiter/innen der Kommunen und eine Wiedervorlage (nur mit DJANGO_DEBUG=1)."

    def handle(self, *args, **options):
        try:
            demo_arbeitsliste_anlegen()
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        self.stdout.write("Bearbeiter/innen zugewiesen, Wiedervorlage für sachbearbeitung gesetzt.")
