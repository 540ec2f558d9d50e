"""kim_foerderung.erweiterungen: the one hook registry (issue 8 Nr. 2) and kim_foerderung.fehler."""
import pytest

from kim_foerderung import erweiterungen
from kim_foerderung.fehler import FachlicherFehler


@pytest.fixture
def aufraeumen():
    eingetragen = []
    yield eingetragen
    for slot, funktion in eingetragen:
        erweiterungen.entfernen(slot, funktion)


def test_registrieren_ist_idempotent_und_ordnet(aufraeumen):
    def spaet(request):
        return {"titel": "spät", "template": "x.html"}

    def frueh(request):
        return {"titel": "früh", "template": "x.html"}

    def nichts(request):
        return None

    for f, r in ((spaet, 90), (frueh, 1), (nichts, 2), (spaet, 90)):
        erweiterungen.registrieren(erweiterungen.STARTSEITE, f, rolle="pruefrolle", reihenfolge=r)
        aufraeumen.append((erweiterungen.STARTSEITE, f))
    titel = [p["titel"] for p in erweiterungen.beitraege(erweiterungen.STARTSEITE, None, rolle="pruefrolle")]
    assert titel == ["früh", "spät"]  # None dropped, the double registration is one entry
    assert erweiterungen.beitraege(erweiterungen.STARTSEITE, None, rolle="andere_rolle") == []


def test_unbekannter_slot_wird_abgelehnt():
    with pytest.raises(ValueError, match="Unbekannter Erweiterungs-Slot"):
        erweiterungen.registrieren("gibt_es_nicht", print)


def test_programmzahlen_mit_schluesselwort(aufraeumen, unna):
    """The real contributions (auszahlung: "ausgezahlt") read the database and take a real Kommune."""
    def ausgezahlt(foerderjahr, *, kommune=None):
        return {"ausgezahlt": {1: foerderjahr}} if kommune is None else None

    erweiterungen.registrieren(erweiterungen.PROGRAMMZAHLEN, ausgezahlt)
    aufraeumen.append((erweiterungen.PROGRAMMZAHLEN, ausgezahlt))
    assert {"ausgezahlt": {1: 2026}} in erweiterungen.beitraege(erweiterungen.PROGRAMMZAHLEN, 2026)
    assert {"ausgezahlt": {1: 2026}} not in erweiterungen.beitraege(erweiterungen.PROGRAMMZAHLEN, 2026,
                                                                     kommune=unna)


def test_stufen_haengen_sich_ein():
    from antraege import startseite as antrag_start
    from bescheide import startseite as bescheid_start

    assert bescheid_start.entscheidung_zum_antrag in erweiterungen.registriert(erweiterungen.ANTRAG_SEITE)
    assert antrag_start.zur_pruefung in erweiterungen.registriert(erweiterungen.STARTSEITE)


def test_fachlicher_fehler_traegt_meldung_feld_details():
    from bescheide.services import BescheidFehler

    fehler = BescheidFehler("Bitte begründen Sie die Kürzung.", ["K1: Grund fehlt."], feld="kuerzung_grund")
    assert isinstance(fehler, FachlicherFehler)
    assert (fehler.meldung, fehler.feld, fehler.details) == ("Bitte begründen Sie die Kürzung.", "kuerzung_grund",
                                                             ["K1: Grund fehlt."])
    assert str(fehler) == "Bitte begründen Sie die Kürzung."
