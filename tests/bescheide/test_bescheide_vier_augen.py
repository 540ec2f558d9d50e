"""Four-eyes by person (DESIGN.md "Who uses it": never both steps of one four-eyes pair on the same object;
Zeichnung releases a Bescheid that someone else prepared) and the Zeichnung's return of a draft with a note."""
import pytest
from django.apps import apps
from django.urls import reverse

from bescheide import services
from bescheide.models import Bescheid, BescheidStatus
from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.protokoll.selectors import protokoll_fuer
from kim_foerderung.zugang.zugriff import Zugriffsverweigert
from tests import factories

pytestmark = pytest.mark.django_db

NOTIZ = "Bitte CM2 erst ab Juli bewilligen; die Besetzung zum April ist nicht belegt."


@pytest.fixture
def beide(db):
    """A colleague holding Sachbearbeitung and Zeichnung."""
    return factories.BenutzerFactory(username="beide", first_name="Berta", last_name="Beide",
                                     ist_sachbearbeitung=True, ist_zeichnung=True)


def _kuerzen(entwurf, user):
    cm2 = entwurf.stellen.get(kennung="CM2")
    return services.entwurf_speichern(
        entwurf, user, stellen={cm2.pk: {"von_monat": 7, "kuerzung_grund": "Besetzung erst zum 1. Juli belegt"}},
        veranstaltungen=entwurf.veranstaltungen, schnittstellen=entwurf.schnittstellen)


