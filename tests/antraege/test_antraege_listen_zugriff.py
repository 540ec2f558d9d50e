"""Antrag lists (Kommune and Bezirksregierung), CSV export, query counts, and 404 for other Kommunen."""
import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antraege import services
from antraege.models import Antrag, Stelle
from kim_foerderung.stammdaten.models import Kommune

pytestmark = pytest.mark.django_db


def antraege_anlegen(anzahl, status="eingereicht"):
    """Anträge for `anzahl` more Kommunen × 4 Förderjahre, straight into the database (lists only read them);
    submitted, since the Bezirksregierung's list leaves the Kommunen's drafts out unless asked."""
    kommunen = list(Kommune.objects.filter(antraege__isnull=True).order_by("ags")[:anzahl])
    for kommune in kommunen:
        for jahr in range(2025, 2029):
            antrag = Antrag.objects.create(kommune=kommune, foerderjahr=jahr, beantragt=Decimal("125400.00"),
                                           status=status)
            Stelle.objects.create(antrag=antrag, art="koordination", vzae=Decimal("1.0"), zeile=1, position=1)
    return kommunen


def test_liste_bezirksregierung_abfragen_wachsen_nicht(client_als, sachbearbeitung_user):
    client = client_als(sachbearbeitung_user)
    antraege_anlegen(3)
    client.get(reverse("antraege_liste"))
    with CaptureQueriesContext(connection) as wenige:
        assert client.get(reverse("antraege_liste")).status_code == 200
    antraege_anlegen(51)  # 54 Kommunen × 4 years = 216 Anträge
    with CaptureQueriesContext(connection) as viele:
        antwort = client.get(reverse("antraege_liste"))
    assert antwort.status_code == 200
    assert Antrag.objects.count() == 216
    html = antwort.content.decode()
    assert "216 Anträge" in html and "27.086.400,00 €" in html  # 216 × 125.400 €
    assert len(viele) == len(wenige)


def zeilen_pks(html):
    """The Anträge of the table body in the order shown (each row links to its Antrag)."""
    tbody = html[html.index("<tbody"):html.index("</tbody>")]
    return [int(pk) for pk in re.findall(r'href="/antraege/(\d+)/"', tbody)]


def test_liste_filter_nach_jahr_und_bezirk(client_als, sachbearbeitung_user):
    antraege_anlegen(54)
    client = client_als(sachbearbeitung_user)
    html = client.get(reverse("antraege_liste"), {"foerderjahr": "2027", "regierungsbezirk": "Detmold"}).content.decode()
    anzahl_detmold = Kommune.objects.filter(regierungsbezirk="Detmold").count()
    assert f"{anzahl_detmold} Anträge" in html
    assert set(zeilen_pks(html)) == set(Antrag.objects.filter(
        foerderjahr=2027, kommune__regierungsbezirk="Detmold").values_list("pk", flat=True))


@pytest.mark.parametrize("suche, erwartet", [
    ("Bielefeld", ["Stadt Bielefeld"]),
    ("Stadt Bielefeld", ["Stadt Bielefeld"]),  # the name as the list shows it
    ("stadt  bielefeld ", ["Stadt Bielefeld"]),
    ("Kreis Unna", ["Kreis Unna"]),
    ("Stadt Aachen", ["Stadt Aachen"]),  # not the Städteregion
    ("Städteregion Aachen", ["Städteregion Aachen"]),
    ("Aachen", ["Städteregion Aachen", "Stadt Aachen"]),
    ("Kreis Soest", ["Kreis Soest"]),
    ("05711000", ["Stadt Bielefeld"]),  # AGS
])
def test_liste_suche_nach_angezeigtem_namen(client_als, sachbearbeitung_user, suche, erwartet):
    antraege_anlegen(54)
    html = client_als(sachbearbeitung_user).get(reverse("antraege_liste"), {"kommune": suche}).content.decode()
    assert f"{4 * len(erwartet)} Anträge" in html
    gefunden = {str(Antrag.objects.get(pk=pk).kommune) for pk in zeilen_pks(html)}
    assert gefunden == set(erwartet)


