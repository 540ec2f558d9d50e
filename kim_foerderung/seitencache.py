"""Pages rendered once per data state (issue 13, "Schnell unter Last").

A page that only reads – a list, an overview, a start page – answers the same for the same user, the same
request and the same data on the same day. ``@seite_zwischenspeichern`` keeps its response in Django's cache
(Redis in production, local memory embedded) under a key of: the view, the full path with query, the HX-*
headers (htmx fragments), the user, today (``zeit.heute()``, the one place) and the **Datenstand**.

The Datenstand is one number in the table ``kim_datenstand`` that every committed write to any table of the
project raises (database triggers, installed after ``migrate`` by :func:`trigger_einrichten`; only
``django_session``, the Celery beat schedule and the login lockout are left out, because they are written
without any page changing). So a cached page is never older than the last commit – nothing to invalidate by
hand, no forgotten signal, ``QuerySet.update()`` and raw SQL included:

- PostgreSQL: a deferred constraint trigger per table raises the number once per transaction, at its commit
  (the row lock on the one counter row is taken only then, so two writers never deadlock on it). The page
  reads the number before it reads its data, so whatever it caches is at least as new as the number.
- SQLite (embedded default): plain triggers; SQLite writes one transaction at a time anyway.

What is never served from the cache: anything but GET, anonymous requests, a request with pending messages
(the view shows and consumes them), responses other than 200, streamed responses, responses that set cookies
or queued a message. The CSRF token in the cached HTML is replaced by the current request's token on every
answer (the masked tokens are recognised by unmasking them against the request's secret).

Decorate only views without side effects on GET. Off in tests (``KIM_SEITENCACHE``), except where a test
switches it on (tests/betrieb/test_seitencache.py).
"""
import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token

from kim_foerderung import zeit

TABELLE = "kim_datenstand"
# Written without any page changing: every request saves its session; beat and axes keep their own books.
AUSGENOMMEN = ("django_session", "django_celery_beat_", "axes_", TABELLE)
ZEITRAUM = 600  # seconds a cached page is kept at most
_CSRF_ERSATZ = b"__kim_csrf_token__"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_vorhanden = {}


def aktiv():
    return getattr(settings, "KIM_SEITENCACHE", False)


def _tabelle_vorhanden():
    name = (connection.vendor, str(connection.settings_dict.get("NAME")))
    if name not in _vorhanden:
        _vorhanden[name] = (connection.vendor in ("postgresql", "sqlite")
                            and TABELLE in connection.introspection.table_names())
    return _vorhanden[name]


def datenstand():
    """The current Datenstand, or None when the database has no counter (then nothing is cached)."""
    if not _tabelle_vorhanden():
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT stand FROM {TABELLE} WHERE id = 1")
            zeile = cursor.fetchone()
    except DatabaseError:
        return None
    return zeile[0] if zeile else None


def _meldungen_offen(request):
    speicher = getattr(request, "_messages", None)
    if speicher is None:
        return False
    return bool(getattr(speicher, "_queued_messages", None)) or bool(getattr(speicher, "_loaded_messages", None))


def _schluessel(view, request, stand):
    htmx = sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-"))
    teile = [f"{view.__module__}.{view.__qualname__}", request.get_full_path(), repr(htmx), str(request.user.pk),
             str(stand), zeit.heute().isoformat()]
    return "kim:seite:" + hashlib.sha256("\x1f".join(teile).encode()).hexdigest()


def _csrf_heraus(inhalt, request):
    """The response body with every CSRF token of this request replaced by a placeholder."""
    geheim = request.META.get("CSRF_COOKIE")
    if not geheim:
        return inhalt

    def ersetzen(treffer):
        try:
            echt = _unmask_cipher_token(treffer.group(0).decode())
        except (ValueError, IndexError):
            return treffer.group(0)
        return _CSRF_ERSATZ if echt == geheim else treffer.group(0)

    return _TOKEN.sub(ersetzen, inhalt)


def _speicherbar(antwort, request):
    return (antwort.status_code == 200 and isinstance(antwort, HttpResponse) and not antwort.streaming
            and not antwort.cookies and not getattr(getattr(request, "_messages", None), "_queued_messages", None))


