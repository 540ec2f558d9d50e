"""Belegliste as a file (issue 11 Nr. 2): the template to download (.xlsx, prefilled with the Stellen) and the import
of an .xlsx or .csv file. Every bad row is reported with a German reason; the caller imports nothing until all rows
are good. Empty rows (as left in the template) are skipped."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from antraege.forms import deutsche_zahl
from kim_foerderung.eingabe import hat_steuerzeichen

from .models import BelegKategorie

KOPF = ["Kategorie", "Stelle", "Datum", "Empfänger/in", "Zweck", "Betrag (€)"]
HOECHSTE_ZEILEN = 5000
HOECHSTE_GROESSE = 2 * 1024 * 1024
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_KATEGORIEN = {}
for _code, _name in BelegKategorie.choices:
    _KATEGORIEN[_code] = _code
    _KATEGORIEN[_name.lower()] = _code
_KATEGORIEN.update({"personal": "personal", "sach": "sach", "veranstaltungen": "veranstaltungen",
                    "schnittstellen": "schnittstellen"})


class DateiFehler(Exception):
    """The file as a whole cannot be read (German sentence)."""


def vorlage_xlsx(nachweis):
    """The template: header and one row per Stelle and category (Personal, Sach – none for Case Management), then
    one each for Veranstaltungen and Schnittstellen; date, payee, purpose and amount left empty."""
    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Belegliste"
    blatt.append(KOPF)
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
    namen = dict(BelegKategorie.choices)
    for s in nachweis.stellen.all():
        blatt.append([namen[BelegKategorie.PERSONAL], s.kennung, None, None, None, None])
        if s.art != "case_management":
            blatt.append([namen[BelegKategorie.SACH], s.kennung, None, None, None, None])
    blatt.append([namen[BelegKategorie.VERANSTALTUNGEN], None, None, None, None, None])
    blatt.append([namen[BelegKategorie.SCHNITTSTELLEN], None, None, None, None, None])
    for spalte, breite in zip("ABCDEF", (26, 8, 12, 30, 40, 14)):
        blatt.column_dimensions[spalte].width = breite
    hinweis = mappe.create_sheet("Hinweise")
    for zeile in (["Datum als TT.MM.JJJJ, Betrag in Euro (z. B. 1.234,56)."],
                  ["Kategorien: " + ", ".join(namen.values())],
                  ["Bei Personal- und Sachausgaben die Kennung der Stelle angeben, z. B. K1."],
                  ["Leere Zeilen werden übersprungen. Eine Zeile pro Beleg."]):
        hinweis.append(zeile)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


def _rohzeilen(datei, dateiname):
    inhalt = datei.read(HOECHSTE_GROESSE + 1)
    if len(inhalt) > HOECHSTE_GROESSE:
        raise DateiFehler("Die Datei ist größer als 2 MB; bitte teilen Sie die Belegliste auf.")
    name = (dateiname or "").lower()
    if name.endswith(".xlsx"):
        try:
            mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
        except (InvalidFileException, KeyError, ValueError, OSError, Exception):  # a broken or foreign file
            raise DateiFehler("Die Datei ist keine lesbare Excel-Datei (.xlsx).") from None
        blatt = mappe["Belegliste"] if "Belegliste" in mappe.sheetnames else mappe.worksheets[0]
        return [list(z) for z in blatt.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        try:
            text = inhalt.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = inhalt.decode("cp1252")
            except UnicodeDecodeError:
                raise DateiFehler("Die CSV-Datei ist weder UTF-8 noch Windows-1252 kodiert.") from None
        trenner = ";" if text.count(";") >= text.count(",") else ","
        return [z for z in csv.reader(io.StringIO(text), delimiter=trenner)]
    raise DateiFehler("Bitte laden Sie eine Excel-Datei (.xlsx) oder eine CSV-Datei (.csv) hoch.")


def _leer(wert):
    return wert is None or (isinstance(wert, str) and not wert.strip())


def _text(wert):
    return "" if wert is None else str(wert).strip()


def _datum(wert):
    if isinstance(wert, datetime):
        return wert.date()
    if isinstance(wert, date):
        return wert
    text = _text(wert)
    for muster in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, muster).date()
        except ValueError:
            continue
    return None


def _betrag(wert):
    if isinstance(wert, bool):
        return None
    if isinstance(wert, (int, float)):
        wert = Decimal(str(wert))
        return wert if wert.is_finite() else None
    try:
        return deutsche_zahl(_text(wert), beispiel="1.234,56")
    except ValidationError:
        return None


def pruefe_zeile(werte, *, nachweis, kennungen=None):
    """Check one row [Kategorie, Stelle, Datum, Empfänger/in, Zweck, Betrag] (from a file or typed in the
    browser): (the Beleg as a dict, []) or (None, the German reasons)."""
    if kennungen is None:
        kennungen = {s.kennung: s for s in nachweis.stellen.all()}
    werte = (list(werte) + [None] * 6)[:6]
    erster, letzter = date(nachweis.foerderjahr, 1, 1), nachweis.frist
    gruende = []
    kategorie = _KATEGORIEN.get(_text(werte[0]).lower())
    if kategorie is None:
        gruende.append(f"Die Kategorie „{_text(werte[0])}“ ist unbekannt (erlaubt: "
                       + ", ".join(n for _, n in BelegKategorie.choices) + ")")
    stelle = _text(werte[1])
    if kategorie in (BelegKategorie.PERSONAL, BelegKategorie.SACH):
        if stelle not in kennungen:
            gruende.append(f"Die Stelle „{stelle}“ steht nicht im zahlenmäßigen Nachweis" if stelle
                           else "Bei Personal- und Sachausgaben fehlt die Stelle")
        elif kategorie == BelegKategorie.SACH and kennungen[stelle].art == "case_management":
            gruende.append(f"Für die Case-Management-Stelle {stelle} gibt es keine Sachausgaben (Nr. 5.4.2)")
    else:
        stelle = ""  # Begleitmaßnahmen belong to no Stelle
    datum = _datum(werte[2])
    if datum is None:
        gruende.append("Das Datum fehlt oder ist ungültig (TT.MM.JJJJ)")
    elif not erster <= datum <= letzter:
        gruende.append(f"Das Datum {datum:%d.%m.%Y} liegt nicht zwischen dem {erster:%d.%m.%Y} und dem "
                       f"{letzter:%d.%m.%Y}")
    empfaenger, zweck = _text(werte[3]), _text(werte[4])
    if not empfaenger:
        gruende.append("Empfänger/in fehlt")
    if not zweck:
        gruende.append("Der Zweck fehlt")
    if len(empfaenger) > 200 or len(zweck) > 300:
        gruende.append("Empfänger/in (höchstens 200 Zeichen) oder Zweck (300) ist zu lang")
    if hat_steuerzeichen(empfaenger) or hat_steuerzeichen(zweck):
        gruende.append("Der Text enthält unsichtbare Steuerzeichen für die Schreibrichtung")
    betrag = _betrag(werte[5])
    if betrag is None:
        gruende.append("Der Betrag fehlt oder ist keine Zahl (z. B. 1.234,56)")
    elif betrag <= 0:
        gruende.append("Der Betrag muss größer als 0 sein")
    elif betrag != betrag.quantize(Decimal("0.01")) or betrag >= Decimal("100000000"):
        gruende.append("Der Betrag hat mehr als zwei Nachkommastellen oder ist unplausibel hoch")
    if gruende:
        return None, gruende
    return {"kategorie": kategorie, "stelle": stelle, "datum": datum, "empfaenger": empfaenger, "zweck": zweck,
            "betrag": betrag.quantize(Decimal("0.01"))}, []


def zeilen_lesen(datei, dateiname, *, nachweis):
    """(rows, errors): rows as dicts for services.belege_importieren; errors as "Zeile n: …" German sentences.
    Raises DateiFehler if the file cannot be read at all."""
    roh = _rohzeilen(datei, dateiname)
    if not roh:
        raise DateiFehler("Die Datei ist leer.")
    kopf = [_text(z).lower() for z in roh[0]]
    if not kopf or not kopf[0].startswith("kategorie"):
        raise DateiFehler("Die erste Zeile muss die Spaltenköpfe der Vorlage enthalten: " + ", ".join(KOPF) + ".")
    kennungen = {s.kennung: s for s in nachweis.stellen.all()}
    zeilen, fehler = [], []
    for nummer, werte in enumerate(roh[1:], start=2):
        werte = (list(werte) + [None] * 6)[:6]
        if all(_leer(w) for w in werte[2:]):
            continue  # an empty template row
        if len(zeilen) + len(fehler) >= HOECHSTE_ZEILEN:
            raise DateiFehler(f"Die Datei hat mehr als {HOECHSTE_ZEILEN} Belege; bitte teilen Sie sie auf.")
        zeile, gruende = pruefe_zeile(werte, nachweis=nachweis, kennungen=kennungen)
        if gruende:
            fehler.append(f"Zeile {nummer}: " + "; ".join(gruende) + ".")
        else:
            zeilen.append(zeile)
    if not zeilen and not fehler:
        raise DateiFehler("Die Datei enthält keinen Beleg.")
    return zeilen, fehler
