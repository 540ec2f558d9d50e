"""Seitenprofil: one page in this process as the first request after a change computes it (no page cache),
production settings, on a database the Lastprobe filled – CPU time per request, query count, and on request
the SQL and a cProfile of the render. A tool to find where a page's time goes; the figures that count come from
scripts/lastprobe.py under load.

    .venv/bin/python scripts/lastprobe.py --db kim_lp --nur-daten          # fill a database once (keeps it)
    .venv/bin/python scripts/seitenprofil.py kommune /antraege/216/ --anzahl 20 --sql --profil
    .venv/bin/python scripts/seitenprofil.py --db kim_x sachbearbeitung /start/sachbearbeitung/

ROLLE is a demo user (kommune, sachbearbeitung, zeichnung, finanzen, admin). The CPU time is this process's
(Django, templates, psycopg), not PostgreSQL's; /start/probe/ is the trivial page to compare with.
"""
import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = Path(tempfile.gettempdir()) / "kim-seitenprofil"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rolle")
    parser.add_argument("pfad")
    parser.add_argument("--db", default="kim_lp", help="Datenbank der Lastprobe (Standard kim_lp)")
    parser.add_argument("--anzahl", type=int, default=10, help="gemessene Anfragen (Median)")
    parser.add_argument("--sql", action="store_true", help="die Abfragen einer Anfrage ausgeben")
    parser.add_argument("--profil", action="store_true", help="cProfile der gemessenen Anfragen (kumuliert)")
    parser.add_argument("--zeilen", type=int, default=60, help="Zeilen des Profils")
    args = parser.parse_args()

    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "kim_foerderung.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
        "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "seitenprofil-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0",
        "KIM_SEITENCACHE": "0", "KIM_VAR_DIR": str(TMP / "var"), "DJANGO_STATIC_ROOT": str(TMP / "static"),
        "DJANGO_CONN_MAX_AGE": "60", "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kim_foerderung.zugang.models import Benutzer

    if not (TMP / "static" / "staticfiles.json").exists():  # production settings serve the hashed names
        call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    client.force_login(Benutzer.objects.get(username=args.rolle))
    antwort = client.get(args.pfad)
    if antwort.status_code != 200:
        raise SystemExit(f"{args.pfad} als {args.rolle}: HTTP {antwort.status_code}")

    abfragen = []

    def zaehlen(execute, sql, params, many, context):
        abfragen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(zaehlen):
        client.get(args.pfad)
    zeiten = []
    for _ in range(args.anzahl):
        start = time.process_time()
        client.get(args.pfad)
        zeiten.append((time.process_time() - start) * 1000)
    zeiten.sort()
    print(f"{args.rolle} {args.pfad}: {len(abfragen)} Abfragen, CPU Median {zeiten[len(zeiten) // 2]:.1f} ms, "
          f"Minimum {zeiten[0]:.1f} ms ({args.anzahl} Anfragen, ohne Seitencache)")
    if args.sql:
        for sql in abfragen:
            print("  ", sql[:240])
    if args.profil:
        profil = cProfile.Profile()
        profil.enable()
        for _ in range(args.anzahl):
            client.get(args.pfad)
        profil.disable()
        pstats.Stats(profil).sort_stats("cumulative").print_stats(args.zeilen)


if __name__ == "__main__":
    main()
