"""The list of Bescheide (issue 14): year, status and search filters, sortable columns, CSV; each row names
Art, Kommune, Förderjahr and number or draft date, so no two rows read the same."""
import csv

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone

from antraege.selectors import kommune_anzeigename
from kim_foerderung import listen, regeln

from . import selectors
from .models import BescheidStatus

SPALTEN = [
    listen.Spalte("bescheid", "Bescheid", ("art", "nummer")),
    listen.Spalte("kommune", "Kommune", ("antrag__kommune__sortierschluessel",)),
    listen.Spalte("jahr", "Förderjahr", ("antrag__foerderjahr",)),
    listen.Spalte("status", "Status", ("status",)),
    listen.Spalte("hoechstbetrag", "Höchstbetrag", ("hoechstbetrag",), "betrag"),
    listen.Spalte("bekanntgabe", "bekanntgegeben", ("bekanntgabe_am",)),
    listen.Spalte("bestandskraft", "bestandskräftig ab", ("bestandskraeftig_ab",)),
]
STANDARD = ("-antrag__foerderjahr", "antrag__kommune__sortierschluessel", "-angelegt_am")
JAHRE = regeln.FOERDERJAHRE


def filtern(user, get):
    """(queryset, the filter values as shown): scoped by selectors.bescheide_fuer, without verworfene drafts."""
    bescheide = selectors.bescheide_fuer(user).exclude(status=BescheidStatus.VERWORFEN)
    werte = {"status": get.get("status", ""), "jahr": get.get("jahr", ""), "q": " ".join(get.get("q", "").split())}
    if werte["status"] in BescheidStatus.values:
        bescheide = bescheide.filter(status=werte["status"])
    if werte["jahr"].isdigit() and int(werte["jahr"]) in JAHRE:
        bescheide = bescheide.filter(antrag__foerderjahr=int(werte["jahr"]))
    if werte["q"]:
        bescheide = bescheide.alias(kommune_anzeige=kommune_anzeigename("antrag__kommune__")).filter(
            Q(kommune_anzeige__icontains=werte["q"]) | Q(nummer__icontains=werte["q"])
            | Q(antrag__kommune__ags__startswith=werte["q"]))
    return bescheide, werte


def csv_antwort(bescheide):
    antwort = HttpResponse(content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = 'attachment; filename="kim-bescheide.csv"'
    antwort.write("\ufeff")
    writer = csv.writer(antwort, delimiter=";")
    writer.writerow(["Bescheidnummer", "Art", "AGS", "Kommune", "Förderjahr", "Status", "Höchstbetrag (EUR)",
                     "angelegt am", "bekanntgegeben am", "bestandskräftig ab"])
    for b in bescheide:
        writer.writerow([
            b.nummer or "", b.get_art_display(), b.antrag.kommune.ags, str(b.antrag.kommune), b.antrag.foerderjahr,
            b.get_status_display(), "" if b.ist_ablehnung else regeln.zahl_de(b.hoechstbetrag, 2),
            timezone.localtime(b.angelegt_am).strftime("%d.%m.%Y"),
            b.bekanntgabe_am.strftime("%d.%m.%Y") if b.bekanntgabe_am else "",
            b.bestandskraeftig_ab.strftime("%d.%m.%Y") if b.bestandskraeftig_ab else "",
        ])
    return antwort


def kontext(user, get):
    """Everything the list page shows, or the CSV response when ``export=csv``."""
    bescheide, werte = filtern(user, get)
    if get.get("export") == "csv":
        return csv_antwort(bescheide.order_by(*STANDARD))
    bescheide, sortiert, absteigend = listen.sortieren(bescheide, get, SPALTEN, STANDARD)
    return {
        "seite": listen.seite(bescheide, get, parameter="seite"), "werte": werte,
        "status_auswahl": BescheidStatus.choices, "jahre": JAHRE,
        "kopf": listen.kopfzeile(get, SPALTEN, sortiert, absteigend),
        "export_query": listen.query_ohne(get, "seite", export="csv"),
    }
