"""``python manage.py verwendungsnachweis < vn.json`` — recognised expenditure of a Verwendungsnachweis against
the Bescheid and what was paid (Nr. 7.4, 7.5, ANBest-G 1.2), per shared/rechner/CONTRACT.md.

JSON on stdin, JSON on stdout (exit 0). Malformed input: exit 2, one German sentence naming the field on stderr,
nothing on stdout. Never touches the database and needs no secret key.
"""
import json
import sys

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln import RegelFehler
from kim_foerderung.regeln.verwendungsnachweis import verwendungsnachweis_json


class Command(EingabeKommando):
    help = "Rechnet einen Verwendungsnachweis (JSON auf stdin) gegen Bescheid und Auszahlung (Nr. 7.4, 7.5)."
    aufruf = "manage.py verwendungsnachweis < vn.json"
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        quelle = options.get("stdin") or sys.stdin
        roh = quelle.buffer.read() if hasattr(quelle, "buffer") else quelle.read()
        try:
            ausgabe = verwendungsnachweis_json(roh)
        except RegelFehler as fehler:
            self.abbrechen(str(fehler))
        self.stdout.write(json.dumps(ausgabe, indent=1, ensure_ascii=False))
