"""Exports (read only; they return bytes): the Programmübersicht as CSV and XLSX with German headers and number
formats, and the Akte as ZIP with all its documents, an index PDF and the Protokoll as PDF/A (rendered through
kim_foerderung.dokumente, not stored: the ZIP is derived from stored documents, each checked against its
SHA-256)."""
import csv
import hashlib
import io
import zipfile
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.services import html_rendern, pdf_aus_html

from .programm import SPALTEN_TITEL

EURO_FORMAT = '#,##0.00 "€"'
VZAE_FORMAT = "0.00"


def _zahl_csv(wert, stellen=2):
    """1234567.5 → "1234567,50" (no thousands separator: a spreadsheet reads it as a number)."""
    return f"{Decimal(wert):.{stellen}f}".replace(".", ",")


KOPF = ["AGS", "Kommune", "Art", "Regierungsbezirk", "Bearbeiter/in", "Status des Antrags",
        *[f"{SPALTEN_TITEL[s]} (€)" for s in ("beantragt", "bewilligt", "ausgezahlt", "zurueckgefordert",
                                                "erstattet")],
        "VZÄ bewilligt", "VZÄ besetzt"]


def _kommune_werte(z):
    k = z.kommune
    return [k.ags, str(k), k.get_art_display(), k.regierungsbezirk,
            k.bearbeiterin.anzeigename if k.bearbeiterin else "", z.status_text]


GELD = ("beantragt", "bewilligt", "ausgezahlt", "zurueckgefordert", "erstattet")


