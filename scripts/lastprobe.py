"""Lastprobe: every main page under 20 concurrent clients, next to a trivial page of the same stack.

    make lastprobe                                   # the full run (about 10 minutes on 2 shared cores)
    .venv/bin/python scripts/lastprobe.py --kurz     # what CI runs: a few pages, 2 s each, checks it works
    .venv/bin/python scripts/lastprobe.py --nur Anträge --dauer 3     # only pages whose title contains "Anträge"
    .venv/bin/python scripts/lastprobe.py --db kim_lastprobe_x --behalten --nur-daten   # fill once, keep
    .venv/bin/python scripts/lastprobe.py --vorhandene-db kim_lastprobe_x --nur Akte   # then seconds per page

What it does, in this order:
1. creates a throw-away PostgreSQL database (server from DATABASE_URL, else postgres@127.0.0.1:5432) and fills it
   with the demo data (every state of Antrag and Bescheid, real PDFs) plus Anträge for all 54 Kommunen × 4
   Förderjahre with Stellen, Prüfungen and Bescheide (DATENSAETZE: one line per data set);
2. starts gunicorn with production settings (3 workers, a free port, DJANGO_DEBUG=0, a generated secret key,
   the host allowed, static files collected, Redis cache when REDIS_URL is set) and logs in every role through
   the login form (CSRF token, django-axes, Secure cookies behind X-Forwarded-Proto: https);
3. for every page of SEITEN (one line per page): measures p50 and p99 with 20 concurrent clients (wrk from
   Debian; installed with apt-get when missing and run as root, else a Python load generator) directly
   before and after the same measurement of the trivial page (/start/probe/: login, base layout, one
   paragraph), and prints the ratio page p50 / trivial p50 – repeated when the two trivial runs disagree;
4. counts the database queries of every page (Django test client, warm cache);
5. times every PDF the project renders next to plain WeasyPrint rendering the same text as a plain page (the
   bound), next to as many full pages of running text (the other reading of "a plain page of the same length"),
   and next to WeasyPrint rendering the document's own HTML without any style (which shows how much of the gap
   is the structure – tables – and how much the letter's styles); the renders take turns.

Figures only, never a timed test: the bounds (2,0 × the trivial page, 1,5 × plain WeasyPrint) are printed as
"ok"/"ZU LANGSAM", and the exit status is 0 whenever the run itself worked.
A new main page comes with its line in SEITEN.
"""
import argparse
import http.client
import io
import os
import re
import secrets
import signal
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from zoneinfo import ZoneInfo

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
BERLIN = ZoneInfo("Europe/Berlin")
PASSWORT = "kim-demo"
PROBESEITE = "/start/probe/"
GRENZE_SEITE = 2.0
GRENZE_PDF = 1.5


@dataclass
class Seite:
    rolle: str   # demo user name = role
    titel: str
    pfad: str    # may name targets of ziele_finden(): "/bescheide/{bescheid_entwurf}/"
    kurz: bool = False  # part of the short run (--kurz, CI)


