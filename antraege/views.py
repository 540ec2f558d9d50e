"""Thin views of the Antrag: fetch through selectors (scoped), write through services, render German pages."""
import copy
import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kim_foerderung import listen, regeln, zeit
from kim_foerderung.fehler import FachlicherFehler, fehler_melden
from kim_foerderung.zugang.rollen import LANDESROLLEN, Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, darf, rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import selectors, services
from .forms import (
    AntragstellerForm,
    AntwortForm,
    BegleitmassnahmenForm,
    FristausnahmeForm,
    NachforderungForm,
    NachtraeglicheFristausnahmeForm,
    NeuerAntragForm,
    StellenFormSet,
    UebernahmeForm,
    UploadForm,
    VoraussetzungenForm,
    WeiterleitungForm,
    ZurueckziehenForm,
)
from .dokument import anlage1_kontext
from .models import ENTSCHEIDBARE_STATUS, OFFENE_STATUS, AntragStatus, Stelle
from .rechnen import zusammenfassung_aus_post
from . import tables
from .zugriff import antrag_zuerst, geladener_antrag

ALLE_ROLLEN = (Rolle.KOMMUNE, *LANDESROLLEN)

ABSCHNITT_FORMULARE = {
    "antragsteller": AntragstellerForm,
    "voraussetzungen": VoraussetzungenForm,
    "begleitmassnahmen": BegleitmassnahmenForm,
}


def _stellen_formset(antrag, data=None):
    # To show the page: the Stellen antrag_fuer already fetched (ordered as the model, no second query); to save,
    # the rows as stored now.
    queryset = antrag.stellen.all() if data is None else Stelle.objects.filter(antrag=antrag)
    return StellenFormSet(data, queryset=queryset, prefix="stellen")


def _stellen_zeilen(formset):
    """The Stellen table of a valid formset as plain rows for services.stellen_speichern."""
    return [
        {"pk": form.instance.pk, "loeschen": bool(form.cleaned_data.get("DELETE")),
         **{feld: form.cleaned_data.get(feld) for feld in services.STELLEN_FELDER if feld in form.cleaned_data}}
        for form in formset.forms if form.cleaned_data
    ]


def _kontext(request, antrag, gebunden=None):
    """Everything the Antrag page shows; ``gebunden`` replaces one section's form by its bound version."""
    gebunden = gebunden or {}
    ergebnis = services.berechnung(antrag)
    darf_bearbeiten = darf(request.user, "antrag.bearbeiten", antrag) and antrag.bearbeitbar
    # The Antragsfrist is shown for an Entwurf and checked before submitting; otherwise the page needs no query for it.
    if darf_bearbeiten or antrag.status == AntragStatus.ENTWURF:
        frist, ausnahme = services.frist_fuer(antrag.kommune, antrag.foerderjahr)
    else:
        frist, ausnahme = None, None
    kontext = {
        "antrag": antrag,
        "ergebnis": ergebnis,
        "frist": frist,
        "ausnahme": ausnahme,
        "frist_tage": (frist - zeit.heute()).days if frist else None,
        "heute": zeit.heute(),
        "darf_bearbeiten": darf_bearbeiten,
        "darf_pruefen": darf(request.user, "antrag.pruefen", antrag),
        "ist_kommune": hat_rolle(request.user, Rolle.KOMMUNE),
        # What the template offers, decided here with the named status sets (no status tests in templates).
        "darf_zurueckziehen": hat_rolle(request.user, Rolle.KOMMUNE) and antrag.status in OFFENE_STATUS,
        "erneut_einreichen": antrag.status == AntragStatus.NACHFORDERUNG,
        "darf_pruefung_beginnen": antrag.status == AntragStatus.EINGEREICHT,
        "darf_nachfordern": antrag.status in ENTSCHEIDBARE_STATUS,
        "maengel": services.einreichungsmaengel(antrag, ergebnis) if darf_bearbeiten else [],
        "hinweise": (selectors.einreichungshinweise(antrag, ergebnis, frist=(frist, ausnahme))
                     if darf_bearbeiten else []),
        "offene_nachforderung": next((n for n in antrag.nachforderungen.all() if not n.beantwortet_am), None),
        "nachforderungsrunden": selectors.nachforderungsrunden(antrag),
        "nachforderung_form": gebunden.get("nachforderung") or NachforderungForm(heute=zeit.heute()),
        "antwort_form": gebunden.get("antwort") or AntwortForm(),
        "upload_form": UploadForm(),
        "uebernahme_hinweise": selectors.uebernahme_hinweise(antrag) if darf_bearbeiten else [],
        "naechster_schritt": selectors.naechster_schritt(antrag),
    }
    # "Nächste Schritte" only with something in it (never an empty heading).
    kontext["aktionen_sichtbar"] = bool(
        kontext["naechster_schritt"] or darf_bearbeiten or kontext["darf_zurueckziehen"] or kontext["darf_pruefen"])
    if darf_bearbeiten:
        for name, form_klasse in ABSCHNITT_FORMULARE.items():
            kontext[f"form_{name}"] = gebunden.get(name) or form_klasse(instance=antrag, prefix=name)
        kontext["stellen_formset"] = gebunden.get("stellen") or _stellen_formset(antrag)
        kontext["weiterleitung_form"] = gebunden.get("weiterleitung") or WeiterleitungForm(
            antrag=antrag, prefix="weiterleitung"
        )
    return kontext


