"""Writes to master data."""
import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from kim_foerderung import regeln
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from .models import CMKontingent, Haushaltsmittel, Kommune

KOMMUNEN_CSV = Path(__file__).resolve().parent / "daten" / "kommunen-nrw.csv"
# The postal address of each Kommune's administration (Kreishaus, Rathaus) for the demo data: the recipient
# address of the letters (issue 14 Nr. 3). Production data is entered by the Admin.
ANSCHRIFTEN_CSV = Path(__file__).resolve().parent / "daten" / "anschriften.csv"


@transaction.atomic
def kommunen_laden(pfad=KOMMUNEN_CSV):
    """Load the 54 Zuwendungsempfänger idempotently: a second run changes nothing.

    Only the official columns are overwritten; KI details and bank data entered later are kept.
    Returns (angelegt, aktualisiert).
    """
    angelegt = aktualisiert = 0
    with open(pfad, encoding="utf-8", newline="") as f:
        for zeile in csv.DictReader(f):
            werte = {
                "name": zeile["name"].strip(),
                "art": zeile["art"].strip(),
                "regierungsbezirk": zeile["regierungsbezirk"].strip(),
                "verwaltungsgericht": zeile["verwaltungsgericht"].strip(),
            }
            kommune, neu = Kommune.objects.get_or_create(ags=zeile["ags"].strip(), defaults=werte)
            if neu:
                angelegt += 1
                continue
            geaendert = [feld for feld, wert in werte.items() if getattr(kommune, feld) != wert]
            if geaendert:
                for feld in geaendert:
                    setattr(kommune, feld, werte[feld])
                kommune.save(update_fields=geaendert)
                aktualisiert += 1
    return angelegt, aktualisiert


def anschriften():
    """{AGS: {"verwaltung", "strasse", "plz", "ort"}} from ``ANSCHRIFTEN_CSV``."""
    with open(ANSCHRIFTEN_CSV, encoding="utf-8", newline="") as f:
        return {z["ags"].strip(): {k: (z[k] or "").strip() for k in ("verwaltung", "strasse", "plz", "ort")}
                for z in csv.DictReader(f)}


@transaction.atomic
def anschriften_laden():
    """Fill the administration's address of every Kommune that has none yet (an address the Admin entered is
    kept); returns how many were filled. Used by the demo data."""
    gefuellt = 0
    daten = anschriften()
    for kommune in Kommune.objects.filter(ags__in=daten, strasse="", plz="", ort=""):
        werte = daten[kommune.ags]
        kommune.strasse, kommune.plz, kommune.ort = werte["strasse"], werte["plz"], werte["ort"]
        kommune.save(update_fields=["strasse", "plz", "ort"])
        gefuellt += 1
    return gefuellt


# --- Haushaltsmittel and CM-Kontingente (Nr. 1.3, 2.2; issue 14 item 10) ----------------------------------------


class StammdatenFehler(FachlicherFehler):
    pass


HOECHSTER_HAUSHALT = Decimal("999999999999.99")  # max_digits=14 of Haushaltsmittel.betrag
HOECHSTES_KONTINGENT = Decimal("999.99")  # max_digits=5 of CMKontingent.vzae


def _pruefe_jahr(foerderjahr):
    if foerderjahr not in regeln.FOERDERJAHRE:
        raise StammdatenFehler("Förderjahre sind nur 2025 bis 2028 (Nr. 8).", feld="foerderjahr")


def haushaltsmittel_festlegen(user, foerderjahr, betrag, bemerkung=""):
    """Admin enters (or changes) the Haushaltsmittel of a Förderjahr (Nr. 1.3): atomic, audited with the old and
    the new amount. Returns the Haushaltsmittel."""
    pruefe(user, "stammdaten.bearbeiten")
    _pruefe_jahr(foerderjahr)
    if not isinstance(betrag, Decimal) or not betrag.is_finite() or betrag < 0:
        raise StammdatenFehler("Bitte geben Sie die Haushaltsmittel als Betrag ab 0,00 € an, z. B. 20.000.000,00.",
                               feld="betrag")
    if betrag > HOECHSTER_HAUSHALT:
        raise StammdatenFehler("Der Betrag ist unplausibel hoch. Bitte prüfen Sie die Eingabe.", feld="betrag")
    betrag = regeln.cent(betrag)
    bemerkung = " ".join((bemerkung or "").split())[:200]
    with transaction.atomic():
        mittel = Haushaltsmittel.objects.select_for_update().filter(foerderjahr=foerderjahr).first()
        alt = mittel.betrag if mittel else None
        if mittel is None:
            mittel = Haushaltsmittel.objects.create(foerderjahr=foerderjahr, betrag=betrag, bemerkung=bemerkung)
        elif (mittel.betrag, mittel.bemerkung) == (betrag, bemerkung):
            return mittel  # nothing changed: nothing to record
        else:
            mittel.betrag, mittel.bemerkung = betrag, bemerkung
            mittel.save(update_fields=["betrag", "bemerkung"])
        protokolliere(
            mittel, user,
            f"Haushaltsmittel {foerderjahr} " + ("erfasst" if alt is None else "geändert")
            + f": {regeln.betrag_de(betrag)}" + (f" (vorher {regeln.betrag_de(alt)})" if alt is not None else ""),
            notiz=bemerkung, daten={"foerderjahr": foerderjahr, "alt": None if alt is None else str(alt),
                                    "neu": str(betrag)},
        )
    return mittel


def cm_kontingent_festlegen(user, kommune, foerderjahr, vzae):
    """Admin sets the CM-Kontingent of one Kommune for a Förderjahr (Nr. 2.2: at most so many Case-Management VZÄ
    at a time); ``vzae`` None removes it (then only the Haushaltsmittel limit). Atomic, audited on the Kommune."""
    pruefe(user, "stammdaten.bearbeiten")
    _pruefe_jahr(foerderjahr)
    if vzae is not None:
        if not isinstance(vzae, Decimal) or not vzae.is_finite() or vzae < 0:
            raise StammdatenFehler("Bitte geben Sie das Kontingent in VZÄ ab 0 an, z. B. 2,5.", feld="vzae")
        if vzae > HOECHSTES_KONTINGENT or vzae != vzae.quantize(Decimal("0.01")):
            raise StammdatenFehler("Bitte geben Sie das Kontingent mit höchstens zwei Nachkommastellen und unter "
                                   "1.000 VZÄ an, z. B. 2,5.", feld="vzae")
    with transaction.atomic():
        kontingent = (CMKontingent.objects.select_for_update()
                      .filter(kommune=kommune, foerderjahr=foerderjahr).first())
        alt = kontingent.vzae if kontingent else None
        if vzae is None:
            if kontingent is None:
                return None
            kontingent.delete()
            text = f"CM-Kontingent {foerderjahr} aufgehoben (vorher {regeln.zahl_de(alt)} VZÄ)"
        else:
            if kontingent is not None and kontingent.vzae == vzae:
                return kontingent
            kontingent, _ = CMKontingent.objects.update_or_create(kommune=kommune, foerderjahr=foerderjahr,
                                                                  defaults={"vzae": vzae})
            text = (f"CM-Kontingent {foerderjahr} auf {regeln.zahl_de(vzae)} VZÄ festgelegt"
                    + (f" (vorher {regeln.zahl_de(alt)} VZÄ)" if alt is not None else ""))
        protokolliere(kommune, user, text, daten={"foerderjahr": foerderjahr,
                                                  "alt": None if alt is None else str(alt),
                                                  "neu": None if vzae is None else str(vzae)})
    return kontingent if vzae is not None else None