# Every main page of every role. A new page: one line here.
SEITEN = [
    Seite("kommune", "Start Kommune", "/start/kommune/", kurz=True),
    Seite("kommune", "Anträge der Kommune", "/antraege/"),
    Seite("kommune", "Antragsformular (Entwurf)", "/antraege/{antrag_entwurf}/", kurz=True),
    Seite("kommune", "Bescheide der Kommune", "/bescheide/"),
    Seite("kommune", "Bescheid der Kommune", "/bescheide/{bescheid_kommune}/"),
    Seite("kommune", "Förderrechner", "/foerderrechner/", kurz=True),
    Seite("kommune", "Meine Kommune", "/stammdaten/kommunen/{kommune_ags}/"),
    Seite("kommune", "Verwendungsnachweise der Kommune", "/verwendungsnachweis/"),
    Seite("kommune", "PDF Anlage 1 (Download)", "/dokumente/{anlage1_dokument}/"),
    Seite("kommune", "PDF Bescheid (Download)", "/dokumente/{bescheid_dokument}/"),
    Seite("sachbearbeitung", "Start Sachbearbeitung", "/start/sachbearbeitung/", kurz=True),
    Seite("sachbearbeitung", "Anträge aller Kommunen", "/antraege/", kurz=True),
    Seite("sachbearbeitung", "Anträge, Seite 3 nach Betrag", "/antraege/?sort=-beantragt&page=3"),
    Seite("sachbearbeitung", "Anträge mit Entwürfen", "/antraege/?entwuerfe=1"),
    Seite("sachbearbeitung", "Antrag (eingereicht)", "/antraege/{antrag_eingereicht}/"),
    Seite("sachbearbeitung", "Prüfung", "/pruefung/{antrag_pruefung}/"),
    Seite("sachbearbeitung", "Bescheid-Entwurf", "/bescheide/{bescheid_entwurf}/"),
    Seite("sachbearbeitung", "Bescheide", "/bescheide/"),
    Seite("sachbearbeitung", "Bescheide 2027 nach Betrag", "/bescheide/?jahr=2027&sort=-hoechstbetrag"),
    Seite("sachbearbeitung", "Haushalt 2027", "/haushalt/2027/"),
    Seite("sachbearbeitung", "Verteilungsvorschlag 2027", "/haushalt/2027/verteilung/"),
    Seite("sachbearbeitung", "Förderrechner (Landesrolle)", "/foerderrechner/"),
    Seite("sachbearbeitung", "Kommunen", "/stammdaten/kommunen/"),
    Seite("sachbearbeitung", "Fristausnahmen", "/antraege/fristausnahmen/"),
    Seite("sachbearbeitung", "Verwendungsnachweise", "/verwendungsnachweis/"),
    Seite("sachbearbeitung", "PDF Ablehnungsbescheid (Download)", "/dokumente/{ablehnung_dokument}/"),
    Seite("sachbearbeitung", "PDF Änderungsbescheid (Download)", "/dokumente/{aenderung_dokument}/"),
    Seite("zeichnung", "Start Zeichnung", "/start/zeichnung/"),
    Seite("zeichnung", "Bescheid zur Zeichnung", "/bescheide/{bescheid_zur_zeichnung}/"),
    Seite("finanzen", "Start Finanzen", "/start/finanzen/"),
    # Issue 10 (auszahlung): overview with chart, runs, one run, bank entries, CSV; the Kommune's Auszahlung.
    Seite("finanzen", "Auszahlung je Termin (Diagramm)", "/auszahlung/?jahr={auszahlung_jahr}"),
    Seite("finanzen", "Auszahlung als CSV", "/auszahlung/export.csv?jahr={auszahlung_jahr}"),
    Seite("finanzen", "Zahlungsläufe", "/auszahlung/laeufe/"),
    Seite("finanzen", "Zahlungslauf", "/auszahlung/laeufe/{zahlungslauf}/"),
    Seite("finanzen", "Buchungen aus dem Kontoauszug", "/auszahlung/buchungen/"),
    Seite("kommune", "Auszahlung der Kommune", "/auszahlung/antrag/{auszahlung_antrag}/"),
    Seite("admin", "Start Verwaltung", "/start/admin/"),
    Seite("admin", "Basiszinssätze", "/verwendungsnachweis/basiszinssaetze/"),
    Seite("admin", "Ansprechpersonen (Briefkopf)", "/verwaltung/ansprechpersonen/"),
    # Issue 12 (uebersicht): Akte, Programmübersicht with exports, search, the Zeichnung series.
    Seite("kommune", "Akte der Kommune", "/akte/{kommune_ags}/{akte_jahr}/"),
    Seite("kommune", "Programmübersicht der Kommune", "/programm/?jahr={akte_jahr}"),
    Seite("sachbearbeitung", "Akte (Kreis Unna)", "/akte/{kommune_ags}/{akte_jahr}/"),
    Seite("sachbearbeitung", "Programmübersicht", "/programm/?jahr=2027"),
    Seite("sachbearbeitung", "Programmübersicht als XLSX", "/programm/export.xlsx?jahr=2027"),
    Seite("sachbearbeitung", "Programmübersicht als CSV", "/programm/export.csv?jahr=2027"),
    Seite("sachbearbeitung", "Suche (Kopfzeile)", "/suche/?q=Kreis"),
    Seite("zeichnung", "Bescheide nacheinander zeichnen", "/zeichnung/reihe/"),
    # Issue 11 (verwendungsnachweis): one VN of the Kommune as it fills it, one waiting for the Prüfung, one in the
    # Anhörung, and their stored PDFs.
    Seite("kommune", "Verwendungsnachweis (Entwurf)", "/verwendungsnachweis/{vn_entwurf}/"),
    Seite("sachbearbeitung", "Verwendungsnachweis (zur Prüfung)", "/verwendungsnachweis/{vn_eingereicht}/"),
    Seite("sachbearbeitung", "Verwendungsnachweis (Anhörung)", "/verwendungsnachweis/{vn_anhoerung}/"),
    Seite("sachbearbeitung", "PDF Anlage 3 (Download)", "/dokumente/{anlage3_dokument}/"),
    Seite("sachbearbeitung", "PDF Anhörung (Download)", "/dokumente/{anhoerung_dokument}/"),
]

# PDFs rendered on request and never stored: judged like every page (their render time against plain WeasyPrint
# is the PDF table). The draft preview renders each text once (dokumente.services.pdf_aus_html_zwischengespeichert)
# and is kept in the page cache like any page.
PDF_SEITEN = [
    Seite("sachbearbeitung", "PDF Bescheid-Vorschau (Entwurf)", "/bescheide/{bescheid_entwurf}/vorschau/"),
]


# --- data ----------------------------------------------------------------------------------------------------

def _um(tag, stunde=10):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)


def demodaten():
    """What `make run` shows: users of every role, Anträge and Bescheide in every state with their PDFs, Tranchen
    and Zahlungsläufe, Verwendungsnachweise 2025 (Entwurf, eingereicht, Anhörung) with Anlage 3 and the letter."""
    from django.core.management import call_command, get_commands

    for befehl in ("demodaten", "demo_antraege", "demo_bescheide", "demo_auszahlung", "demo_arbeitsliste",
                   "demo_verwendungsnachweise"):
        if befehl in get_commands():
            call_command(befehl, stdout=io.StringIO())


