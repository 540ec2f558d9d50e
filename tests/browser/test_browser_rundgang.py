"""Browser: a walk through the demo data of `make run` as each role, following every link the app shows.

Every page reached answers 200 – no server error, no 4xx, no console error or failed request (tests/browser/
conftest.py `konsole`) – and axe finds no serious or critical WCAG 2.1 violation –
so a page added later is checked as soon as a link leads to it (BITV 2.0). A Kommune's walk never reaches a
page of another Kommune.
"""
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Links that leave the HTML pages: downloads, exports, the Django admin (not our templates), logout.
AUSGENOMMEN = ("/dokumente/", "/admin/", "/abmelden/", "/vorschau/", "/export", "/zip/")
DATEIEN = (".csv", ".xlsx", ".zip", ".pdf")
HOECHSTENS = 45  # pages per role: the walk stays well under a minute each


@pytest.fixture
def demo_daten(demo_benutzer, time_machine, settings):
    # The demo is dated in the late autumn before Förderjahr 2027, as on a first `make run` in November.
    time_machine.move_to("2026-11-25 08:00 +01:00", tick=True)
    settings.CSRF_COOKIE_AGE = None  # the browser's clock is not moved
    call_command("demo_antraege", stdout=open("/dev/null", "w"))
    call_command("demo_bescheide", stdout=open("/dev/null", "w"))
    call_command("demo_auszahlung", stdout=open("/dev/null", "w"))
    return demo_benutzer


def _rundgang(page, live_server, axe_pruefen, start):
    offen, besucht, kommunen_ags = [start], [], set()
    while offen and len(besucht) < HOECHSTENS:
        pfad = offen.pop(0)
        if pfad in besucht:
            continue
        antwort = page.goto(live_server.url + pfad)
        besucht.append(pfad)
        # No 4xx either: every link the app shows leads to a page the user may see (issue 14 item 11).
        assert antwort.status == 200, f"{pfad}: HTTP {antwort.status}"
        axe_pruefen(page)
        for href in page.eval_on_selector_all("main a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))"):
            teile = urlsplit(href)
            if teile.scheme or teile.netloc or not teile.path.startswith("/") or teile.query:
                continue
            if any(teile.path.startswith(a) or a in teile.path for a in AUSGENOMMEN) or teile.path.endswith(DATEIEN):
                continue
            if teile.path not in besucht and teile.path not in offen:
                offen.append(teile.path)
        if pfad.startswith("/stammdaten/kommunen/"):
            kommunen_ags.add(pfad.rstrip("/").rsplit("/", 1)[-1])
    return besucht, kommunen_ags


@pytest.mark.parametrize("username, start, mindestens", [
    ("kommune", "/start/kommune/", 5),
    ("sachbearbeitung", "/start/sachbearbeitung/", 20),
    ("zeichnung", "/start/zeichnung/", 10),
    ("finanzen", "/start/finanzen/", 3),
])
def test_rundgang_durch_die_demo_ohne_fehler_und_barrierefrei(page, live_server, anmelden, axe_pruefen, demo_daten,
                                                             username, start, mindestens):
    anmelden(username)
    besucht, kommunen_ags = _rundgang(page, live_server, axe_pruefen, start)
    assert len(besucht) >= mindestens, besucht
    if username == "kommune":
        # Kreis Unna's walk stays in Kreis Unna: no link leads to another Kommune's master data.
        assert kommunen_ags <= {"05978000"}, kommunen_ags