def _abschnitt_antwort(request, template, kontext):
    """An htmx section answer: the section, and "Nächste Schritte" out of band, so "Vor dem Einreichen fehlt noch"
    follows each save without a reload."""
    antwort = render(request, template, kontext)
    antwort.content += render_to_string("antraege/_aktionen.html", {**kontext, "oob": True}, request=request).encode()
    if kontext.get("darf_bearbeiten") and kontext["antrag"].uebernommen_aus_id:
        antwort.content += render_to_string("antraege/_uebernahme.html", {**kontext, "oob": True},
                                            request=request).encode()
    antwort["HX-Trigger"] = "antrag-geaendert"
    return antwort


def _nicht_bearbeitbar(request, antrag):
    """The Antrag is not (or no longer) editable by this user: say so in German and show the Antrag again."""
    if not darf(request.user, "antrag.bearbeiten", antrag):
        raise Zugriffsverweigert("Nur die antragstellende Kommune kann ihren Antrag bearbeiten.")
    messages.error(request, f"Der Antrag ist „{antrag.get_status_display()}“ und kann nicht mehr geändert werden.")
    ziel = reverse("antrag_detail", args=[antrag.pk])
    if getattr(request, "htmx", False):
        antwort = HttpResponse(status=204)
        antwort["HX-Redirect"] = ziel
        return antwort
    return redirect(ziel)


def _htmx_anmeldung_abgelaufen(request):
    """An htmx request after the session expired: send the browser to the login page (the typed values are
    kept in the browser's local storage by kim.js and restored after login)."""
    antwort = HttpResponse(status=401)
    ziel = request.headers.get("HX-Current-URL") or reverse("antraege_liste")
    antwort["HX-Redirect"] = f"{reverse('login')}?next={ziel}"
    return antwort


