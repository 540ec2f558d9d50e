"""Benchmark: how the list and overview pages behave as the data grows.

Builds a throw-away SQLite database (or uses DATABASE_URL if set to a PostgreSQL database made for this),
fills it with Anträge for N Kommunen × 4 Förderjahre (5 Stellen each, a Bescheid for every decided Antrag),
and prints for every page: rows, database queries and the median render time of several requests.
The query count must stay the same at both sizes; the time shows what a user waits for.

    make benchmark                     # 12 and 54 Kommunen × 4 Jahre
    .venv/bin/python scripts/benchmark.py --kommunen 54 --wiederholungen 10

Figures only, no pass/fail: speed goals are shown here, never asserted by a timed test.
"""
import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))


def vorbereiten():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_foerderung.settings")
    os.environ["KIM_TESTING"] = "1"  # fast password hashing, throw-away key; never a production setting
    if "DATABASE_URL" not in os.environ:
        tmp = Path(tempfile.mkdtemp(prefix="kim-benchmark-"))
        os.environ["KIM_VAR_DIR"] = str(tmp)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("kommunen_laden", stdout=io.StringIO())


def daten_anlegen(anzahl_kommunen):
    """Anträge for the first ``anzahl_kommunen`` Kommunen and all four Förderjahre, written directly
    (no PDFs), so the benchmark measures reading, not the set-up."""
    from django.db import transaction
    from django.utils import timezone

    from antraege.models import Antrag, AntragStatus, Stelle
    from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune

    status_folge = [AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG,
                    AntragStatus.ENTWURF]
    stellen = [("koordination", "1.0"), ("koordination", "1.0"), ("koordination", "0.5"),
               ("verwaltungsassistenz", "0.5"), ("case_management", "1.0")]
    with transaction.atomic():
        Stelle.objects.all().delete()
        Antrag.objects.all().delete()
        for i, kommune in enumerate(Kommune.objects.order_by("ags")[:anzahl_kommunen]):
            for j, jahr in enumerate(range(2025, 2029)):
                status = status_folge[(i + j) % len(status_folge)]
                antrag = Antrag.objects.create(
                    kommune=kommune, foerderjahr=jahr, status=status, beantragt=Decimal("243600.00"),
                    eingereicht_am=None if status == AntragStatus.ENTWURF else timezone.now(),
                    version=0 if status == AntragStatus.ENTWURF else 1,
                )
                positionen = {}
                neue = []
                for n, (art, vzae) in enumerate(stellen):
                    positionen[art] = positionen.get(art, 0) + 1
                    neue.append(Stelle(antrag=antrag, zeile=n, position=positionen[art], art=art,
                                       vzae=Decimal(vzae), besetzt=n % 2 == 0))
                Stelle.objects.bulk_create(neue)
        # Means for 2027 cover only half the requests, so the Verteilungsvorschlag has real work to do.
        angefragt = Antrag.objects.filter(foerderjahr=2027).count() * Decimal("243600.00")
        Haushaltsmittel.objects.update_or_create(foerderjahr=2027, defaults={"betrag": angefragt / 2})
    return Antrag.objects.count()


def benutzer():
    from kim_foerderung.stammdaten.models import Kommune
    from kim_foerderung.zugang.models import Benutzer

    sb, _ = Benutzer.objects.get_or_create(username="bench-sb", defaults={"ist_sachbearbeitung": True})
    ze, _ = Benutzer.objects.get_or_create(username="bench-ze", defaults={"ist_zeichnung": True})
    ko, _ = Benutzer.objects.get_or_create(
        username="bench-ko", defaults={"kommune": Kommune.objects.order_by("ags").first()})
    return {"sachbearbeitung": sb, "zeichnung": ze, "kommune": ko}


