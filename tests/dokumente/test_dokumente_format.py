"""German formatting filters of ``{% load kim_format %}``: 57.000,00 €, 31.01.2027 — independent of locale."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from kim_foerderung.dokumente.templatetags.kim_format import datum_de, euro


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        (Decimal("0"), "0,00 €"),
        (0, "0,00 €"),
        (Decimal("0.005"), "0,01 €"),  # half-up, not banker's rounding
        (Decimal("0.015"), "0,02 €"),
        (Decimal("0.025"), "0,03 €"),
        (Decimal("0.004"), "0,00 €"),
        (Decimal("57000"), "57.000,00 €"),
        (Decimal("999.995"), "1.000,00 €"),
        (Decimal("1234567.891"), "1.234.567,89 €"),
        (Decimal("-1234.5"), "-1.234,50 €"),
        (Decimal("-0.005"), "-0,01 €"),
        (Decimal("-0.004"), "0,00 €"),  # no "-0,00 €"
        (Decimal("1E+3"), "1.000,00 €"),
        ("22500.00", "22.500,00 €"),
        (None, "–"),
        ("", "–"),
        ("kein Betrag", ""),
        (Decimal("NaN"), ""),
        (Decimal("Infinity"), ""),
    ],
)
def test_euro(wert, erwartet):
    assert euro(wert) == erwartet


def test_euro_ohne_float_rechnung():
    # 0.1 + 0.2 as float is 0.30000000000000004; the filter never computes with floats.
    assert euro(Decimal("0.1") + Decimal("0.2")) == "0,30 €"
    assert euro(2.675) == "2,68 €"  # a float is taken by its decimal text "2.675", not its binary value


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        (date(2027, 1, 31), "31.01.2027"),
        (date(2025, 5, 1), "01.05.2025"),
        (datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")), "01.01.2026"),  # Europe/Berlin
        (datetime(2025, 3, 2, 8, 0), "02.03.2025"),
        ("2026-10-31", "31.10.2026"),
        (None, "–"),
        ("kein Datum", ""),
    ],
)
def test_datum_de(wert, erwartet):
    assert datum_de(wert) == erwartet


@pytest.mark.parametrize("sprache", ["de", "en"])
def test_im_template_unabhaengig_von_locale(sprache, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    vorlage = Template("{% load kim_format %}{{ b|euro }} | {{ d|datum_de }} | {{ n|euro }}")
    with translation.override(sprache):
        text = vorlage.render(Context({"b": Decimal("57000"), "d": date(2027, 1, 31), "n": None}))
    assert text == "57.000,00 € | 31.01.2027 | –"
