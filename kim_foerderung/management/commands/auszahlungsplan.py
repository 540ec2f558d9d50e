"""``python manage.py auszahlungsplan < plan.json`` — the two tranches of a Bescheid (shared/rechner/CONTRACT.md).

Reads one plan as JSON on stdin, prints the tranches as JSON on stdout (exit 0). Malformed input: exit 2, one
German sentence naming the field on stderr, nothing on stdout. Never touches the database.
"""
import json
import sys

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln.auszahlung import AuszahlungEingabeFehler, plan_aus_json


class Command(EingabeKommando):
    help = "Berechnet die zwei Tranchen eines Bescheids (Nr. 7.3, JSON auf stdin) mit Zahltag und Status."
    aufruf = "manage.py auszahlungsplan < plan.json"
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        quelle = options.get("stdin") or sys.stdin
        roh = quelle.buffer.read() if hasattr(quelle, "buffer") else quelle.read()
        try:
            ausgabe = plan_aus_json(roh)
        except AuszahlungEingabeFehler as fehler:
            self.abbrechen(str(fehler))
        self.stdout.write(json.dumps(ausgabe, indent=1, ensure_ascii=False))
