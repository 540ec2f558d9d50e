"""One settings module for every environment, driven by environment variables.

Embedded default (no variables): SQLite file in ``var/``, Celery eager, e-mails to the console.
Production (docker-compose.yml): DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS.
"""
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KIM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Tests run with KIM_TESTING=1 (Makefile) or under pytest: fast hashing, insecure key allowed.
TESTING = env_bool("KIM_TESTING") or "pytest" in sys.modules

_INSECURE_DEV_KEY = "django-insecure-nur-fuer-entwicklung-und-tests-kim-foerderung-nrw"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = _INSECURE_DEV_KEY
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY fehlt: Setzen Sie einen geheimen Schlüssel (mindestens 50 Zeichen) "
            "oder DJANGO_DEBUG=1 für die Entwicklung."
        )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "django_celery_beat",
    "pgtrigger",
    "axes",
    "csp",
    "kim_foerderung",
    "kim_foerderung.stammdaten",
    "kim_foerderung.zugang",
    "kim_foerderung.protokoll",
    "kim_foerderung.dokumente",
    "kim_foerderung.arbeitsliste",
    "antraege",
    "bescheide",
    "auszahlung",
    "verwendungsnachweis",
    "uebersicht",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kim_foerderung.urls"
WSGI_APPLICATION = "kim_foerderung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kim_foerderung.context_processors.kim",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    if TESTING:
        # The test database in a file, not in shared-cache memory: the browser tests' live server answers
        # requests in parallel threads (htmx live summary next to a section save), and shared-cache memory fails
        # them with "database table is locked" (a 400 from the session middleware) instead of waiting.
        DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"kim-test-{os.getpid()}.sqlite3")}
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "zugang.Benutzer"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Login lockout (django-axes): five failed attempts per user name and address, then one hour.
AXES_FAILURE_LIMIT = int(os.environ.get("KIM_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "zugang/gesperrt.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Session timeout: 30 minutes of inactivity.
SESSION_COOKIE_AGE = int(os.environ.get("KIM_SESSION_SEKUNDEN", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "de-de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# Money and numbers are formatted by kim_format filters; years and ids must never get a "." (2.027).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Documents and uploads live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("KIM_DOKUMENTE_ROOT", VAR_DIR / "dokumente"))
KIM_DOKUMENTE_ROOT = MEDIA_ROOT

# Plain widgets rendered in Python, the same HTML as Django's widget templates (kim_foerderung/formulare.py).
FORM_RENDERER = "kim_foerderung.formulare.SchnellerRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# E-mail: console by default.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "kim-foerderung@bra.nrw.de")

# Celery: with REDIS_URL a real broker; without, tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Cache (issue 13: what does not change per request, e.g. the navigation of a role): Redis in production,
# shared by the gunicorn workers; local memory in the embedded default and in tests (each test starts empty).
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("KIM_CACHE_PREFIX", "kim"), "TIMEOUT": 600}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kim",
                          "TIMEOUT": 600}}
# Read-only pages kept per user, request, day and Datenstand (kim_foerderung/seitencache.py); off in tests, where a
# TestCase's writes are committed only at its end (the test of the cache switches it on with committed writes).
KIM_SEITENCACHE = env_bool("KIM_SEITENCACHE", not TESTING)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Security (production: DJANGO_DEBUG off).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy (django-csp 4): only our own assets, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# KIM domain settings.
# Nr. 7.1.2: Förderjahr 2025 may be applied for within four weeks of the Richtlinie's publication.
KIM_RICHTLINIE_VEROEFFENTLICHUNG = date.fromisoformat(
    os.environ.get("KIM_RICHTLINIE_VEROEFFENTLICHUNG", "2024-12-12")
)
# § 41 Abs. 2 VwVfG NRW (since 1 January 2025): Bekanntgabe deemed on the fourth day after sending.
KIM_BEKANNTGABE_TAGE = int(os.environ.get("KIM_BEKANNTGABE_TAGE", "4"))
KIM_BEWILLIGUNGSBEHOERDE = "Bezirksregierung Arnsberg"
KIM_BEHOERDE_ANSCHRIFT = os.environ.get("KIM_BEHOERDE_ANSCHRIFT", "Seibertzstraße 1 · 59821 Arnsberg")