def antraege_aller_kommunen(anzahl_kommunen=54):
    """Anträge for every Kommune and Förderjahr the demo left empty: 2025/2026 decided with a bestandskräftiger
    Bescheid, 2027 in every open state (Prüfungen, drafts of Bescheide), 2028 mostly drafts. Written through the
    services where that costs nothing (Anlegen, Bescheid-Entwurf) and directly where the service would render a
    PDF (Einreichen, Freigabe); the demo data already holds real PDFs of every kind."""
    from django.db import transaction

    from antraege import services as antrag_services
    from antraege import selectors as antrag_selectors
    from antraege.demo import _kommune_benutzer, _stammdaten_ergaenzen
    from antraege.models import Antrag, AntragStatus
    from antraege.services import StellenZeile
    from bescheide import services as bescheid_services
    from bescheide.models import Bescheid, BescheidStatus, Pruefung
    from kim_foerderung import zeit
    from kim_foerderung.stammdaten.models import Haushaltsmittel, Kommune
    from kim_foerderung.zugang.models import Benutzer

    D = Decimal
    sb = Benutzer.objects.get(username="sachbearbeitung")
    ze = Benutzer.objects.get(username="zeichnung")
    for jahr in (2025, 2026, 2027, 2028):
        Haushaltsmittel.objects.get_or_create(foerderjahr=jahr, defaults={"betrag": D("90000000.00")})
    kommunen = list(Kommune.objects.order_by("ags")[:anzahl_kommunen])
    offen_2027 = [AntragStatus.ENTWURF, AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG,
                  AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG, AntragStatus.EINGEREICHT]
    nummer = 100
    for i, kommune in enumerate(kommunen):
        _stammdaten_ergaenzen(kommune, 60 + i)
        user = _kommune_benutzer(kommune)
        stellen = [StellenZeile("", "koordination", D("1.0"), 1, 12, True)]
        stellen += [StellenZeile("", "koordination", D("0.5") if k % 2 else D("1.0"), 1 + k, 12, k % 2 == 0)
                    for k in range(i % 3)]
        stellen += [StellenZeile("", "verwaltungsassistenz", D("0.5"), 1, 12, True),
                    StellenZeile("", "case_management", D("1.0"), 1, 12, True)]
        stellen += [StellenZeile("", "case_management", D("1.0"), 4, 12, False)] * (i % 2)
        for jahr in (2025, 2026, 2027, 2028):
            if Antrag.objects.filter(kommune=kommune, foerderjahr=jahr).exists():
                continue
            frist = antrag_services.antragsfrist(jahr)
            with transaction.atomic(), zeit.gestellt(_um(frist - timedelta(days=20 + i % 7))):
                antrag = antrag_services.antrag_anlegen(user, jahr, zeilen=stellen, veranstaltungen=D("4000.00"))
                if jahr <= 2026:
                    status = AntragStatus.ABGELEHNT if i % 17 == 5 else AntragStatus.EINGEREICHT
                elif jahr == 2027:
                    status = offen_2027[i % len(offen_2027)]
                else:
                    status = AntragStatus.EINGEREICHT if i % 3 == 0 else AntragStatus.ENTWURF
                Antrag.objects.filter(pk=antrag.pk).update(
                    ki_gefoerdert=True, angliederung_ki=True, lenkungsgruppe=True, qualifikation_bestaetigt=True,
                    keine_doppelfoerderung=True, cm_ausserhalb_jmd_mbe=True,
                    lenkungsgruppe_mitglieder="Landrat (Vorsitz)\nJobcenter\nAusländerbehörde\nJugendamt",
                    status=AntragStatus.ENTWURF if status == AntragStatus.ENTWURF else AntragStatus.EINGEREICHT,
                    eingereicht_am=None if status == AntragStatus.ENTWURF else zeit.jetzt(),
                    eingereicht_von=None if status == AntragStatus.ENTWURF else user,
                    version=0 if status == AntragStatus.ENTWURF else 1,
                )
                antrag.refresh_from_db()
            if status in (AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG) or jahr <= 2026:
                with zeit.gestellt(_um(frist + timedelta(days=5))):
                    if jahr <= 2026 or (i % 2 == 0 and status == AntragStatus.IN_PRUEFUNG):
                        bescheid = bescheid_services.entwurf_anlegen(antrag, sb,
                                                                     ablehnen=status == AntragStatus.ABGELEHNT)
                    else:
                        antrag_services.pruefung_beginnen(antrag, sb)
                        bescheid = None
                # Every Prüfpunkt decided: a draft goes to Zeichnung only after a complete Prüfung.
                from bescheide.pruefpunkte import pruefpunkte
                punkte = {p.code: {"ok": True, "notiz": ""}
                          for p in pruefpunkte(antrag, antrag_selectors.berechnung(antrag))}
                Pruefung.objects.update_or_create(antrag=antrag, defaults={
                    "punkte": punkte, "vermerk": "Geprüft (Lastprobe).", "bearbeitet_von": sb,
                    "bearbeitet_am": zeit.jetzt()})
                if status == AntragStatus.NACHFORDERUNG:
                    Antrag.objects.filter(pk=antrag.pk).update(status=AntragStatus.NACHFORDERUNG)
                if jahr <= 2026 and bescheid is not None:
                    nummer += 1
                    versandt = frist + timedelta(days=40)
                    Bescheid.objects.filter(pk=bescheid.pk).update(
                        status=BescheidStatus.BESTANDSKRAEFTIG, nummer=f"KIM-{jahr}-{kommune.ags}-L{nummer}",
                        freigegeben_von=ze, freigegeben_am=_um(versandt), vorgelegt_am=_um(versandt),
                        abgesandt_am=versandt, bekanntgabe_am=versandt + timedelta(days=4),
                        klagefrist_ende=versandt + timedelta(days=35),
                        bestandskraeftig_ab=versandt + timedelta(days=36))
                    Antrag.objects.filter(pk=antrag.pk).update(
                        status=status if status == AntragStatus.ABGELEHNT else AntragStatus.BEWILLIGT)
                elif bescheid is not None and i % 4 == 0:
                    with zeit.gestellt(_um(frist + timedelta(days=8))):
                        bescheid_services.vorlegen(bescheid, sb)
    # 2027: the means cover only part of the open requests, so the Verteilungsvorschlag has work to do.
    angefragt = sum(a.beantragt for a in Antrag.objects.filter(foerderjahr=2027))
    Haushaltsmittel.objects.filter(foerderjahr=2027).update(betrag=(angefragt * D("0.7")).quantize(D("1")))


# The data sets, in order. Later stages add theirs here (Tranchen, Zahlungsläufe, Verwendungsnachweise).
DATENSAETZE = [
    ("Demo-Daten aller Rollen", demodaten),
    ("Anträge aller Kommunen × 4 Förderjahre", antraege_aller_kommunen),
]