SEITEN = [
    ("sachbearbeitung", "Anträge aller Kommunen", "/antraege/"),
    ("sachbearbeitung", "Anträge, Seite 2, nach Betrag", "/antraege/?sort=-beantragt&page=2"),
    ("sachbearbeitung", "Anträge als CSV", "/antraege/?export=csv"),
    ("sachbearbeitung", "Bescheide", "/bescheide/"),
    ("sachbearbeitung", "Haushalt 2027", "/haushalt/2027/"),
    ("sachbearbeitung", "Verteilungsvorschlag 2027", "/haushalt/2027/verteilung/"),
    ("sachbearbeitung", "Start Sachbearbeitung", "/start/sachbearbeitung/"),
    ("zeichnung", "Start Zeichnung", "/start/zeichnung/"),
    ("kommune", "Anträge der Kommune", "/antraege/"),
    ("kommune", "Start Kommune", "/start/kommune/"),
]


def messen(wiederholungen):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    personen = benutzer()
    ergebnisse = []
    for rolle, titel, pfad in SEITEN:
        client = Client()
        client.force_login(personen[rolle], backend="django.contrib.auth.backends.ModelBackend")
        zeiten = []
        for _ in range(wiederholungen):
            with CaptureQueriesContext(connection) as abfragen:
                start = time.perf_counter()
                antwort = client.get(pfad, HTTP_HOST="127.0.0.1")
                zeiten.append((time.perf_counter() - start) * 1000)
        ergebnisse.append((titel, antwort.status_code, len(abfragen), statistics.median(zeiten)))
    return ergebnisse


