"""Issue 14 Nr. 5 – next steps everywhere and one wording per state: after Zeichnen the Bescheid page says what
comes next (Versand vermerken, by the Sachbearbeitung); the label of a state comes from its TextChoices beside
the named status sets – the page's badge, the lists, the start pages and the Protokoll say the same."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from antraege.models import AntragStatus
from bescheide import services
from bescheide.models import NAECHSTER_SCHRITT, BescheidStatus

pytestmark = pytest.mark.django_db

GEZEICHNET = BescheidStatus.FREIGEGEBEN.label


def test_label_des_gezeichneten_bescheids():
    assert GEZEICHNET == "gezeichnet – noch zu versenden"
    # every state a Bescheid goes through on its way has its next step, said once beside the model
    assert set(NAECHSTER_SCHRITT) == set(BescheidStatus) - {BescheidStatus.VERWORFEN}


def test_nach_dem_zeichnen_sagt_die_seite_was_folgt(entwurf, sachbearbeitung_user, zeichnung_user, client_als):
    services.vorlegen(entwurf, sachbearbeitung_user)
    client = client_als(zeichnung_user)
    seite = client.get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Als Nächstes:</strong> zeichnen und freigeben oder zur Überarbeitung zurückgeben" in seite
    antwort = client.post(reverse("bescheid_freigeben", args=[entwurf.pk]), {"bestaetigt": "ja"}, follow=True)
    seite = antwort.content.decode()
    assert "Als Nächstes vermerkt die Sachbearbeitung den Versand." in seite
    assert ("Als Nächstes:</strong> Versand vermerken; ab ihm laufen Bekanntgabe und Klagefrist "
            '<span class="text-body-secondary">(zuständig: Sachbearbeitung)</span>') in seite
    assert f'kim-status-freigegeben">{GEZEICHNET}</span>' in seite
    # the Protokoll says the same name, not the code
    assert f"zur Zeichnung → {GEZEICHNET}" in seite and "→ freigegeben" not in seite


def test_ein_wort_fuer_den_zustand_auf_jeder_seite(freigegebener_bescheid, sachbearbeitung_user, client_als):
    client = client_als(sachbearbeitung_user)
    seiten = {
        "Bescheid": reverse("bescheid_detail", args=[freigegebener_bescheid.pk]),
        "Bescheide": reverse("bescheide_liste"),
        "Start": reverse("start_sachbearbeitung"),
        "Akte": reverse("akte", args=[freigegebener_bescheid.antrag.kommune.ags, freigegebener_bescheid.foerderjahr]),
        "Suche": reverse("suche") + "?q=" + freigegebener_bescheid.nummer,
    }
    for name, url in seiten.items():
        seite = client.get(url).content.decode()
        assert GEZEICHNET in seite, name
        assert "bitte versenden" not in seite and ">freigegeben<" not in seite and "→ freigegeben" not in seite, name
    start = client.get(seiten["Start"]).content.decode()
    assert "Nächster Schritt: Versand vermerken; ab ihm laufen Bekanntgabe und Klagefrist (Sachbearbeitung)" in start


def test_startseiten_nennen_je_offenem_vorgang_den_naechsten_schritt(entwurf, sachbearbeitung_user, zeichnung_user,
                                                                    kommune_user, client_als):
    seite = client_als(sachbearbeitung_user).get(reverse("start_sachbearbeitung")).content.decode()
    assert "Nächster Schritt: Entwurf prüfen und zur Zeichnung vorlegen (Sachbearbeitung)" in seite
    services.vorlegen(entwurf, sachbearbeitung_user)
    seite = client_als(zeichnung_user).get(reverse("start_zeichnung")).content.decode()
    assert ("Nächster Schritt: zeichnen und freigeben oder zur Überarbeitung zurückgeben (Zeichnung – eine andere "
            "Person als die vorbereitende)") in seite
    services.versenden(services.freigeben(entwurf, zeichnung_user), sachbearbeitung_user)
    seite = client_als(kommune_user).get(reverse("start_kommune")).content.decode()
    assert "versandt, bekanntgegeben am" in seite
    assert "Nächster Schritt: Empfang bestätigen oder Rechtsbehelfsverzicht erklären" in seite


VORLAGEN = Path(settings.BASE_DIR) / "templates"


def test_statusnamen_kommen_aus_einer_stelle():
    """Static half of the test: every status badge of a template shows ``get_status_display`` (the label of the
    TextChoices), every Protokoll status is named through its entry's model (``statustext:e``), and no code
    outside the models writes a state's name by hand."""
    for pfad in VORLAGEN.rglob("*.html"):
        text = pfad.read_text(encoding="utf-8")
        for badge in re.findall(r'<span class="badge kim-status[^"]*">(.*?)</span>', text):
            assert "get_status_display" in badge, f"{pfad}: {badge}"
        assert not re.search(r"_status\|statustext\s*}}", text), f"{pfad}: statustext ohne Eintrag"
    handgeschrieben = [GEZEICHNET, "gezeichnet – bitte versenden", "bitte versenden"]
    for app in ("antraege", "bescheide", "auszahlung", "verwendungsnachweis", "uebersicht", "kim_foerderung"):
        for pfad in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in pfad.parts or pfad.name == "models.py":
                continue
            text = pfad.read_text(encoding="utf-8")
            for wort in handgeschrieben:
                assert wort not in text, f"{pfad}: „{wort}“ – den Namen des Zustands aus BescheidStatus nehmen"
    for pfad in VORLAGEN.rglob("*.html"):
        text = pfad.read_text(encoding="utf-8")
        for wort in handgeschrieben:
            assert wort not in text, f"{pfad}: „{wort}“"
    assert AntragStatus.IN_PRUEFUNG.label == "in Prüfung"
