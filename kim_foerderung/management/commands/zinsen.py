"""``python manage.py zinsen --betrag 10000.00 --von 2025-06-15 --bis 2025-07-15 [--basiszins 2025-07-01=1.27 …]``

Interest on a refund (§ 49a Abs. 3 VwVfG NRW) as JSON, per shared/rechner/CONTRACT.md ("zinsen"). The
``--basiszins`` options (repeated) replace the built-in table ``regeln.zinsen.BASISZINSSAETZE`` entirely.
Malformed arguments, or an interest day in a half-year without a rate: exit 2, one German sentence on stderr
naming the argument, nothing on stdout. Never touches the database and needs no secret key.
"""
import json
import re
from datetime import date
from decimal import Decimal

from kim_foerderung.management import EingabeKommando
from kim_foerderung.regeln.zinsen import (
    BASISZINSSAETZE,
    FehlenderBasiszinssatz,
    zinsberechnung,
    zinsen_als_json,
)

_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BETRAG = re.compile(r"^\d+(\.\d{1,2})?$")
_SATZ = re.compile(r"^-?\d+(\.\d{1,2})?$")
#: Like foerderrechner: amounts from 1 billion euro on are no conceivable refund.
BETRAG_GRENZE = Decimal("1000000000")


class Command(EingabeKommando):
    help = "Berechnet Erstattungszinsen nach § 49a Abs. 3 VwVfG NRW (Basiszinssatz + 3 Prozentpunkte) als JSON."
    aufruf = "manage.py zinsen --betrag 10000.00 --von JJJJ-MM-TT --bis JJJJ-MM-TT [--basiszins JJJJ-MM-TT=PROZENT …]"

    def add_arguments(self, parser):
        parser.add_argument("--betrag", required=True, help="zu erstattender Betrag in Euro, z. B. 10000.00")
        parser.add_argument("--von", required=True, help="Tag, an dem der Bescheid unwirksam wurde, JJJJ-MM-TT")
        parser.add_argument("--bis", required=True, help="Tag, an dem die Rückzahlung einging, JJJJ-MM-TT")
        parser.add_argument("--basiszins", action="append", default=None,
                            help="Basiszinssatz ab 1. Januar oder 1. Juli, z. B. 2025-07-01=1.27 (mehrfach)")

    def _datum(self, roh, name):
        try:
            if not _DATUM.match(roh):
                raise ValueError
            return date.fromisoformat(roh)
        except ValueError:
            self.abbrechen(f'Argument "--{name}": "{roh}" ist kein gültiges Datum im Format JJJJ-MM-TT, '
                           "z. B. 2025-06-15.")

    def _tabelle(self, eintraege):
        if eintraege is None:
            return dict(BASISZINSSAETZE)
        tabelle = {}
        for roh in eintraege:
            tag_roh, gleich, satz_roh = roh.partition("=")
            tag_roh, satz_roh = tag_roh.strip(), satz_roh.strip()
            if not gleich:
                self.abbrechen(f'Argument "--basiszins": "{roh}" hat nicht die Form JJJJ-MM-TT=PROZENT, '
                               "z. B. 2025-07-01=1.27.")
            try:
                if not _DATUM.match(tag_roh):
                    raise ValueError
                tag = date.fromisoformat(tag_roh)
            except ValueError:
                self.abbrechen(f'Argument "--basiszins": "{tag_roh}" ist kein gültiges Datum im Format '
                               "JJJJ-MM-TT, z. B. 2025-07-01.")
            if tag.day != 1 or tag.month not in (1, 7):
                self.abbrechen(f'Argument "--basiszins": Ein Basiszinssatz gilt ab dem 1. Januar oder 1. Juli, '
                               f"nicht ab dem {tag:%d.%m.%Y}.")
            if tag in tabelle:
                self.abbrechen(f'Argument "--basiszins": Der Basiszinssatz ab dem {tag:%d.%m.%Y} ist mehrfach '
                               "angegeben.")
            if not _SATZ.match(satz_roh) or len(satz_roh) > 12:
                self.abbrechen(f'Argument "--basiszins": "{satz_roh}" ist kein Prozentsatz mit höchstens zwei '
                               "Nachkommastellen, z. B. 1.27 oder -0.88.")
            tabelle[tag] = Decimal(satz_roh)
        return tabelle

    def handle(self, *args, **options):
        roh = options["betrag"].strip()
        if roh.startswith("-"):
            self.abbrechen(f'Argument "--betrag": Der Betrag darf nicht negativ sein ("{roh}").')
        if not _BETRAG.match(roh):
            self.abbrechen(f'Argument "--betrag": "{roh}" ist kein Betrag in Euro mit höchstens zwei '
                           "Nachkommastellen, z. B. 10000.00.")
        betrag = Decimal(roh)
        if betrag == 0:
            self.abbrechen('Argument "--betrag": Der zu erstattende Betrag muss größer als 0 sein.')
        if betrag >= BETRAG_GRENZE:
            self.abbrechen('Argument "--betrag": Der Betrag muss unter 1 000 000 000 Euro liegen.')
        von = self._datum(options["von"].strip(), "von")
        bis = self._datum(options["bis"].strip(), "bis")
        if bis < von:
            self.abbrechen(f'Argument "--bis": Der Tag des Zahlungseingangs ({bis:%d.%m.%Y}) liegt vor dem Tag '
                           f"der Unwirksamkeit ({von:%d.%m.%Y}).")
        tabelle = self._tabelle(options.get("basiszins"))
        try:
            berechnung = zinsberechnung(betrag, von, bis, basiszinssaetze=tabelle)
        except FehlenderBasiszinssatz as fehler:
            self.abbrechen(f'Argument "--basiszins": {str(fehler).rstrip(".")}; bitte mit --basiszins '
                           f"{fehler.halbjahr.isoformat()}=PROZENT angeben.")
        self.stdout.write(json.dumps(zinsen_als_json(berechnung), indent=1, ensure_ascii=False))
