"""Thin views of Prüfung and Bescheid."""
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from antraege import selectors as antrag_selectors
from antraege.models import ENTSCHEIDBARE_STATUS
from kim_foerderung import zeit
from kim_foerderung.bestaetigung import bestaetigung_erforderlich
from kim_foerderung.fehler import FachlicherFehler, fehler_melden
from kim_foerderung.zugang.rollen import LANDESROLLEN, Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert, darf, rolle_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import dokument, liste, selectors, services
from .forms import (
    AenderungsantragForm,
    AenderungsbescheidForm,
    EntwurfForm,
    NotizForm,
    PruefungForm,
    SpaeterEmpfangForm,
    VersandForm,
    stellen_formulare,
)
from .models import ENTWURFS_STATUS, FUER_KOMMUNE_SICHTBARE_STATUS, BescheidArt, BescheidStatus, Pruefung
from .pruefpunkte import pruefpunkte
from .kuerzung import kuerzungsvorschlag
from .zugriff import bescheid_ansicht, pruefung_ansicht

ALLE_ROLLEN = (Rolle.KOMMUNE, *LANDESROLLEN)
# Who may look at the unsigned draft as PDF: who prepares it and who signs it.
VORSCHAU_ROLLEN = (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG)


@seite_zwischenspeichern
@rolle_erforderlich(*ALLE_ROLLEN)
def bescheide_liste(request):
    kontext = liste.kontext(request.user, request.GET)
    if isinstance(kontext, HttpResponse):
        return kontext
    kontext["ist_kommune"] = hat_rolle(request.user, Rolle.KOMMUNE)
    return render(request, "bescheide/liste.html", kontext)


@seite_zwischenspeichern
@pruefung_ansicht(Rolle.SACHBEARBEITUNG)
def pruefung(request, antrag):
    vorhanden = Pruefung.objects.filter(antrag=antrag).first()
    ergebnis = antrag_selectors.berechnung(antrag)
    form = PruefungForm(request.POST or None, pruefung=vorhanden, pruefpunkte=pruefpunkte(antrag, ergebnis))
    if request.method == "POST" and form.is_valid():
        try:
            services.pruefung_speichern(antrag, request.user, form.punkte(), form.cleaned_data["vermerk"])
        except FachlicherFehler as fehler:
            fehler_melden(request, fehler)
        else:
            messages.success(request, "Der Prüfvermerk ist gespeichert.")
            return redirect("pruefung", antrag_pk=antrag.pk)
    return render(request, "bescheide/pruefung.html", {
        "antrag": antrag,
        "form": form,
        "ergebnis": ergebnis,
        "bescheide": selectors.sichtbare_seitenbescheide(request.user, antrag),
        "entscheidbar": antrag.status in ENTSCHEIDBARE_STATUS,
    })


@pruefung_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def entwurf_anlegen(request, antrag):
    try:
        bescheid = services.entwurf_anlegen(antrag, request.user, ablehnen=request.POST.get("art") == "ablehnung")
    except FachlicherFehler as fehler:
        fehler_melden(request, fehler)
        return redirect("pruefung", antrag_pk=antrag.pk)
    messages.success(request, f"Der Entwurf „{bescheid.get_art_display()}“ ist angelegt.")
    return redirect("bescheid_detail", pk=bescheid.pk)