def test_anzeigename_in_der_datenbank_wie_in_python(db):
    from antraege.selectors import kommune_anzeigename

    kommunen = Kommune.objects.annotate(anzeige=kommune_anzeigename(pfad=""))
    assert len(kommunen) == 54
    assert all(k.anzeige == k.anzeigename for k in kommunen), [(k.anzeige, k.anzeigename) for k in kommunen
                                                                if k.anzeige != k.anzeigename]


def test_liste_sortierung_reihenfolge_der_zeilen(client_als, sachbearbeitung_user):
    antraege_anlegen(10)  # 40 Anträge, two pages of 25
    for i, antrag in enumerate(Antrag.objects.order_by("pk")):
        antrag.beantragt = Decimal("50000.00") + Decimal(i * 997 % 40) * 1000  # all different, not in pk order
        antrag.save(update_fields=["beantragt"])
    client = client_als(sachbearbeitung_user)
    absteigend = list(Antrag.objects.order_by("-beantragt").values_list("pk", flat=True))
    seite1 = zeilen_pks(client.get(reverse("antraege_liste"), {"sort": "-beantragt"}).content.decode())
    seite2 = zeilen_pks(client.get(reverse("antraege_liste"), {"sort": "-beantragt", "page": "2"}).content.decode())
    assert seite1 == absteigend[:25] and seite2 == absteigend[25:]
    aufsteigend = zeilen_pks(client.get(reverse("antraege_liste"), {"sort": "beantragt"}).content.decode())
    assert aufsteigend == absteigend[::-1][:25]
    nach_kommune = zeilen_pks(client.get(reverse("antraege_liste"), {"sort": "kommune", "foerderjahr": "2026"})
                              .content.decode())
    namen = [Antrag.objects.get(pk=pk).kommune.sortierschluessel for pk in nach_kommune]
    assert len(namen) == 10 and namen == sorted(namen)


DEUTSCHE_REIHENFOLGE = ["Städteregion Aachen", "Kreis Borken", "Stadt Bottrop", "Stadt Köln",
                        "Stadt Mülheim an der Ruhr", "Stadt Münster", "Kreis Unna"]


def test_liste_sortiert_nach_sortname_mit_deutscher_kollation(client_als, sachbearbeitung_user):
    """Issue 14: "Kreis Borken" sorts as "Borken, Kreis", ö as o and ü as u – the same on SQLite and PostgreSQL."""
    namen = {k.anzeigename: k for k in Kommune.objects.all()}
    for name in DEUTSCHE_REIHENFOLGE:
        Antrag.objects.create(kommune=namen[name], foerderjahr=2027, status="eingereicht")
    html = client_als(sachbearbeitung_user).get(reverse("antraege_liste"), {"foerderjahr": "2027"}).content.decode()
    assert [str(Antrag.objects.get(pk=pk).kommune) for pk in zeilen_pks(html)] == DEUTSCHE_REIHENFOLGE
    html = client_als(sachbearbeitung_user).get(reverse("antraege_liste"), {"sort": "-kommune"}).content.decode()
    assert [str(Antrag.objects.get(pk=pk).kommune) for pk in zeilen_pks(html)] == DEUTSCHE_REIHENFOLGE[::-1]


def test_liste_ohne_entwuerfe_ausser_auf_wunsch(client_als, sachbearbeitung_user, unna, bielefeld):
    """Issue 14: the Kommunen's drafts are neither listed nor counted unless the filter asks for them."""
    entwurf = Antrag.objects.create(kommune=unna, foerderjahr=2027, beantragt=Decimal("1000.00"))
    eingereicht = Antrag.objects.create(kommune=bielefeld, foerderjahr=2027, status="eingereicht",
                                        beantragt=Decimal("2000.00"))
    client = client_als(sachbearbeitung_user)
    html = client.get(reverse("antraege_liste")).content.decode()
    assert zeilen_pks(html) == [eingereicht.pk] and "1 Anträge" in html and "2.000,00 €" in html
    html = client.get(reverse("antraege_liste"), {"entwuerfe": "on"}).content.decode()
    assert set(zeilen_pks(html)) == {entwurf.pk, eingereicht.pk} and "3.000,00 €" in html
    assert zeilen_pks(client.get(reverse("antraege_liste"), {"status": "entwurf"}).content.decode()) == [entwurf.pk]