def ziele_finden():
    """The objects the page lines name, from the data (the demo's Kreis Unna is the Kommune user)."""
    from antraege.models import Anlage1, Antrag, AntragStatus
    from bescheide.models import Bescheid, BescheidArt, BescheidStatus
    from kim_foerderung.zugang.models import Benutzer

    kommune = Benutzer.objects.get(username="kommune").kommune
    eigene = Antrag.objects.filter(kommune=kommune)
    bescheid_kommune = (Bescheid.objects.filter(antrag__kommune=kommune, status=BescheidStatus.BESTANDSKRAEFTIG)
                        .exclude(dokument=None).order_by("-pk").first())
    anlage1 = Anlage1.objects.filter(antrag__kommune=kommune).order_by("-pk").first()
    mit_dokument = Bescheid.objects.exclude(dokument=None)
    from auszahlung.models import Tranche, Zahlungslauf

    tranche = Tranche.objects.filter(antrag__kommune=kommune).order_by("antrag__foerderjahr").first()
    lauf = Zahlungslauf.objects.order_by("pk").first()
    from verwendungsnachweis.models import NachweisStatus, Verwendungsnachweis

    nachweise = Verwendungsnachweis.objects.order_by("pk")
    eingereicht = nachweise.filter(status=NachweisStatus.EINGEREICHT).exclude(dokument=None).first()
    anhoerung = nachweise.filter(status=NachweisStatus.ANHOERUNG).exclude(anhoerung_dokument=None).first()
    return {
        "vn_entwurf": nachweise.filter(antrag__kommune=kommune, status=NachweisStatus.ENTWURF).first().pk,
        "vn_eingereicht": eingereicht.pk,
        "vn_anhoerung": anhoerung.pk,
        "anlage3_dokument": eingereicht.dokument_id,
        "anhoerung_dokument": anhoerung.anhoerung_dokument_id,
        "auszahlung_jahr": tranche.antrag.foerderjahr if tranche else 2026,
        "auszahlung_antrag": tranche.antrag_id if tranche else bescheid_kommune.antrag_id,
        "zahlungslauf": lauf.pk if lauf else 0,
        "kommune_ags": kommune.ags,
        "akte_jahr": bescheid_kommune.antrag.foerderjahr,
        "antrag_entwurf": eigene.filter(status=AntragStatus.ENTWURF).order_by("-foerderjahr").first().pk,
        "bescheid_kommune": bescheid_kommune.pk,
        "bescheid_dokument": bescheid_kommune.dokument_id,
        "anlage1_dokument": anlage1.dokument_id,
        "antrag_eingereicht": Antrag.objects.filter(
            status__in=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG], anlagen__isnull=False)
        .order_by("pk").first().pk,
        "antrag_pruefung": Bescheid.objects.filter(status=BescheidStatus.ENTWURF, art=BescheidArt.ZUWENDUNG,
                                                   antrag__anlagen__isnull=False).order_by("pk").first().antrag_id,
        "bescheid_entwurf": Bescheid.objects.filter(status=BescheidStatus.ENTWURF, art=BescheidArt.ZUWENDUNG,
                                                    antrag__anlagen__isnull=False).order_by("pk").first().pk,
        "bescheid_zur_zeichnung": Bescheid.objects.filter(status=BescheidStatus.ZUR_ZEICHNUNG)
        .order_by("pk").first().pk,
        "ablehnung_dokument": mit_dokument.filter(art=BescheidArt.ABLEHNUNG).first().dokument_id,
        "aenderung_dokument": mit_dokument.filter(art=BescheidArt.AENDERUNG).first().dokument_id,
    }


# --- database and server -------------------------------------------------------------------------------------

def datenbank_url(name):
    """(URL of database ``name``, URL of the server's admin database) from DATABASE_URL or the default server."""
    basis = urllib.parse.urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
    if not basis.scheme.startswith("postgres"):
        basis = urllib.parse.urlsplit("postgres://postgres@127.0.0.1:5432/postgres")
    return (urllib.parse.urlunsplit(basis._replace(path=f"/{name}")),
            urllib.parse.urlunsplit(basis._replace(path="/postgres")))


def datenbank_anlegen(name):
    import psycopg

    url, admin = datenbank_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url, admin


def datenbank_entfernen(name, admin):
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def geheimer_schluessel():
    zeichen = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~"
    return "".join(secrets.choice(zeichen) for _ in range(64))


def freier_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def produktionsumgebung(db_url, tmp, redis_url, dokumente=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "KIM_")) and k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({
        "DATABASE_URL": db_url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": geheimer_schluessel(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_CONN_MAX_AGE": "60",
        "KIM_VAR_DIR": str(tmp), "KIM_DOKUMENTE_ROOT": str(dokumente or tmp / "dokumente"),
        "DJANGO_STATIC_ROOT": str(tmp / "static"), "KIM_CACHE_PREFIX": f"lastprobe-{secrets.token_hex(4)}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def gunicorn_starten(env, port, tmp):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASIS, env=env,
                   check=True)
    log = open(tmp / "gunicorn.log", "w")
    prozess = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "kim_foerderung.wsgi:application",
         f"--bind=127.0.0.1:{port}", "--workers=3", "--worker-tmp-dir=/dev/shm", "--timeout=120"],
        cwd=BASIS, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(300):
        try:
            anfrage("GET", port, "/anmelden/")
            return prozess
        except OSError:
            if prozess.poll() is not None:
                raise SystemExit(f"gunicorn beendet: {(tmp / 'gunicorn.log').read_text()[-2000:]}")
            time.sleep(0.2)
    raise SystemExit("gunicorn antwortet nicht.")


# --- HTTP ------------------------------------------------------------------------------------------------------

