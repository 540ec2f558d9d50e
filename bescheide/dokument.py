"""The Bescheid as a document (Anlage 2, Ablehnungs- and Änderungsbescheid): rendered once at release and
stored; before that, Sachbearbeitung and Zeichnung may look at the same text as an unstored draft PDF.

Both go through :func:`bescheid_vorlage` (template and context), so the preview shows exactly what the release
would render – only marked as ENTWURF, without number and signature, dated today.
"""
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.briefkopf import briefkopf
from kim_foerderung.dokumente.services import html_rendern, pdf_aus_html_zwischengespeichert, pdf_erzeugen
from kim_foerderung.dokumente.templatetags.kim_format import datum_de

from . import texte
from .models import ENTWURFS_STATUS, BescheidArt

TEMPLATES = {
    BescheidArt.ZUWENDUNG: "pdf/anlage2.html",
    BescheidArt.AENDERUNG: "pdf/anlage2.html",
    BescheidArt.ABLEHNUNG: "pdf/ablehnung.html",
}

# States whose text may still change: only these are shown as a draft PDF (never stored).
ENTWURF_STATUS = ENTWURFS_STATUS
ENTWURF_VERMERK = "ENTWURF – nicht bekanntgegeben, ohne Rechtswirkung"


def zahltermine(bescheid):
    """Nr. 7.3: two equal parts on 1 May and 1 October (cent remainder on the second), paid on the last TARGET
    day on or before each Termin, after Bestandskraft and on Mittelanforderung."""
    jahr = bescheid.foerderjahr
    teile = regeln.tranchen(Decimal(bescheid.hoechstbetrag))
    return [
        {"termin": termin, "zahltag": regeln.zahltag(termin), "betrag": betrag}
        for termin, betrag in zip(regeln.auszahlungstermine(jahr), teile)
    ]


def bescheid_kontext(bescheid, *, entwurf=False):
    """The template context of the Bescheid's document. ``entwurf``: the unsigned draft – no number, no signer,
    dated today, marked with ENTWURF_VERMERK (the templates decide by ``entwurf``)."""
    antrag = bescheid.antrag
    kommune = antrag.kommune
    stellen = list(bescheid.stellen.all())
    datum = zeit.heute() if entwurf else bescheid.freigegeben_am
    return {
        "brief": briefkopf(kommune, foerderjahr=antrag.foerderjahr, datum=datum, bearbeitung=bescheid.vorbereitet_von,
                           abteilung=antrag.ki_name, ersatz_anschrift=antrag.ki_anschrift,
                           zeilen=[("Bescheid-Nr.", "Nummer wird bei Zeichnung vergeben" if entwurf else bescheid.nummer),
                                   ("Ihr Antrag", f"{antrag.nummer} vom {datum_de(antrag.eingereicht_am)}")]),
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
        "entwurf": entwurf,
        "entwurf_vermerk": ENTWURF_VERMERK,
        "bescheid_datum": datum,
    }


def bescheid_vorlage(bescheid, *, entwurf=False):
    """``(template_name, context)`` of the Bescheid's document – the one source of both the released PDF and the
    draft preview."""
    return TEMPLATES[bescheid.art], bescheid_kontext(bescheid, entwurf=entwurf)


def bescheid_pdf_erzeugen(bescheid, user):
    template_name, kontext = bescheid_vorlage(bescheid)
    return pdf_erzeugen(
        schluessel=f"bescheid-{bescheid.pk}-{bescheid.nummer}",
        template_name=template_name,
        context=kontext,
        bezug=bescheid,
        kommune=bescheid.antrag.kommune,
        benutzer=user,
        titel=f"{bescheid.get_art_display()} {bescheid.nummer}",
        art="anlage2" if bescheid.art != BescheidArt.ABLEHNUNG else "ablehnung",
        dateiname=f"{bescheid.nummer}.pdf",
    )


def entwurf_dateiname(bescheid):
    kommune = bescheid.antrag.kommune
    return f"{slugify(bescheid.get_art_display())}-{kommune.ags}-{bescheid.foerderjahr}-entwurf.pdf"


def entwurf_pdf_bytes(bescheid):
    """The draft (status Entwurf or zur Zeichnung) as PDF bytes, rendered from the same template and context as
    the release but marked ENTWURF. Nothing is stored and nothing is logged: it is a read, like the detail page.
    The same draft text renders once (dokumente.services.pdf_aus_html_zwischengespeichert): Sachbearbeitung and
    Zeichnung opening it again get the same bytes without WeasyPrint."""
    if bescheid.status not in ENTWURF_STATUS:
        raise ValueError(f"Bescheid {bescheid.pk} ist kein Entwurf (Status {bescheid.status}).")
    template_name, kontext = bescheid_vorlage(bescheid, entwurf=True)
    zeitpunkt = timezone.localtime(zeit.jetzt()).replace(microsecond=0)
    kontext = {
        "dokument_titel": f"{bescheid.get_art_display()} – {ENTWURF_VERMERK}",
        "erstellt_am": zeitpunkt,
        "erstellt_am_iso": zeitpunkt.isoformat(),
        **kontext,
    }
    return pdf_aus_html_zwischengespeichert(html_rendern(template_name, kontext))
