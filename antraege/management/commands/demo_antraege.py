from django.core.management.base import BaseCommand, CommandError

from antraege.demo import demo_antraege_anlegen
from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus, pruefe_demo_erlaubt


class Command(BaseCommand):
    help = "Legt Demo-Anträge in verschiedenen Status an (nur mit DJANGO_DEBUG=1)."

    def handle(self, *args, **options):
        try:
            pruefe_demo_erlaubt()  # the one guard of all demo commands, before any write
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        from django.test.utils import override_settings

        # The demo's history sends no e-mails to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            antraege = demo_antraege_anlegen()
        self.stdout.write(f"Demo-Anträge: {len(antraege)} angelegt.")
        for a in antraege:
            a.refresh_from_db()
            self.stdout.write(f"  {a.kommune} {a.foerderjahr}: {a.get_status_display()}")
