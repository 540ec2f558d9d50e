"""Förderrechner page: plan Stellen and see the rules' result live, without saving an Antrag."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kim_foerderung import regeln
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.stammdaten.models import KommunenArt
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import selectors, services
from .rechnen import StellenRechnerFormSet, zusammenfassung_aus_post
from .views import ALLE_ROLLEN, anmeldung_erforderlich

BEGLEIT_PREFIX = "begleit"
BEGLEIT_FELDER = ("veranstaltungen_betrag", "schnittstellen_betrag")


class RechnerRahmenForm(forms.Form):
    foerderjahr = forms.TypedChoiceField(
        label="Förderjahr", coerce=int, choices=[(j, str(j)) for j in regeln.FOERDERJAHRE]
    )
    kommune_art = forms.ChoiceField(label="Art der Kommune", choices=KommunenArt.choices)
    qualifizierte = forms.IntegerField(
        label="qualifizierte kreisangehörige Kommunen (Nr. 4.3)", min_value=0, max_value=60, initial=0,
        required=False,
    )


def _vorbelegung(request):
    """Initial values, the user's Kommune (or None) and the Förderjahre her Kommune already has an Antrag for.
    The proposed year is one the user can act on: for a Kommune the first Förderjahr she can still apply for
    (no Antrag yet, Frist running – selectors.antragsjahre), otherwise the next Antragsfrist's year."""
    kommune = request.user.kommune if hat_rolle(request.user, Rolle.KOMMUNE) else None
    belegte, jahr = set(), None
    if kommune:
        belegte = selectors.belegte_foerderjahre(request.user)
        jahr, _ = selectors.antragsjahre(selectors.fristen_der_kommune(kommune), belegte)
    else:
        naechste = selectors.naechste_antragsfrist()
        jahr = naechste["foerderjahr"] if naechste else None
    if jahr is None:
        jahr = selectors.entscheidungsjahr()
    return {
        "foerderjahr": jahr,
        "kommune_art": kommune.art if kommune else KommunenArt.KREIS,
        "qualifizierte": kommune.qualifizierte_kreisangehoerige_anzahl() if kommune else 0,
    }, kommune, belegte


def _rahmen_formular(request, data=None):
    """(Rahmen form, its initial values, the user's Kommune or None). A Kommune plans for itself: Art and the
    Nr. 4.3 count come from Stammdaten and cannot be changed; a year with an Antrag says so in its option."""
    initial, kommune, belegte = _vorbelegung(request)
    rahmen = RechnerRahmenForm(data, initial=initial, prefix="rahmen")
    # "Als Antrag übernehmen" only while some Förderjahre has no Antrag of the Kommune yet.
    rahmen.uebernehmbar = bool(kommune) and len(belegte) < len(regeln.FOERDERJAHRE)
    if kommune:
        rahmen.fields["kommune_art"].disabled = True
        rahmen.fields["qualifizierte"].disabled = True
        rahmen.fields["foerderjahr"].choices = [
            (j, f"{j} (Antrag vorhanden)" if j in belegte else str(j)) for j in regeln.FOERDERJAHRE]
    return rahmen, initial, kommune


def _rechner_seite(request, *, rahmen, formset, kommune, ergebnis, zeilenfehler=(), begleit=None, fehler=(),
                   bestehender_antrag=None, status=200):
    return render(request, "antraege/foerderrechner.html", {
        "rahmen": rahmen, "stellen_formset": formset, "kommune": kommune, "ergebnis": ergebnis,
        "zeilenfehler": list(zeilenfehler), "begleit_prefix": BEGLEIT_PREFIX, "begleit": begleit or {},
        "uebernahme_fehler": list(fehler), "bestehender_antrag": bestehender_antrag,
        "uebernehmbar": rahmen.uebernehmbar,
    }, status=status)


@seite_zwischenspeichern
@anmeldung_erforderlich
def foerderrechner(request):
    rahmen, initial, kommune = _rahmen_formular(request)
    ergebnis = regeln.berechne(regeln.Fall(foerderjahr=initial["foerderjahr"], kommune_art=initial["kommune_art"],
                                           qualifizierte_kreisangehoerige=initial["qualifizierte"]))
    return _rechner_seite(request, rahmen=rahmen, formset=StellenRechnerFormSet(prefix="stellen"), kommune=kommune,
                          ergebnis=ergebnis)


def _rahmen_aus_post(request):
    rahmen, initial, kommune = _rahmen_formular(request, request.POST)
    if rahmen.is_valid():
        return rahmen.cleaned_data, kommune
    return initial, kommune


@require_POST
@anmeldung_erforderlich
def foerderrechner_ergebnis(request):
    rahmen, kommune = _rahmen_aus_post(request)
    kontext = zusammenfassung_aus_post(
        request.POST, foerderjahr=rahmen["foerderjahr"], begleit_prefix=BEGLEIT_PREFIX, kommune=kommune,
        kommune_art=None if kommune else rahmen["kommune_art"],
        qualifizierte=None if kommune else (rahmen.get("qualifizierte") or 0),
    )
    return render(request, "antraege/_zusammenfassung.html", kontext)


@require_POST
@anmeldung_erforderlich(rollen=(Rolle.KOMMUNE,), zurueck_zu="foerderrechner")
def als_antrag_uebernehmen(request):
    """Create the Antrag from the plan. Whatever stands in the way (an invalid row, an Antrag that already
    exists for the year) is said on the Förderrechner page itself, with every row as typed."""
    rahmen, initial, kommune = _rahmen_formular(request, request.POST)
    fehler = []
    if rahmen.is_valid():
        foerderjahr = rahmen.cleaned_data["foerderjahr"]
    else:
        foerderjahr = initial["foerderjahr"]
        fehler.append("Bitte wählen Sie ein Förderjahr von 2025 bis 2028.")
    kontext = zusammenfassung_aus_post(request.POST, foerderjahr=foerderjahr, begleit_prefix=BEGLEIT_PREFIX,
                                       kommune=kommune)
    fehler += kontext["zeilenfehler"]
    if not kontext["zeilen"] and not kontext["zeilenfehler"]:
        fehler.append("Bitte tragen Sie mindestens eine Stelle ein, bevor Sie die Planung als Antrag übernehmen.")
    bestehender = None if fehler else selectors.offener_antrag(request.user, foerderjahr)
    if not fehler and bestehender is None:
        try:
            antrag = services.antrag_anlegen(
                request.user, foerderjahr, zeilen=kontext["zeilen"],
                veranstaltungen=kontext["veranstaltungen"], schnittstellen=kontext["schnittstellen"],
            )
        except FachlicherFehler as fehler_:
            # e.g. a second tab created the Antrag a moment ago
            bestehender = selectors.offener_antrag(request.user, foerderjahr)
            if bestehender is None:
                fehler.append(fehler_.meldung)
        else:
            messages.success(request, f"Die Planung ({len(kontext['zeilen'])} Stellen) ist als Antrag "
                                      f"{antrag.foerderjahr} übernommen. Jeder Abschnitt wird einzeln gespeichert.")
            return redirect("antrag_detail", pk=antrag.pk)
    return _rechner_seite(
        request, rahmen=rahmen, formset=StellenRechnerFormSet(request.POST, prefix="stellen"), kommune=kommune,
        ergebnis=kontext["ergebnis"], zeilenfehler=kontext["zeilenfehler"],
        begleit={f: request.POST.get(f"{BEGLEIT_PREFIX}-{f}", "") for f in BEGLEIT_FELDER},
        fehler=fehler, bestehender_antrag=bestehender, status=400 if fehler else 409,
    )
