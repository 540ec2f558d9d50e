"""Thin views of the Auszahlung: every write goes through one service function; domain errors are shown as
German messages (never a 500)."""
import base64
import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from kim_foerderung import regeln, zeit
from kim_foerderung import diagramm as kim_diagramm
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.zugang.rollen import LANDESROLLEN, Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import selectors, services
from .forms import AusgezahltForm, KlaerenForm, KontoauszugForm, MittelanforderungForm, NotizForm, StornoForm
from .models import LaufStatus
from .zugriff import antrag_ansicht, buchung_ansicht, kontoauszug_ansicht, lauf_ansicht, tranche_ansicht

FINANZEN = Rolle.FINANZEN


def _fehler(request, fehler):
    messages.error(request, fehler.meldung)
    for d in fehler.details:
        messages.warning(request, d)


# --- Kommune: Mittelanforderung and Tranchen ---------------------------------------------------------------


def _antrag_seite(request, antrag, form=None, status=200):
    bescheid, grund = services.mittelanforderung_voraussetzungen(antrag)
    anforderung = selectors.mittelanforderung_zum_antrag(request.user, antrag)
    darf_anfordern = (hat_rolle(request.user, Rolle.KOMMUNE) and request.user.kommune_id == antrag.kommune_id
                      and anforderung is None and grund is None)
    return render(request, "auszahlung/antrag.html", {
        "antrag": antrag, "bescheid": bescheid, "grund": grund, "anforderung": anforderung,
        # The Tranchen alone (the page has Antrag, Kommune and Bescheid already): no joins, issue 13.
        "tranchen": list(selectors.tranchen_fuer(request.user).filter(antrag=antrag).select_related(None)
                         .order_by("nummer")),
        "form": form or MittelanforderungForm(), "darf_anfordern": darf_anfordern,
        "ist_kommune": hat_rolle(request.user, Rolle.KOMMUNE), "erklaerung": services.ERKLAERUNG,
        "ausgezahlt_form": AusgezahltForm(), "ist_finanzen": hat_rolle(request.user, FINANZEN),
    }, status=status)


@seite_zwischenspeichern
@antrag_ansicht(Rolle.KOMMUNE, *LANDESROLLEN)
@require_safe
def auszahlung_antrag(request, antrag):
    return _antrag_seite(request, antrag)


@antrag_ansicht(Rolle.KOMMUNE)
@require_POST
def mittelanforderung_stellen(request, antrag):
    form = MittelanforderungForm(request.POST)
    if not form.is_valid():
        return _antrag_seite(request, antrag, form=form, status=400)
    try:
        services.mittelanforderung_stellen(antrag=antrag, benutzer=request.user,
                                           erklaerung=form.cleaned_data["erklaerung"])
    except FachlicherFehler as fehler:
        form.add_error(fehler.feld if fehler.feld in form.fields else None, fehler.meldung)
        return _antrag_seite(request, antrag, form=form, status=400)
    messages.success(request, "Ihre Mittelanforderung ist eingegangen. Ausgezahlt wird zum 1. Mai und 1. Oktober "
                              "nach Freigabe des Zahlungslaufs.")
    return redirect("auszahlung_antrag", antrag_pk=antrag.pk)


@tranche_ansicht(FINANZEN)
@require_POST
def tranche_ausgezahlt(request, tranche):
    form = AusgezahltForm(request.POST)
    if form.is_valid():
        try:
            services.manuell_ausgezahlt(tranche=tranche, benutzer=request.user, am=form.cleaned_data["am"],
                                        grund=form.cleaned_data["grund"])
        except FachlicherFehler as fehler:
            _fehler(request, fehler)
        else:
            messages.success(request, "Die Tranche ist als ausgezahlt gebucht.")
    else:
        for fehler in form.errors.values():
            messages.error(request, fehler[0])
    return redirect("auszahlung_antrag", antrag_pk=tranche.antrag_id)


# --- Finanzen: Zahlungsläufe -------------------------------------------------------------------------------


@seite_zwischenspeichern
@rolle_erforderlich(FINANZEN)
@require_safe
def zahlungslauf_liste(request):
    # The list shows the runs' own columns only: no joins to persons and files (issue 13).
    laeufe = selectors.zahlungslaeufe_fuer(request.user).select_related(None).order_by("-vorbereitet_am", "-pk")
    status = request.GET.get("status", "")
    if status in LaufStatus.values:
        laeufe = laeufe.filter(status=status)
    seite = Paginator(laeufe, 25).get_page(request.GET.get("seite"))
    return render(request, "auszahlung/laeufe.html", {"seite": seite, "status": status,
                                                      "status_auswahl": LaufStatus.choices})


@rolle_erforderlich(FINANZEN)
@require_POST
def zahlungslauf_vorbereiten(request):
    try:
        lauf = services.zahlungslauf_vorbereiten(benutzer=request.user, von_hand=True)
    except FachlicherFehler as fehler:
        _fehler(request, fehler)
        return redirect("start_finanzen")
    if lauf is None:
        messages.info(request, "Zurzeit ist keine Tranche fällig, die nicht schon in einem Zahlungslauf ist.")
        return redirect("start_finanzen")
    messages.success(request, f"Der Zahlungslauf {lauf.nummer} ist vorbereitet.")
    return redirect("zahlungslauf_detail", lauf_pk=lauf.pk)


