"""The page cache of issue 13 (kim_foerderung/seitencache.py): a read-only page is answered from the cache only for
the same user, request, day and Datenstand – and the Datenstand moves with every committed write to any table,
through the database's own triggers (so QuerySet.update() and raw SQL too). Runs on SQLite and on PostgreSQL
(there with deferred constraint triggers, raised at commit): the writes here are committed (transactional)."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import messages
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kim_foerderung import seitencache
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _seitencache_an(settings):
    settings.KIM_SEITENCACHE = True
    call_command("kommunen_laden", stdout=open("/dev/null", "w"))  # idempotent; transactional tests may run late


def _anfrage(client, pfad="/stammdaten/kommunen/"):
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(pfad)
    assert antwort.status_code == 200
    return antwort.content.decode(), len(abfragen)


@pytest.fixture
def sb(db):
    client = Client()
    client.force_login(factories.SachbearbeitungFactory(username="sb_cache"))
    return client


def test_zweiter_aufruf_kommt_aus_dem_cache_und_braucht_weniger_abfragen(sb):
    erst, erst_abfragen = _anfrage(sb)
    zweit, zweit_abfragen = _anfrage(sb)
    assert zweit_abfragen < erst_abfragen
    # Same page apart from the CSRF token of the logout form (a fresh one per answer).
    entfernen = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert entfernen.sub("", zweit) == entfernen.sub("", erst)


def test_jede_geschriebene_aenderung_auch_update_und_rohes_sql_ist_sofort_sichtbar(sb):
    from kim_foerderung.stammdaten.models import Kommune

    _anfrage(sb)
    _anfrage(sb)
    Kommune.objects.filter(ags="05978000").update(name="Kreis Unna (umbenannt)")  # no signal
    assert "Kreis Unna (umbenannt)" in _anfrage(sb)[0]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE stammdaten_kommune SET name = %s WHERE ags = %s", ["Kreis Unna (roh)", "05978000"])
    assert "Kreis Unna (roh)" in _anfrage(sb)[0]


def test_datenstand_steigt_je_transaktion_und_nicht_beim_lesen_oder_der_sitzung(sb):
    from django.db import transaction

    from kim_foerderung.stammdaten.models import Kommune

    stand = seitencache.datenstand()
    assert stand is not None
    _anfrage(sb)  # saves the session: no change
    assert seitencache.datenstand() == stand
    with transaction.atomic():
        for kommune in Kommune.objects.all()[:5]:
            kommune.save()
    neu = seitencache.datenstand()
    assert neu > stand
    if connection.vendor == "postgresql":
        assert neu == stand + 1  # once per transaction, at its commit


def test_csrf_token_der_gecachten_seite_gilt_fuer_die_eigene_sitzung():
    benutzer = factories.SachbearbeitungFactory(username="sb_csrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(benutzer)
    _anfrage(client)
    seite, _ = _anfrage(client)  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seite).group(1)
    assert "__kim_csrf_token__" not in seite
    antwort = client.post("/abmelden/", {"csrfmiddlewaretoken": token})
    assert antwort.status_code == 302  # not 403: the token belongs to this session's secret


def test_andere_benutzer_bekommen_nie_die_seite_eines_anderen(unna, bielefeld):
    eins, zwei = Client(), Client()
    eins.force_login(factories.BenutzerFactory(username="k_unna", kommune=unna))
    zwei.force_login(factories.BenutzerFactory(username="k_bielefeld", kommune=bielefeld))
    _anfrage(eins, "/start/kommune/")
    seite_zwei, _ = _anfrage(zwei, "/start/kommune/")
    assert bielefeld.name in seite_zwei and f"({unna.name})" not in seite_zwei


def test_ein_neuer_tag_rendert_neu(sb, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 23, 50, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)
    sb.force_login(factories.SachbearbeitungFactory(username="sb_mitternacht"))
    _anfrage(sb)
    _, gleich = _anfrage(sb)
    time_machine.move_to(datetime(2026, 3, 3, 0, 10, tzinfo=ZoneInfo("Europe/Berlin")), tick=False)  # session alive
    _, neuer_tag = _anfrage(sb)
    assert neuer_tag > gleich


def test_wartende_meldung_wird_gezeigt_nicht_die_gecachte_seite(sb, rf):
    _anfrage(sb)
    _anfrage(sb)
    # A message left by a previous POST before its redirect (the cookie of Django's message storage).
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    sb.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(messages.SUCCESS,
                                                                         "Gespeichert – bitte sichtbar.")])
    assert "Gespeichert – bitte sichtbar." in _anfrage(sb)[0]
    assert "Gespeichert – bitte sichtbar." not in _anfrage(sb)[0]  # shown once, as without a cache


def test_abgemeldet_nie_aus_dem_cache(sb):
    _anfrage(sb)
    sb.logout()
    assert sb.get("/stammdaten/kommunen/").status_code == 302


def test_jede_tabelle_ausser_sitzung_beat_und_sperren_hat_ihren_trigger():
    with connection.cursor() as cursor:
        tabellen = set(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            cursor.execute("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = 'kim_datenstand_zeile'")
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'kim_datenstand_%'")
        mit_trigger = {z[0] for z in cursor.fetchall()}
    erwartet = {t for t in tabellen if not t.startswith(seitencache.AUSGENOMMEN)}
    assert {"antraege_antrag", "bescheide_bescheid", "stammdaten_kommune", "zugang_benutzer"} <= erwartet
    assert erwartet - mit_trigger == set()
    assert "django_session" not in mit_trigger


def test_zwischengespeicherte_seiten_sind_nur_lesende_get_seiten():
    """Every decorated view is a page of the load benchmark or its neighbour; a POST never hits the cache."""
    from django.urls import get_resolver

    gefunden = []
    for muster in get_resolver().url_patterns:
        gefunden += _views(muster)
    namen = {name for name, view in gefunden if getattr(view, "seite_zwischengespeichert", False)}
    assert {"antraege_liste", "akte", "programmuebersicht", "start_kommune", "verteilung", "bescheid_vorschau"} <= namen
    assert not namen & {"antrag_abschnitt", "dokument_herunterladen", "logout", "login"}


def test_ein_pdf_bleibt_wie_es_ist_eine_html_seite_bekommt_ein_frisches_csrf_token(rf):
    """The draft preview (a PDF) is cached like a page; only text answers are searched for the CSRF token."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    benutzer = factories.SachbearbeitungFactory(username="sb_pdf_cache")
    for art, gleich in (("application/pdf", True), ("text/html; charset=utf-8", False)):
        @seitencache.seite_zwischenspeichern
        def seite(request, art=art):
            return HttpResponse(b"%PDF-1.7 " + get_token(request).encode() + b" %%EOF", content_type=art)

        antworten = []
        for _ in range(2):
            request = rf.get(f"/probe/{art.split(';')[0]}/")
            request.user = benutzer
            request.META["CSRF_COOKIE"] = "k" * 32  # the session's CSRF secret, the same on both requests
            antwort = seite(request)
            assert antwort["Content-Type"] == art
            antworten.append(antwort.content)
        assert (antworten[0] == antworten[1]) is gleich, art
        assert antworten[1].startswith(b"%PDF-1.7 ") and antworten[1].endswith(b" %%EOF")


def _views(muster, praefix=""):
    if hasattr(muster, "url_patterns"):
        ergebnis = []
        for unter in muster.url_patterns:
            ergebnis += _views(unter)
        return ergebnis
    return [(muster.name, muster.callback)]



def test_jede_hauptseite_der_lastprobe_ausser_dateien_ist_zwischengespeichert():
    """A new main page (its line in SEITEN of scripts/lastprobe.py) gets @seite_zwischenspeichern too – or is a
    file download, which is served from disk and never from the page cache."""
    import re as _re
    import sys
    from pathlib import Path

    from django.urls import resolve

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import lastprobe

    ohne = []
    for seite in lastprobe.SEITEN:
        pfad = _re.sub(r"\{[^}]+\}", "1", seite.pfad).split("?")[0]
        treffer = resolve(pfad)
        if treffer.url_name == "dokument_herunterladen":
            continue
        if not getattr(treffer.func, "seite_zwischengespeichert", False):
            ohne.append(seite.titel)
    assert ohne == []
