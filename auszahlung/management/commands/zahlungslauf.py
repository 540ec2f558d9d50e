"""``python manage.py zahlungslauf [--nur-termin]`` — what the beat tasks do, without Celery (e.g. while Redis is
down): bring every Tranchenplan up to date and prepare the run of all due Tranchen. Idempotent."""
from django.core.management.base import BaseCommand

from auszahlung import tasks


class Command(BaseCommand):
    help = "Gleicht die Tranchenpläne ab und bereitet den Zahlungslauf der fälligen Tranchen vor (Nr. 7.3)."

    def add_arguments(self, parser):
        parser.add_argument("--nur-termin", action="store_true",
                            help="nur im Vorbereitungszeitraum eines Termins, keine Nachholung")

    def handle(self, *args, **options):
        geaendert = tasks.tranchen_synchronisieren()
        lauf_pk = tasks.zahlungslauf_vorbereiten(nur_termin=options["nur_termin"])
        if lauf_pk:
            from auszahlung.models import Zahlungslauf

            lauf = Zahlungslauf.objects.get(pk=lauf_pk)
            self.stdout.write(f"Zahlungslauf {lauf.nummer} vorbereitet: {lauf.anzahl} Zahlungen, Zahltag "
                              f"{lauf.zahltag:%d.%m.%Y}.")
        else:
            self.stdout.write(f"Tranchen abgeglichen ({geaendert} geändert); keine fällige Tranche ohne Zahlungslauf.")