def kopfzeilen(port, cookies=None, **weitere):
    kopf = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    if cookies:
        kopf["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    kopf.update(weitere)
    return kopf


def anfrage(methode, port, pfad, cookies=None, body=None, **weitere):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    kopf = kopfzeilen(port, cookies, **weitere)
    if body is not None:
        kopf["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(methode, pfad, body=body, headers=kopf)
    antwort = conn.getresponse()
    inhalt = antwort.read()
    neue = {}
    for zeile in antwort.msg.get_all("Set-Cookie") or []:
        c = SimpleCookie()
        c.load(zeile)
        neue.update({k: m.value for k, m in c.items()})
    conn.close()
    return antwort.status, dict(antwort.getheaders()), inhalt, neue


def anmelden(port, benutzer):
    """Through the login form as a browser does: the CSRF cookie and token, Origin and Referer (HTTPS)."""
    status, _, inhalt, cookies = anfrage("GET", port, "/anmelden/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhalt).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": benutzer, "password": PASSWORT})
    herkunft = "https://127.0.0.1"
    status, kopf, inhalt, neue = anfrage("POST", port, "/anmelden/", cookies, body, Origin=herkunft,
                                         Referer=f"{herkunft}/anmelden/")
    cookies.update(neue)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Anmeldung {benutzer} fehlgeschlagen: HTTP {status}")
    return cookies


# --- load ------------------------------------------------------------------------------------------------------

def wrk_bereit():
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installiere wrk (Debian) …", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        ergebnis = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
                                  env=env, capture_output=True)
        if ergebnis.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"], env=env,
                           capture_output=True)
    return bool(shutil.which("wrk"))


def _ms(text):
    wert, einheit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(wert) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[einheit]


def last_wrk(port, pfad, cookies, dauer, verbindungen):
    """wrk for `dauer` seconds; on a machine so busy that not one request finished, again with twice the time."""
    for versuch in range(3):
        try:
            return _last_wrk(port, pfad, cookies, dauer * 2 ** versuch, verbindungen)
        except KeineAntworten:
            if versuch == 2:
                raise
            abarbeiten(port, cookies)  # the unanswered requests are still queued: not into the next try


class KeineAntworten(SystemExit):
    pass


def _last_wrk(port, pfad, cookies, dauer, verbindungen):
    befehl = ["wrk", f"-t{min(2, verbindungen)}", f"-c{verbindungen}", f"-d{dauer}s", "--latency", "--timeout=60s"]
    for k, v in kopfzeilen(port, cookies).items():
        befehl += ["-H", f"{k}: {v}"]
    ausgabe = subprocess.run(befehl + [f"http://127.0.0.1:{port}{pfad}"], capture_output=True, text=True,
                             check=True).stdout
    werte = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", ausgabe, re.M))
    if set(werte) != {"50", "99"}:
        raise SystemExit(f"wrk ohne Latenzverteilung für {pfad}:\n{ausgabe}")
    anzahl = int(re.search(r"(\d+) requests in", ausgabe).group(1))
    if anzahl == 0 or _ms(werte["50"]) == 0:
        raise KeineAntworten(f"wrk ohne Antworten für {pfad}:\n{ausgabe}")
    fehler = re.search(r"Non-2xx or 3xx responses: (\d+)", ausgabe)
    return {"p50": _ms(werte["50"]), "p99": _ms(werte["99"]), "anzahl": anzahl,
            "fehler": int(fehler.group(1)) if fehler else 0}


def last_python(port, pfad, cookies, dauer, verbindungen):
    """Fallback without wrk: `verbindungen` threads, each with a keep-alive connection, for `dauer` seconds."""
    zeiten, fehler, ende = [], [0], time.perf_counter() + dauer
    sperre = threading.Lock()
    kopf = kopfzeilen(port, cookies)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < ende:
            start = time.perf_counter()
            conn.request("GET", pfad, headers=kopf)
            antwort = conn.getresponse()
            antwort.read()
            with sperre:
                zeiten.append((time.perf_counter() - start) * 1000)
                fehler[0] += antwort.status >= 400
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(verbindungen)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    zeiten.sort()
    return {"p50": statistics.median(zeiten), "p99": zeiten[min(len(zeiten) - 1, int(len(zeiten) * 0.99))],
            "anzahl": len(zeiten), "fehler": fehler[0]}


def abarbeiten(port, cookies):
    """Wait until gunicorn has worked off what the last measurement left queued: wrk closes its connections when
    its time is up, but the workers still answer every request already accepted (20 PDFs of a second each on a
    busy machine are half a minute) – the next measurement would otherwise see no answer at all."""
    anfrage("GET", port, PROBESEITE, cookies)


def vergleichen(last, port, seite, pfad, cookies, dauer, verbindungen, wiederholen):
    """trivial page, page, trivial page; repeated while the two trivial runs differ by more than 25 %."""
    for ziel in (PROBESEITE, pfad):  # warm: every worker has compiled the templates and opened its connection
        try:
            last(port, ziel, cookies, 1, 6)
        except SystemExit:
            pass
    versuche = []
    for _ in range(1 + wiederholen):
        abarbeiten(port, cookies)
        vor = last(port, PROBESEITE, cookies, dauer, verbindungen)
        messung = last(port, pfad, cookies, dauer, verbindungen)
        abarbeiten(port, cookies)
        nach = last(port, PROBESEITE, cookies, dauer, verbindungen)
        streuung = abs(vor["p50"] - nach["p50"]) / min(vor["p50"], nach["p50"])
        versuche.append((streuung, vor, messung, nach))
        if streuung <= 0.25:
            break
    streuung, vor, messung, nach = min(versuche, key=lambda v: v[0])
    trivial = (vor["p50"] + nach["p50"]) / 2
    return {"seite": seite, "p50": messung["p50"], "p99": messung["p99"], "trivial": trivial,
            "verhaeltnis": messung["p50"] / trivial, "anzahl": messung["anzahl"], "fehler": messung["fehler"],
            "streuung": streuung, "versuche": len(versuche)}


# --- queries and PDFs (in this process, Django on the same database) ---------------------------------------------

