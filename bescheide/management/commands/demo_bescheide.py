from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Legt Demo-Bescheide in verschiedenen Status an (nur mit DJANGO_DEBUG=1)."

    def handle(self, *args, **options):
        if not settings.DEBUG and not getattr(settings, "TESTING", False):
            raise CommandError("Demo-Bescheide werden nur im Entwicklungsmodus angelegt (DJANGO_DEBUG=1).")
        from django.test.utils import override_settings

        from bescheide.demo import demo_bescheide_anlegen

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            bescheide = demo_bescheide_anlegen()
        self.stdout.write(f"Demo-Bescheide: {len(bescheide)} angelegt.")
        for b in bescheide:
            self.stdout.write(f"  {b.antrag.kommune} {b.foerderjahr}: {b.get_art_display()} – {b.get_status_display()}")
