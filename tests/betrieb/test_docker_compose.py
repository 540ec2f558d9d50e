"""Production runtime (DESIGN "Runtime"): docker-compose.yml, Dockerfile and docker/ checked by parsing.

No Docker engine runs where the tests run, so `docker compose config` cannot validate the file; these tests
read the YAML (with its anchors and merge keys, as compose does) and compare it with what
kim_foerderung/settings.py actually reads.
"""
import ast
import re
import shlex
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_BEISPIEL = ROOT / "docker" / "env.beispiel"
SETTINGS_FILE = ROOT / "kim_foerderung" / "settings.py"

PFLICHT_VARIABLEN = {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG"}
LANGLAUFENDE_APP_DIENSTE = ("web", "worker", "beat")
WEASYPRINT_PAKETE = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def app_services(services):
    """Every service that runs our image (built from this repository): web, worker, beat and any one-off job."""
    return {name: svc for name, svc in services.items() if "build" in svc}


def settings_variablen():
    """Names settings.py reads: os.environ.get("X"…), os.environ["X"], os.getenv("X"…), env_bool/env_list("X"…)."""
    baum = ast.parse(SETTINGS_FILE.read_text(encoding="utf-8"))
    namen = set()
    for knoten in ast.walk(baum):
        if isinstance(knoten, ast.Call) and knoten.args:
            erstes = knoten.args[0]
            if not (isinstance(erstes, ast.Constant) and isinstance(erstes.value, str)):
                continue
            funktion = ast.unparse(knoten.func)
            if funktion in {"os.environ.get", "os.getenv", "env_bool", "env_list"}:
                namen.add(erstes.value)
        elif isinstance(knoten, ast.Subscript) and ast.unparse(knoten.value) == "os.environ":
            if isinstance(knoten.slice, ast.Constant) and isinstance(knoten.slice.value, str):
                namen.add(knoten.slice.value)
    return namen


def umgebung(svc):
    env = svc.get("environment") or {}
    if isinstance(env, list):  # ["NAME=value", …]
        env = dict(eintrag.split("=", 1) if "=" in eintrag else (eintrag, None) for eintrag in env)
    return {name: (None if wert is None else str(wert)) for name, wert in env.items()}


def aufgeloest(wert, werte=None):
    """The value compose would pass, with ${X:-default} → default and ${X:?…}/${X} → werte[X] or "<X>"."""
    werte = werte or {}

    def ersetzen(treffer):
        name, op, arg = treffer.group("name"), treffer.group("op"), treffer.group("arg")
        if name in werte:
            return werte[name]
        if op in (":-", "-"):
            return arg
        return f"<{name}>"

    return INTERPOLATION.sub(ersetzen, wert)


def befehl(svc):
    kommando = svc.get("command") or []
    if isinstance(kommando, str):
        kommando = shlex.split(kommando)
    return [str(teil) for teil in kommando]


def test_die_fuenf_dienste_existieren(services):
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_postgres_und_redis_mit_healthcheck_und_volume(services):
    postgres, redis = services["postgres"], services["redis"]
    assert str(postgres["image"]).startswith("postgres:16")
    assert "pg_isready" in " ".join(map(str, postgres["healthcheck"]["test"]))
    assert any(str(v).endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert str(redis["image"]).startswith("redis:7")
    assert "redis-cli ping" in " ".join(map(str, redis["healthcheck"]["test"]))
    assert any(str(v).endswith(":/data") for v in redis["volumes"])


def test_jeder_langlaufende_dienst_hat_healthcheck_und_neustart(services):
    """Every long-running service (all but the one-shot jobs with restart "no") has a real healthcheck and
    restarts; only a one-shot job (migrate) may go without a healthcheck."""
    einmalig = {name for name, svc in services.items() if svc.get("restart") == "no"}
    assert einmalig <= {"migrate"}, f"unerwartete einmalige Dienste: {sorted(einmalig)}"
    langlaufend = set(services) - einmalig
    assert {"web", "worker", "beat", "postgres", "redis"} <= langlaufend
    for name in sorted(langlaufend):
        svc = services[name]
        assert svc.get("restart") in {"always", "unless-stopped"}, f"{name}: restart-Policy fehlt"
        healthcheck = svc.get("healthcheck") or {}
        test = healthcheck.get("test")
        assert test and not healthcheck.get("disable"), f"{name} braucht einen healthcheck"
        assert isinstance(test, list) and test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1, f"{name}: {test}"
        assert not re.fullmatch(r"\s*(true|exit 0|:)\s*", " ".join(map(str, test[1:]))), f"{name}: Schein-Check"
        for schluessel in ("interval", "timeout", "retries"):
            assert schluessel in healthcheck, f"{name}: healthcheck ohne {schluessel}"


def test_beat_healthcheck_pingt_den_beat_knoten(services):
    """beat answers `celery inspect ping` as celerybeat@<hostname> only with --enable-remote-control (Celery
    >= 5.7); a worker's "celery@…" reply must not make beat look healthy."""
    beat = services["beat"]
    assert "--enable-remote-control" in befehl(beat)
    test = " ".join(map(str, beat["healthcheck"]["test"]))
    assert re.search(r"celery -A kim_foerderung inspect ping -d celerybeat@\$\$HOSTNAME\b", test), test
    assert "grep -q pong" in test
    # pyproject.toml must not allow a Celery without beat remote control.
    from packaging.requirements import Requirement

    abhaengigkeiten = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    celery = next(Requirement(a) for a in abhaengigkeiten if Requirement(a).name == "celery")
    assert "5.6.9" not in celery.specifier and "5.7.0" in celery.specifier, str(celery.specifier)


def test_web_laeuft_mit_gunicorn_und_wsgi(services):
    kommando = befehl(services["web"])
    assert kommando[0] == "gunicorn"
    assert any(teil.startswith("kim_foerderung.wsgi") for teil in kommando)
    assert any("0.0.0.0:8000" in teil for teil in kommando)
    healthcheck = " ".join(map(str, services["web"]["healthcheck"]["test"]))
    skript = re.search(r"/app/(docker/\S+\.py)", healthcheck)
    assert skript and (ROOT / skript.group(1)).is_file(), "web-healthcheck verweist auf ein Skript in docker/"


def test_worker_und_beat_laufen_mit_celery(services):
    worker, beat = befehl(services["worker"]), befehl(services["beat"])
    assert worker[:4] == ["celery", "-A", "kim_foerderung", "worker"]
    assert beat[:4] == ["celery", "-A", "kim_foerderung", "beat"]
    scheduler = " ".join(beat)
    assert re.search(r"(--scheduler[ =]|-S )django_celery_beat\.schedulers:DatabaseScheduler", scheduler)


def test_migrationen_und_kommunen_vor_dem_start(services, app_services):
    """migrate --noinput and kommunen_laden run once, before web, worker and beat (which wait for it)."""
    job = services.get("migrate")
    if job is not None:
        texte = [" ".join(befehl(job))]
        for skript in re.findall(r"/app/(docker/\S+)", texte[0]):
            texte.append((ROOT / skript).read_text(encoding="utf-8"))
        text = "\n".join(texte)
        assert job.get("restart") == "no"
        for name in LANGLAUFENDE_APP_DIENSTE:
            assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    else:  # alternative layout: web's entrypoint migrates
        text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docker").glob("*.sh"))
    assert re.search(r"manage\.py migrate --noinput", text)
    assert re.search(r"manage\.py kommunen_laden", text)


def test_app_dienste_warten_auf_gesunde_datenbank_und_redis(app_services):
    for name, svc in app_services.items():
        abhaengig = svc["depends_on"]
        assert abhaengig["postgres"]["condition"] == "service_healthy", name
        assert abhaengig["redis"]["condition"] == "service_healthy", name


def test_app_dienste_setzen_nur_variablen_die_settings_liest(app_services):
    bekannt = settings_variablen()
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "KIM_DOKUMENTE_ROOT"} <= bekannt  # the parser works
    for name, svc in app_services.items():
        unbekannt = set(umgebung(svc)) - bekannt
        assert not unbekannt, f"{name} setzt Variablen, die settings.py nicht liest: {sorted(unbekannt)}"


def test_pflichtvariablen_fuer_web_worker_beat_gleich(services, app_services):
    vorlage = umgebung(services["web"])
    for name in LANGLAUFENDE_APP_DIENSTE:
        env = umgebung(services[name])
        fehlend = PFLICHT_VARIABLEN - {k for k, v in env.items() if v}
        assert not fehlend, f"{name}: {sorted(fehlend)} fehlen"
    for name, svc in app_services.items():
        assert umgebung(svc) == vorlage, f"{name} hat eine andere Umgebung als web"


def test_produktionswerte(services):
    env = umgebung(services["web"])
    assert env["DJANGO_DEBUG"] == "0"
    # Compose refuses to start without the secrets (${X:?message}) instead of running with an empty value.
    for variable in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert re.fullmatch(r"\$\{" + variable + r":\?[^}]+\}", env[variable]), variable
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
    assert aufgeloest(env.get("DJANGO_SECURE_SSL_REDIRECT", "1")) in {"1", "true", "yes", "on"}


def test_database_url_zeigt_auf_den_postgres_dienst(services):
    env = umgebung(services["web"])
    postgres_env = umgebung(services["postgres"])
    werte = {"POSTGRES_PASSWORD": "geheim123"}
    db = dj_database_url.parse(aufgeloest(env["DATABASE_URL"], werte))
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["HOST"] == "postgres" and int(db["PORT"]) == 5432
    assert db["NAME"] == postgres_env["POSTGRES_DB"]
    assert db["USER"] == postgres_env["POSTGRES_USER"]
    assert db["PASSWORD"] == aufgeloest(postgres_env["POSTGRES_PASSWORD"], werte)


def test_redis_url_zeigt_auf_den_redis_dienst(services):
    url = urlparse(aufgeloest(umgebung(services["web"])["REDIS_URL"]))
    assert url.scheme == "redis" and url.hostname == "redis" and (url.port or 6379) == 6379


def _volume_ziel(eintrag):
    if isinstance(eintrag, dict):
        return eintrag.get("source"), eintrag.get("target")
    quelle, ziel = str(eintrag).split(":")[:2]
    return quelle, ziel


def test_dokumente_volume_fuer_web_und_worker(compose, services):
    ziel = umgebung(services["web"])["KIM_DOKUMENTE_ROOT"]
    assert ziel.startswith("/") and not ziel.startswith("/app"), "Dokumente liegen außerhalb von /app"
    quellen = set()
    for name in ("web", "worker"):
        treffer = [q for q, z in map(_volume_ziel, services[name].get("volumes", [])) if z == ziel]
        assert treffer, f"{name} bindet kein Volume unter {ziel} ein"
        quellen.update(treffer)
    assert len(quellen) == 1, "web und worker teilen dasselbe Dokumente-Volume"
    (quelle,) = quellen
    assert quelle in (compose.get("volumes") or {}), "benanntes Volume, auf oberster Ebene deklariert"


def test_dockerfile():
    text = DOCKERFILE.read_text(encoding="utf-8")
    anweisungen = re.sub(r"\\\n", " ", text)  # join continued lines
    assert re.search(r"^FROM python:3\.11-slim-bookworm\b", text, re.M)
    apt = next(z for z in anweisungen.splitlines() if "apt-get install" in z)
    for paket in WEASYPRINT_PAKETE:
        assert re.search(rf"(?<![\w.-]){re.escape(paket)}(?![\w.-])", apt), paket
    assert re.search(r"^WORKDIR /app\s*$", text, re.M)
    benutzer = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert benutzer and benutzer[-1] not in {"root", "0"}, "läuft nicht als root"
    collectstatic = next(z for z in anweisungen.splitlines() if "collectstatic" in z)
    assert collectstatic.startswith("RUN ") and "DJANGO_SECRET_KEY=" in collectstatic
    # The build-only key lives on that RUN line only, never in ENV/ARG (it would end up in the image).
    assert not re.search(r"^(ENV|ARG)\b.*DJANGO_SECRET_KEY", anweisungen, re.M)
    assert "pyproject.toml" in text


def test_dockerignore_haelt_geheimnisse_und_lokales_draussen():
    muster = {z.strip() for z in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    for eintrag in (".env", ".git", ".venv"):
        assert eintrag in muster or f"{eintrag}/" in muster, eintrag
    assert not {"docker", "docker/", "static", "static/", "templates", "data", "data/"} & muster


def test_env_beispiel_deckt_die_compose_variablen_ab():
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    in_compose = {t.group("name") for t in INTERPOLATION.finditer(text)}
    beispiel = {
        z.split("=", 1)[0].strip()
        for z in ENV_BEISPIEL.read_text(encoding="utf-8").splitlines()
        if "=" in z and not z.lstrip().startswith("#")
    }
    assert in_compose - beispiel == set(), "in docker/env.beispiel fehlen Variablen"
    assert beispiel - in_compose == set(), "docker/env.beispiel nennt Variablen, die compose nicht nutzt"
    pflicht = {t.group("name") for t in INTERPOLATION.finditer(text) if t.group("op") in (":?", "?")}
    assert {"POSTGRES_PASSWORD", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= pflicht


def test_readme_erklaert_docker_compose():
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md fehlt"
    text = readme.read_text(encoding="utf-8")
    assert "docker compose up" in text
    assert "docker/env.beispiel" in text