def _detail_kontext(request, bescheid, stellen_forms=None, entwurf_form=None):
    user = request.user
    ist_entwurf = bescheid.status == BescheidStatus.ENTWURF and darf(user, "bescheid.vorbereiten", bescheid)
    selbst_bearbeitet = selectors.selbst_bearbeitet(bescheid, user)
    kontext = {
        "bescheid": bescheid,
        "antrag": bescheid.antrag,
        "ist_entwurf": ist_entwurf,
        "darf_zeichnen": (bescheid.status == BescheidStatus.ZUR_ZEICHNUNG and darf(user, "bescheid.zeichnen", bescheid)
                          and not selbst_bearbeitet),
        "eigene_vorlage": bescheid.status == BescheidStatus.ZUR_ZEICHNUNG and selbst_bearbeitet,
        "darf_vorschau": bescheid.status in ENTWURFS_STATUS and hat_rolle(user, *VORSCHAU_ROLLEN),
        "darf_versenden": bescheid.status == BescheidStatus.FREIGEGEBEN and darf(user, "bescheid.vorbereiten", bescheid),
        "ist_kommune": hat_rolle(user, Rolle.KOMMUNE),
        # What the template offers the Kommune, decided here with the named status sets.
        "darf_empfang_bestaetigen": (hat_rolle(user, Rolle.KOMMUNE) and bescheid.status == BescheidStatus.VERSANDT
                                     and not bescheid.empfang_bestaetigt_am),
        "darf_verzichten": hat_rolle(user, Rolle.KOMMUNE) and bescheid.status == BescheidStatus.VERSANDT,
        "darf_aenderung_beantragen": (hat_rolle(user, Rolle.KOMMUNE) and bescheid.art != BescheidArt.ABLEHNUNG
                                      and bescheid.status in FUER_KOMMUNE_SICHTBARE_STATUS),
        # Only a sent Bescheid in force can be changed, and only while no other draft is open (as the service).
        "darf_aendern": (darf(user, "bescheid.vorbereiten", bescheid)
                         and bescheid.art != BescheidArt.ABLEHNUNG
                         and bescheid.status in FUER_KOMMUNE_SICHTBARE_STATUS
                         and selectors.wirksamer_bescheid(bescheid.antrag) == bescheid
                         and not selectors.entwurf_zum_antrag_offen(bescheid.antrag)),
        "offene_aenderungsantraege": [a for a in bescheid.aenderungsantraege.all() if not a.erledigt_durch_id],
        "heute": zeit.heute(),
        "bekanntgabe_tage": settings.KIM_BEKANNTGABE_TAGE,
        "notiz_form": NotizForm(),
        "versand_form": VersandForm(initial={"abgesandt_am": zeit.heute()}),
        "darf_spaeteren_empfang": (bescheid.status == BescheidStatus.VERSANDT
                                   and darf(user, "bescheid.vorbereiten", bescheid)),
        "empfang_form": SpaeterEmpfangForm(),
        "darf_kuerzung_vorschlagen": ist_entwurf and any(b.get("blockierend") for b in bescheid.befunde),
        "aenderungsantrag_form": AenderungsantragForm(),
        "aenderungsbescheid_form": AenderungsbescheidForm(),
    }
    kontext["naechster_schritt"] = selectors.naechster_schritt(bescheid)
    # "Nächste Schritte" only with something in it: the next step or an action of this user.
    kontext["aktionen_sichtbar"] = any(kontext[k] for k in (
        "naechster_schritt", "darf_vorschau", "ist_entwurf", "eigene_vorlage", "darf_zeichnen", "darf_versenden",
        "darf_spaeteren_empfang", "darf_empfang_bestaetigen", "darf_verzichten", "darf_aenderung_beantragen",
        "offene_aenderungsantraege", "darf_aendern"))
    if bescheid.status == BescheidStatus.ZUR_ZEICHNUNG and hat_rolle(user, *LANDESROLLEN):
        kontext["zeichnung_pruefung"] = selectors.pruefung_zur_zeichnung(bescheid.antrag)
    if ist_entwurf:
        kontext["stellen_forms"] = stellen_forms or stellen_formulare(bescheid)
        kontext["entwurf_form"] = entwurf_form or EntwurfForm(initial={
            "begruendung": bescheid.begruendung, "veranstaltungen": bescheid.veranstaltungen,
            "schnittstellen": bescheid.schnittstellen, "begleit_grund": bescheid.begleit_grund})
    return kontext


@seite_zwischenspeichern
@bescheid_ansicht(*ALLE_ROLLEN)
def bescheid_detail(request, bescheid):
    return render(request, "bescheide/detail.html", _detail_kontext(request, bescheid))


