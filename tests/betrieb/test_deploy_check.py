"""Production settings (DESIGN "Runtime"): `check --deploy` is clean, secrets are mandatory, cookies are
Secure, every response carries the Content Security Policy, and the web container's command (gunicorn +
whitenoise after the build's collectstatic) answers its healthcheck.

Production mode is a fresh process (settings are read once per process), started from the repository root
with an environment like docker-compose.yml sets: DJANGO_DEBUG=0, no KIM_TESTING.
"""
import json
import os
import secrets
import socket
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "kim.example.org"


def geheimer_schluessel():
    zeichen = string.ascii_letters + string.digits + "!#%&()*+,-./:;<=>?@[]^_{|}~"
    while True:
        schluessel = "".join(secrets.choice(zeichen) for _ in range(64))
        if len(set(schluessel)) >= 20:
            return schluessel


@pytest.fixture
def produktion(tmp_path):
    """os.environ without test/dev switches and without any inherited Django/KIM/service configuration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KIM_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=geheimer_schluessel(),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'produktion.sqlite3'}",
        KIM_VAR_DIR=str(tmp_path / "var"),
        KIM_DOKUMENTE_ROOT=str(tmp_path / "dokumente"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def shell_json(env, code):
    """Run code in `manage.py shell -c`; it prints one JSON line, which is returned parsed."""
    ergebnis = manage(env, "shell", "--verbosity", "0", "-c", code)
    assert ergebnis.returncode == 0, ergebnis.stderr
    zeilen = [z for z in ergebnis.stdout.splitlines() if z.startswith("{")]
    assert zeilen, ergebnis.stdout + ergebnis.stderr
    return json.loads(zeilen[-1])


def test_check_deploy_ohne_befund(produktion):
    ergebnis = manage(produktion, "check", "--deploy", "--fail-level", "WARNING")
    ausgabe = ergebnis.stdout + ergebnis.stderr
    assert ergebnis.returncode == 0, ausgabe
    assert "System check identified no issues" in ausgabe


def test_ohne_secret_key_startet_produktion_nicht(produktion):
    del produktion["DJANGO_SECRET_KEY"]
    ergebnis = manage(produktion, "check")
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY fehlt" in ergebnis.stderr
    assert "Setzen Sie einen geheimen Schlüssel" in ergebnis.stderr


def test_leerer_secret_key_zaehlt_als_fehlend(produktion):
    produktion["DJANGO_SECRET_KEY"] = ""
    ergebnis = manage(produktion, "check")
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY fehlt" in ergebnis.stderr


def test_produktionseinstellungen(produktion):
    produktion["REDIS_URL"] = "redis://redis:6379/0"  # only read, no connection is made
    werte = shell_json(
        produktion,
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE,"
        "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, 'SESSION_COOKIE_HTTPONLY': s.SESSION_COOKIE_HTTPONLY,"
        "'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT, 'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS,"
        "'SECURE_PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,"
        "'STATICFILES': s.STORAGES['staticfiles']['BACKEND'], 'MEDIA_ROOT': str(s.MEDIA_ROOT),"
        "'STATIC_ROOT': str(s.STATIC_ROOT), 'EAGER': s.CELERY_TASK_ALWAYS_EAGER,"
        "'BROKER': s.CELERY_BROKER_URL}))",
    )
    assert werte["DEBUG"] is False
    assert werte["SESSION_COOKIE_SECURE"] is True
    assert werte["CSRF_COOKIE_SECURE"] is True
    assert werte["SESSION_COOKIE_HTTPONLY"] is True
    assert werte["SECURE_SSL_REDIRECT"] is True
    assert werte["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert werte["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert werte["ALLOWED_HOSTS"] == [HOST]
    assert werte["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert werte["MEDIA_ROOT"] == produktion["KIM_DOKUMENTE_ROOT"]
    assert not werte["MEDIA_ROOT"].startswith(werte["STATIC_ROOT"])
    # With REDIS_URL (as in docker-compose.yml) tasks go to the broker, not eagerly into the web process.
    assert werte["EAGER"] is False and werte["BROKER"] == "redis://redis:6379/0"


def test_csp_header_auf_der_anmeldeseite(client):
    antwort = client.get("/anmelden/")
    assert antwort.status_code == 200
    richtlinie = {}
    for direktive in antwort["Content-Security-Policy"].split(";"):
        name, *quellen = direktive.split()
        richtlinie[name] = quellen
    assert richtlinie["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in richtlinie["script-src"]
    assert "'unsafe-eval'" not in richtlinie["script-src"]
    assert richtlinie["frame-ancestors"] == ["'none'"]
    assert richtlinie["object-src"] == ["'none'"]


# --- the web container: collectstatic as in the Dockerfile, then the production app ---------------------


@pytest.fixture(scope="module")
def statische_dateien(tmp_path_factory):
    """`collectstatic` with the production storage and a build-only key, exactly as the Dockerfile does."""
    ziel = tmp_path_factory.mktemp("staticfiles")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KIM_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SECRET_KEY="build-only-dummy-for-collectstatic-never-used-at-runtime-kim-foerderung",
        DJANGO_DEBUG="0",
        DATABASE_URL=f"sqlite:///{ziel.parent / 'build-only.sqlite3'}",
        DJANGO_STATIC_ROOT=str(ziel),
    )
    ergebnis = manage(env, "collectstatic", "--noinput", timeout=300)
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    assert (ziel / "staticfiles.json").is_file()
    return ziel


def test_produktion_antwortet_mit_sicherheitsheadern(produktion, statische_dateien):
    produktion["DJANGO_STATIC_ROOT"] = str(statische_dateien)
    werte = shell_json(
        produktion,
        "import json; from django.test import Client; c = Client();"
        f"h = c.get('/anmelden/', HTTP_HOST='{HOST}');"
        f"s = c.get('/anmelden/', HTTP_HOST='{HOST}', HTTP_X_FORWARDED_PROTO='https');"
        "k = s.cookies.get('csrftoken');"
        "print(json.dumps({'http': h.status_code, 'ziel': h.get('Location'), 'https': s.status_code,"
        "'csp': s.get('Content-Security-Policy'), 'hsts': s.get('Strict-Transport-Security'),"
        "'cookie_secure': bool(k and k['secure']), 'cookie_httponly': bool(k and k['httponly'])}))",
    )
    assert werte["http"] == 301 and werte["ziel"] == f"https://{HOST}/anmelden/"
    assert werte["https"] == 200
    assert "default-src 'self'" in werte["csp"]
    assert "max-age=31536000" in werte["hsts"]
    assert werte["cookie_secure"] and werte["cookie_httponly"]


def freier_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_mit_whitenoise_besteht_den_healthcheck(produktion, statische_dateien):
    """The web service's command and healthcheck (docker/healthcheck.py) against the production app."""
    produktion["DJANGO_STATIC_ROOT"] = str(statische_dateien)
    port = freier_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    prozess = subprocess.Popen(
        [str(gunicorn), "kim_foerderung.wsgi:application", f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT,
        env=produktion,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        healthcheck = [sys.executable, str(ROOT / "docker" / "healthcheck.py"), str(port)]
        frist = time.monotonic() + 30
        while True:
            ergebnis = subprocess.run(healthcheck, env=produktion, capture_output=True, text=True, timeout=20)
            if ergebnis.returncode == 0:
                break
            assert prozess.poll() is None, prozess.stderr.read()
            assert time.monotonic() < frist, ergebnis.stderr
            time.sleep(0.5)

        manifest = json.loads((statische_dateien / "staticfiles.json").read_text(encoding="utf-8"))
        css = manifest["paths"]["kim/kim.css"]
        anfrage = urllib.request.Request(
            f"http://127.0.0.1:{port}/static/{css}", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(anfrage, timeout=10) as antwort:
            assert antwort.status == 200
            assert "max-age=315360000" in antwort.headers["Cache-Control"]  # whitenoise, hashed name
    finally:
        prozess.terminate()
        try:
            prozess.wait(timeout=10)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.wait()


def test_einmaliger_job_migriert_und_laedt_die_kommunen(produktion):
    """docker/vorbereiten.sh (service "migrate") in production mode; it may run again on every start."""
    befehle = [
        zeile.split()[1:]
        for zeile in (ROOT / "docker" / "vorbereiten.sh").read_text(encoding="utf-8").splitlines()
        if zeile.startswith("python manage.py ")
    ]
    assert [b[:2] for b in befehle] == [["manage.py", "migrate"], ["manage.py", "kommunen_laden"]]
    for _ in range(2):
        for befehl in befehle:
            ergebnis = manage(produktion, *befehl[1:], timeout=300)
            assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    werte = shell_json(
        produktion,
        "import json; from kim_foerderung.stammdaten.models import Kommune;"
        "from django_celery_beat.models import PeriodicTask;"
        "print(json.dumps({'kommunen': Kommune.objects.count(), 'zeitplaene': PeriodicTask.objects.count()}))",
    )
    assert werte["kommunen"] == 54
    assert werte["zeitplaene"] >= 0  # the DatabaseScheduler's tables exist
