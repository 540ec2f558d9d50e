"""Thin views of the Übersicht. Reads only; the few writes (Wiedervorlage, ordering a ZIP) go through
kim_foerderung.arbeitsliste.services, the Zeichnung series signs through the Bescheid's own URL."""
import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from kim_foerderung import zeit
from kim_foerderung.arbeitsliste import services as arbeitsliste
from kim_foerderung.arbeitsliste.models import ExportStatus
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.stammdaten.models import KommunenArt, Regierungsbezirk
from kim_foerderung.zugang.rollen import LANDESROLLEN, Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import akte as akte_modul
from . import diagramme, export, programm, selectors, tasks
from .forms import WiedervorlageForm
from .zugriff import akte_ansicht, export_ansicht, wiedervorlage_ansicht

ALLE_ROLLEN = (Rolle.KOMMUNE, *LANDESROLLEN)
FOERDERJAHRE = range(2025, 2029)


def _jahr_oder_404(jahr):
    if jahr not in FOERDERJAHRE:
        raise Http404
    return jahr


def standardjahr():
    heute = zeit.heute()
    return min(max(heute.year, 2025), 2028)


# --- Akte -------------------------------------------------------------------------------------------------------

@seite_zwischenspeichern
@akte_ansicht(*ALLE_ROLLEN)
@require_safe
def akte(request, kommune, jahr):
    jahr = _jahr_oder_404(jahr)
    akte = akte_modul.akte_fuer(request.user, kommune, jahr)
    ist_sb = hat_rolle(request.user, Rolle.SACHBEARBEITUNG)
    return render(request, "uebersicht/akte.html", {
        "akte": akte,
        "kommune": kommune,
        "jahr": jahr,
        "jahre": akte_modul.jahre_mit_akte(request.user, kommune),
        "wiedervorlagen": selectors.offene_wiedervorlagen(request.user, kommune, jahr) if ist_sb else [],
        "wiedervorlage_form": WiedervorlageForm() if ist_sb else None,
        "ist_sb": ist_sb,
    })


@akte_ansicht(*ALLE_ROLLEN)
@require_POST
def akte_zip(request, kommune, jahr):
    jahr = _jahr_oder_404(jahr)
    auftrag = arbeitsliste.export_beauftragen(
        benutzer=request.user, kommune=kommune, foerderjahr=jahr,
        nach_commit=lambda export_id: tasks.akte_zip_erstellen.delay(export_id))
    return redirect("akte_export", pk=auftrag.pk)


@export_ansicht(*ALLE_ROLLEN)
@require_safe
def akte_export(request, auftrag):
    auftrag.refresh_from_db()
    kontext = {"auftrag": auftrag, "laeuft": auftrag.status in (ExportStatus.WARTEND, ExportStatus.LAEUFT)}
    if request.htmx:
        return render(request, "uebersicht/_export_stand.html", kontext)
    return render(request, "uebersicht/export.html", kontext)


@export_ansicht(*ALLE_ROLLEN)
@require_safe
def akte_export_datei(request, auftrag):
    if auftrag.status != ExportStatus.FERTIG or not auftrag.datei:
        raise Http404
    try:
        datei = auftrag.datei.storage.open(auftrag.datei.name, "rb")
    except (OSError, ValueError):
        raise Http404
    pruefsumme = hashlib.sha256()
    for block in iter(lambda: datei.read(1024 * 1024), b""):
        pruefsumme.update(block)
    if pruefsumme.hexdigest() != auftrag.sha256:
        datei.close()
        return render(request, "uebersicht/export.html", {"auftrag": auftrag, "beschaedigt": True}, status=409)
    datei.seek(0)
    antwort = FileResponse(datei, as_attachment=True, filename=auftrag.dateiname, content_type="application/zip")
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@akte_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def wiedervorlage_anlegen(request, kommune, jahr):
    jahr = _jahr_oder_404(jahr)
    form = WiedervorlageForm(request.POST)
    if form.is_valid():
        try:
            arbeitsliste.wiedervorlage_anlegen(benutzer=request.user, kommune=kommune, foerderjahr=jahr,
                                               faellig_am=form.cleaned_data["faellig_am"],
                                               notiz=form.cleaned_data["notiz"])
        except FachlicherFehler as fehler:
            form.add_error(fehler.feld if fehler.feld in form.fields else None, fehler.meldung)
        else:
            messages.success(request, "Die Wiedervorlage ist gesetzt.")
            return redirect(reverse("akte", args=[kommune.ags, jahr]) + "#wiedervorlagen")
    akte = akte_modul.akte_fuer(request.user, kommune, jahr)
    return render(request, "uebersicht/akte.html", {
        "akte": akte, "kommune": kommune, "jahr": jahr, "jahre": akte_modul.jahre_mit_akte(request.user, kommune),
        "wiedervorlagen": selectors.offene_wiedervorlagen(request.user, kommune, jahr),
        "wiedervorlage_form": form, "ist_sb": True,
    }, status=400)