def _lauf_seite(request, lauf, status=200, **formulare):
    return render(request, "auszahlung/lauf.html", {
        "lauf": lauf, "posten": selectors.posten_im_lauf(lauf),
        "darf_feststellen": hat_rolle(request.user, FINANZEN) and lauf.status == LaufStatus.VORBEREITET,
        "darf_anordnen": services.darf_anordnen(lauf, request.user),
        "notiz_form": formulare.get("notiz_form") or NotizForm(),
        "storno_form": formulare.get("storno_form") or StornoForm(),
    }, status=status)


@seite_zwischenspeichern
@lauf_ansicht(FINANZEN)
@require_safe
def zahlungslauf_detail(request, lauf):
    return _lauf_seite(request, lauf)


def _lauf_aktion(request, lauf, funktion, erfolg, **werte):
    try:
        funktion(lauf=lauf, benutzer=request.user, **werte)
    except FachlicherFehler as fehler:
        _fehler(request, fehler)
    except Zugriffsverweigert as verweigert:  # four-eyes by person: said on the run's page, not as a 403
        messages.error(request, str(verweigert))
    else:
        messages.success(request, erfolg)
    return redirect("zahlungslauf_detail", lauf_pk=lauf.pk)


@lauf_ansicht(FINANZEN)
@require_POST
def zahlungslauf_feststellen(request, lauf):
    return _lauf_aktion(request, lauf, services.feststellen,
                        "Sie haben den Zahlungslauf sachlich und rechnerisch richtig festgestellt.")


@lauf_ansicht(FINANZEN)
@require_POST
def zahlungslauf_anordnen(request, lauf):
    return _lauf_aktion(request, lauf, services.anordnen,
                        "Der Zahlungslauf ist angeordnet; SEPA-Datei und Auszahlungsliste sind gespeichert.")


@lauf_ansicht(FINANZEN)
@require_POST
def zahlungslauf_zurueckgeben(request, lauf):
    form = NotizForm(request.POST)
    if not form.is_valid():
        return _lauf_seite(request, lauf, status=400, notiz_form=form)
    return _lauf_aktion(request, lauf, services.zurueckgeben, "Der Zahlungslauf ist zurückgegeben.",
                        notiz=form.cleaned_data["notiz"])


@lauf_ansicht(FINANZEN)
@require_POST
def zahlungslauf_stornieren(request, lauf):
    form = StornoForm(request.POST)
    if not form.is_valid():
        return _lauf_seite(request, lauf, status=400, storno_form=form)
    return _lauf_aktion(request, lauf, services.stornieren, "Der Zahlungslauf ist storniert.",
                        grund=form.cleaned_data["grund"])


# --- Finanzen: Buchung ----------------------------------------------------------------------------------------


def _buchungen_seite(request, form=None, status=200):
    return render(request, "auszahlung/buchungen.html", {
        "form": form or KontoauszugForm(),
        # Only the columns shown (every joined column costs compile time, issue 13).
        "zu_klaeren": list(selectors.zu_klaerende_buchungen(request.user).select_related(None)[:100]),
        "angewiesen": list(selectors.angewiesene_tranchen(request.user).select_related(None)
                           .select_related("antrag__kommune")
                           .only("nummer", "nachzahlung", "betrag", "ende_zu_ende_id", "antrag__foerderjahr",
                                 "antrag__kommune__name", "antrag__kommune__art")[:100]),
    }, status=status)


@seite_zwischenspeichern
@rolle_erforderlich(FINANZEN)
def buchungen(request):
    if request.method != "POST":
        return _buchungen_seite(request)
    form = KontoauszugForm(request.POST, request.FILES)
    if not form.is_valid():
        return _buchungen_seite(request, form=form, status=400)
    datei = form.cleaned_data["datei"]
    try:
        auszug, neu = services.kontoauszug_einlesen(inhalt=datei.read(), dateiname=datei.name,
                                                   benutzer=request.user)
    except FachlicherFehler as fehler:
        form.add_error("datei", fehler.meldung)
        return _buchungen_seite(request, form=form, status=400)
    if neu:
        messages.success(request, "Der Kontoauszug ist eingelesen.")
    else:
        messages.info(request, "Diese Datei ist bereits eingelesen; es hat sich nichts geändert.")
    return redirect("kontoauszug_detail", auszug_pk=auszug.pk)


@kontoauszug_ansicht(FINANZEN)
@require_safe
def kontoauszug_detail(request, auszug):
    return render(request, "auszahlung/kontoauszug.html", {
        "auszug": auszug, "buchungen": selectors.buchungen_im_auszug(auszug), "form": KlaerenForm()})


