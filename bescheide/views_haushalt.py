"""Thin views of the Haushaltsmittel page and the Verteilungsvorschlag (Nr. 1.3, 5.4.1)."""
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kim_foerderung import regeln
from kim_foerderung.bestaetigung import bestaetigung_erforderlich
from kim_foerderung.stammdaten import services as stammdaten_services
from kim_foerderung.dokumente.templatetags.kim_format import euro_text
from kim_foerderung.fehler import FachlicherFehler, fehler_melden
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import haushalt
from .forms import CMKontingentForm, HaushaltsmittelForm

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


def _haushalt_seite(request, jahr, *, mittel_form=None, kontingent_form=None, status=200):
    uebersicht = haushalt.haushaltsuebersicht(jahr)
    ist_admin = hat_rolle(request.user, Rolle.ADMIN)
    kontext = {
        "u": uebersicht,
        "diagramm": _diagramm(uebersicht),
        "jahre": haushalt.FOERDERJAHRE,
        "ist_admin": ist_admin,
        "darf_verteilen": hat_rolle(request.user, Rolle.SACHBEARBEITUNG),
    }
    if ist_admin:  # Issue 14 item 10: Admin enters both in the app, not only in /admin/
        kontext["mittel_form"] = mittel_form or HaushaltsmittelForm(
            initial={"betrag": uebersicht.betrag, "bemerkung": uebersicht.mittel.bemerkung if uebersicht.mittel else ""},
            prefix="mittel")
        kontext["kontingent_form"] = kontingent_form or CMKontingentForm(prefix="kontingent")
    return render(request, "bescheide/haushalt.html", kontext, status=status)


@seite_zwischenspeichern
@require_GET
@rolle_erforderlich(*HAUSHALT_ROLLEN)
def haushalt_jahr(request, jahr):
    _jahr_pruefen(jahr)
    return _haushalt_seite(request, jahr)


def _fehler_ins_formular(form, fehler):
    form.add_error(fehler.feld if fehler.feld in form.fields else None, fehler.meldung)


@require_POST
@rolle_erforderlich(Rolle.ADMIN)
def haushaltsmittel_speichern(request, jahr):
    """Admin: the Haushaltsmittel of the year (Nr. 1.3), audited; the page and its chart show the new amount."""
    _jahr_pruefen(jahr)
    form = HaushaltsmittelForm(request.POST, prefix="mittel")
    if form.is_valid():
        try:
            mittel = stammdaten_services.haushaltsmittel_festlegen(
                request.user, jahr, form.cleaned_data["betrag"], form.cleaned_data["bemerkung"])
        except FachlicherFehler as fehler:
            _fehler_ins_formular(form, fehler)
        else:
            messages.success(request, f"Die Haushaltsmittel {jahr} sind gespeichert: {euro_text(mittel.betrag)}.")
            uebersicht = haushalt.haushaltsuebersicht(jahr)
            if uebersicht.verbleibend is not None and uebersicht.verbleibend < 0:
                messages.warning(request, f"Die Höchstbeträge in Kraft ({euro_text(uebersicht.bewilligt)}) "
                                          f"übersteigen die Haushaltsmittel um {euro_text(-uebersicht.verbleibend)}.")
            return redirect("haushalt_jahr", jahr=jahr)
    return _haushalt_seite(request, jahr, mittel_form=form, status=400)


@require_POST
@rolle_erforderlich(Rolle.ADMIN)
def cm_kontingent_speichern(request, jahr):
    """Admin: set or remove one Kommune's CM-Kontingent of the year (Nr. 2.2), audited on the Kommune."""
    _jahr_pruefen(jahr)
    form = CMKontingentForm(request.POST, prefix="kontingent")
    entfernen = request.POST.get("entfernen") == "ja"
    if form.is_valid():
        kommune = form.cleaned_data["kommune"]
        vzae = None if entfernen else form.cleaned_data["vzae"]
        try:
            stammdaten_services.cm_kontingent_festlegen(request.user, kommune, jahr, vzae)
        except FachlicherFehler as fehler:
            _fehler_ins_formular(form, fehler)
        else:
            if vzae is None:
                messages.success(request, f"Das CM-Kontingent {jahr} von {kommune} ist aufgehoben.")
            else:
                messages.success(request, f"Das CM-Kontingent {jahr} von {kommune} ist auf "
                                          f"{regeln.zahl_de(vzae)} VZÄ festgelegt.")
            return redirect(f"{reverse('haushalt_jahr', args=[jahr])}#kontingente-titel")
    return _haushalt_seite(request, jahr, kontingent_form=form, status=400)


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
