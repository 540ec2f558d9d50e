"""The Bescheid as a document (Anlage 2, Ablehnungs- and Änderungsbescheid) rendered once at release."""
from decimal import Decimal

from django.conf import settings

from kim_foerderung import regeln
from kim_foerderung.dokumente.services import pdf_erzeugen

from . import texte
from .models import BescheidArt

TEMPLATES = {
    BescheidArt.ZUWENDUNG: "pdf/anlage2.html",
    BescheidArt.AENDERUNG: "pdf/anlage2.html",
    BescheidArt.ABLEHNUNG: "pdf/ablehnung.html",
}


def zahltermine(bescheid):
    """Nr. 7.3: two equal parts on 1 May and 1 October (cent remainder on the second), paid on the last TARGET
    day on or before each Termin, after Bestandskraft and on Mittelanforderung."""
    jahr = bescheid.foerderjahr
    teile = regeln.tranchen(Decimal(bescheid.hoechstbetrag))
    return [
        {"termin": termin, "zahltag": regeln.zahltag(termin), "betrag": betrag}
        for termin, betrag in zip(regeln.auszahlungstermine(jahr), teile)
    ]


def bescheid_kontext(bescheid):
    antrag = bescheid.antrag
    kommune = antrag.kommune
    stellen = list(bescheid.stellen.all())
    return {
        "bescheid": bescheid,
        "antrag": antrag,
        "kommune": kommune,
        "stellen": stellen,
        "gekuerzte_stellen": [s for s in stellen if s.gekuerzt or not s.bewilligt],
        "summen": {k: Decimal(v) for k, v in bescheid.summen.items()},
        "befunde": bescheid.befunde,
        "bewilligungszeitraum": (f"01.01.{antrag.foerderjahr}", f"31.12.{antrag.foerderjahr}"),
        "zahltermine": zahltermine(bescheid),
        "vn_frist": regeln.verwendungsnachweis_frist(antrag.foerderjahr),
        "auflagen": texte.AUFLAGEN,
        "nebenbestimmungen": texte.NEBENBESTIMMUNGEN,
        "rechtsbehelfsbelehrung": texte.rechtsbehelfsbelehrung(kommune),
        "behoerde": settings.KIM_BEWILLIGUNGSBEHOERDE,
        "behoerde_anschrift": settings.KIM_BEHOERDE_ANSCHRIFT,
        "ersetzt": bescheid.ersetzt,
        "gilt_ab": regeln.MONATSNAMEN[bescheid.gilt_ab_monat - 1] if bescheid.gilt_ab_monat else None,
        "bekanntgabe_tage": settings.KIM_BEKANNTGABE_TAGE,
    }


def bescheid_pdf_erzeugen(bescheid, user):
    return pdf_erzeugen(
        schluessel=f"bescheid-{bescheid.pk}-{bescheid.nummer}",
        template_name=TEMPLATES[bescheid.art],
        context=bescheid_kontext(bescheid),
        bezug=bescheid,
        kommune=bescheid.antrag.kommune,
        benutzer=user,
        titel=f"{bescheid.get_art_display()} {bescheid.nummer}",
        art="anlage2" if bescheid.art != BescheidArt.ABLEHNUNG else "ablehnung",
        dateiname=f"{bescheid.nummer}.pdf",
    )