def auszahlung_messen(anzahl_kommunen):
    """Preparing and releasing one Zahlungslauf for ``anzahl_kommunen`` Kommunen (Förderjahr 2026, both Termine
    due: two Tranchen each): queries and milliseconds of each step. The queries must not grow with the Tranchen;
    the time of the Anordnung includes rendering the SEPA file and the Auszahlungsliste (PDF/A)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antraege.models import Antrag, AntragStatus
    from auszahlung import services
    from auszahlung.models import Mittelanforderung, Tranche, Zahlungslauf, Zahlungsposten
    from bescheide.models import Bescheid
    from kim_foerderung.stammdaten.models import Kommune
    from kim_foerderung.zugang.models import Benutzer

    berlin = ZoneInfo("Europe/Berlin")
    f1, _ = Benutzer.objects.get_or_create(username="bench-fi", defaults={"ist_finanzen": True})
    f2, _ = Benutzer.objects.get_or_create(username="bench-fi2", defaults={"ist_finanzen": True})
    ko = benutzer()["kommune"]
    Zahlungsposten.objects.all().delete()
    Zahlungslauf.objects.all().delete()
    Tranche.objects.all().delete()
    Mittelanforderung.objects.all().delete()
    for kommune in Kommune.objects.order_by("ags")[:anzahl_kommunen]:
        kommune.kontoinhaber, kommune.iban = str(kommune), "DE02120300000000202051"
        kommune.save()
        antrag, _ = Antrag.objects.get_or_create(kommune=kommune, foerderjahr=2026, defaults={
            "status": AntragStatus.BEWILLIGT, "beantragt": Decimal("243600.00")})
        Antrag.objects.filter(pk=antrag.pk).update(status=AntragStatus.BEWILLIGT)
        bescheid = Bescheid.objects.filter(antrag=antrag).first() or Bescheid.objects.create(
            antrag=antrag, status="bestandskraeftig", hoechstbetrag=Decimal("243600.01"),
            nummer=f"KIM-2026-{kommune.ags}-B", freigegeben_am=datetime(2025, 12, 1, tzinfo=berlin),
            bekanntgabe_am=date(2025, 12, 5), bestandskraeftig_ab=date(2026, 1, 6))
        Bescheid.objects.filter(antrag=antrag).exclude(pk=bescheid.pk).delete()
        Bescheid.objects.filter(pk=bescheid.pk).update(status="bestandskraeftig", art="zuwendung",
                                                       bestandskraeftig_ab=date(2026, 1, 6))
        Mittelanforderung.objects.create(antrag=antrag, bescheid=bescheid, kontoinhaber=str(kommune),
                                         iban=kommune.iban, erklaerung=True, angefordert_am=date(2026, 1, 10),
                                         gestellt_von=ko, gestellt_am=datetime(2026, 1, 10, tzinfo=berlin))
    # One-time costs are not the step's: the settings row and the content types of the audit trail.
    from django.contrib.contenttypes.models import ContentType

    from kim_foerderung.dokumente.models import Dokument

    services.einstellung()
    for modell in (Zahlungslauf, Dokument, Antrag, Mittelanforderung):
        ContentType.objects.get_for_model(modell)
    schritte = []

    def schritt(titel, funktion):
        with CaptureQueriesContext(connection) as abfragen:
            start = time.perf_counter()
            ergebnis = funktion()
            schritte.append((titel, len(abfragen), (time.perf_counter() - start) * 1000))
        return ergebnis

    schritt("Tranchenpläne abgleichen", services.tranchen_synchronisieren)
    lauf = schritt("Zahlungslauf vorbereiten", lambda: services.zahlungslauf_vorbereiten(benutzer=f1, von_hand=True))
    schritt("sachlich und rechnerisch richtig", lambda: services.feststellen(lauf=lauf, benutzer=f1))
    schritt("Anordnung (SEPA-Datei, Auszahlungsliste)", lambda: services.anordnen(lauf=lauf, benutzer=f2))
    return lauf.anzahl, schritte


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kommunen", type=int, nargs="+", default=[12, 54],
                        help="Anzahl Kommunen je Lauf (je 4 Förderjahre)")
    parser.add_argument("--wiederholungen", type=int, default=5)
    args = parser.parse_args()
    vorbereiten()
    laeufe = {}
    for n in args.kommunen:
        antraege = daten_anlegen(min(n, 54))
        laeufe[antraege] = messen(args.wiederholungen)
    groessen = list(laeufe)
    kopf = f"{'Seite':40s}" + "".join(f" | {g:>4d} Anträge: Abfr.   ms" for g in groessen)
    print(kopf)
    print("-" * len(kopf))
    for i, (titel, *_rest) in enumerate(laeufe[groessen[0]]):
        zeile = f"{titel:40s}"
        for g in groessen:
            _t, status, abfragen, ms = laeufe[g][i]
            zeile += f" | {'' if status == 200 else f'HTTP {status} '}{abfragen:>17d} {ms:6.1f}"
        print(zeile)
    gleich = all(
        len({laeufe[g][i][2] for g in groessen}) == 1 for i in range(len(SEITEN))
    )
    print()
    print("Abfragen je Seite unabhängig von der Datenmenge: " + ("ja" if gleich else "NEIN"))

    zahlung = {}
    for n in args.kommunen:
        anzahl, schritte = auszahlung_messen(min(n, 54))
        zahlung[anzahl] = schritte
    print()
    kopf = f"{'Zahlungslauf':40s}" + "".join(f" | {g:>4d} Tranchen: Abfr.   ms" for g in zahlung)
    print(kopf)
    print("-" * len(kopf))
    groessen = list(zahlung)
    for i, (titel, *_rest) in enumerate(zahlung[groessen[0]]):
        print(f"{titel:40s}" + "".join(f" | {zahlung[g][i][1]:>18d} {zahlung[g][i][2]:6.0f}" for g in groessen))
    gleich = all(len({zahlung[g][i][1] for g in groessen}) == 1 for i in range(len(zahlung[groessen[0]])))
    print()
    print("Abfragen je Schritt unabhängig von der Zahl der Tranchen: " + ("ja" if gleich else "NEIN"))
    if not gleich and "DATABASE_URL" not in os.environ:
        print("(SQLite teilt Massen-Schreibvorgänge in Stapel von 999 Parametern; mit PostgreSQL über DATABASE_URL "
              "bleibt die Zahl gleich.)")


if __name__ == "__main__":
    main()