def programm_csv(uebersicht):
    """Semicolon-separated, decimal comma, UTF-8 with BOM: opens as numbers in a German spreadsheet."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(KOPF)
    for z in uebersicht.kommunen:
        schreiber.writerow(_kommune_werte(z) + [_zahl_csv(getattr(z, s)) for s in GELD]
                           + [_zahl_csv(z.vzae_bewilligt), _zahl_csv(z.vzae_besetzt)])
    s = uebersicht.summe
    schreiber.writerow(["", "Summe", "", "", "", ""] + [_zahl_csv(getattr(s, g)) for g in GELD]
                       + [_zahl_csv(s.vzae_bewilligt), _zahl_csv(s.vzae_besetzt)])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def programm_xlsx(uebersicht):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Kommunen"
    blatt.append(KOPF)
    for z in uebersicht.kommunen:
        blatt.append(_kommune_werte(z) + [getattr(z, g) for g in GELD] + [z.vzae_bewilligt, z.vzae_besetzt])
    s = uebersicht.summe
    blatt.append(["", "Summe", "", "", "", ""] + [getattr(s, g) for g in GELD] + [s.vzae_bewilligt, s.vzae_besetzt])
    _formatieren(blatt, geld_spalten=range(7, 12), vzae_spalten=(12, 13))

    bezirke = mappe.create_sheet("Regierungsbezirke")
    bezirke.append(["Regierungsbezirk", *[f"{SPALTEN_TITEL[g]} (€)" for g in GELD], "VZÄ bewilligt", "VZÄ besetzt"])
    for b in uebersicht.bezirke + [uebersicht.summe]:
        bezirke.append([b.titel] + [getattr(b, g) for g in GELD]
                       + [b.vzae_bewilligt, b.vzae_besetzt])
    _formatieren(bezirke, geld_spalten=range(2, 7), vzae_spalten=(7, 8))

    vzae = mappe.create_sheet("VZÄ je Art")
    vzae.append(["Art der Stelle", "VZÄ bewilligt", "VZÄ besetzt"])
    for v in uebersicht.vzae:
        vzae.append([v["art"], v["bewilligt"], v["besetzt"]])
    _formatieren(vzae, geld_spalten=(), vzae_spalten=(2, 3))

    status = mappe.create_sheet("Anträge je Status")
    status.append(["Status", "Anzahl"])
    for s in uebersicht.status:
        status.append([s["status"], s["anzahl"]])
    _formatieren(status, geld_spalten=(), vzae_spalten=())

    verlauf = mappe.create_sheet("Geldfluss")
    verlauf.append(["Monat", "bewilligt (€)", "Auszahlung geplant (€)", "ausgezahlt (€)", "zurückgefordert (€)",
                    "erstattet (€)"])
    for v in uebersicht.verlauf:
        verlauf.append([v["name"], v["bewilligt"], v["geplant"], v["ausgezahlt"], v["zurueckgefordert"],
                        v["erstattet"]])
    _formatieren(verlauf, geld_spalten=range(2, 7), vzae_spalten=())

    for b in mappe.worksheets:
        for zelle in b[1]:
            zelle.font = Font(bold=True)
    kopf = mappe.properties
    kopf.title = f"Programmübersicht KIM {uebersicht.foerderjahr}"
    kopf.creator = settings.KIM_BEWILLIGUNGSBEHOERDE
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _formatieren(blatt, *, geld_spalten, vzae_spalten):
    for zeile in blatt.iter_rows(min_row=2):
        for zelle in zeile:
            if zelle.column in geld_spalten:
                zelle.number_format = EURO_FORMAT
            elif zelle.column in vzae_spalten:
                zelle.number_format = VZAE_FORMAT
    for spalte in blatt.columns:
        breite = max(len(str(z.value or "")) for z in spalte)
        blatt.column_dimensions[spalte[0].column_letter].width = min(max(12, breite + 2), 45)
    blatt.freeze_panes = "A2"


# --- Akte as ZIP ------------------------------------------------------------------------------------------------

def _dateiname(nummer, dokument):
    name = dokument.dateiname or f"dokument-{dokument.pk}.pdf"
    return f"dokumente/{nummer:03d}_{name}"


def akte_zip(akte, *, erstellt_fuer, fortschritt=None):
    """The ZIP of ``akte`` (uebersicht.akte.Akte, already scoped to the person): every document, checked against
    its SHA-256; ``index.pdf`` and ``index.csv`` (document, type, date, who, SHA-256); ``protokoll.pdf``
    (PDF/A-3b). ``fortschritt(erledigt)`` is called after each step. Returns the bytes."""
    puffer = io.BytesIO()
    index = []
    with zipfile.ZipFile(puffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for nummer, d in enumerate(akte.dokumente, start=1):
            try:
                with d.datei.storage.open(d.datei.name, "rb") as datei:
                    inhalt = datei.read()
            except (OSError, ValueError):
                inhalt = None
            intakt = inhalt is not None and hashlib.sha256(inhalt).hexdigest() == d.sha256
            pfad = _dateiname(nummer, d)
            if intakt:
                zf.writestr(pfad, inhalt)
            index.append({"nummer": nummer, "pfad": pfad if intakt else "", "titel": d.titel, "art": d.art,
                          "datum": d.erstellt_am, "wer": d.erstellt_von.anzeigename if d.erstellt_von else "System",
                          "sha256": d.sha256, "intakt": intakt})
            if fortschritt:
                fortschritt(nummer)
        kontext = {"akte": akte, "index": index, "erstellt_fuer": erstellt_fuer,
                   "behoerde": settings.KIM_BEWILLIGUNGSBEHOERDE,
                   "erstellt_am": timezone.localtime(zeit.jetzt()).replace(microsecond=0)}
        kontext["erstellt_am_iso"] = kontext["erstellt_am"].isoformat()
        zf.writestr("index.pdf", pdf_aus_html(html_rendern("pdf/akte_index.html", {
            **kontext, "dokument_titel": f"Inhaltsverzeichnis der Akte {akte.kommune} {akte.foerderjahr}"})))
        if fortschritt:
            fortschritt(len(akte.dokumente) + 1)
        zf.writestr("protokoll.pdf", pdf_aus_html(html_rendern("pdf/akte_protokoll.html", {
            **kontext, "dokument_titel": f"Verlauf und Protokoll der Akte {akte.kommune} {akte.foerderjahr}"})))
        csv_puffer = io.StringIO()
        schreiber = csv.writer(csv_puffer, delimiter=";", lineterminator="\r\n")
        schreiber.writerow(["Nr.", "Datei", "Dokument", "Art", "Datum", "erstellt von", "SHA-256", "Prüfsumme"])
        for e in index:
            schreiber.writerow([e["nummer"], e["pfad"], e["titel"], e["art"],
                                timezone.localtime(e["datum"]).strftime("%d.%m.%Y %H:%M"), e["wer"], e["sha256"],
                                "stimmt" if e["intakt"] else "FEHLT oder stimmt nicht – Datei nicht enthalten"])
        zf.writestr("index.csv", ("\ufeff" + csv_puffer.getvalue()).encode("utf-8"))
        if fortschritt:
            fortschritt(len(akte.dokumente) + 2)
    return puffer.getvalue()


def akte_zip_schritte(akte):
    return len(akte.dokumente) + 2


def akte_zip_dateiname(akte):
    return f"Akte-KIM-{akte.foerderjahr}-{akte.kommune.ags}.zip"


def euro(wert):
    return regeln.betrag_de(wert)
