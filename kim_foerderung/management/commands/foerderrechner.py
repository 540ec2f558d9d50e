"""``python manage.py foerderrechner < fall.json`` — the Förderrechner contract (shared/rechner/CONTRACT.md).

Reads one case as JSON on stdin, prints the result as JSON on stdout (exit 0). Malformed input: exit 2,
one German sentence naming the field on stderr, nothing on stdout. Never touches the database.
"""
import json
import sys

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln import EingabeFehler, rechne_json


class Command(EingabeKommando):
    help = "Berechnet die zuwendungsfähigen Beträge eines Falls (JSON auf stdin) nach der Richtlinie KIM NRW."
    aufruf = "manage.py foerderrechner < fall.json"
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        quelle = options.get("stdin") or sys.stdin
        roh = quelle.buffer.read() if hasattr(quelle, "buffer") else quelle.read()
        try:
            ausgabe = rechne_json(roh)
        except EingabeFehler as fehler:
            self.abbrechen(str(fehler))
        self.stdout.write(json.dumps(ausgabe, indent=1, ensure_ascii=False))
