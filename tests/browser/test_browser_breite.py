"""Browser (Chromium): tables that fit (issue 14 item 2). At 1366×768 no element of the Bescheid draft (the
Sachbearbeitung's form) or of the Kommune's view of its sent Bescheid lies outside the viewport horizontally – every
field visible without sideways scrolling, the reason of a cut readable on one line –, and at 390 px (a phone) neither
page is wider than the screen."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GRUND = ("Die Besetzung von CM2 ist erst zum 1. Juli 2026 belegt (Antwort auf die Nachforderung 1 vom "
         "3. November 2025); die Monate April bis Juni sind daher nicht förderfähig (Nr. 5.4.1).")

AUSSERHALB = """() => {
  const breite = document.documentElement.clientWidth;
  const draussen = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest(".visually-hidden, .visually-hidden-focusable")) continue;
    if (r.right > breite + 1 || r.left < -1) draussen.push(el.tagName + (el.id ? "#" + el.id : "") + " "
      + (el.className || "") + " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
  }
  return {breite, seite: document.documentElement.scrollWidth, draussen: draussen.slice(0, 10)};
}"""


@pytest.fixture
def bescheide(demo_benutzer, time_machine, settings):
    """Kreis Unna 2026: a draft with a cut and its long reason, and a sent Bescheid with the same cut."""
    from antraege import services as antrag_services
    from bescheide import services
    from kim_foerderung.stammdaten.models import Haushaltsmittel
    from tests import factories

    settings.CSRF_COOKIE_AGE = None
    kommune, sb = demo_benutzer["kommune"], demo_benutzer["sachbearbeitung"]
    time_machine.move_to("2025-10-15 10:00 +02:00", tick=True)
    Haushaltsmittel.objects.get_or_create(foerderjahr=2026, defaults={"betrag": Decimal("20000000.00")})
    ergebnis = {}
    for jahr in (2026, 2027):
        antrag = antrag_services.antrag_anlegen(kommune, jahr, zeilen=factories.stellen_2026())
        antrag = antrag_services.einreichen(factories.vollstaendig_machen(antrag, kommune), kommune,
                                            versicherung=True)
        factories.pruefung_abschliessen(antrag, sb)
        bescheid = services.entwurf_anlegen(antrag, sb)
        stellen = {}
        for s in bescheid.stellen.all():
            stellen[s.pk] = {"bewilligt": s.bewilligt, "vzae": s.vzae, "von_monat": s.von_monat,
                             "bis_monat": s.bis_monat, "personalausgaben": s.personalausgaben,
                             "sachausgaben": s.sachausgaben, "kuerzung_grund": s.kuerzung_grund}
            if s.kennung == "CM2":
                stellen[s.pk].update(von_monat=7, kuerzung_grund=GRUND)
        services.entwurf_speichern(bescheid, sb, stellen=stellen, begruendung="", veranstaltungen=None,
                                   schnittstellen=None, begleit_grund="")
        ergebnis[jahr] = bescheid
    gesendet = ergebnis[2026]
    services.vorlegen(gesendet, sb)
    services.freigeben(gesendet, demo_benutzer["zeichnung"])
    services.versenden(gesendet, sb)
    return {"entwurf": ergebnis[2027], "versandt": gesendet}


def _pruefen(page, url, breite):
    page.set_viewport_size({"width": breite, "height": 768 if breite > 1000 else 844})
    page.goto(url)
    messung = page.evaluate(AUSSERHALB)
    assert messung["seite"] <= breite, (url, breite, messung)
    if breite >= 1366:  # on a phone a wide table may scroll inside its own frame; the page itself may not
        assert not messung["draussen"], (url, breite, messung)


def test_bescheid_entwurf_und_ansicht_der_kommune_passen(page, live_server, anmelden, axe_pruefen, bescheide):
    anmelden("sachbearbeitung")
    entwurf_url = f"{live_server.url}/bescheide/{bescheide['entwurf'].pk}/"
    _pruefen(page, entwurf_url, 1366)
    expect(page.get_by_label("von CM2")).to_be_visible()
    expect(page.get_by_label("Grund der Kürzung CM2")).to_have_value(GRUND)
    for feld in ("bewilligt", "VZÄ", "Personalausgaben höchstens (€)", "Sachausgaben höchstens (€)"):
        assert page.get_by_label(f"{feld} K1", exact=True).is_visible(), feld
    axe_pruefen(page)
    _pruefen(page, entwurf_url, 390)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("button", name="Abmelden").click()

    anmelden("kommune")
    ansicht_url = f"{live_server.url}/bescheide/{bescheide['versandt'].pk}/"
    _pruefen(page, ansicht_url, 1366)
    grund = page.locator(".kim-kuerzung td")
    expect(grund).to_contain_text(GRUND)
    hoehe = grund.bounding_box()["height"]
    assert hoehe < 80, hoehe  # two lines at most, not one word per line
    axe_pruefen(page)
    _pruefen(page, ansicht_url, 390)
