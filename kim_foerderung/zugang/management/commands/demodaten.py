from django.core.management.base import BaseCommand, CommandError

from kim_foerderung.stammdaten.services import anschriften_laden, kommunen_laden
from kim_foerderung.zugang.rollen import rollen_von
from kim_foerderung.zugang.services import (
    DEMO_PASSWORT,
    DemoNurImEntwicklungsmodus,
    demo_benutzer_anlegen,
    pruefe_demo_erlaubt,
)


class Command(BaseCommand):
    help = "Legt Demo-Benutzer je Rolle an (nur mit DJANGO_DEBUG=1) und gibt sie aus."

    def handle(self, *args, **options):
        try:
            # Before any write (kommunen_laden included): in production nothing at all happens.
            pruefe_demo_erlaubt()
            kommunen_laden()
            anschriften_laden()
            benutzer = demo_benutzer_anlegen()
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        self.stdout.write("Demo-Benutzer (Passwort für alle: %s):" % DEMO_PASSWORT)
        for b, _neu in benutzer:
            rollen = ", ".join(r.label for r in rollen_von(b))
            wo = f" – {b.kommune}" if b.kommune else ""
            self.stdout.write(f"  {b.username:<18} {rollen}{wo}")
