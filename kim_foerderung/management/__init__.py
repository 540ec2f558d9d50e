"""Management commands of the project package (Förderrechner, Fristen).

``EingabeKommando`` is the shared base: a command that never touches the database and reports malformed
input as exactly one German sentence on stderr with exit status 2 and nothing on stdout — including
argparse errors, which Django would otherwise print in English with usage text.
"""
import re
import sys

from django.core.management.base import BaseCommand

AUFRUF_FEHLER_STATUS = 2


class EingabeKommando(BaseCommand):
    requires_system_checks = []
    requires_migrations_checks = False
    #: e.g. "manage.py fristen JAHR [--bekanntgabe JJJJ-MM-TT]"
    aufruf = ""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = self.argumentfehler
        return parser

    def argumentfehler(self, message):
        """Replaces argparse's English error output (usage + message) by one German sentence."""
        fehlend = re.match(r"the following arguments are required: (.+)", message)
        unbekannt = re.match(r"unrecognized arguments: (.+)", message)
        argument = re.match(r"argument (\S+): (.*)", message)
        if argument:
            # "-v/--verbosity" → "--verbosity"
            name = argument.group(1).split("/")[-1]
        if fehlend:
            satz = f'Argument "{fehlend.group(1)}" fehlt; Aufruf: {self.aufruf}.'
        elif unbekannt:
            satz = f'Unbekanntes Argument "{unbekannt.group(1)}"; Aufruf: {self.aufruf}.'
        elif argument and "expected one argument" in argument.group(2):
            satz = f'Argument "{name}": Der Wert fehlt; Aufruf: {self.aufruf}.'
        elif argument:
            satz = f'Argument "{name}" ist ungültig; Aufruf: {self.aufruf}.'
        else:
            satz = f"Der Aufruf ist fehlerhaft; Aufruf: {self.aufruf}."
        self.abbrechen(satz)

    def abbrechen(self, satz: str):
        """One German sentence on stderr, nothing on stdout, exit status 2."""
        self.stderr.write(satz.replace("\n", " "), style_func=lambda text: text)
        self.stderr.flush()
        sys.exit(AUFRUF_FEHLER_STATUS)