@seite_zwischenspeichern
@bescheid_ansicht(*VORSCHAU_ROLLEN)
@require_safe
@never_cache
def vorschau(request, bescheid):
    """The draft (Entwurf or zur Zeichnung) as PDF, inline, marked ENTWURF, without number and signature; rendered
    from the same template and context as the release, but neither stored nor logged. A released Bescheid has
    its stored document: redirect there; a discarded draft has none: 404."""
    if bescheid.status not in ENTWURFS_STATUS:
        if bescheid.dokument_id:
            return redirect("dokument_herunterladen", pk=bescheid.dokument_id)
        raise Http404("Zu diesem Bescheid gibt es keine Vorschau.")
    antwort = HttpResponse(dokument.entwurf_pdf_bytes(bescheid), content_type="application/pdf")
    antwort["Content-Disposition"] = content_disposition_header(False, dokument.entwurf_dateiname(bescheid))
    return antwort


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def entwurf_speichern(request, bescheid):
    pk = bescheid.pk
    stellen_forms = stellen_formulare(bescheid, request.POST)
    entwurf_form = EntwurfForm(request.POST)
    gueltig = entwurf_form.is_valid() & all([f.is_valid() for f in stellen_forms])
    if gueltig:
        try:
            services.entwurf_speichern(
                bescheid, request.user,
                stellen={f.stelle.pk: f.cleaned_data for f in stellen_forms},
                begruendung=entwurf_form.cleaned_data["begruendung"],
                veranstaltungen=entwurf_form.cleaned_data["veranstaltungen"],
                schnittstellen=entwurf_form.cleaned_data["schnittstellen"],
                begleit_grund=entwurf_form.cleaned_data["begleit_grund"],
            )
        except FachlicherFehler as fehler:
            fehler_melden(request, fehler)
            bescheid = selectors.bescheid_fuer(request.user, pk)
            return render(request, "bescheide/detail.html",
                          _detail_kontext(request, bescheid, stellen_forms, entwurf_form), status=400)
        messages.success(request, "Der Entwurf ist gespeichert; die Beträge sind neu berechnet.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    messages.error(request, "Bitte korrigieren Sie die markierten Angaben.")
    return render(request, "bescheide/detail.html", _detail_kontext(request, bescheid, stellen_forms, entwurf_form),
                  status=400)


def _weiter(request):
    """A page of this application to return to after the action (e.g. the Zeichnung series), or None."""
    weiter = request.POST.get("weiter", "")
    if weiter.startswith("/") and url_has_allowed_host_and_scheme(weiter, allowed_hosts={request.get_host()},
                                                                  require_https=request.is_secure()):
        return weiter
    return None


def _aktion(request, bescheid, aufruf, erfolg, ziel=None):
    try:
        ergebnis = aufruf(bescheid)
    except FachlicherFehler as fehler:
        fehler_melden(request, fehler)
    except Zugriffsverweigert as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(request, erfolg)
        if ziel:
            return redirect(ziel, pk=ergebnis.pk)
    return redirect(_weiter(request) or reverse("bescheid_detail", args=[bescheid.pk]))


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def vorlegen(request, bescheid):
    return _aktion(request, bescheid, lambda b: services.vorlegen(b, request.user),
                   "Der Bescheid liegt der Zeichnung vor.")


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def verwerfen(request, bescheid):
    return _aktion(request, bescheid, lambda b: services.verwerfen(b, request.user), "Der Entwurf ist verworfen.")


@bescheid_ansicht(Rolle.ZEICHNUNG)
@require_POST
@bestaetigung_erforderlich(
    titel="Zeichnen und freigeben", knopf="Jetzt zeichnen und freigeben",
    text="Der Bescheid wird gezeichnet, erhält seine Nummer und wird als PDF erzeugt und gespeichert; danach wird "
         "er nur noch versandt.")
def freigeben(request, bescheid):
    return _aktion(request, bescheid, lambda b: services.freigeben(b, request.user),
                   "Der Bescheid ist gezeichnet; das PDF ist erzeugt. Als Nächstes vermerkt die Sachbearbeitung "
                   "den Versand.")


@bescheid_ansicht(Rolle.ZEICHNUNG)
@require_POST
def zurueckgeben(request, bescheid):
    form = NotizForm(request.POST)
    notiz = form.cleaned_data["notiz"] if form.is_valid() else ""
    return _aktion(request, bescheid, lambda b: services.zurueckgeben(b, request.user, notiz),
                   "Der Entwurf ist an die Sachbearbeitung zurückgegeben.")


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
@bestaetigung_erforderlich(
    titel="Versand vermerken", knopf="Versand jetzt vermerken",
    text="Der Versand wird mit dem angegebenen Datum vermerkt; ab ihm laufen Bekanntgabe und Klagefrist, und die "
         "Kommune sieht den Bescheid.")
def versenden(request, bescheid):
    form = VersandForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte geben Sie das Absendedatum als Datum an (TT.MM.JJJJ).")
        return redirect("bescheid_detail", pk=bescheid.pk)
    abgesandt_am = form.cleaned_data["abgesandt_am"]
    return _aktion(request, bescheid, lambda b: services.versenden(b, request.user, abgesandt_am),
                   "Der Versand ist vermerkt; die Kommune sieht den Bescheid jetzt.")


@bescheid_ansicht(Rolle.KOMMUNE)
@require_POST
def empfang_bestaetigen(request, bescheid):
    return _aktion(request, bescheid, lambda b: services.empfang_bestaetigen(b, request.user),
                   "Der Empfang ist bestätigt.")


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def spaeteren_empfang_erfassen(request, bescheid):
    """§ 41 Abs. 2 Satz 3 VwVfG NRW: a later receipt with its reason; errors keep what was typed."""
    form = SpaeterEmpfangForm(request.POST)
    if form.is_valid():
        try:
            services.spaeteren_empfang_erfassen(bescheid, request.user, empfangen_am=form.cleaned_data["empfangen_am"],
                                                grund=form.cleaned_data["grund"])
        except FachlicherFehler as fehler:
            form.add_error(fehler.feld if fehler.feld in form.fields else None, fehler.meldung)
        else:
            messages.success(request, "Der spätere Empfang ist erfasst; Bekanntgabe, Klagefrist und Bestandskraft "
                                      "sind neu berechnet.")
            return redirect("bescheid_detail", pk=bescheid.pk)
    messages.error(request, "Der spätere Empfang ist nicht erfasst. Bitte korrigieren Sie die markierten Angaben.")
    kontext = _detail_kontext(request, selectors.bescheid_fuer(request.user, bescheid.pk))
    kontext["empfang_form"] = form
    return render(request, "bescheide/detail.html", kontext, status=400)


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_safe
def kuerzung_vorschlagen(request, bescheid):
    """Nr. 5.4.1, 4.3, 2.2: the rules' Kürzungsvorschlag prefilled in the draft form – nothing is saved until the
    caseworker checks (and may change) it and saves the draft."""
    if bescheid.status != BescheidStatus.ENTWURF or not darf(request.user, "bescheid.vorbereiten", bescheid):
        messages.error(request, "Eine Kürzung kann nur für einen Entwurf vorgeschlagen werden.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    vorschlag = kuerzungsvorschlag(bescheid)
    if not vorschlag:
        messages.info(request, "Keine Obergrenze je Monat ist überschritten; es gibt nichts zu kürzen.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    kontext = _detail_kontext(request, bescheid, stellen_forms=stellen_formulare(bescheid, vorschlag=vorschlag))
    kontext["kuerzung_vorgeschlagen"] = [s.kennung for s in bescheid.stellen.all() if s.pk in vorschlag]
    return render(request, "bescheide/detail.html", kontext)


@bescheid_ansicht(Rolle.KOMMUNE)
@require_POST
def verzicht(request, bescheid):
    if request.POST.get("bestaetigt") != "ja":
        messages.error(request, "Bitte bestätigen Sie, dass Sie auf die Klage verzichten.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    return _aktion(request, bescheid, lambda b: services.rechtsbehelfsverzicht_erklaeren(b, request.user),
                   "Der Rechtsbehelfsverzicht ist erklärt.")


@bescheid_ansicht(Rolle.KOMMUNE)
@require_POST
def aenderung_beantragen(request, bescheid):
    form = AenderungsantragForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie den Monat und beschreiben Sie die Änderung.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    return _aktion(request, bescheid, lambda b: services.aenderungsantrag_stellen(
        b, request.user, form.cleaned_data["ab_monat"], form.cleaned_data["beschreibung"]),
        "Ihr Änderungsantrag ist an die Bezirksregierung übermittelt.")


@bescheid_ansicht(Rolle.SACHBEARBEITUNG)
@require_POST
def aenderungsbescheid_anlegen(request, bescheid):
    form = AenderungsbescheidForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Bitte wählen Sie den Monat, ab dem die Änderung gilt.")
        return redirect("bescheid_detail", pk=bescheid.pk)
    ab_monat = form.cleaned_data["ab_monat"]
    return _aktion(request, bescheid, lambda b: services.aenderungsbescheid_anlegen(b, request.user, ab_monat),
                   "Der Änderungsbescheid ist als Entwurf angelegt.", ziel="bescheid_detail")