@buchung_ansicht(FINANZEN)
@require_POST
def buchung_klaeren(request, buchung):
    form = KlaerenForm(request.POST)
    if form.is_valid():
        try:
            services.buchung_klaeren(buchung=buchung, benutzer=request.user, notiz=form.cleaned_data["notiz"])
        except FachlicherFehler as fehler:
            _fehler(request, fehler)
        else:
            messages.success(request, "Die Buchung ist als geklärt vermerkt.")
    else:
        messages.error(request, "Bitte beschreiben Sie, wie die Buchung geklärt ist.")
    return redirect("kontoauszug_detail", auszug_pk=buchung.kontoauszug_id)


# --- Finanzen: Übersicht je Förderjahr und Termin ----------------------------------------------------------


def _jahr(request):
    try:
        jahr = int(request.GET.get("jahr", ""))
    except ValueError:
        jahr = zeit.heute().year
    return min(max(jahr, regeln.FOERDERJAHRE[0]), regeln.FOERDERJAHRE[-1])


SPALTEN = [("geplant", "geplant/gesperrt"), ("faellig", "fällig"), ("vorbereitet", "im Zahlungslauf"),
           ("angewiesen", "angewiesen"), ("ausgezahlt", "ausgezahlt")]


def diagramm_svg(zeilen, jahr):
    """The money flow of the year per Termin as a stacked bar chart, rendered on the server by pygal (once per
    picture)."""
    import pygal
    from pygal.style import Style

    stil = Style(background="white", plot_background="white", foreground="#212529", foreground_strong="#212529",
                 foreground_subtle="#495057", font_family="DejaVu Sans, sans-serif",
                 colors=("#adb5bd", "#fd7e14", "#6f42c1", "#0d6efd", "#198754"))
    x_labels = [f"{z['termin']:%d.%m.%Y}" for z in zeilen]
    reihen = [(name, [float(z[schluessel]) for z in zeilen]) for schluessel, name in SPALTEN]

    def zeichnen():
        diagramm = pygal.StackedBar(style=stil, js=[], disable_xml_declaration=True, height=320, width=720,
                                    legend_at_bottom=True, title=f"Auszahlungen {jahr} je Termin (Euro)",
                                    value_formatter=lambda x: regeln.betrag_de(x))
        diagramm.x_labels = x_labels
        for name, werte in reihen:
            diagramm.add(name, werte)
        return diagramm.render(is_unicode=True)

    # Drawn once per picture (kim_foerderung.diagramm): the inputs are the year, the Termine and the sums.
    return kim_diagramm.gezeichnet(("auszahlung_je_termin", jahr, x_labels, reihen), zeichnen)


@seite_zwischenspeichern
@rolle_erforderlich(FINANZEN)
@require_safe
def auszahlung_uebersicht(request):
    jahr = _jahr(request)
    zeilen = selectors.uebersicht(request.user, jahr)
    svg = diagramm_svg(zeilen, jahr) if zeilen else ""
    zusammenfassung = "; ".join(
        f"{z['termin']:%d.%m.%Y}: " + ", ".join(f"{name} {regeln.betrag_de(z[s])}" for s, name in SPALTEN)
        for z in zeilen)
    tranchen = (selectors.tranchen_fuer(request.user).filter(antrag__foerderjahr=jahr).select_related(None)
                .select_related("antrag__kommune")
                .only("nummer", "termin", "betrag", "status", "ausgezahlt_am", "antrag__kommune__name", "antrag__kommune__art")
                .order_by("antrag__kommune__name", "nummer"))
    seite = Paginator(tranchen, 50).get_page(request.GET.get("seite"))
    return render(request, "auszahlung/uebersicht.html", {
        "jahr": jahr, "jahre": list(regeln.FOERDERJAHRE), "zeilen": zeilen, "spalten": SPALTEN,
        "diagramm": base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else "",
        "zusammenfassung": zusammenfassung, "seite": seite,
    })


@seite_zwischenspeichern
@rolle_erforderlich(FINANZEN)
@require_safe
def auszahlung_csv(request):
    jahr = _jahr(request)
    antwort = HttpResponse(content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="auszahlungen-{jahr}.csv"'
    antwort.write("\ufeff")
    schreiber = csv.writer(antwort, delimiter=";")
    schreiber.writerow(["Förderjahr", "AGS", "Kommune", "Rate", "Termin", "Zahltag", "Betrag", "Status",
                        "ausgezahlt am", "Bescheid", "EndToEndId"])
    for t in selectors.tranchen_tabelle(request.user, jahr):
        schreiber.writerow([jahr, t.antrag.kommune.ags, str(t.antrag.kommune), t.nummer, f"{t.termin:%d.%m.%Y}",
                            f"{t.zahltag:%d.%m.%Y}" if t.zahltag else "", regeln.zahl_de(t.betrag, 2),
                            t.get_status_display(), f"{t.ausgezahlt_am:%d.%m.%Y}" if t.ausgezahlt_am else "",
                            t.bescheid.nummer or "", t.ende_zu_ende_id])
    return antwort



