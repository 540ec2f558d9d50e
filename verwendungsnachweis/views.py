"""Thin views of the verwendungsnachweis app: forms in, services called with plain values, FachlicherFehler shown."""
from types import SimpleNamespace

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from kim_foerderung import regeln, zeit
from kim_foerderung.bestaetigung import bestaetigung_erforderlich
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.seitencache import seite_zwischenspeichern
from kim_foerderung.zugang.zugriff import Rolle, Zugriffsverweigert, rolle_erforderlich

from . import belegliste, berechnung, selectors, services
from .forms import (
    AnhoerungForm,
    BasiszinssatzForm,
    BegleitForm,
    BelegForm,
    BelegImportForm,
    EinreichenForm,
    ErstattungForm,
    NachforderungForm,
    PruefungForm,
    RueckzahlungForm,
    SachberichtForm,
    StellenFormSet,
    StellungnahmeForm,
)
from .dokument import sachbericht_zeilen
from .zugriff import nachweis_ansicht


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.ADMIN)
def basiszinssaetze(request):
    """Admin: the Basiszinssatz table (§ 247 BGB) – list, missing half-years, and a form to add or correct one."""
    form = BasiszinssatzForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            satz = services.basiszinssatz_speichern(benutzer=request.user, **form.cleaned_data)
        except FachlicherFehler as fehler:
            form.add_error(fehler.feld if fehler.feld in form.fields else None, fehler.meldung)
        else:
            messages.success(request, f"Gespeichert: {satz}.")
            return redirect("basiszinssaetze")
    fehlend = [regeln.halbjahr_name(h) for h in selectors.fehlende_basiszinssaetze()]
    return render(request, "verwendungsnachweis/basiszinssaetze.html",
                  {"form": form, "saetze": selectors.basiszinssaetze(), "fehlend": fehlend})


# --- Verwendungsnachweis ---------------------------------------------------------------------------------

ALLE = (Rolle.KOMMUNE,) + tuple(sorted(LANDESROLLEN))


@seite_zwischenspeichern
@rolle_erforderlich(*ALLE)
@require_safe
def liste(request):
    """Kommune: its own Verwendungsnachweise; Bezirksregierung: all, paginated (constant query count)."""
    # Only the columns of the table (no Einreicher, no Dokument; every joined column costs compile time, issue 13).
    nachweise = (selectors.nachweise_kurz(request.user).select_related("bescheid")
                 .only(*selectors.KURZ_FELDER, "bescheid__hoechstbetrag"))
    seite = Paginator(nachweise, 50).get_page(request.GET.get("seite"))
    return render(request, "verwendungsnachweis/liste.html", {"seite": seite, "heute": zeit.heute(),
                                                              "ist_kommune": hat_rolle(request.user, Rolle.KOMMUNE)})


def _stellen_initial(nachweis):
    return [{"kennung": s.kennung, "art": s.art, "vzae": s.vzae, "von_monat": s.von_monat, "bis_monat": s.bis_monat,
             "personalausgaben": s.personalausgaben, "sachausgaben": s.sachausgaben, "besetzt_durch": s.besetzt_durch}
            for s in nachweis.stellen.all()]


def _formulare(nachweis, gebunden=None):
    formulare = {
        "sachbericht": SachberichtForm(initial=nachweis.sachbericht, prefix="sb"),
        "stellen": StellenFormSet(initial=_stellen_initial(nachweis), prefix="stellen"),
        "begleit": BegleitForm(initial={"veranstaltungen": nachweis.veranstaltungen,
                                        "schnittstellen": nachweis.schnittstellen},
                               weiterleitungen=nachweis.weiterleitungen, prefix="bg"),
        "einreichen": EinreichenForm(),
        "beleg": BelegForm(prefix="beleg"),
        "import": BelegImportForm(prefix="import"),
        "nachforderung": NachforderungForm(prefix="nf"),
        "pruefung": PruefungForm(prefix="pr", pruefpunkte=services.PRUEFPUNKTE),
        "anhoerung": AnhoerungForm(prefix="ah"),
        "stellungnahme": StellungnahmeForm(prefix="st"),
        "erstattung": ErstattungForm(prefix="eb", initial={"zahlungsfrist": None}),
        "rueckzahlung": RueckzahlungForm(prefix="rz"),
    }
    formulare.update(gebunden or {})
    return formulare


