"""``python manage.py fristen 2027 [--bekanntgabe 2027-01-31 | --abgesandt 2027-01-27]`` — the deadlines of a
Förderjahr as JSON.

Förderjahr 2025's Antragsfrist uses ``settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG``. With ``--abgesandt`` (the
day the Bescheid was sent by post) the output also has ``"bekanntgabe"`` (§ 41 Abs. 2 VwVfG NRW, the fourth
day — ``settings.KIM_BEKANNTGABE_TAGE`` — moved to the next NRW working day) and the Klagefrist runs from it.
Malformed arguments (no four-digit year, a year outside 2025–2028, a date that is not JJJJ-MM-TT or lies
outside ``regeln.bekanntgabe_zeitraum``, both ``--bekanntgabe`` and ``--abgesandt``): exit 2, one German
sentence on stderr, nothing on stdout. Never touches the database.
"""
import json
import re
from datetime import date

from django.conf import settings

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln import BEKANNTGABE_TAGE, RegelFehler, fristen_als_json

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Command(EingabeKommando):
    help = "Zeigt die Fristen eines Förderjahres (Nr. 7.1.2, 7.3, 7.4) als JSON."
    aufruf = "manage.py fristen JAHR [--bekanntgabe JJJJ-MM-TT | --abgesandt JJJJ-MM-TT]"

    def add_arguments(self, parser):
        parser.add_argument("jahr", help="Förderjahr, z. B. 2027")
        parser.add_argument("--bekanntgabe", help="Tag der Bekanntgabe des Bescheids, JJJJ-MM-TT")
        parser.add_argument("--abgesandt", help="Tag der Absendung des Bescheids mit der Post, JJJJ-MM-TT")

    def _datum(self, options, name):
        roh = options.get(name)
        if roh is None:
            return None
        try:
            if not _DATUM.match(roh):
                raise ValueError
            return date.fromisoformat(roh)
        except ValueError:
            self.abbrechen(f'Argument "--{name}": "{roh}" ist kein gültiges Datum im Format JJJJ-MM-TT, '
                           "z. B. 2027-01-31.")

    def handle(self, *args, **options):
        roh_jahr = str(options["jahr"]).strip()
        if not (roh_jahr.isascii() and roh_jahr.isdigit() and len(roh_jahr) == 4):
            self.abbrechen(f'Argument "jahr": "{roh_jahr}" ist keine Jahreszahl; erwartet wird z. B. 2027.')
        jahr = int(roh_jahr)

        bekanntgabe = self._datum(options, "bekanntgabe")
        abgesandt = self._datum(options, "abgesandt")
        if bekanntgabe is not None and abgesandt is not None:
            self.abbrechen('Die Argumente "--bekanntgabe" und "--abgesandt" schließen sich aus; bitte geben Sie '
                           "nur eines davon an.")

        veroeffentlichung = getattr(settings, "KIM_RICHTLINIE_VEROEFFENTLICHUNG", date(2024, 12, 12))
        tage = getattr(settings, "KIM_BEKANNTGABE_TAGE", BEKANNTGABE_TAGE)
        try:
            ausgabe = fristen_als_json(jahr, veroeffentlichung=veroeffentlichung)
        except RegelFehler as fehler:
            self.abbrechen(f'Argument "jahr": {fehler}')
        if bekanntgabe is not None or abgesandt is not None:
            # The year is valid now, so any error concerns the date (outside bekanntgabe_zeitraum).
            name = "--bekanntgabe" if bekanntgabe is not None else "--abgesandt"
            try:
                ausgabe = fristen_als_json(jahr, bekanntgabe=bekanntgabe, veroeffentlichung=veroeffentlichung,
                                           abgesandt=abgesandt, bekanntgabe_tage=tage)
            except RegelFehler as fehler:
                self.abbrechen(f'Argument "{name}": {fehler}')
        self.stdout.write(json.dumps(ausgabe, indent=1, ensure_ascii=False))