def abfragen_zaehlen(seiten, ziele):
    from django.db import connection
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from kim_foerderung.zugang.models import Benutzer

    zahlen = {}
    for seite in seiten:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(Benutzer.objects.get(username=seite.rolle),
                           backend="django.contrib.auth.backends.ModelBackend")
        pfad = seite.pfad.format(**ziele)
        cache.clear()
        client.get(pfad)  # warm: templates, navigation
        with override_settings(KIM_SEITENCACHE=False):
            connection.queries_log.clear()  # a full log (9000 entries) would count nothing
            with CaptureQueriesContext(connection) as abfragen:
                client.get(pfad)
            ohne_cache = len(abfragen)  # now: the context reads the connection's log lazily
        client.get(pfad)  # into the page cache, where the page has one
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as abfragen:
            antwort = client.get(pfad)
        zahlen[seite.titel] = (antwort.status_code, len(abfragen), ohne_cache)
    return zahlen


def schlichte_seite(absaetze):
    """Plain WeasyPrint's page: the paragraphs in DejaVu Sans 10pt, no stylesheet."""
    from html import escape

    return ("<html lang='de'><body style='font-family: DejaVu Sans; font-size: 10pt'>"
            + "".join(f"<p>{escape(a)}</p>" for a in absaetze) + "</body></html>")


def volle_seiten_prosa(text, seiten, genauigkeit=200):
    """A plain page of the same length read as pages: the document's own words as running paragraphs (80 words
    each, no styles), as many characters as still fit on ``seiten`` pages (bisected to ``genauigkeit``
    characters; the short run of CI only checks that it works and takes 2000)."""
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    woerter = text.split() or ["Text"]

    def prosa(zeichen):
        auswahl, laenge = [], 0
        while laenge < zeichen:
            wort = woerter[len(auswahl) % len(woerter)]
            auswahl.append(wort)
            laenge += len(wort) + 1
        return schlichte_seite(" ".join(auswahl[i:i + 80]) for i in range(0, len(auswahl), 80))

    def passt(zeichen):
        return len(PdfReader(BytesIO(HTML(string=prosa(zeichen)).write_pdf())).pages) <= seiten

    unten, oben = 100, 4000 * seiten
    while passt(oben):
        oben *= 2
    while oben - unten > genauigkeit:
        mitte = (unten + oben) // 2
        unten, oben = (mitte, oben) if passt(mitte) else (unten, mitte)
    return prosa(unten)


