"""Änderungsbescheid during the Förderjahr (DESIGN.md "Bescheid", "Documents"): the Kommune asks for a change,
Sachbearbeitung prepares an Änderungsbescheid from a month on, Zeichnung releases it (four-eyes). Months before
the change stay as decided; amounts come from kim_foerderung.regeln (Nr. 5.4.1 Personalausgaben 57.000 € per
VZÄ and year, Nr. 5.4.2 Sachausgaben 5.700 € per VZÄ and year, pro rata per month); the earlier Bescheid and
its PDF stay unchanged (§ 43 VwVfG NRW: it stays in force as far as it is not changed)."""
import hashlib
from decimal import Decimal

import pytest

from bescheide import selectors, services
from bescheide.models import Aenderungsantrag, BescheidArt, BescheidStatus
from kim_foerderung.dokumente.services import pruefsumme_gueltig
from kim_foerderung.protokoll.selectors import protokoll_fuer
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories

pytestmark = pytest.mark.django_db

D = Decimal
GRUND = "K3 ab April nur noch mit halber Stelle besetzt (Änderungsantrag vom 10.03.2026)"


def _stellen(bescheid):
    return [(s.kennung, s.art, s.vzae, s.von_monat, s.bis_monat, s.gesperrt, s.bewilligt, s.betrag_personal,
             s.betrag_sach) for s in bescheid.stellen.all()]


def _dateihash(dokument):
    with dokument.datei.storage.open(dokument.datei.name, "rb") as datei:
        return hashlib.sha256(datei.read()).hexdigest()


