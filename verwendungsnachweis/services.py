"""Writes of the verwendungsnachweis app: one function per transition, keyword-only plain values, each checks
role and state, changes the object inside transaction.atomic() with select_for_update and writes the audit
entry (kim_foerderung.protokoll)."""
from decimal import Decimal, InvalidOperation

from django.db import transaction

from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from .models import Basiszinssatz


class VerwendungsnachweisFehler(FachlicherFehler):
    """A domain error of the Verwendungsnachweis stage (German sentence for the user)."""


# --- Basiszinssatz (§ 247 BGB), maintained by the Admin --------------------------------------------------


@transaction.atomic
def basiszinssatz_speichern(*, benutzer, gueltig_ab, prozent, quelle=""):
    """Record or correct the Basiszinssatz of the half-year starting ``gueltig_ab`` (audited: old and new)."""
    pruefe(benutzer, "stammdaten.bearbeiten")
    if gueltig_ab is None or gueltig_ab.day != 1 or gueltig_ab.month not in (1, 7):
        raise VerwendungsnachweisFehler("Ein Basiszinssatz gilt ab dem 1. Januar oder dem 1. Juli (§ 247 Abs. 2 "
                                        "BGB); bitte wählen Sie einen dieser Tage.", feld="gueltig_ab")
    try:
        prozent = Decimal(prozent)
    except (InvalidOperation, TypeError):
        raise VerwendungsnachweisFehler("Bitte geben Sie den Basiszinssatz als Zahl an, z. B. 1,27.",
                                        feld="prozent") from None
    if not prozent.is_finite() or prozent != prozent.quantize(Decimal("0.01")) or abs(prozent) >= 100:
        raise VerwendungsnachweisFehler("Der Basiszinssatz hat höchstens zwei Nachkommastellen und liegt zwischen "
                                        "-99,99 und 99,99 %.", feld="prozent")
    satz = Basiszinssatz.objects.select_for_update().filter(gueltig_ab=gueltig_ab).first()
    vorher = None if satz is None else str(satz.prozent)
    if satz is None:
        satz = Basiszinssatz(gueltig_ab=gueltig_ab)
    elif satz.prozent == prozent and satz.quelle == quelle:
        return satz
    satz.prozent = prozent
    satz.quelle = quelle
    satz.erfasst_von = benutzer
    satz.save()
    protokolliere(satz, benutzer, "Basiszinssatz erfasst" if vorher is None else "Basiszinssatz geändert",
                  daten={"gueltig_ab": gueltig_ab.isoformat(), "vorher": vorher, "prozent": str(prozent),
                         "quelle": quelle})
    return satz