def pdfs_messen(wiederholungen, genauigkeit=200):
    """Each PDF the project renders, timed through the project's own path (template + PDF/A-3b), next to plain
    WeasyPrint rendering the same text as a plain page (paragraphs, no styles). Timed as CPU time of this
    process (rendering is pure computation here, no database): other load on the shared machine does not count."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from antraege import services as antrag_services
    from antraege.models import Anlage1
    from bescheide.dokument import bescheid_vorlage
    from bescheide.models import Bescheid, BescheidArt, BescheidStatus
    from kim_foerderung import zeit
    from kim_foerderung.dokumente.services import html_rendern, pdf_aus_html

    def anlage1():
        a = Anlage1.objects.select_related("antrag__eingereicht_von").order_by("-pk").first().antrag
        return "pdf/anlage1.html", antrag_services.anlage1_kontext(a, antrag_services.berechnung(a),
                                                                   a.eingereicht_von, zeit.jetzt())

    def bescheid(art, entwurf=False):
        def vorlage():
            qs = Bescheid.objects.filter(art=art)
            qs = qs.filter(status=BescheidStatus.ENTWURF) if entwurf else qs.exclude(dokument=None)
            return bescheid_vorlage(qs.order_by("pk").first(), entwurf=entwurf)
        return vorlage

    def mittelanforderung():
        from auszahlung.dokument import mittelanforderung_kontext
        from auszahlung.models import Mittelanforderung

        return "pdf/mittelanforderung.html", mittelanforderung_kontext(
            Mittelanforderung.objects.exclude(dokument=None).order_by("pk").first())

    def anlage3():
        from verwendungsnachweis import berechnung
        from verwendungsnachweis.dokument import anlage3_kontext
        from verwendungsnachweis.models import Verwendungsnachweis

        n = Verwendungsnachweis.objects.exclude(dokument=None).order_by("pk").first()
        return "pdf/anlage3.html", anlage3_kontext(n, berechnung.berechnen(n), n.eingereicht_von, n.eingereicht_am)

    def anhoerung():
        from verwendungsnachweis.models import Verwendungsnachweis
        from verwendungsnachweis.services import anhoerung_kontext, landes_brief_kontext

        n = Verwendungsnachweis.objects.exclude(anhoerung_dokument=None).order_by("pk").first()
        return "pdf/vn_anhoerung.html", landes_brief_kontext(n, n.geprueft_von, anhoerung_kontext(n, n.anhoerung_frist))

    arten = [("Anlage 1 (Antrag)", anlage1), ("Anlage 2 (Zuwendungsbescheid)", bescheid(BescheidArt.ZUWENDUNG)),
             ("Bescheid-Vorschau (Entwurf)", bescheid(BescheidArt.ZUWENDUNG, entwurf=True)),
             ("Änderungsbescheid", bescheid(BescheidArt.AENDERUNG)),
             ("Ablehnungsbescheid", bescheid(BescheidArt.ABLEHNUNG)),
             ("Mittelanforderung", mittelanforderung), ("Anlage 3 (Verwendungsnachweis)", anlage3),
             ("Anhörung zur Erstattung", anhoerung)]
    ergebnisse = []
    for titel, vorlage in arten:
        template, kontext = vorlage()
        kontext = {"dokument_titel": titel, "dokument_schluessel": "lastprobe", "erstellt_am": zeit.jetzt(),
                   **kontext}
        html = html_rendern(template, kontext)
        pdf = pdf_aus_html(html)  # warm: fonts, templates
        leser = PdfReader(io.BytesIO(pdf))
        text = "\n".join(p.extract_text() or "" for p in leser.pages)
        schlicht = schlichte_seite(z for z in text.splitlines() if z.strip())
        # Where the gap comes from: the document's own HTML without any style (no stylesheet, letterhead styles
        # or page decoration) – its tables and structure as WeasyPrint lays them out bare.
        ohne_stil = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
        voll = volle_seiten_prosa(text, len(leser.pages), genauigkeit)
        schlicht_pdf = HTML(string=schlicht).write_pdf()
        HTML(string=ohne_stil).write_pdf()
        # The four renders take turns, so a slow moment of the shared machine hits all of them alike (one after
        # the other, the ratio of the same document moved by ±0,3 between runs).
        zeiten, zeiten_schlicht, zeiten_ohne_stil, zeiten_voll = [], [], [], []
        for _ in range(wiederholungen):
            for liste, rendern in ((zeiten, lambda: pdf_aus_html(html_rendern(template, kontext))),
                                   (zeiten_schlicht, lambda: HTML(string=schlicht).write_pdf()),
                                   (zeiten_voll, lambda: HTML(string=voll).write_pdf()),
                                   (zeiten_ohne_stil, lambda: HTML(string=ohne_stil).write_pdf())):
                start = time.process_time()
                rendern()
                liste.append((time.process_time() - start) * 1000)
        ergebnisse.append({
            "titel": titel, "ms": statistics.median(zeiten), "seiten": len(leser.pages),
            "schlicht_ms": statistics.median(zeiten_schlicht),
            "schlicht_seiten": len(PdfReader(io.BytesIO(schlicht_pdf)).pages), "zeichen": len(text),
            "ohne_stil_ms": statistics.median(zeiten_ohne_stil), "voll_ms": statistics.median(zeiten_voll),
        })
    return ergebnisse


# --- output ------------------------------------------------------------------------------------------------------

def zahl(wert, stellen=1):
    return f"{wert:.{stellen}f}".replace(".", ",")


def tabelle_ausgeben(ergebnisse, abfragen, pdfs, werkzeug, dauer, verbindungen):
    print()
    print(f"Last: {verbindungen} gleichzeitige Clients, {dauer} s je Messung ({werkzeug}); "
          f"Verhältnis = p50 der Seite / p50 der Probeseite direkt davor und danach.")
    print()
    print("| Rolle | Seite | Abfragen | ohne Seitencache | p50 ms | p99 ms | Probeseite p50 ms | Verhältnis | |")
    print("|---|---|--:|--:|--:|--:|--:|--:|---|")
    for e in ergebnisse:
        s = e["seite"]
        status, anzahl, ohne_cache = abfragen.get(s.titel, (0, 0, 0))
        urteil = "ok" if e["verhaeltnis"] <= GRENZE_SEITE else "ZU LANGSAM"
        if e["fehler"]:
            urteil += f", {e['fehler']} Fehlerantworten"
        print(f"| {s.rolle} | {s.titel} | {anzahl if status == 200 else f'HTTP {status}'} | {ohne_cache} "
              f"| {zahl(e['p50'])} "
              f"| {zahl(e['p99'])} | {zahl(e['trivial'])} | {zahl(e['verhaeltnis'], 2)} | {urteil} |")
    if ergebnisse:
        schlechteste = max(ergebnisse, key=lambda e: e["verhaeltnis"])
        print()
        print(f"Schlechteste Seite: {schlechteste['seite'].titel} ({schlechteste['seite'].rolle}) mit "
              f"{zahl(schlechteste['verhaeltnis'], 2)} × der Probeseite (Grenze {zahl(GRENZE_SEITE)}).")
    if pdfs:
        print()
        print("| PDF | Seiten | ms | schlichtes WeasyPrint, gleicher Text: Seiten | ms | Verhältnis | |"
              " gleich viele volle Seiten Fließtext: ms | Verhältnis dazu |"
              " dasselbe HTML ohne Stil: ms | Verhältnis dazu |")
        print("|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|")
        for p in pdfs:
            v = p["ms"] / p["schlicht_ms"]
            print(f"| {p['titel']} | {p['seiten']} | {zahl(p['ms'], 0)} | {p['schlicht_seiten']} "
                  f"| {zahl(p['schlicht_ms'], 0)} | {zahl(v, 2)} | {'ok' if v <= GRENZE_PDF else 'ZU LANGSAM'} "
                  f"| {zahl(p['voll_ms'], 0)} | {zahl(p['ms'] / p['voll_ms'], 2)} "
                  f"| {zahl(p['ohne_stil_ms'], 0)} | {zahl(p['ms'] / p['ohne_stil_ms'], 2)} |")
        schlechteste = max(pdfs, key=lambda p: p["ms"] / p["schlicht_ms"])
        print()
        print(f"Schlechtestes PDF: {schlechteste['titel']} mit "
              f"{zahl(schlechteste['ms'] / schlechteste['schlicht_ms'], 2)} × schlichtem WeasyPrint "
              f"(Grenze {zahl(GRENZE_PDF)}).")


def maschine():
    try:
        modell = next(z.split(":", 1)[1].strip() for z in open("/proc/cpuinfo") if z.startswith("model name"))
    except (OSError, StopIteration):
        modell = "?"
    last = os.getloadavg()
    return (f"{os.cpu_count()} Kerne ({modell}), Last beim Start {zahl(last[0], 2)}, "
            f"Python {sys.version.split()[0]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kurz", action="store_true", help="CI: wenige Seiten, 2 s je Messung, Demo-Daten und 4 Kommunen")
    parser.add_argument("--nur", help="nur Seiten, deren Titel dies enthält")
    parser.add_argument("--dauer", type=int, help="Sekunden je Messung (Standard 5, kurz 1)")
    parser.add_argument("--verbindungen", type=int, default=20)
    parser.add_argument("--wiederholen", type=int, help="Wiederholungen bei Streuung (Standard 2, kurz 0)")
    parser.add_argument("--db", help="Name der Wegwerf-Datenbank (Standard kim_lastprobe_<pid>)")
    parser.add_argument("--behalten", action="store_true", help="Datenbank danach nicht löschen")
    parser.add_argument("--nur-daten", action="store_true", help="nur die Datenbank füllen und behalten")
    parser.add_argument("--python-last", action="store_true", help="Python-Lastgenerator statt wrk")
    parser.add_argument("--vorhandene-db", metavar="NAME",
                        help="eine schon gefüllte Datenbank (--db NAME --behalten) wieder verwenden: nur migrieren, "
                             "nichts anlegen, nichts löschen; die Dokumente liegen in "
                             f"{tempfile.gettempdir()}/kim-lastprobe-NAME/dokumente (oder --dokumente)")
    parser.add_argument("--dokumente", help="Verzeichnis der Dokumente einer vorhandenen Datenbank")
    parser.add_argument("--pdfs", action="store_true", help="auch mit --nur die PDFs messen")
    parser.add_argument("--ohne-seitencache", action="store_true",
                        help="gunicorn ohne Seitencache (KIM_SEITENCACHE=0): jede Anfrage rechnet wie die erste "
                             "nach einer Änderung")
    args = parser.parse_args()
    # SIGTERM (and SIGINT in a background job, where it is ignored) end the run through `finally`: gunicorn is
    # stopped and the throw-away database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    dauer = args.dauer or (2 if args.kurz else 5)
    wiederholen = args.wiederholen if args.wiederholen is not None else (0 if args.kurz else 2)
    seiten = [s for s in SEITEN + PDF_SEITEN if (s.kurz or not args.kurz) and (not args.nur or args.nur in s.titel)]

    vorhanden = args.vorhandene_db
    if vorhanden or args.nur_daten:
        args.behalten = True
    name = vorhanden or args.db or f"kim_lastprobe_{os.getpid()}"
    tmp = Path(tempfile.mkdtemp(prefix="kim-lastprobe-"))
    # A kept database keeps its documents next to it (the PDF downloads need the files).
    dokumente = (Path(args.dokumente) if args.dokumente
                 else Path(tempfile.gettempdir()) / f"kim-lastprobe-{name}" / "dokumente" if args.behalten
                 else tmp / "dokumente")
    db_url, admin = datenbank_url(name) if vorhanden else datenbank_anlegen(name)
    redis_url = os.environ.get("REDIS_URL", "")
    env = produktionsumgebung(db_url, tmp, redis_url, dokumente)
    if args.ohne_seitencache:
        env["KIM_SEITENCACHE"] = "0"
    # This process: Django on the same database for the data, the query counts and the PDFs (dev settings:
    # the demo commands refuse production; eager Celery, so nothing is queued while the data is written).
    for k in [k for k in os.environ if k.startswith(("DJANGO_", "KIM_")) or k in {"REDIS_URL"}]:
        del os.environ[k]
    os.environ.update({"DJANGO_SETTINGS_MODULE": "kim_foerderung.settings", "DATABASE_URL": db_url,
                       "DJANGO_DEBUG": "1", "KIM_VAR_DIR": env["KIM_VAR_DIR"],
                       "KIM_DOKUMENTE_ROOT": env["KIM_DOKUMENTE_ROOT"],
                       "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    prozess = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        print(f"Maschine: {maschine()}", flush=True)
        start = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        if not vorhanden:
            call_command("kommunen_laden", stdout=io.StringIO())
            for titel, datensatz in DATENSAETZE:
                if datensatz is antraege_aller_kommunen and args.kurz:
                    antraege_aller_kommunen(4)
                else:
                    datensatz()
        from antraege.models import Antrag, Stelle
        from bescheide.models import Bescheid, Pruefung

        print(f"Daten: {Antrag.objects.count()} Anträge, {Stelle.objects.count()} Stellen, "
              f"{Pruefung.objects.count()} Prüfungen, {Bescheid.objects.count()} Bescheide "
              f"in {zahl(time.perf_counter() - start)} s", flush=True)
        ziele = ziele_finden()
        if args.nur_daten:
            args.behalten = True
            print("Ziele:", ziele)
            return
        from django.db import connections

        abfragen = abfragen_zaehlen(seiten, ziele)
        pdfs = [] if args.nur and not args.pdfs else (pdfs_messen(1, genauigkeit=2000) if args.kurz else pdfs_messen(9))
        connections.close_all()

        port = freier_port()
        prozess = gunicorn_starten(env, port, tmp)
        anmeldungen = {rolle: anmelden(port, rolle) for rolle in sorted({s.rolle for s in seiten})}
        werkzeug = "wrk" if not args.python_last and wrk_bereit() else "Python-Lastgenerator"
        last = last_wrk if werkzeug == "wrk" else last_python
        ergebnisse = []
        for seite in seiten:
            pfad = seite.pfad.format(**ziele)
            status, kopf, inhalt, _ = anfrage("GET", port, pfad, anmeldungen[seite.rolle])
            if status != 200:
                raise SystemExit(f"{seite.titel} ({pfad}) als {seite.rolle}: HTTP {status}")
            e = vergleichen(last, port, seite, pfad, anmeldungen[seite.rolle], dauer, args.verbindungen,
                            wiederholen)
            print(f"  {seite.titel:45s} {zahl(e['verhaeltnis'], 2):>6s} × ({zahl(e['p50'])} / "
                  f"{zahl(e['trivial'])} ms)", flush=True)
            ergebnisse.append(e)
        print()
        print("Seitencache: " + ("AUS (--ohne-seitencache) – jede Anfrage rechnet wie die erste nach einer Änderung"
                                 if args.ohne_seitencache else "an (Produktionseinstellung)"))
        tabelle_ausgeben(ergebnisse, abfragen, pdfs, werkzeug, dauer, args.verbindungen)
    finally:
        if prozess is not None:
            os.killpg(prozess.pid, 15)
            prozess.wait(timeout=30)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up
            pass
        if not args.behalten:
            datenbank_entfernen(name, admin)
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"Datenbank behalten: {db_url}")


if __name__ == "__main__":
    main()