@pytest.fixture
def versandter_bescheid(freigegebener_bescheid, sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-01-05 09:00 +01:00", tick=True)
    return services.versenden(freigegebener_bescheid, sachbearbeitung_user)


@pytest.fixture
def beide(db):
    """One person holding Sachbearbeitung and Zeichnung: may prepare, but never release what they prepared."""
    return factories.BenutzerFactory(username="beide", ist_sachbearbeitung=True, ist_zeichnung=True)


def test_aenderungsbescheid_ab_april_vier_augen_und_altbescheid_unveraendert(
    versandter_bescheid, kommune_user, beide, zeichnung_user, time_machine,
):
    """Nr. 5.4.1, 5.4.2 pro rata; Nr. 1.3 counts the Bescheid in force; four-eyes release (Nr. 7.2.2)."""
    alt = versandter_bescheid
    antrag = alt.antrag
    assert alt.hoechstbetrag == D("333862.50")
    alt_stellen = _stellen(alt)
    alt_dokument_pk, alt_sha = alt.dokument_id, alt.dokument.sha256
    alt_datei = _dateihash(alt.dokument)
    assert alt_datei == alt_sha

    # The Kommune asks for the change.
    time_machine.move_to("2026-03-10 10:00 +01:00", tick=True)
    aenderung = services.aenderungsantrag_stellen(alt, kommune_user, 4, "K3 ab April nur noch 0,5 VZÄ")
    assert aenderung.erledigt_durch is None
    assert protokoll_fuer(alt).filter(aktion="Änderung beantragt").count() == 1

    # Sachbearbeitung prepares the Änderungsbescheid ab April: Stellen across April are split.
    time_machine.move_to("2026-03-16 09:00 +01:00", tick=True)
    neu = services.aenderungsbescheid_anlegen(alt, beide, 4)
    assert (neu.art, neu.status, neu.gilt_ab_monat, neu.ersetzt_id) == (
        BescheidArt.AENDERUNG, BescheidStatus.ENTWURF, 4, alt.pk)
    teile = [(s.kennung, s.von_monat, s.bis_monat, s.gesperrt) for s in neu.stellen.all()]
    assert teile == [
        ("K1", 1, 3, True), ("K1/04", 4, 12, False),
        ("K2", 1, 3, True), ("K2/04", 4, 12, False),
        ("K3", 1, 3, True), ("K3/04", 4, 12, False),
        ("K4", 1, 3, True), ("K4/04", 4, 12, False),
        ("VA1", 1, 3, True), ("VA1/04", 4, 12, False),
        ("CM1", 1, 3, True), ("CM1/04", 4, 12, False),
        ("CM2", 4, 12, False),  # starts in April: nothing to keep, not split
    ]
    assert neu.hoechstbetrag == D("333862.50")  # the split alone changes no amount

    k3_alt = neu.stellen.get(kennung="K3")
    k3_neu = neu.stellen.get(kennung="K3/04")

    # Only months from April can change.
    with pytest.raises(services.BescheidFehler) as fehler:
        services.entwurf_speichern(neu, beide, stellen={k3_neu.pk: {"von_monat": 3}})
    assert fehler.value.details == ["K3/04: Ein Änderungsbescheid ändert nur Monate ab April."]
    # Every cut needs its reason (it is printed in the Bescheid).
    with pytest.raises(services.BescheidFehler) as fehler:
        services.entwurf_speichern(neu, beide, stellen={k3_neu.pk: {"vzae": D("0.5")}})
    assert "K3/04: Grund der Kürzung fehlt." in fehler.value.details

    # Saved: the locked January–March part ignores the attempted change.
    neu = services.entwurf_speichern(neu, beide, stellen={
        k3_alt.pk: {"vzae": D("0.5"), "kuerzung_grund": "darf nicht greifen"},
        k3_neu.pk: {"vzae": D("0.5"), "kuerzung_grund": GRUND},
    })
    # The Änderungsbescheid needs its Begründung before it goes to Zeichnung.
    with pytest.raises(services.BescheidFehler, match="begründen Sie die Änderung"):
        services.vorlegen(neu, beide)
    neu = services.entwurf_speichern(
        neu, beide, stellen={k3_neu.pk: {"vzae": D("0.5"), "kuerzung_grund": GRUND}},
        begruendung="Auf Antrag der Kommune vom 10.03.2026: K3 ab April mit 0,5 VZÄ.",
    )

    k3_alt.refresh_from_db()
    k3_neu.refresh_from_db()
    # Nr. 5.4.1 / 5.4.2: Jan–Mar at 1.0 VZÄ: 57.000 × 3/12 and 5.700 × 3/12.
    assert (k3_alt.vzae, k3_alt.kuerzung_grund) == (D("1.00"), "")
    assert (k3_alt.betrag_personal, k3_alt.betrag_sach) == (D("14250.00"), D("1425.00"))
    # Apr–Dec at 0.5 VZÄ: 57.000 × 0,5 × 9/12 and 5.700 × 0,5 × 9/12.
    assert (k3_neu.vzae, k3_neu.kuerzung_grund) == (D("0.50"), GRUND)
    assert (k3_neu.betrag_personal, k3_neu.betrag_sach) == (D("21375.00"), D("2137.50"))
    assert k3_neu.gekuerzt and not k3_alt.gekuerzt

    # Every other Stelle: its parts add up to exactly what the earlier Bescheid granted.
    alt_je_kennung = {k: (vzae, p, s) for k, _, vzae, _, _, _, _, p, s in alt_stellen}
    for kennung, (vzae, personal, sach) in alt_je_kennung.items():
        if kennung == "K3":
            continue
        teile = [s for s in neu.stellen.all() if s.kennung.split("/")[0] == kennung]
        assert all(s.vzae == vzae for s in teile), kennung
        assert sum(s.betrag_personal for s in teile) == personal, kennung
        assert sum(s.betrag_sach for s in teile) == sach, kennung
    # K3 was 57.000,00 + 5.700,00 = 62.700,00; now 14.250 + 1.425 + 21.375 + 2.137,50 = 39.187,50.
    assert neu.hoechstbetrag == D("333862.50") - D("62700.00") + D("39187.50") == D("310350.00")
    assert neu.hoechstbetrag == services.ergebnis_fuer(neu).summen.gesamt

    # Four-eyes: whoever prepared it may not sign it, whatever roles they hold.
    neu = services.vorlegen(neu, beide)
    assert neu.status == BescheidStatus.ZUR_ZEICHNUNG and neu.vorbereitet_von == beide
    with pytest.raises(Zugriffsverweigert, match="Vier-Augen-Prinzip"):
        services.freigeben(neu, beide)
    neu.refresh_from_db()
    assert neu.status == BescheidStatus.ZUR_ZEICHNUNG and neu.nummer is None and neu.dokument_id is None

    time_machine.move_to("2026-03-17 11:00 +01:00", tick=True)
    neu = services.freigeben(neu, zeichnung_user)
    assert neu.status == BescheidStatus.FREIGEGEBEN
    assert neu.freigegeben_von == zeichnung_user
    assert neu.nummer == "KIM-2026-05978000-02"
    assert neu.dokument.sha256 and neu.dokument.sha256 != alt_sha
    assert pruefsumme_gueltig(neu.dokument)

    # The earlier Bescheid and its PDF are untouched.
    alt.refresh_from_db()
    assert alt.status == BescheidStatus.VERSANDT
    assert alt.nummer == "KIM-2026-05978000-01"
    assert alt.hoechstbetrag == D("333862.50")
    assert _stellen(alt) == alt_stellen
    assert (alt.dokument_id, alt.dokument.sha256) == (alt_dokument_pk, alt_sha)
    assert _dateihash(alt.dokument) == alt_sha and pruefsumme_gueltig(alt.dokument)

    # The new Bescheid is the one in force; Nr. 1.3 counts only it.
    assert selectors.wirksamer_bescheid(antrag) == neu
    assert selectors.bewilligt_im_jahr(2026) == D("310350.00")
    aenderung.refresh_from_db()
    assert aenderung.erledigt_durch == neu
    assert protokoll_fuer(neu).filter(aktion="Gezeichnet und freigegeben als KIM-2026-05978000-02").count() == 1

    # The earlier Bescheid can no longer be changed, neither by Sachbearbeitung nor on request.
    with pytest.raises(services.BescheidFehler, match="aktuell geltenden"):
        services.aenderungsbescheid_anlegen(alt, beide, 6)
    with pytest.raises(services.BescheidFehler, match="aktuell geltenden"):
        services.aenderungsantrag_stellen(alt, kommune_user, 6, "noch etwas")


def test_aenderungsantrag_nur_eigene_kommune_und_nur_nach_versand(freigegebener_bescheid, sachbearbeitung_user,
                                                                  kommune_user, kommune2_user, time_machine):
    """DESIGN.md roles: only the addressee Kommune asks for a change, and only of a Bescheid it has received
    (§ 41 VwVfG NRW); the request needs a description."""
    with pytest.raises(services.BescheidFehler, match="noch nicht übermittelt"):
        services.aenderungsantrag_stellen(freigegebener_bescheid, kommune_user, 4, "K3 später")
    time_machine.move_to("2026-01-05 09:00 +01:00", tick=True)
    b = services.versenden(freigegebener_bescheid, sachbearbeitung_user)
    with pytest.raises(Zugriffsverweigert):
        services.aenderungsantrag_stellen(b, kommune2_user, 4, "K3 später")
    with pytest.raises(services.BescheidFehler, match="beschreiben Sie"):
        services.aenderungsantrag_stellen(b, kommune_user, 4, "   ")
    assert not Aenderungsantrag.objects.exists()


def test_aenderungsbescheid_monat_und_nur_ein_entwurf(versandter_bescheid, sachbearbeitung_user, kommune_user):
    """Nr. 8: the Bewilligungszeitraum is the calendar year; a change applies from February to December, and
    only one draft per Antrag exists at a time."""
    for monat in (1, 13):
        with pytest.raises(services.BescheidFehler, match="ab Februar bis Dezember"):
            services.aenderungsbescheid_anlegen(versandter_bescheid, sachbearbeitung_user, monat)
    with pytest.raises(Zugriffsverweigert):
        services.aenderungsbescheid_anlegen(versandter_bescheid, kommune_user, 4)
    entwurf = services.aenderungsbescheid_anlegen(versandter_bescheid, sachbearbeitung_user, 10)
    k1 = entwurf.stellen.filter(kennung__startswith="K1")
    assert [(s.kennung, s.von_monat, s.bis_monat, s.gesperrt) for s in k1] == [
        ("K1", 1, 9, True), ("K1/10", 10, 12, False)]
    with pytest.raises(services.BescheidFehler, match="bereits einen Bescheidentwurf"):
        services.aenderungsbescheid_anlegen(versandter_bescheid, sachbearbeitung_user, 4)
    assert selectors.wirksamer_bescheid(versandter_bescheid.antrag) == versandter_bescheid


def test_zweite_aenderung_teilt_die_urspruengliche_stelle_erneut(versandter_bescheid, beide, zeichnung_user,
                                                                time_machine):
    """An Änderung of an Änderungsbescheid names each part after the original Stelle and the month it starts:
    K3 (Jan–Mar), K3/04 (Apr–Aug), K3/09 (Sep–Dec) – not K3/04/09."""
    time_machine.move_to("2026-03-16 09:00 +01:00", tick=True)
    erste = services.aenderungsbescheid_anlegen(versandter_bescheid, beide, 4)
    erste = services.entwurf_speichern(erste, beide, stellen={}, begruendung="Auf Antrag der Kommune.")
    erste = services.vorlegen(erste, beide)
    erste = services.freigeben(erste, zeichnung_user)
    erste = services.versenden(erste, beide)
    time_machine.move_to("2026-08-10 09:00 +02:00", tick=True)
    zweite = services.aenderungsbescheid_anlegen(erste, beide, 9)
    k3 = [(s.kennung, s.von_monat, s.bis_monat, s.gesperrt) for s in zweite.stellen.all()
          if s.kennung.startswith("K3")]
    assert k3 == [("K3", 1, 3, True), ("K3/04", 4, 8, True), ("K3/09", 9, 12, False)]
    assert len({s.kennung for s in zweite.stellen.all()}) == zweite.stellen.count()
    assert zweite.hoechstbetrag == erste.hoechstbetrag


def test_aenderung_teilt_mit_dem_einen_aufteiler_hoechstbetrag_bleibt(kommune_user, sachbearbeitung_user,
                                                                       zeichnung_user, time_machine):
    """Nr. 5.4.1 pro rata by months, DESIGN.md "Money": a Stelle of 50.000,01 € split at July becomes
    25.000,01 € + 25.000,00 € (not 25.000,01 € twice), so the Höchstbetrag stays 50.000,01 €."""
    from antraege.services import StellenZeile

    zeilen = [StellenZeile("", "koordination", D("1.0"), 1, 12, True, personalausgaben=D("50000.01"),
                           sachausgaben=D("0.00"))]
    alt = factories.bestandskraeftigen_bescheid_bauen(kommune_user=kommune_user, sachbearbeitung=sachbearbeitung_user,
                                                      zeichnung=zeichnung_user, time_machine=time_machine,
                                                      zeilen=zeilen)
    assert alt.hoechstbetrag == D("50000.01")
    neu = services.aenderungsbescheid_anlegen(alt, sachbearbeitung_user, 7)
    teile = [(s.kennung, s.von_monat, s.bis_monat, s.personalausgaben, s.beantragt_personal)
             for s in neu.stellen.order_by("zeile")]
    assert teile == [("K1", 1, 6, D("25000.01"), D("25000.01")), ("K1/07", 7, 12, D("25000.00"), D("25000.00"))]
    assert neu.hoechstbetrag == alt.hoechstbetrag == D("50000.01")