def _seite(request, nachweis, gebunden=None, status=200, ergebnis=None, einreich_fehler=(), import_fehler=()):
    ist_kommune = hat_rolle(request.user, Rolle.KOMMUNE)
    erstattung = selectors.erstattung_fuer(request.user, nachweis)
    kontext = {
        "import_fehler": list(import_fehler),
        "einreich_fehler": list(einreich_fehler),
        "nachweis": nachweis,
        "formulare": _formulare(nachweis, gebunden),
        "ergebnis": ergebnis or berechnung.berechnen(nachweis),
        "beleg_befunde": berechnung.beleg_abgleich(nachweis),
        "offen": services.offene_punkte(nachweis) if nachweis.bearbeitbar else [],
        "darf_bearbeiten": nachweis.bearbeitbar and hat_rolle(request.user, Rolle.KOMMUNE),
        "sachbericht_zeilen": sachbericht_zeilen(nachweis),
        "ist_sachbearbeitung": hat_rolle(request.user, Rolle.SACHBEARBEITUNG),
        "ist_zeichnung": hat_rolle(request.user, Rolle.ZEICHNUNG),
        "ist_kommune": ist_kommune,
        "status_text": nachweis.status_fuer_kommune if ist_kommune else nachweis.get_status_display(),
        "erstattung": erstattung,
        "eigene_vorlage": erstattung is not None and erstattung.vorbereitet_von_id == request.user.pk,
        "protokoll": selectors.protokoll_fuer(request.user, nachweis),
        "offene_rueckforderungen": selectors.offene_rueckforderungen(request.user, nachweis),
    }
    return render(request, "verwendungsnachweis/detail.html", kontext, status=status)


@seite_zwischenspeichern
@nachweis_ansicht(*ALLE)
def detail(request, nachweis):
    return _seite(request, nachweis)