def test_liste_zeigt_antragsnummer_bearbeiterin_und_status(client_als, sachbearbeitung_user, bielefeld):
    bielefeld.bearbeiterin = sachbearbeitung_user
    bielefeld.save(update_fields=["bearbeiterin"])
    antrag = Antrag.objects.create(kommune=bielefeld, foerderjahr=2027, status="in_pruefung")
    html = client_als(sachbearbeitung_user).get(reverse("antraege_liste")).content.decode()
    for text in ("Antragsnummer", "Bearbeiter/in", antrag.nummer, sachbearbeitung_user.anzeigename,
                 '<span class="badge kim-status kim-status-in_pruefung">in Prüfung</span>'):
        assert text in html, text


def test_csv_export(client_als, sachbearbeitung_user):
    antraege_anlegen(2)
    antwort = client_als(sachbearbeitung_user).get(reverse("antraege_liste"), {"export": "csv", "foerderjahr": "2026"})
    assert antwort["Content-Type"].startswith("text/csv")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:4] == ["AGS", "Kommune", "Regierungsbezirk", "Förderjahr"]
    assert len(zeilen) == 3 and all(z[3] == "2026" for z in zeilen[1:])
    assert zeilen[1][6] == "125.400,00"


def test_kommune_sieht_nur_eigene_antraege(client_als, kommune_user, unna, bielefeld):
    Antrag.objects.create(kommune=unna, foerderjahr=2027)
    Antrag.objects.create(kommune=bielefeld, foerderjahr=2027)
    html = client_als(kommune_user).get(reverse("antraege_liste")).content.decode()
    assert "Antrag 2027" in html and html.count("Antrag 2027") == 1
    assert "Bielefeld" not in html


@pytest.fixture
def fremder_antrag(kommune_user, antrag_2026):
    from tests.factories import vollstaendig_machen

    antrag = vollstaendig_machen(antrag_2026, kommune_user)
    return services.einreichen(antrag, kommune_user, versicherung=True)


def test_fremde_kommune_bekommt_404_auf_jede_url(client_als, kommune2_user, fremder_antrag):
    client = client_als(kommune2_user)
    pk = fremder_antrag.pk
    get_urls = [reverse("antrag_detail", args=[pk]), reverse("antrag_zusammenfassung", args=[pk])]
    post_urls = [
        reverse("antrag_abschnitt", args=[pk, "antragsteller"]),
        reverse("antrag_abschnitt", args=[pk, "stellen"]),
        reverse("antrag_zusammenfassung", args=[pk]),
        reverse("antrag_hochladen", args=[pk, "kim_konzept"]),
        reverse("antrag_weiterleitung", args=[pk]),
        reverse("antrag_einreichen", args=[pk]),
        reverse("antrag_zurueckziehen", args=[pk]),
        reverse("antrag_antwort", args=[pk]),
        reverse("antrag_nachforderung", args=[pk]),
    ]
    for url in get_urls:
        assert client.get(url).status_code == 404, url
    for url in post_urls:
        assert client.post(url, {}).status_code == 404, url
    dokumente = [fremder_antrag.kim_konzept, fremder_antrag.cm_konzept, fremder_antrag.anlagen.get().dokument]
    for dokument in dokumente:
        assert client.get(reverse("dokument_herunterladen", args=[dokument.pk])).status_code == 404
    fremder_antrag.refresh_from_db()
    assert fremder_antrag.status == "eingereicht"


def test_eigene_kommune_und_bezirksregierung_laden_pdf(client_als, kommune_user, sachbearbeitung_user, fremder_antrag):
    dokument = fremder_antrag.anlagen.get().dokument
    for user in (kommune_user, sachbearbeitung_user):
        antwort = client_als(user).get(reverse("dokument_herunterladen", args=[dokument.pk]))
        assert antwort.status_code == 200
        assert b"".join(antwort.streaming_content).startswith(b"%PDF-")