def test_wer_den_entwurf_bearbeitet_hat_darf_ihn_nicht_zeichnen(entwurf, beide, sachbearbeitung_user,
                                                               zeichnung_user, client_als):
    """`beide` edits the draft, a colleague submits it (vorbereitet_von is now the colleague): `beide` may neither
    sign nor return it – not in the service, not through the page – and does not see it as work; another person
    signs."""
    _kuerzen(entwurf, beide)
    services.vorlegen(entwurf, sachbearbeitung_user)
    entwurf.refresh_from_db()
    assert entwurf.vorbereitet_von == sachbearbeitung_user
    assert set(entwurf.bearbeiter.values_list("username", flat=True)) == {"sachbearbeitung", "beide"}

    with pytest.raises(Zugriffsverweigert, match="Vier-Augen-Prinzip: Sie haben diesen Entwurf bearbeitet"):
        services.freigeben(entwurf, beide)
    with pytest.raises(Zugriffsverweigert, match="Vier-Augen-Prinzip"):
        services.zurueckgeben(entwurf, beide, "Bitte ändern.")

    client = client_als(beide)
    seite = client.get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Zeichnen muss eine andere Person" in seite and "Zeichnen und freigeben" not in seite
    assert "Berta Beide" in seite  # listed under „bearbeitet von“
    assert "Kreis Unna 2026" not in client.get(reverse("start_zeichnung")).content.decode()
    antwort = client.post(reverse("bescheid_freigeben", args=[entwurf.pk]), {"bestaetigt": "ja"}, follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG and entwurf.nummer is None

    assert "Kreis Unna 2026" in client_als(zeichnung_user).get(reverse("start_zeichnung")).content.decode()
    services.freigeben(entwurf, zeichnung_user)
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.FREIGEGEBEN and entwurf.freigegeben_von == zeichnung_user


def test_wer_nur_vorgelegt_hat_darf_ebenfalls_nicht_zeichnen(entwurf, beide, sachbearbeitung_user):
    services.vorlegen(entwurf, beide)
    with pytest.raises(Zugriffsverweigert, match="Vier-Augen-Prinzip"):
        services.freigeben(entwurf, beide)


def test_verteilungsvorschlag_uebernommen_zaehlt_als_bearbeitung(entwurf, beide):
    """Adopting the Verteilungsvorschlag (Nr. 1.3, 5.4.1) saves the draft through entwurf_speichern."""
    from bescheide import haushalt

    mittel = haushalt.haushaltsmittel(2026)
    mittel.betrag = entwurf.hoechstbetrag - 50000
    mittel.save()
    haushalt.vorschlag_uebernehmen(2026, beide)
    assert entwurf.bearbeiter.filter(pk=beide.pk).exists()


def test_abgelehnte_speicherung_macht_nicht_zum_bearbeiter(entwurf, beide):
    k4 = entwurf.stellen.get(kennung="K4")
    with pytest.raises(services.BescheidFehler, match="Bitte begründen Sie jede Kürzung"):
        services.entwurf_speichern(entwurf, beide, stellen={k4.pk: {"bewilligt": False}},
                                   veranstaltungen=entwurf.veranstaltungen, schnittstellen=entwurf.schnittstellen)
    assert not entwurf.bearbeiter.filter(pk=beide.pk).exists()


def test_migration_traegt_bearbeiter_aus_dem_protokoll_nach(entwurf, beide, sachbearbeitung_user, zeichnung_user):
    """Bescheide from before the field: the preparer and the authors of editing audit entries become Bearbeiter;
    a Zeichnung that only returned the draft does not."""
    import importlib

    _kuerzen(entwurf, beide)
    services.vorlegen(entwurf, sachbearbeitung_user)
    services.zurueckgeben(entwurf, zeichnung_user, "Bitte prüfen.")
    entwurf.bearbeiter.clear()
    migration = importlib.import_module("bescheide.migrations.0004_bearbeiter")
    migration.bearbeiter_nachtragen(apps, None)
    assert set(entwurf.bearbeiter.values_list("username", flat=True)) == {"sachbearbeitung", "beide"}


# --- zurückgeben (Zeichnung sends the draft back with a note) ---------------------------------------------


def test_zurueckgeben_mit_notiz_status_protokoll_und_sachbearbeitung_sieht_sie(
        entwurf, sachbearbeitung_user, zeichnung_user, client_als, mailoutbox, django_capture_on_commit_callbacks):
    services.vorlegen(entwurf, sachbearbeitung_user)
    url = reverse("bescheid_zurueckgeben", args=[entwurf.pk])
    client = client_als(zeichnung_user)

    html = client.post(url, {"notiz": "   "}, follow=True).content.decode()
    assert "Bitte schreiben Sie, was am Entwurf zu ändern ist." in html
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG

    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(url, {"notiz": NOTIZ}, follow=True).content.decode()
    assert "Der Entwurf ist an die Sachbearbeitung zurückgegeben." in html
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ENTWURF and entwurf.rueckgabe_notiz == NOTIZ
    eintrag = protokoll_fuer(entwurf).get(aktion="Zur Überarbeitung zurückgegeben")
    assert (eintrag.von_status, eintrag.nach_status, eintrag.notiz, eintrag.benutzer) == (
        "zur_zeichnung", "entwurf", NOTIZ, zeichnung_user)
    # The preparer is told, on the start page and by e-mail.
    assert Benachrichtigung.objects.filter(empfaenger=sachbearbeitung_user,
                                           text="Bescheid zurückgegeben: Kreis Unna").exists()
    assert [(m.to, m.body) for m in mailoutbox] == [(["sachbearbeitung@example.org"], NOTIZ)]

    sb = client_als(sachbearbeitung_user)
    seite = sb.get(reverse("bescheid_detail", args=[entwurf.pk])).content.decode()
    assert "Von der Zeichnung zurückgegeben:" in seite and NOTIZ in seite
    assert "Zur Überarbeitung zurückgegeben" in seite.split('id="protokoll-titel"', 1)[1]  # the audit trail
    assert "Entwurf speichern und neu berechnen" in seite  # editable again
    start = sb.get(reverse("start_sachbearbeitung")).content.decode()
    assert "zurückgegeben: Bitte CM2 erst ab Juli" in start

    # Changed and submitted again: the note is done with, the Zeichnung signs.
    _kuerzen(entwurf, sachbearbeitung_user)
    services.vorlegen(entwurf, sachbearbeitung_user)
    entwurf.refresh_from_db()
    assert entwurf.rueckgabe_notiz == ""
    services.freigeben(entwurf, zeichnung_user)
    assert Bescheid.objects.get(pk=entwurf.pk).status == BescheidStatus.FREIGEGEBEN


def test_zurueckgeben_nicht_durch_wer_vorbereitet_hat(entwurf, beide, client_als):
    """The same person rule holds for the return as for the release."""
    services.vorlegen(entwurf, beide)
    antwort = client_als(beide).post(reverse("bescheid_zurueckgeben", args=[entwurf.pk]), {"notiz": NOTIZ},
                                     follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == BescheidStatus.ZUR_ZEICHNUNG and entwurf.rueckgabe_notiz == ""
    assert not protokoll_fuer(entwurf).filter(aktion="Zur Überarbeitung zurückgegeben").exists()


def test_zurueckgeben_nur_zur_zeichnung_vorgelegter_entwurf(entwurf, zeichnung_user, sachbearbeitung_user):
    with pytest.raises(services.BescheidFehler, match="kann nicht zurückgegeben werden"):
        services.zurueckgeben(entwurf, zeichnung_user, NOTIZ)
    with pytest.raises(Zugriffsverweigert):
        services.zurueckgeben(entwurf, sachbearbeitung_user, NOTIZ)  # Sachbearbeitung lacks the Zeichnung role
