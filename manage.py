#!/usr/bin/env python
"""Django's command-line utility for KIM-Förderung."""
import os
import secrets
import sys

# Commands that only compute with kim_foerderung.regeln: no database, no sessions, nothing signed. They must
# run in a plain shell (README, shared/rechner/CONTRACT.md), where settings would refuse to load without
# DJANGO_SECRET_KEY. For exactly these commands, and only when no key is set, this process gets a random
# key that is never shown, stored or reused. The web app (wsgi/gunicorn), Celery and every other command
# still need a real DJANGO_SECRET_KEY or DJANGO_DEBUG=1.
OHNE_GEHEIMNIS = frozenset({"foerderrechner", "fristen", "auszahlungsplan", "zinsen", "verwendungsnachweis"})


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_foerderung.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OHNE_GEHEIMNIS and not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
