"""German formatting for web and PDF templates: ``{% load kim_format %}``.

Independent of locale settings and of USE_THOUSAND_SEPARATOR: the formatting is done by hand, with Decimal
only (a float given by mistake is converted through its shortest decimal text, never computed with).
"""
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

from kim_foerderung import regeln

register = template.Library()

LEER = "–"
CENT = Decimal("0.01")


def _als_decimal(wert):
    if isinstance(wert, Decimal):
        return wert
    if isinstance(wert, bool):
        raise TypeError("Ein Wahrheitswert ist kein Geldbetrag.")
    if isinstance(wert, (int, float, str)):
        return Decimal(str(wert).strip())
    raise TypeError(f"{type(wert).__name__} ist kein Geldbetrag.")


def euro_text(wert):
    """Decimal → "57.000,00 €": cents rounded half-up, thousands with ".", negative with "-", None → "–"."""
    if wert is None or wert == "":
        return LEER
    try:
        betrag = _als_decimal(wert)
        if not betrag.is_finite():
            return ""
        betrag = betrag.quantize(CENT, rounding=ROUND_HALF_UP)
    except (TypeError, ValueError, InvalidOperation):
        return ""
    return regeln.betrag_de(betrag)  # one formatter for the whole project (regeln.geld)


def datum_text(wert):
    """date/datetime → "31.01.2027" (an aware datetime in Europe/Berlin first), None → "–"."""
    if wert is None or wert == "":
        return LEER
    if isinstance(wert, datetime):
        if timezone.is_aware(wert):
            wert = timezone.localtime(wert)
        wert = wert.date()
    elif isinstance(wert, str):
        try:
            wert = date.fromisoformat(wert.strip())
        except ValueError:
            return ""
    if not isinstance(wert, date):
        return ""
    return f"{wert.day:02d}.{wert.month:02d}.{wert.year:04d}"


@register.filter(name="euro")
def euro(wert):
    return euro_text(wert)


@register.filter(name="datum_de")
def datum_de(wert):
    return datum_text(wert)


@register.filter(name="zahl_de")
def zahl_de(wert):
    """Decimal → "0,75" / "3,5" (VZÄ and other plain numbers), None → "–"."""
    if wert is None or wert == "":
        return LEER
    try:
        return regeln.zahl_de(_als_decimal(wert))
    except (TypeError, ValueError, InvalidOperation):
        return ""
