"""Browser tests: Debian's headless Chromium through Playwright (never `playwright install`), a live server
and axe-core from axe-playwright-python."""
import os

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