def _zeilen(formset):
    return [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def abschnitt(request, nachweis, abschnitt):
    """Save one section (Sachbericht, zahlenmäßiger Nachweis, Begleitmaßnahmen/Weiterleitungen); a form error shows
    the page again with everything typed."""
    if abschnitt == "sachbericht":
        form = SachberichtForm(request.POST, prefix="sb")
        speichern = lambda: services.sachbericht_speichern(nachweis, benutzer=request.user,  # noqa: E731
                                                           werte=form.cleaned_data)
    elif abschnitt == "stellen":
        form = StellenFormSet(request.POST, prefix="stellen")
        speichern = lambda: services.stellen_speichern(nachweis, benutzer=request.user,  # noqa: E731
                                                       zeilen=_zeilen(form))
    elif abschnitt == "begleit":
        form = BegleitForm(request.POST, weiterleitungen=nachweis.weiterleitungen, prefix="bg")
        speichern = lambda: services.begleitmassnahmen_speichern(  # noqa: E731
            nachweis, benutzer=request.user, veranstaltungen=form.cleaned_data["veranstaltungen"],
            schnittstellen=form.cleaned_data["schnittstellen"], weiterleitungen=form.weiterleitungen_ergebnis())
    else:
        raise Http404
    if form.is_valid():
        try:
            speichern()
        except FachlicherFehler as fehler:
            messages.error(request, fehler.meldung)
        else:
            messages.success(request, "Gespeichert.")
            return redirect(f"{reverse('vn_detail', args=[nachweis.pk])}#abschnitt-{abschnitt}")
    return _seite(request, nachweis, {abschnitt: form}, status=200)


@nachweis_ansicht(*ALLE)
@require_POST
def rechnen(request, nachweis):
    """htmx: the result beside the form, computed by kim_foerderung.regeln from the rows being typed."""
    formset = StellenFormSet(request.POST, prefix="stellen")
    begleit = BegleitForm(request.POST, weiterleitungen=nachweis.weiterleitungen, prefix="bg")
    hinweis = ""
    if formset.is_valid():
        zeilen = [SimpleNamespace(**z) for z in _zeilen(formset)]
    else:
        zeilen, hinweis = None, "Eine Eingabe im zahlenmäßigen Nachweis ist noch unvollständig; gezeigt wird der gespeicherte Stand."
    extra = {}
    if begleit.is_valid():
        extra = {"veranstaltungen": begleit.cleaned_data["veranstaltungen"],
                 "schnittstellen": begleit.cleaned_data["schnittstellen"]}
    ergebnis = berechnung.berechnen(nachweis, stellen=zeilen, **extra)
    return render(request, "verwendungsnachweis/_ergebnis.html",
                  {"nachweis": nachweis, "ergebnis": ergebnis, "hinweis": hinweis})


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def einreichen(request, nachweis):
    """"Prüfen und einreichen" with the Versicherung; what is still open is listed, nothing is lost."""
    form = EinreichenForm(request.POST)
    if not form.is_valid():
        return _seite(request, nachweis, {"einreichen": form})
    try:
        services.einreichen(nachweis, benutzer=request.user, versicherung=True)
    except FachlicherFehler as fehler:
        return _seite(request, nachweis, {"einreichen": form}, einreich_fehler=[fehler.meldung, *fehler.details])
    messages.success(request, "Der Verwendungsnachweis ist eingereicht; Anlage 3 steht zum Herunterladen bereit.")
    return redirect("vn_detail", nachweis.pk)


# --- Belegliste ---------------------------------------------------------------------------------------


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def beleg_hinzufuegen(request, nachweis):
    """One Beleg typed in the browser, checked like a row of an imported file."""
    form = BelegForm(request.POST, prefix="beleg")
    if form.is_valid():
        d = form.cleaned_data
        zeile, gruende = belegliste.pruefe_zeile(
            [d["kategorie"], d["stelle"], d["datum"], d["empfaenger"], d["zweck"], d["betrag"]], nachweis=nachweis)
        try:
            if gruende:
                raise services.VerwendungsnachweisFehler("; ".join(gruende) + ".")
            services.belege_importieren(nachweis, benutzer=request.user, zeilen=[zeile], quelle="Eingabe")
        except FachlicherFehler as fehler:
            form.add_error(None, fehler.meldung)
        else:
            messages.success(request, "Der Beleg ist in der Belegliste.")
            return redirect(f"{reverse('vn_detail', args=[nachweis.pk])}#abschnitt-belege")
    return _seite(request, nachweis, {"beleg": form})


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def beleg_entfernen(request, nachweis):
    try:
        services.beleg_entfernen(nachweis, benutzer=request.user, beleg_pk=int(request.POST.get("beleg") or 0))
    except (FachlicherFehler, ValueError) as fehler:
        messages.error(request, getattr(fehler, "meldung", "Dieser Beleg ist nicht (mehr) in der Belegliste."))
    return redirect(f"{reverse('vn_detail', args=[nachweis.pk])}#abschnitt-belege")


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def belege_importieren(request, nachweis):
    """Import an .xlsx/.csv Belegliste: every bad row is listed with its reason, nothing is imported until all
    rows are good."""
    form = BelegImportForm(request.POST, request.FILES, prefix="import")
    import_fehler = []
    if form.is_valid():
        datei = form.cleaned_data["datei"]
        try:
            zeilen, fehler = belegliste.zeilen_lesen(datei, datei.name, nachweis=nachweis)
            anzahl = services.belege_importieren(nachweis, benutzer=request.user, zeilen=zeilen, fehler=fehler,
                                                 quelle=datei.name[:100])
        except belegliste.DateiFehler as fehler:
            import_fehler = [str(fehler)]
        except FachlicherFehler as fehler:
            import_fehler = [fehler.meldung, *fehler.details]
        else:
            messages.success(request, f"{anzahl} Belege aus {datei.name} übernommen.")
            return redirect(f"{reverse('vn_detail', args=[nachweis.pk])}#abschnitt-belege")
    return _seite(request, nachweis, {"import": form}, import_fehler=import_fehler)


@nachweis_ansicht(*ALLE)
@require_safe
def belege_vorlage(request, nachweis):
    """The Belegliste template (.xlsx), prefilled with the Stellen of this Verwendungsnachweis."""
    antwort = HttpResponse(belegliste.vorlage_xlsx(nachweis), content_type=belegliste.XLSX_MIME)
    antwort["Content-Disposition"] = (f'attachment; filename="Belegliste-{nachweis.foerderjahr}-'
                                      f'{nachweis.antrag.kommune.ags}.xlsx"')
    return antwort


# --- Prüfung, Anhörung, Erstattung (Sachbearbeitung, Zeichnung; Stellungnahme: Kommune) ------------------------


def _schritt(request, nachweis, form_name, form, ausfuehren, erfolg):
    """Run one transition from a bound form; a form or domain error shows the page again with what was typed."""
    if form.is_valid():
        try:
            ausfuehren(form.cleaned_data)
        except FachlicherFehler as fehler:
            if fehler.feld and fehler.feld in form.fields:
                form.add_error(fehler.feld, fehler.meldung)
            else:
                form.add_error(None, " ".join([fehler.meldung, *fehler.details]))
        else:
            messages.success(request, erfolg)
            return redirect("vn_detail", nachweis.pk)
    return _seite(request, nachweis, {form_name: form})


@nachweis_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def nachfordern(request, nachweis):
    return _schritt(request, nachweis, "nachforderung", NachforderungForm(request.POST, prefix="nf"),
                    lambda d: services.nachfordern(nachweis, benutzer=request.user, fragen=d["fragen"],
                                                   frist=d["frist"]),
                    "Die Rückfragen sind an die Kommune gegangen.")


@nachweis_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def pruefen(request, nachweis):
    form = PruefungForm(request.POST, prefix="pr", pruefpunkte=services.PRUEFPUNKTE)
    return _schritt(request, nachweis, "pruefung", form,
                    lambda d: services.pruefung_abschliessen(nachweis, benutzer=request.user, punkte=form.punkte(),
                                                             vermerk=d["vermerk"]),
                    "Die Prüfung ist abgeschlossen.")


@nachweis_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def anhoerung(request, nachweis):
    return _schritt(request, nachweis, "anhoerung", AnhoerungForm(request.POST, prefix="ah"),
                    lambda d: services.anhoerung_senden(nachweis, benutzer=request.user, frist=d["frist"]),
                    "Das Anhörungsschreiben ist erstellt und der Kommune übermittelt.")


@nachweis_ansicht(Rolle.KOMMUNE)
@require_POST
def stellungnahme(request, nachweis):
    return _schritt(request, nachweis, "stellungnahme", StellungnahmeForm(request.POST, prefix="st"),
                    lambda d: services.stellungnahme_abgeben(nachweis, benutzer=request.user, text=d["text"]),
                    "Ihre Stellungnahme ist bei der Bezirksregierung eingegangen.")


@nachweis_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def erstattung_vorbereiten(request, nachweis):
    return _schritt(request, nachweis, "erstattung", ErstattungForm(request.POST, prefix="eb"),
                    lambda d: services.erstattung_vorbereiten(nachweis, benutzer=request.user, **d),
                    "Der Erstattungsbescheid liegt der Zeichnung vor.")


@nachweis_ansicht(Rolle.ZEICHNUNG)
@require_POST
@bestaetigung_erforderlich(
    titel="Erstattungsbescheid zeichnen", knopf="Jetzt zeichnen und bekanntgeben",
    text="Der Erstattungsbescheid wird gezeichnet, erhält seine Nummer, wird als PDF erzeugt und gespeichert und der "
         "Kommune bekanntgegeben.")
def erstattung_freigeben(request, nachweis):
    try:
        services.erstattung_freigeben(nachweis, benutzer=request.user)
    except FachlicherFehler as fehler:
        messages.error(request, fehler.meldung)
    except Zugriffsverweigert as fehler:  # four-eyes by person: the one who prepared it
        messages.error(request, str(fehler))
    else:
        messages.success(request, "Der Erstattungsbescheid ist gezeichnet und der Kommune bekanntgegeben.")
    return redirect("vn_detail", nachweis.pk)


@nachweis_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def rueckzahlung(request, nachweis):
    return _schritt(request, nachweis, "rueckzahlung", RueckzahlungForm(request.POST, prefix="rz"),
                    lambda d: services.rueckzahlung_buchen(nachweis, benutzer=request.user, **d),
                    "Die Rückzahlung ist gebucht; der Verwendungsnachweis ist abgeschlossen.")
