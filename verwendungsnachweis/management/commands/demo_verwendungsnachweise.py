from django.core.management.base import BaseCommand, CommandError

from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus, pruefe_demo_erlaubt


class Command(BaseCommand):
    help = ("Legt Demo-Verwendungsnachweise 2025 an (Entwurf, eingereicht, Anhörung) mit ausgezahlten Raten "
            "(nur mit DJANGO_DEBUG=1).")

    def handle(self, *args, **options):
        try:
            pruefe_demo_erlaubt()  # the one guard of all demo commands, before any write
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        from django.test.utils import override_settings

        from verwendungsnachweis.demo import demo_verwendungsnachweise_anlegen

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            nachweise = demo_verwendungsnachweise_anlegen()
        self.stdout.write(f"Demo-Verwendungsnachweise: {len(nachweise)} angelegt.")
        for n in nachweise:
            self.stdout.write(f"  {n.antrag.kommune} {n.foerderjahr}: {n.get_status_display()}")
