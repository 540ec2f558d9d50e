"""Browser tests: Debian's headless Chromium through Playwright (never `playwright install`), a live server
and axe-core from axe-playwright-python."""
import os
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("KIM_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture
def demo_benutzer(transactional_db):
    from kim_foerderung.stammdaten.services import kommunen_laden
    from kim_foerderung.zugang.services import demo_benutzer_anlegen

    kommunen_laden()
    return {b.username: b for b, _ in demo_benutzer_anlegen()}


@pytest.fixture
def anmelden(page, live_server):
    """anmelden("kommune") logs in through the real German login form (password kim-demo)."""

    def _anmelden(username, passwort="kim-demo"):
        page.goto(f"{live_server.url}/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(passwort)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state("domcontentloaded")
        return page

    return _anmelden


@pytest.fixture
def axe_pruefen():
    """axe_pruefen(page) fails on any serious or critical WCAG violation of the current page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _pruefen(page):
        page.wait_for_load_state("load")
        ergebnis = axe.run(page)
        schwer = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in ergebnis.response["violations"]
            if v.get("impact") in ("serious", "critical")
        ]
        assert not schwer, f"axe auf {page.url}: " + "; ".join(schwer)
        return ergebnis

    return _pruefen


class Konsole:
    """What the browser reports while a test runs: console errors, uncaught exceptions, failed requests and
    answers with status 4xx/5xx. A test that provokes one on purpose (another Kommune's URL → 404) wraps that
    step in ``with konsole.erwartet():``."""

    def __init__(self):
        self.fehler = []
        self.dialoge = []
        self._erwartet = 0
        self._erlaubte_urls = set()

    @contextmanager
    def erwartet(self):
        self._erwartet += 1
        try:
            yield self
        finally:
            self._erwartet -= 1

    def konsole(self, nachricht):
        if nachricht.type != "error":
            return
        url = (nachricht.location or {}).get("url", "")
        if self._erwartet or (url in self._erlaubte_urls and "Failed to load resource" in nachricht.text):
            return
        self.fehler.append(f"Konsole: {nachricht.text} ({url})")

    def dialog(self, dialog):
        """A browser dialog: "leave the page?" (beforeunload) is answered with yes, any other is dismissed; each
        is recorded, so a test can assert that the page asked."""
        self.dialoge.append(dialog.type)
        if dialog.type == "beforeunload":
            dialog.accept()
        else:
            dialog.dismiss()

    def seitenfehler(self, fehler):
        self.fehler.append(f"JavaScript-Fehler: {fehler}")

    def antwort(self, antwort):
        if antwort.status < 400:
            return
        if self._erwartet:
            self._erlaubte_urls.add(antwort.url)
            return
        self.fehler.append(f"HTTP {antwort.status}: {antwort.request.method} {antwort.url}")

    def anfrage_fehlgeschlagen(self, anfrage):
        # A download (Content-Disposition: attachment) ends its navigation with ERR_ABORTED, and leaving a page
        # cancels what it was still loading (its icon): no error. An aborted XHR (htmx:sendAbort) is one.
        abgebrochen = "ERR_ABORTED" in (anfrage.failure or "")
        if self._erwartet or (abgebrochen and anfrage.resource_type not in ("xhr", "fetch")):
            return
        self.fehler.append(f"Anfrage fehlgeschlagen: {anfrage.method} {anfrage.url} ({anfrage.failure})")


@pytest.fixture(autouse=True)
def konsole(request):
    """Every browser test fails on any console error, JavaScript exception, failed request or 4xx/5xx answer of
    the page (issue 14 item 11) – unless the step expects it (``konsole.erwartet()``)."""
    beobachter = Konsole()
    if "page" not in request.fixturenames:
        yield beobachter
        return
    page = request.getfixturevalue("page")
    page.on("console", beobachter.konsole)
    page.on("pageerror", beobachter.seitenfehler)
    page.on("dialog", beobachter.dialog)
    page.on("response", beobachter.antwort)
    page.on("requestfailed", beobachter.anfrage_fehlgeschlagen)
    yield beobachter
    assert not beobachter.fehler, "Der Browser meldet Fehler:\n" + "\n".join(beobachter.fehler)
