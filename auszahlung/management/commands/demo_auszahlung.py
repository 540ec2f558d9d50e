from django.core.management.base import BaseCommand, CommandError

from kim_foerderung.zugang.services import DemoNurImEntwicklungsmodus, pruefe_demo_erlaubt


class Command(BaseCommand):
    help = ("Legt Demo-Mittelanforderungen und -Zahlungsläufe an (ein angeordneter und gebuchter, einer wartet auf "
            "die Anordnung; nur mit DJANGO_DEBUG=1).")

    def handle(self, *args, **options):
        try:
            pruefe_demo_erlaubt()  # the one guard of all demo commands, before any write
        except DemoNurImEntwicklungsmodus as fehler:
            raise CommandError(str(fehler))
        from django.test.utils import override_settings

        from auszahlung.demo import demo_auszahlung_anlegen

        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ergebnis = demo_auszahlung_anlegen()
        self.stdout.write(f"Demo-Auszahlung: {len(ergebnis)} Mittelanforderungen und Zahlungsläufe angelegt.")
        for objekt in ergebnis:
            self.stdout.write(f"  {objekt}")
