"""The pages as their users use them: the Kommune requests the money and sees each Tranche; Finanzen prepares,
states, releases (a different person), downloads the files, imports the bank file; overview with chart and CSV."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from auszahlung.camt import camt054_beispiel
from auszahlung.models import LaufStatus, Mittelanforderung, Tranche, Zahlungslauf
from tests.auszahlung.conftest import zahlbare_antraege
from tests.auszahlung.test_auszahlung_ablauf import uhr

pytestmark = pytest.mark.django_db


def test_kommune_fordert_mittel_im_browserformular_an(client_als, kommune_user, bescheid, time_machine):
    client = client_als(kommune_user)
    url = reverse("auszahlung_antrag", args=[bescheid.antrag.pk])
    seite = client.get(url).content.decode()
    assert "Mittel anfordern" in seite and "DE89370400440532013000" in seite
    # Without the declaration: 400 with a German sentence, nothing stored.
    antwort = client.post(reverse("mittelanforderung_stellen", args=[bescheid.antrag.pk]), {})
    assert antwort.status_code == 400 and "Bitte bestätigen Sie die Erklärung" in antwort.content.decode()
    assert not Mittelanforderung.objects.exists()
    antwort = client.post(reverse("mittelanforderung_stellen", args=[bescheid.antrag.pk]), {"erklaerung": "on"},
                          follow=True)
    assert "Ihre Mittelanforderung ist eingegangen" in antwort.content.decode()
    assert Mittelanforderung.objects.get().dokument is not None
    assert "geplant" in antwort.content.decode()
    # Shown on the Antrag page, the Bescheid page and the start page (slots of kim_foerderung.erweiterungen).
    for seite in (reverse("antrag_detail", args=[bescheid.antrag.pk]), reverse("bescheid_detail", args=[bescheid.pk]),
                  reverse("start_kommune")):
        assert "166.931,25 €" in client.get(seite).content.decode(), seite


def test_finanzen_bereitet_vor_stellt_fest_zweite_person_ordnet_an(client_als, finanzen_user, finanzen2_user,
                                                                   angefordert, time_machine):
    uhr(time_machine, date(2026, 4, 24))
    f1 = client_als(finanzen_user)
    start = f1.get(reverse("start_finanzen")).content.decode()
    assert "Zahlungslauf jetzt vorbereiten" in start and "Fällige Tranchen" in start
    antwort = f1.post(reverse("zahlungslauf_vorbereiten"), follow=True)
    lauf = Zahlungslauf.objects.get()
    assert "Kreis Unna" in antwort.content.decode() and lauf.vorbereitet_von == finanzen_user
    f1.post(reverse("zahlungslauf_feststellen", args=[lauf.pk]))
    lauf.refresh_from_db()
    assert (lauf.status, lauf.festgestellt_von) == (LaufStatus.FESTGESTELLT, finanzen_user)  # may state, not release
    seite = f1.get(reverse("zahlungslauf_detail", args=[lauf.pk])).content.decode()
    assert "Anordnen (Zahlungslauf freigeben)" not in seite
    antwort = f1.post(reverse("zahlungslauf_anordnen", args=[lauf.pk]), follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    # Issue 14 Nr. 5: each open run on the start page with its next step – and who may take it
    assert ("Nächster Schritt: anordnen durch eine andere Person als die feststellende"
            in f1.get(reverse("start_finanzen")).content.decode())
    f2 = client_als(finanzen2_user)
    assert "Nächster Schritt: anordnen – danach entstehen SEPA-Datei" in f2.get(reverse("start_finanzen")).content.decode()
    antwort = f2.post(reverse("zahlungslauf_anordnen", args=[lauf.pk]), follow=True)
    lauf.refresh_from_db()
    assert lauf.status == LaufStatus.ANGEORDNET, antwort.content.decode()[:2000]
    sepa = f2.get(reverse("dokument_herunterladen", args=[lauf.sepa_datei.pk]))
    assert sepa.status_code == 200 and sepa["Content-Type"] == "application/xml"
    assert b"pain.001.001.09" in b"".join(sepa.streaming_content)
    # Bank file upload: matched, the Kommune sees it paid with the date.
    t1 = Tranche.objects.get(nummer=1)
    datei = camt054_beispiel(msg_id="N-1", buchungen=[(t1.ende_zu_ende_id, t1.betrag, date(2026, 4, 30), "Unna")])
    antwort = f1.post(reverse("buchungen"), {"datei": SimpleUploadedFile("n.xml", datei, "application/xml")},
                      follow=True)
    assert "zugeordnet" in antwort.content.decode()
    antwort = f1.post(reverse("buchungen"), {"datei": SimpleUploadedFile("n.xml", datei, "application/xml")},
                      follow=True)
    assert "bereits eingelesen" in antwort.content.decode()
    t1.refresh_from_db()
    assert t1.ausgezahlt_am == date(2026, 4, 30)
    kaputt = f1.post(reverse("buchungen"), {"datei": SimpleUploadedFile("x.xml", b"nix", "application/xml")})
    assert kaputt.status_code == 400 and "keine lesbare XML-Datei" in kaputt.content.decode()


def test_uebersicht_mit_diagramm_tabelle_csv(client_als, finanzen_user, db):
    zahlbare_antraege(3)
    from auszahlung import services

    services.tranchen_synchronisieren()
    client = client_als(finanzen_user)
    seite = client.get(reverse("auszahlung_uebersicht") + "?jahr=2026").content.decode()
    assert 'src="data:image/svg+xml;base64,' in seite and "Summen je Termin 2026" in seite
    csv = client.get(reverse("auszahlung_csv") + "?jahr=2026")
    zeilen = csv.content.decode("utf-8-sig").splitlines()
    assert zeilen[0].startswith("Förderjahr;AGS;Kommune") and len(zeilen) == 7
    assert "50.000,00" in zeilen[1]


def test_abfragen_der_seiten_konstant_in_der_zahl_der_tranchen(client_als, finanzen_user,
                                                                django_assert_max_num_queries):
    """List pages: query count does not grow with the number of Tranchen (two data sizes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from auszahlung import services

    def zaehlen():
        client = client_als(finanzen_user)
        ergebnis = []
        for url in (reverse("auszahlung_uebersicht") + "?jahr=2026", reverse("start_finanzen"),
                    reverse("zahlungslauf_liste"), reverse("buchungen")):
            with CaptureQueriesContext(connection) as q:
                assert client.get(url).status_code == 200
            ergebnis.append(len(q))
        return ergebnis

    zahlbare_antraege(2)
    services.tranchen_synchronisieren()
    klein = zaehlen()
    zahlbare_antraege(12, ab=2)
    services.tranchen_synchronisieren()
    assert zaehlen() == klein
