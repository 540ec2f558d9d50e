"""Pages of the Bezirksregierung answer in a fixed number of queries, whatever the number of Kommunen, Anträge
and Bescheide: the Verteilungsvorschlag (Nr. 1.3, 5.4.1; CM-Kontingente of Nr. 2.2 fetched once, not per
Antrag) and the start pages of Sachbearbeitung and Zeichnung. Each is measured at two data sizes."""
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antraege.models import Antrag, AntragStatus, Stelle
from bescheide.models import Aenderungsantrag, Bescheid, BescheidStatus, BescheidStelle
from kim_foerderung.stammdaten.models import CMKontingent, Haushaltsmittel, Kommune

pytestmark = pytest.mark.django_db

D = Decimal
STELLEN = [  # art, vzae, besetzt, Personal-, Sachausgaben (all within the caps of Nr. 5.4.1, 5.4.2)
    ("koordination", D("1.0"), True, D("57000.00"), D("5700.00")),
    ("koordination", D("1.0"), False, D("57000.00"), D("5700.00")),
    ("case_management", D("1.0"), True, D("57000.00"), D("0.00")),
]


def _offene_antraege(kommunen, jahr=2026):
    """Per Kommune an eingereichtes Antrag with three Stellen; every second one with a draft; a CM-Kontingent
    (Nr. 2.2) for every third Kommune."""
    for i, kommune in enumerate(kommunen):
        antrag = Antrag.objects.create(kommune=kommune, foerderjahr=jahr, status=AntragStatus.EINGEREICHT,
                                       beantragt=D("182400.00"))
        for zeile, (art, vzae, besetzt, personal, sach) in enumerate(STELLEN, start=1):
            Stelle.objects.create(antrag=antrag, zeile=zeile, position=1 if zeile != 2 else 2, art=art, vzae=vzae,
                                  besetzt=besetzt, personalausgaben=personal, sachausgaben=sach)
        if i % 2:
            bescheid = Bescheid.objects.create(antrag=antrag, status=BescheidStatus.ENTWURF,
                                               hoechstbetrag=D("182400.00"))
            for s in antrag.stellen.all():
                BescheidStelle.objects.create(
                    bescheid=bescheid, kennung=s.kennung, zeile=s.zeile, art=s.art, besetzt=s.besetzt, vzae=s.vzae,
                    von_monat=1, bis_monat=12, personalausgaben=s.personalausgaben, sachausgaben=s.sachausgaben,
                    beantragt_personal=s.personalausgaben, beantragt_sach=s.sachausgaben)
        if i % 3 == 0:
            CMKontingent.objects.create(kommune=kommune, foerderjahr=jahr, vzae=D("0.5"))


def _abfragen(client, url):
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as abfragen:
        html = client.get(url).content.decode()
    return len(abfragen), html


def test_verteilungsvorschlag_abfragen_wachsen_nicht(client_als, sachbearbeitung_user):
    Haushaltsmittel.objects.create(foerderjahr=2026, betrag=D("500000.00"))
    kommunen = list(Kommune.objects.order_by("ags"))
    client = client_als(sachbearbeitung_user)
    url = reverse("verteilung", args=[2026])
    _offene_antraege(kommunen[:3])
    wenige, html_wenige = _abfragen(client, url)
    _offene_antraege(kommunen[3:15])
    viele, html_viele = _abfragen(client, url)
    assert "3 offene Anträge 2026" in html_wenige and "15 offene Anträge 2026" in html_viele
    # Nr. 2.2: the CM-Kontingent (0,5 VZÄ) of every third Kommune is applied (fetched once for the year).
    from bescheide import haushalt

    befunde = {a.kommune.ags: " ".join(b.text for b in a.ergebnis.befunde)
               for a in haushalt.verteilungsvorschlag(2026).antraege}
    for i, kommune in enumerate(kommunen[:15]):
        assert ("Kontingent von 0,5 VZÄ" in befunde[kommune.ags]) == (i % 3 == 0), kommune
    assert viele == wenige, f"{wenige} Abfragen für 3, {viele} für 15 Anträge"


def _bescheide(kommunen, jahr, sachbearbeitung_user):
    """Per Kommune a Bescheid in one of the states the start pages list, and an open Änderungsantrag on every
    sent one."""
    zustaende = [BescheidStatus.ENTWURF, BescheidStatus.ZUR_ZEICHNUNG, BescheidStatus.FREIGEGEBEN,
                 BescheidStatus.VERSANDT]
    for i, kommune in enumerate(kommunen):
        status = zustaende[i % len(zustaende)]
        antrag = Antrag.objects.create(kommune=kommune, foerderjahr=jahr, status=AntragStatus.IN_PRUEFUNG,
                                       beantragt=D("100000.00"),
                                       eingereicht_am=timezone.make_aware(datetime(2025, 10, 20, 10)))
        bescheid = Bescheid.objects.create(
            antrag=antrag, status=status, hoechstbetrag=D("100000.00"), vorbereitet_von=sachbearbeitung_user,
            vorgelegt_am=timezone.make_aware(datetime(2026, 1, 5, 10)) + timedelta(hours=i),
            nummer=f"KIM-{jahr}-{kommune.ags}-01" if status in (BescheidStatus.FREIGEGEBEN,
                                                                  BescheidStatus.VERSANDT) else None,
            rueckgabe_notiz="Bitte Begründung ergänzen." if i % 8 == 0 else "")
        bescheid.bearbeiter.add(sachbearbeitung_user)
        if status == BescheidStatus.VERSANDT:
            Aenderungsantrag.objects.create(bescheid=bescheid, ab_monat=4, beschreibung="K2 beginnt erst im April",
                                            gestellt_von=sachbearbeitung_user,
                                            gestellt_am=timezone.make_aware(datetime(2026, 2, 1, 10)))


@pytest.mark.parametrize("startseite, rolle", [("start_sachbearbeitung", "sachbearbeitung"),
                                               ("start_zeichnung", "zeichnung")])
def test_startseiten_abfragen_wachsen_nicht(client_als, sachbearbeitung_user, sachbearbeitung2_user,
                                            zeichnung_user, startseite, rolle):
    nutzer = {"sachbearbeitung": sachbearbeitung2_user, "zeichnung": zeichnung_user}[rolle]
    kommunen = list(Kommune.objects.order_by("ags"))
    client = client_als(nutzer)
    url = reverse(startseite)
    _bescheide(kommunen[:4], 2026, sachbearbeitung_user)
    wenige, html_wenige = _abfragen(client, url)
    _bescheide(kommunen[4:40], 2026, sachbearbeitung_user)
    viele, html_viele = _abfragen(client, url)
    if rolle == "zeichnung":
        assert html_viele.count("vorgelegt von") == 10 > html_wenige.count("vorgelegt von") == 1
    else:
        gezeichnet = BescheidStatus.FREIGEGEBEN.label  # "gezeichnet – noch zu versenden", the one wording
        assert html_viele.count(gezeichnet) > html_wenige.count(gezeichnet)
        assert "Änderungsantrag" in html_viele
    assert viele == wenige, f"{wenige} Abfragen für 4, {viele} für 40 Bescheide"