def seite_zwischenspeichern(view):
    """View decorator: the response of a read-only page, kept per user, request, day and Datenstand."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (not aktiv() or request.method != "GET" or not request.user.is_authenticated
                or _meldungen_offen(request)):
            return view(request, *args, **kwargs)
        stand = datenstand()
        if stand is None:
            return view(request, *args, **kwargs)
        schluessel = _schluessel(view, request, stand)
        eintrag = cache.get(schluessel)
        if eintrag is not None:
            inhalt, kopf, mit_csrf = eintrag
            if mit_csrf:
                inhalt = inhalt.replace(_CSRF_ERSATZ, get_token(request).encode())
            antwort = HttpResponse(inhalt)
            for name, wert in kopf:
                antwort[name] = wert
            return antwort
        antwort = view(request, *args, **kwargs)
        if _speicherbar(antwort, request):
            # Only a text answer (HTML, htmx fragments, CSV) can carry a CSRF token; a PDF is kept as it is.
            text = antwort.get("Content-Type", "").startswith("text/")
            inhalt = _csrf_heraus(antwort.content, request) if text else antwort.content
            cache.set(schluessel, (inhalt, list(antwort.items()), _CSRF_ERSATZ in inhalt), ZEITRAUM)
        return antwort

    wrapper.seite_zwischengespeichert = True
    return wrapper


# --- the counter and its triggers ----------------------------------------------------------------------------------

_PG_FUNKTION = f"""
CREATE OR REPLACE FUNCTION {TABELLE}_erhoehen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- once per transaction: the first deferred trigger of a commit raises the number, the others see the flag
    IF current_setting('kim.datenstand_xact', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('kim.datenstand_xact', txid_current()::text, true);
        UPDATE {TABELLE} SET stand = stand + 1 WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;
"""


def trigger_einrichten(using="default", **_):
    """Create the counter and a trigger on every table that has none yet (idempotent; after every migrate)."""
    from django.db import connections

    verbindung = connections[using]
    if verbindung.vendor not in ("postgresql", "sqlite"):
        return
    with verbindung.cursor() as cursor:
        tabellen = [t for t in verbindung.introspection.table_names(cursor) if not t.startswith(AUSGENOMMEN)]
        if verbindung.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABELLE} (id smallint PRIMARY KEY, stand bigint NOT NULL)")
            cursor.execute(f"INSERT INTO {TABELLE} (id, stand) VALUES (1, 0) ON CONFLICT DO NOTHING")
            cursor.execute(_PG_FUNKTION)
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s", [f"{TABELLE}_zeile"])
            schon = {z[0] for z in cursor.fetchall()}
            for tabelle in tabellen:
                if tabelle in schon:
                    continue
                q = verbindung.ops.quote_name(tabelle)
                cursor.execute(f"CREATE CONSTRAINT TRIGGER {TABELLE}_zeile AFTER INSERT OR UPDATE OR DELETE ON {q} "
                               f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TABELLE}_erhoehen()")
                cursor.execute(f"CREATE TRIGGER {TABELLE}_leeren AFTER TRUNCATE ON {q} "
                               f"FOR EACH STATEMENT EXECUTE FUNCTION {TABELLE}_erhoehen()")
        else:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABELLE} (id integer PRIMARY KEY, stand integer NOT NULL)")
            cursor.execute(f"INSERT OR IGNORE INTO {TABELLE} (id, stand) VALUES (1, 0)")
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [f"{TABELLE}_%"])
            schon = {z[0] for z in cursor.fetchall()}
            for tabelle in tabellen:
                if tabelle in schon:
                    continue
                q = verbindung.ops.quote_name(tabelle)
                for art in ("INSERT", "UPDATE", "DELETE"):
                    name = verbindung.ops.quote_name(f"{TABELLE}_{tabelle}_{art.lower()}")
                    cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {art} ON {q} "
                                   f"BEGIN UPDATE {TABELLE} SET stand = stand + 1 WHERE id = 1; END")
    _vorhanden.clear()
