from django.core.management.base import BaseCommand, CommandError

from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus, pruefe_demo_erlaubt


class Command(BaseCommand):
    help = "Legt Demo-Bescheide in verschiedenen Status an (nur mit DJANGO_DEBUG=1)."

    def handle(self, *args, **options):
        try:
            pruefe_demo_erlaubt()  # the one guard of all demo commands, before any write
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        from django.test.utils import override_settings

        from bescheide.demo import demo_bescheide_anlegen

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            bescheide = demo_bescheide_anlegen()
        self.stdout.write(f"Demo-Bescheide: {len(bescheide)} angelegt.")
        for b in bescheide:
            self.stdout.write(f"  {b.antrag.kommune} {b.foerderjahr}: {b.get_art_display()} – {b.get_status_display()}")