@wiedervorlage_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def wiedervorlage_erledigen(request, wiedervorlage):
    try:
        arbeitsliste.wiedervorlage_erledigen(benutzer=request.user, wiedervorlage_id=wiedervorlage.pk)
    except (FachlicherFehler, Zugriffsverweigert) as fehler:
        messages.error(request, getattr(fehler, "meldung", str(fehler)))
    else:
        messages.success(request, "Die Wiedervorlage ist erledigt.")
    if request.POST.get("zurueck") == "start":
        return redirect("start_sachbearbeitung")
    return redirect(reverse("akte", args=[wiedervorlage.kommune.ags, wiedervorlage.foerderjahr]) + "#wiedervorlagen")


# --- Programmübersicht -----------------------------------------------------------------------------------------

def _programm_aus_anfrage(request):
    try:
        jahr = int(request.GET.get("jahr") or standardjahr())
    except ValueError:
        jahr = standardjahr()
    if jahr not in FOERDERJAHRE:
        jahr = standardjahr()
    bezirk = request.GET.get("bezirk", "")
    art = request.GET.get("art", "")
    if not hat_rolle(request.user, *LANDESROLLEN):
        bezirk, art = "", ""
    return programm.programmuebersicht(request.user, jahr, regierungsbezirk=bezirk, art=art)


@seite_zwischenspeichern
@rolle_erforderlich(*ALLE_ROLLEN)
@require_safe
def programmuebersicht(request):
    uebersicht = _programm_aus_anfrage(request)
    return render(request, "uebersicht/programm.html", {
        "u": uebersicht,
        "jahre": FOERDERJAHRE,
        "bezirke": Regierungsbezirk.choices,
        "arten": KommunenArt.choices,
        "ist_landes": hat_rolle(request.user, *LANDESROLLEN),
        "diagramme": {
            "geld": diagramme.geld_je_bezirk(uebersicht),
            "vzae": diagramme.vzae_je_art(uebersicht),
            "status": diagramme.antraege_je_status(uebersicht),
            "fluss": diagramme.geldfluss(uebersicht),
        },
        # The exports take the same filter; the year is always named (a link without a query would be read as a
        # page by the browser walk of the demo, tests/browser/test_browser_rundgang.py).
        "abfrage": urlencode({k: v for k, v in (("jahr", uebersicht.foerderjahr),
                                                ("bezirk", uebersicht.filter["regierungsbezirk"]),
                                                ("art", uebersicht.filter["art"])) if v}),
    })


def _dateiname(uebersicht, endung):
    teile = ["Programmuebersicht-KIM", str(uebersicht.foerderjahr)]
    if uebersicht.filter.get("regierungsbezirk"):
        teile.append(uebersicht.filter["regierungsbezirk"])
    return "-".join(teile) + f".{endung}"


@seite_zwischenspeichern
@rolle_erforderlich(*ALLE_ROLLEN)
@require_safe
def programm_csv(request):
    uebersicht = _programm_aus_anfrage(request)
    antwort = HttpResponse(export.programm_csv(uebersicht), content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(uebersicht, "csv")}"'
    return antwort


@seite_zwischenspeichern
@rolle_erforderlich(*ALLE_ROLLEN)
@require_safe
def programm_xlsx(request):
    uebersicht = _programm_aus_anfrage(request)
    antwort = HttpResponse(export.programm_xlsx(uebersicht),
                           content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(uebersicht, "xlsx")}"'
    return antwort


# --- Suche -------------------------------------------------------------------------------------------------------

@seite_zwischenspeichern
@rolle_erforderlich(*ALLE_ROLLEN)
@require_safe
def suche(request):
    ergebnis = selectors.suche(request.user, request.GET.get("q", ""))
    return render(request, "uebersicht/suche.html", {"ergebnis": ergebnis})


# --- Zeichnung: one after the other ------------------------------------------------------------------------------

@seite_zwischenspeichern
@rolle_erforderlich(Rolle.ZEICHNUNG)
@require_safe
def zeichnungsreihe(request):
    from bescheide import selectors as bescheid_selectors

    reihe = selectors.zeichnungsreihe(request.user)
    aktuell = None
    if reihe:
        try:
            gewaehlt = int(request.GET.get("bescheid", reihe[0].pk))
        except ValueError:
            gewaehlt = reihe[0].pk
        aktuell = next((b for b in reihe if b.pk == gewaehlt), reihe[0])
    position = reihe.index(aktuell) + 1 if aktuell else 0
    return render(request, "uebersicht/zeichnungsreihe.html", {
        "reihe": reihe, "aktuell": aktuell, "position": position,
        "pruefung": bescheid_selectors.pruefung_zum_antrag(request.user, aktuell.antrag) if aktuell else None,
        "stellen": list(aktuell.stellen.all()) if aktuell else [],
        "naechster": reihe[position] if aktuell and position < len(reihe) else None,
        "weiter": reverse("zeichnungsreihe"),
    })
