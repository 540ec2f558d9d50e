"""``python manage.py fristen 2027 [--bekanntgabe 2027-01-31]`` — the deadlines of a Förderjahr as JSON.

Förderjahr 2025's Antragsfrist uses ``settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG``. Malformed arguments
(no four-digit year, a year outside 2025–2028, a date that is not JJJJ-MM-TT or lies outside
``regeln.bekanntgabe_zeitraum``): exit 2, one German sentence on stderr, nothing on stdout. Never touches the
database.
"""
import json
import re
from datetime import date

from django.conf import settings

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln import RegelFehler, fristen_als_json

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Command(EingabeKommando):
    help = "Zeigt die Fristen eines Förderjahres (Nr. 7.1.2, 7.3, 7.4) als JSON."
    aufruf = "manage.py fristen JAHR [--bekanntgabe JJJJ-MM-TT]"

    def add_arguments(self, parser):
        parser.add_argument("jahr", help="Förderjahr, z. B. 2027")
        parser.add_argument("--bekanntgabe", help="Tag der Bekanntgabe des Bescheids, JJJJ-MM-TT")

    def handle(self, *args, **options):
        roh_jahr = str(options["jahr"]).strip()
        if not (roh_jahr.isascii() and roh_jahr.isdigit() and len(roh_jahr) == 4):
            self.abbrechen(f'Argument "jahr": "{roh_jahr}" ist keine Jahreszahl; erwartet wird z. B. 2027.')
        jahr = int(roh_jahr)

        bekanntgabe = None
        roh_datum = options.get("bekanntgabe")
        if roh_datum is not None:
            try:
                if not _DATUM.match(roh_datum):
                    raise ValueError
                bekanntgabe = date.fromisoformat(roh_datum)
            except ValueError:
                self.abbrechen(f'Argument "--bekanntgabe": "{roh_datum}" ist kein gültiges Datum im Format '
                               "JJJJ-MM-TT, z. B. 2027-01-31.")

        veroeffentlichung = getattr(settings, "KIM_RICHTLINIE_VEROEFFENTLICHUNG", date(2024, 12, 12))
        try:
            ausgabe = fristen_als_json(jahr, veroeffentlichung=veroeffentlichung)
        except RegelFehler as fehler:
            self.abbrechen(f'Argument "jahr": {fehler}')
        if bekanntgabe is not None:
            # The year is valid now, so any error concerns the Bekanntgabe (outside bekanntgabe_zeitraum).
            try:
                ausgabe = fristen_als_json(jahr, bekanntgabe=bekanntgabe, veroeffentlichung=veroeffentlichung)
            except RegelFehler as fehler:
                self.abbrechen(f'Argument "--bekanntgabe": {fehler}')
        self.stdout.write(json.dumps(ausgabe, indent=1, ensure_ascii=False))