def ziel_nach_anmeldung(request, zurueck=None):
    """Where login should lead back to. A GET comes back to itself; a POST-only URL (einreichen, antworten,
    entfernen …) would answer 405 to the GET after login, so a POST leads to ``zurueck`` (the Antrag's page or
    the page the form was on), else to the list of Anträge."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return zurueck or reverse("antraege_liste")


def anmeldung_erforderlich(view=None, *, rollen=ALLE_ROLLEN, zurueck_zu=None):
    """Login and one of ``rollen`` required. After the session expired, an htmx request gets HX-Redirect to the
    login; a plain POST is not carried out and login leads back to the Antrag's page (never to the POST-only
    URL itself; ``zurueck_zu`` names the page for views without an Antrag), with a message that says to repeat
    the step."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    return _htmx_anmeldung_abgelaufen(request)
                if request.method not in ("GET", "HEAD"):
                    if "pk" in kwargs:
                        zurueck = reverse("antrag_detail", args=[kwargs["pk"]])
                    else:
                        zurueck = reverse(zurueck_zu) if zurueck_zu else None
                    messages.warning(request, "Ihre Anmeldung war abgelaufen; der letzte Schritt wurde nicht "
                                              "ausgeführt. Bitte melden Sie sich an und wiederholen Sie ihn.")
                    return redirect_to_login(ziel_nach_anmeldung(request, zurueck))
            return rolle_erforderlich(*rollen)(view)(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


# --- lists ------------------------------------------------------------------------------------------------


@seite_zwischenspeichern
@anmeldung_erforderlich
def antraege_liste(request):
    if hat_rolle(request.user, *LANDESROLLEN):
        return _liste_bezirksregierung(request)
    antraege = list(selectors.antraege_fuer(request.user))
    # One query for all Fristausnahmen of the Kommune, not one per row.
    fristen = services.fristen_der_kommune(request.user.kommune)
    zeilen = [{"antrag": a, "naechste_frist": _naechste_frist(a, fristen[a.foerderjahr][0])} for a in antraege]
    belegte = {a.foerderjahr for a in antraege if a.status != AntragStatus.ZURUECKGEZOGEN}
    # Only Förderjahre the Kommune can still apply for (no Antrag yet, Frist running or year not begun), the
    # first with a running Frist (or exception, Nr. 7.1.2) proposed.
    vorschlag, jahre = selectors.antragsjahre(fristen, belegte)
    neu_form = NeuerAntragForm(initial={"foerderjahr": vorschlag}, jahre=jahre) if jahre else None
    # Issue 14 item 9: a new Antrag can take over an earlier one (newest first, the default).
    vorlagen = [a for a in antraege if a.status != AntragStatus.ZURUECKGEZOGEN]
    return render(request, "antraege/liste_kommune.html", {"zeilen": zeilen, "neu_form": neu_form,
                                                           "vorlagen": vorlagen})


def _naechste_frist(antrag, antragsfrist):
    if antrag.status in (AntragStatus.ENTWURF,):
        return ("Antragsfrist", antragsfrist)
    if antrag.status == AntragStatus.NACHFORDERUNG:
        return ("Nachforderung beantworten", getattr(antrag, "nachforderung_frist", None))
    if antrag.status in (AntragStatus.BEWILLIGT, AntragStatus.TEILWEISE_BEWILLIGT):
        return ("Verwendungsnachweis", regeln.verwendungsnachweis_frist(antrag.foerderjahr))
    return None


def _liste_bezirksregierung(request):
    filter_ = selectors.AntragFilter(request.GET, queryset=selectors.antraege_fuer(request.user))
    queryset = filter_.qs
    if request.GET.get("export") == "csv":
        return _csv_export(queryset)
    summen = selectors.summen(queryset)
    queryset, sortiert, absteigend = listen.sortieren(queryset, request.GET, tables.SPALTEN, tables.STANDARD)
    return render(
        request,
        "antraege/liste_bezirksregierung.html",
        {"filter": filter_, "seite": listen.seite(queryset, request.GET, anzahl=summen["anzahl"]), "summen": summen,
         "kopf": listen.kopfzeile(request.GET, tables.SPALTEN, sortiert, absteigend),
         "seiten_query": listen.query_ohne(request.GET, "page"),
         "export_query": _query_mit(request.GET, export="csv")},
    )


def _query_mit(get, **werte):
    query = get.copy() if isinstance(get, QueryDict) else QueryDict(mutable=True)
    query._mutable = True
    for k, v in werte.items():
        query[k] = v
    query.pop("page", None)
    return query.urlencode()


def _csv_export(queryset):
    antwort = HttpResponse(content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = 'attachment; filename="kim-antraege.csv"'
    antwort.write("\ufeff")  # Excel opens UTF-8 with BOM correctly
    writer = csv.writer(antwort, delimiter=";")
    writer.writerow(["AGS", "Kommune", "Regierungsbezirk", "Förderjahr", "Status", "Stellen",
                     "beantragt (EUR)", "eingereicht am", "Antragsnummer", "Bearbeiter/in"])
    for a in queryset.iterator(chunk_size=500) if not queryset._prefetch_related_lookups else queryset:
        writer.writerow([
            a.kommune.ags, str(a.kommune), a.kommune.regierungsbezirk, a.foerderjahr, a.get_status_display(),
            a.anzahl_stellen, regeln.zahl_de(a.beantragt, 2),
            zeit_de(a.eingereicht_am), a.nummer,
            a.kommune.bearbeiterin.anzeigename if a.kommune.bearbeiterin else "",
        ])
    return antwort


def zeit_de(wert):
    from django.utils import timezone

    return timezone.localtime(wert).strftime("%d.%m.%Y") if wert else ""


# --- create, show, edit -----------------------------------------------------------------------------------


@require_POST
@anmeldung_erforderlich(rollen=(Rolle.KOMMUNE,), zurueck_zu="antraege_liste")
def antrag_neu(request):
    form = NeuerAntragForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie ein Förderjahr von 2025 bis 2028.")
        return redirect("antraege_liste")
    uebernahme = UebernahmeForm(request.POST)
    if not uebernahme.is_valid():
        messages.error(request, " ".join(uebernahme.errors["uebernehmen_aus"]))
        return redirect("antraege_liste")
    quelle_pk = uebernahme.cleaned_data["uebernehmen_aus"]
    # Another Kommune's Antrag is never a template: 404, as for any of its URLs.
    quelle = selectors.antrag_fuer(request.user, quelle_pk) if quelle_pk else None
    try:
        if quelle is None:
            antrag = services.antrag_anlegen(request.user, form.cleaned_data["foerderjahr"])
        else:
            antrag = services.antrag_uebernehmen(request.user, form.cleaned_data["foerderjahr"], quelle)
    except FachlicherFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("antraege_liste")
    if quelle is None:
        messages.success(request, f"Der Antrag für {antrag.foerderjahr} ist angelegt. "
                                  "Jeder Abschnitt wird einzeln gespeichert.")
    else:
        messages.success(request, f"Der Antrag für {antrag.foerderjahr} ist angelegt, mit den Angaben aus dem Antrag "
                                  f"{quelle.foerderjahr}. Bitte prüfen Sie jeden Abschnitt; eingereicht ist noch "
                                  "nichts.")
    return redirect("antrag_detail", pk=antrag.pk)


@seite_zwischenspeichern
@antrag_zuerst
@anmeldung_erforderlich
def antrag_detail(request, pk):
    antrag = geladener_antrag(request, pk)
    return render(request, "antraege/detail.html", _kontext(request, antrag))


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def abschnitt_speichern(request, pk, abschnitt):
    antrag = selectors.antrag_fuer(request.user, pk)
    if not (antrag.bearbeitbar and darf(request.user, "antrag.bearbeiten", antrag)):
        return _nicht_bearbeitbar(request, antrag)
    if abschnitt == "stellen":
        form = _stellen_formset(antrag, request.POST)
    elif abschnitt in ABSCHNITT_FORMULARE:
        form = ABSCHNITT_FORMULARE[abschnitt](request.POST, instance=antrag, prefix=abschnitt)
    else:
        return HttpResponse(status=404)
    gespeichert = False
    fehler_text = None
    if form.is_valid():
        try:
            if abschnitt == "stellen":
                services.stellen_speichern(antrag, request.user, zeilen=_stellen_zeilen(form))
            else:
                services.abschnitt_speichern(antrag, request.user, titel=form.titel,
                                             werte={f: form.cleaned_data[f] for f in form.Meta.fields})
            gespeichert = True
        except FachlicherFehler as fehler:
            fehler_text = fehler.meldung
        antrag = selectors.antrag_fuer(request.user, pk)
    if request.htmx:
        kontext = _kontext(request, antrag, gebunden=None if gespeichert else {abschnitt: form})
        kontext.update({"gespeichert": gespeichert, "fehler_text": fehler_text})
        if abschnitt == "stellen":
            kontext["formset"] = kontext["stellen_formset"]
        else:
            kontext["form"] = kontext[f"form_{abschnitt}"]
        return _abschnitt_antwort(request, f"antraege/abschnitte/{abschnitt}.html", kontext)
    if gespeichert:
        messages.success(request, "Gespeichert.")
        return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#abschnitt-{abschnitt}")
    if fehler_text:
        messages.error(request, fehler_text)
    return render(request, "antraege/detail.html", _kontext(request, antrag, gebunden={abschnitt: form}),
                  status=200 if fehler_text else 400)


@antrag_zuerst
@require_http_methods(["GET", "POST"])
@anmeldung_erforderlich
def zusammenfassung(request, pk):
    """Live summary: the rules' result for what is in the form right now, without saving (htmx)."""
    antrag = geladener_antrag(request, pk)
    if request.method == "POST":
        kontext = zusammenfassung_aus_post(
            request.POST, kommune=antrag.kommune, foerderjahr=antrag.foerderjahr,
            begleit_prefix="begleitmassnahmen", gespeichert=antrag,
        )
    else:
        kontext = {"ergebnis": services.berechnung(antrag), "zeilenfehler": []}
    return render(request, "antraege/_zusammenfassung.html", kontext)


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def konzept_hochladen(request, pk, feld):
    antrag = selectors.antrag_fuer(request.user, pk)
    if not (antrag.bearbeitbar and darf(request.user, "antrag.bearbeiten", antrag)):
        return _nicht_bearbeitbar(request, antrag)
    form = UploadForm(request.POST, request.FILES)
    fehler_text = None
    if not form.is_valid():
        fehler_text = "Bitte wählen Sie eine PDF-Datei aus."
    else:
        try:
            services.konzept_hochladen(antrag, request.user, feld, form.cleaned_data["datei"])
        except FachlicherFehler as fehler:
            fehler_text = fehler.meldung
    antrag = selectors.antrag_fuer(request.user, pk)
    if request.htmx:
        kontext = _kontext(request, antrag)
        kontext.update({"upload_fehler": {feld: fehler_text} if fehler_text else {},
                        "upload_ok": None if fehler_text else feld})
        return _abschnitt_antwort(request, "antraege/abschnitte/uploads.html", kontext)
    if fehler_text:
        messages.error(request, fehler_text)
    else:
        messages.success(request, "Die Datei ist hochgeladen.")
    return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#abschnitt-uploads")


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def weiterleitung_speichern(request, pk):
    antrag = selectors.antrag_fuer(request.user, pk)
    if not (antrag.bearbeitbar and darf(request.user, "antrag.bearbeiten", antrag)):
        return _nicht_bearbeitbar(request, antrag)
    form = WeiterleitungForm(request.POST, request.FILES, antrag=antrag, prefix="weiterleitung")
    fehler_text = None
    gespeichert = False
    if form.is_valid():
        try:
            daten = form.cleaned_data
            services.weiterleitung_speichern(
                antrag, request.user, zweck=daten["zweck"], betrag=daten["betrag"], stellen=daten["stellen"],
                kreisangehoerige=daten.get("kreisangehoerige"), traeger=daten.get("traeger"),
                vertrag_datei=daten.get("vertrag_datei"), weiterleitung_id=form.instance.pk)
            gespeichert = True
        except FachlicherFehler as fehler:
            fehler_text = fehler.meldung
    antrag = selectors.antrag_fuer(request.user, pk)
    kontext = _kontext(request, antrag, gebunden=None if gespeichert else {"weiterleitung": form})
    kontext.update({"gespeichert": gespeichert, "fehler_text": fehler_text})
    if request.htmx:
        kontext["form"] = kontext.get("weiterleitung_form")
        return _abschnitt_antwort(request, "antraege/abschnitte/weiterleitungen.html", kontext)
    if gespeichert:
        messages.success(request, "Die Weiterleitung ist gespeichert.")
        return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#abschnitt-weiterleitungen")
    return render(request, "antraege/detail.html", kontext, status=400)


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def weiterleitung_entfernen(request, pk, wid):
    antrag = selectors.antrag_fuer(request.user, pk)
    if not any(w.pk == wid for w in antrag.weiterleitungen.all()):
        # Another Antrag's (or Kommune's) Weiterleitung, or one already removed: nothing to tell about it.
        raise Http404("Diese Weiterleitung gibt es in diesem Antrag nicht.")
    try:
        services.weiterleitung_entfernen(antrag, request.user, wid)
        messages.success(request, "Die Weiterleitung ist entfernt.")
    except FachlicherFehler as fehler:
        messages.error(request, fehler.meldung)
    return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#abschnitt-weiterleitungen")


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def weiterleitung_vertrag(request, pk, wid):
    """The current Weiterleitungsvertrag (Anlage 4) for one Weiterleitung an einen Träger (e.g. one taken over
    from the Vorjahr without its Vertrag, issue 14 item 9)."""
    antrag = selectors.antrag_fuer(request.user, pk)
    if not any(w.pk == wid for w in antrag.weiterleitungen.all()):
        raise Http404("Diese Weiterleitung gibt es in diesem Antrag nicht.")
    if not (antrag.bearbeitbar and darf(request.user, "antrag.bearbeiten", antrag)):
        return _nicht_bearbeitbar(request, antrag)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie den Weiterleitungsvertrag als PDF-Datei aus.")
    else:
        try:
            services.weiterleitung_vertrag_hochladen(antrag, request.user, wid, form.cleaned_data["datei"])
        except FachlicherFehler as fehler:
            messages.error(request, fehler.meldung)
        else:
            messages.success(request, "Der Weiterleitungsvertrag ist hochgeladen.")
    return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#abschnitt-weiterleitungen")


# --- transitions ------------------------------------------------------------------------------------------


def _transition(request, pk, aufruf, erfolg):
    antrag = selectors.antrag_fuer(request.user, pk)
    try:
        aufruf(antrag)
    except FachlicherFehler as fehler:
        fehler_melden(request, fehler)
    else:
        messages.success(request, erfolg)
    return redirect("antrag_detail", pk=antrag.pk)


def _einreichen_kontext(request, antrag, *, maengel=None, versicherung=False):
    """The page "Prüfen und einreichen": the Anlage 1 exactly as it will be submitted (the PDF's template and
    context, antraege.dokument), the rules' warnings, what is formally missing, and the Versicherung."""
    ergebnis = services.berechnung(antrag)
    hinweise = selectors.einreichungshinweise(antrag, ergebnis)
    maengel = selectors.einreichungsmaengel(antrag, ergebnis) if maengel is None else maengel
    vorschau = copy.copy(antrag)  # never saved: the Fassung and the late mark as the submission will set them
    vorschau.version = antrag.version + 1
    versaeumt = services.fristversaeumnis(antrag)
    if versaeumt:
        vorschau.verspaetet_eingegangen_am, vorschau.versaeumte_frist = zeit.heute(), versaeumt[0]
    anlage1 = anlage1_kontext(vorschau, ergebnis, request.user, zeit.jetzt())
    return {**anlage1, "antrag": vorschau, "vorschau": True, "hinweise": hinweise, "maengel": maengel,
            "versicherung": versicherung, "antrag_url": reverse("antrag_detail", args=[antrag.pk])}


@antrag_zuerst
@require_http_methods(["GET", "POST"])
@anmeldung_erforderlich
def einreichen(request, pk):
    """GET: "Prüfen und einreichen" (also the confirmation page without JavaScript). POST: submit – the
    Versicherung box must be ticked; what is missing comes back as one error summary linking to its fields."""
    antrag = geladener_antrag(request, pk)
    if not (antrag.bearbeitbar and darf(request.user, "antrag.bearbeiten", antrag)):
        if antrag.status == AntragStatus.EINGEREICHT and darf(request.user, "antrag.bearbeiten", antrag):
            return redirect("antrag_detail", pk=antrag.pk)  # a double click or a reload after submitting
        return _nicht_bearbeitbar(request, antrag)
    if request.method == "GET":
        return render(request, "antraege/einreichen.html", _einreichen_kontext(request, antrag))
    versicherung = request.POST.get("versicherung") == "ja"
    try:
        services.einreichen(antrag, request.user, versicherung=versicherung)
    except FachlicherFehler as fehler:
        kontext = _einreichen_kontext(request, selectors.antrag_fuer(request.user, pk),
                                      maengel=fehler.details or [fehler.meldung], versicherung=versicherung)
        return render(request, "antraege/einreichen.html", {**kontext, "fehlgeschlagen": True}, status=400)
    antrag = selectors.antrag_fuer(request.user, pk)
    text = "Der Antrag ist eingereicht. Die Anlage 1 steht als PDF zum Herunterladen bereit."
    if antrag.verspaetet:
        text += (f" Er ist nach Ablauf der Antragsfrist ({antrag.versaeumte_frist:%d.%m.%Y}) eingegangen; die "
                 "Bezirksregierung entscheidet über eine Ausnahme.")
    messages.success(request, text)
    return redirect("antrag_detail", pk=antrag.pk)


@antrag_zuerst
@require_POST
@anmeldung_erforderlich(rollen=(Rolle.SACHBEARBEITUNG,))
def fristausnahme_nachtraeglich(request, pk):
    antrag = selectors.antrag_fuer(request.user, pk)
    form = NachtraeglicheFristausnahmeForm(request.POST)
    fehler_text = None
    if form.is_valid():
        try:
            services.fristausnahme_nachtraeglich_erteilen(antrag, request.user,
                                                          begruendung=form.cleaned_data["begruendung"])
        except FachlicherFehler as fehler:
            fehler_text = fehler.meldung
        else:
            messages.success(request, "Die Ausnahme von der Antragsfrist ist nachträglich erteilt und protokolliert; "
                                      "die Kommune ist benachrichtigt.")
            return redirect(f"{reverse('antrag_detail', args=[antrag.pk])}#verspaetet")
    else:
        fehler_text = " ".join(e for feld in form.errors.values() for e in feld)
    kontext = _kontext(request, selectors.antrag_fuer(request.user, pk))
    kontext.update({"fristausnahme_fehler": fehler_text, "fristausnahme_begruendung": form.data.get("begruendung")})
    messages.error(request, fehler_text)
    return render(request, "antraege/detail.html", kontext, status=400)


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def zurueckziehen(request, pk):
    form = ZurueckziehenForm(request.POST)
    # A withdrawal is never refused for its optional reason (too long or with bidi control characters).
    grund = form.cleaned_data["grund"] if form.is_valid() else str(form.data.get("grund", ""))[:500]
    return _transition(request, pk, lambda a: services.zurueckziehen(a, request.user, grund),
                       "Der Antrag ist zurückgezogen.")


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def pruefung_beginnen(request, pk):
    return _transition(request, pk, lambda a: services.pruefung_beginnen(a, request.user),
                       "Die Prüfung ist begonnen.")


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def nachforderung_stellen(request, pk):
    antrag = selectors.antrag_fuer(request.user, pk)
    form = NachforderungForm(request.POST)
    if form.is_valid():
        try:
            services.nachforderung_stellen(antrag, request.user, form.cleaned_data["fragen"],
                                           antwort_frist=form.cleaned_data.get("antwort_frist"))
        except FachlicherFehler as fehler:
            if fehler.feld in form.fields:
                form.add_error(fehler.feld, fehler.meldung)
            else:
                messages.error(request, fehler.meldung)
        else:
            antrag = selectors.antrag_fuer(request.user, pk)
            frist = max(antrag.nachforderungen.all(), key=lambda n: n.runde).antwort_frist
            messages.success(request, f"Die Nachforderung ist an die Kommune gesendet; Antwort erbeten bis "
                                      f"{frist:%d.%m.%Y}.")
            return redirect("antrag_detail", pk=antrag.pk)
    return render(request, "antraege/detail.html", _kontext(request, antrag, gebunden={"nachforderung": form}),
                  status=400)


@antrag_zuerst
@require_POST
@anmeldung_erforderlich
def nachforderung_beantworten(request, pk):
    antrag = selectors.antrag_fuer(request.user, pk)
    form = AntwortForm(request.POST)
    if form.is_valid():
        try:
            services.nachforderung_beantworten(antrag, request.user, form.cleaned_data["antwort"])
        except FachlicherFehler as fehler:
            messages.error(request, fehler.meldung)
        else:
            messages.success(request, "Ihre Antwort ist gespeichert. Ändern Sie nun, was erbeten wurde, "
                                      "und reichen Sie den Antrag erneut ein.")
            return redirect("antrag_detail", pk=antrag.pk)
    return render(request, "antraege/detail.html", _kontext(request, antrag, gebunden={"antwort": form}),
                  status=400)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.SACHBEARBEITUNG)
def fristausnahmen(request):
    from .models import Fristausnahme

    # Proposed: the Förderjahr whose Anträge are being decided now (after 31 October the next one, Nr. 7.1.2).
    form = FristausnahmeForm(request.POST or None, initial={"foerderjahr": selectors.entscheidungsjahr()})
    if request.method == "POST" and form.is_valid():
        try:
            services.fristausnahme_erteilen(
                request.user, form.cleaned_data["kommune"], form.cleaned_data["foerderjahr"],
                form.cleaned_data["neue_frist"], form.cleaned_data["begruendung"],
            )
        except FachlicherFehler as fehler:
            form.add_error(None, fehler.meldung)
        else:
            messages.success(request, "Die Ausnahme von der Antragsfrist ist erteilt und protokolliert.")
            return redirect("fristausnahmen")
    ausnahmen = Fristausnahme.objects.select_related("kommune", "erteilt_von").order_by("-erteilt_am")[:200]
    return render(request, "antraege/fristausnahmen.html", {"form": form, "ausnahmen": ausnahmen},
                  status=400 if form.errors else 200)