def test_sachbearbeitung_sieht_nachforderungsformular(client_als, sachbearbeitung_user, fremder_antrag):
    html = client_als(sachbearbeitung_user).get(reverse("antrag_detail", args=[fremder_antrag.pk])).content.decode()
    assert "Nachforderung an die Kommune" in html and "Prüfung beginnen" in html
    assert "Abschnitt speichern" not in html  # Sachbearbeitung does not edit the Kommune's Antrag


def test_nachforderung_ohne_text_deutscher_fehler(client_als, sachbearbeitung_user, fremder_antrag):
    antwort = client_als(sachbearbeitung_user).post(reverse("antrag_nachforderung", args=[fremder_antrag.pk]),
                                                    {"fragen": ""})
    assert antwort.status_code == 400
    assert "Bitte schreiben Sie die Fragen an die Kommune auf." in antwort.content.decode()


def test_neuer_antrag_ueber_formular(client_als, kommune_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    client = client_als(kommune_user)
    antwort = client.post(reverse("antrag_neu"), {"foerderjahr": "2027"})
    antrag = Antrag.objects.get(kommune=kommune_user.kommune, foerderjahr=2027)
    assert antwort["Location"] == reverse("antrag_detail", args=[antrag.pk])
    antwort = client.post(reverse("antrag_neu"), {"foerderjahr": "2027"}, follow=True)
    assert "bereits einen offenen Antrag" in antwort.content.decode()


def test_foerderrechner_seite_und_uebernahme(client_als, kommune_user, sachbearbeitung_user, time_machine):
    time_machine.move_to("2026-09-01 10:00 +02:00")
    daten = {"rahmen-foerderjahr": "2027", "rahmen-kommune_art": "kreisfreie_stadt", "rahmen-qualifizierte": "0",
             "stellen-TOTAL_FORMS": "1", "stellen-INITIAL_FORMS": "0", "stellen-0-art": "koordination",
             "stellen-0-vzae": "1,0", "stellen-0-von_monat": "1", "stellen-0-bis_monat": "6"}
    sb = client_als(sachbearbeitung_user)
    assert sb.get(reverse("foerderrechner")).status_code == 200
    html = sb.post(reverse("foerderrechner_ergebnis"), daten).content.decode()
    assert 'data-betrag="31350.00"' in html  # 28.500 + 2.850 (Nr. 5.4.1, 5.4.2, sechs Monate)
    assert sb.post(reverse("foerderrechner_uebernehmen"), daten).status_code == 403
    kommune = client_als(kommune_user)
    antwort = kommune.post(reverse("foerderrechner_uebernehmen"), daten)
    antrag = Antrag.objects.get(kommune=kommune_user.kommune, foerderjahr=2027)
    assert antwort["Location"] == reverse("antrag_detail", args=[antrag.pk])
    assert antrag.stellen.get().bis_monat == 6 and antrag.beantragt == Decimal("31350.00")


def test_fristausnahme_seite_nur_sachbearbeitung(client_als, kommune_user, sachbearbeitung_user, unna, time_machine):
    time_machine.move_to("2026-11-10 10:00 +01:00")
    assert client_als(kommune_user).get(reverse("fristausnahmen")).status_code == 403
    client = client_als(sachbearbeitung_user)
    antwort = client.post(reverse("fristausnahmen"), {"kommune": unna.pk, "foerderjahr": "2027",
                                                      "neue_frist": "2026-11-30", "begruendung": ""})
    assert antwort.status_code == 400 and "Dieses Feld ist zwingend erforderlich" in antwort.content.decode()
    antwort = client.post(reverse("fristausnahmen"), {"kommune": unna.pk, "foerderjahr": "2027",
                                                      "neue_frist": "2026-11-30", "begruendung": "Kreistag"})
    assert antwort.status_code == 302
    assert services.frist_fuer(unna, 2027)[0].isoformat() == "2026-11-30"


def test_demo_antraege(db, settings):
    from django.core.management import call_command

    from kim_foerderung.zugang.services import demo_benutzer_anlegen

    demo_benutzer_anlegen()
    call_command("demo_antraege")
    status = set(Antrag.objects.values_list("status", flat=True))
    assert {"entwurf", "eingereicht", "in_pruefung", "nachforderung"} <= status
    call_command("demo_antraege")  # idempotent
    assert Antrag.objects.count() == 8
