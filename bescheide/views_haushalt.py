"""Thin views of the Haushaltsmittel page and the Verteilungsvorschlag (Nr. 1.3, 5.4.1)."""
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kim_foerderung.bestaetigung import bestaetigung_erforderlich
from kim_foerderung.dokumente.templatetags.kim_format import euro_text
from kim_foerderung.fehler import FachlicherFehler, fehler_melden
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import haushalt

HAUSHALT_ROLLEN = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG, Rolle.FINANZEN, Rolle.ADMIN)

# Geometry of the bar chart (SVG user units; the SVG scales to the column width).
DIAGRAMM_BREITE = 640
BALKEN_HOEHE = 22
ZEILEN_HOEHE = 52


def _jahr_pruefen(jahr):
    if jahr not in haushalt.FOERDERJAHRE:
        raise Http404("Förderjahre sind nur 2025 bis 2028.")


def _diagramm(uebersicht):
    """Bars for Haushaltsmittel, bewilligt and in Prüfung, scaled to the largest; widths as plain text with a
    decimal point (SVG attributes, never localised)."""
    posten = [
        ("Haushaltsmittel", uebersicht.betrag, "#0b4f71"),
        ("bewilligt", uebersicht.bewilligt, "#146c43"),
        ("in Prüfung", uebersicht.in_pruefung, "#6f42c1"),
    ]
    groesster = max((b for _n, b, _f in posten if b), default=Decimal(0))
    balken = []
    for i, (name, betrag, farbe) in enumerate(posten):
        anteil = (betrag or Decimal(0)) / groesster if groesster > 0 else Decimal(0)
        breite = (anteil * DIAGRAMM_BREITE).quantize(Decimal("0.1"))
        if betrag and breite < 1:
            breite = Decimal(1)  # a tiny amount stays visible
        text = f"{name}: {euro_text(betrag) if betrag is not None else 'nicht erfasst'}"
        balken.append({
            "name": name, "betrag": betrag, "text": text, "fill": farbe, "breite": str(breite),
            "text_y": str(i * ZEILEN_HOEHE + 16), "balken_y": str(i * ZEILEN_HOEHE + 22),
        })
    return {
        "balken": balken,
        "breite": str(DIAGRAMM_BREITE),
        "hoehe": str(len(posten) * ZEILEN_HOEHE),
        "hoehe_balken": str(BALKEN_HOEHE),
        "zusammenfassung": f"Förderjahr {uebersicht.jahr}: " + "; ".join(b["text"] for b in balken) + ".",
    }


@rolle_erforderlich(*HAUSHALT_ROLLEN)
def haushalt_start(request):
    return redirect("haushalt_jahr", jahr=haushalt.standard_foerderjahr())


@seite_zwischenspeichern
@require_GET
@rolle_erforderlich(*HAUSHALT_ROLLEN)
def haushalt_jahr(request, jahr):
    _jahr_pruefen(jahr)
    uebersicht = haushalt.haushaltsuebersicht(jahr)
    return render(request, "bescheide/haushalt.html", {
        "u": uebersicht,
        "diagramm": _diagramm(uebersicht),
        "jahre": haushalt.FOERDERJAHRE,
        "ist_admin": hat_rolle(request.user, Rolle.ADMIN),
        "darf_verteilen": hat_rolle(request.user, Rolle.SACHBEARBEITUNG),
    })


@seite_zwischenspeichern
@require_GET
@rolle_erforderlich(Rolle.SACHBEARBEITUNG)
def verteilung(request, jahr):
    _jahr_pruefen(jahr)
    return render(request, "bescheide/verteilung.html", {
        "v": haushalt.verteilungsvorschlag(jahr),
        "jahre": haushalt.FOERDERJAHRE,
        "grund": haushalt.HAUSHALT_GRUND,
    })


@require_POST
@rolle_erforderlich(Rolle.SACHBEARBEITUNG)
@bestaetigung_erforderlich(
    titel="Vorschlag übernehmen", knopf="Vorschlag jetzt übernehmen",
    text="Die vorgeschlagenen Beträge werden in die Bescheid-Entwürfe dieses Jahres übernommen.")
def verteilung_uebernehmen(request, jahr):
    _jahr_pruefen(jahr)
    try:
        ergebnis = haushalt.vorschlag_uebernehmen(jahr, request.user)
    except FachlicherFehler as fehler:
        fehler_melden(request, fehler)
        return redirect("verteilung", jahr=jahr)
    anzahl = len(ergebnis.bescheide)
    if anzahl:
        messages.success(request, f"Der Verteilungsvorschlag {jahr} ist in {anzahl} "
                                  f"{'Bescheidentwurf' if anzahl == 1 else 'Bescheidentwürfe'} übernommen.")
    else:
        messages.warning(request, f"Der Verteilungsvorschlag {jahr} wurde in keinen Bescheidentwurf übernommen.")
    for hinweis in ergebnis.hinweise:
        messages.warning(request, hinweis)
    return redirect("verteilung", jahr=jahr)
