from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from antraege.demo import demo_antraege_anlegen


class Command(BaseCommand):
    help = "Legt Demo-Anträge in verschiedenen Status an (nur mit DJANGO_DEBUG=1)."

    def handle(self, *args, **options):
        if not settings.DEBUG and not getattr(settings, "TESTING", False):
            raise CommandError("Demo-Anträge werden nur im Entwicklungsmodus angelegt (DJANGO_DEBUG=1).")
        from django.test.utils import override_settings

        # The demo's history sends no e-mails to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            antraege = demo_antraege_anlegen()
        self.stdout.write(f"Demo-Anträge: {len(antraege)} angelegt.")
        for a in antraege:
            a.refresh_from_db()
            self.stdout.write(f"  {a.kommune} {a.foerderjahr}: {a.get_status_display()}")
