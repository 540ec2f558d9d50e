"""Förderrechner page: plan Stellen and see the rules' result live, without saving an Antrag."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kim_foerderung import regeln, zeit
from kim_foerderung.stammdaten.models import KommunenArt
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import rolle_erforderlich

from . import services
from .rechnen import StellenRechnerFormSet, zeilen_aus_post, zusammenfassung_aus_post
from .views import ALLE_ROLLEN


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
    heute = zeit.heute()
    jahr = min(max(heute.year + 1, 2025), 2028)
    kommune = request.user.kommune if hat_rolle(request.user, Rolle.KOMMUNE) else None
    return {
        "foerderjahr": jahr,
        "kommune_art": kommune.art if kommune else KommunenArt.KREIS,
        "qualifizierte": kommune.qualifizierte_kreisangehoerige_anzahl() if kommune else 0,
    }, kommune


@rolle_erforderlich(*ALLE_ROLLEN)
def foerderrechner(request):
    initial, kommune = _vorbelegung(request)
    rahmen = RechnerRahmenForm(initial=initial, prefix="rahmen")
    if kommune:
        # A Kommune plans for itself: Art and Nr. 4.3 count come from Stammdaten.
        rahmen.fields["kommune_art"].disabled = True
        rahmen.fields["qualifizierte"].disabled = True
    formset = StellenRechnerFormSet(prefix="stellen")
    ergebnis = regeln.berechne(regeln.Fall(foerderjahr=initial["foerderjahr"], kommune_art=initial["kommune_art"],
                                           qualifizierte_kreisangehoerige=initial["qualifizierte"]))
    return render(request, "antraege/foerderrechner.html", {
        "rahmen": rahmen, "stellen_formset": formset, "kommune": kommune, "ergebnis": ergebnis,
        "zeilenfehler": [], "begleit_prefix": "begleit",
    })


def _rahmen_aus_post(request):
    initial, kommune = _vorbelegung(request)
    rahmen = RechnerRahmenForm(request.POST, prefix="rahmen", initial=initial)
    if kommune:
        rahmen.fields["kommune_art"].disabled = True
        rahmen.fields["qualifizierte"].disabled = True
    if rahmen.is_valid():
        return rahmen.cleaned_data, kommune
    return initial, kommune


@require_POST
@rolle_erforderlich(*ALLE_ROLLEN)
def foerderrechner_ergebnis(request):
    rahmen, kommune = _rahmen_aus_post(request)
    kontext = zusammenfassung_aus_post(
        request.POST, foerderjahr=rahmen["foerderjahr"], begleit_prefix="begleit", kommune=kommune,
        kommune_art=None if kommune else rahmen["kommune_art"],
        qualifizierte=None if kommune else (rahmen.get("qualifizierte") or 0),
    )
    return render(request, "antraege/_zusammenfassung.html", kontext)


@require_POST
@rolle_erforderlich(Rolle.KOMMUNE)
def als_antrag_uebernehmen(request):
    rahmen, _ = _rahmen_aus_post(request)
    zeilen, fehler = zeilen_aus_post(request.POST)
    if fehler:
        for f in fehler:
            messages.error(request, f)
        return redirect("foerderrechner")
    try:
        antrag = services.antrag_anlegen(request.user, rahmen["foerderjahr"], zeilen=zeilen)
    except services.AntragFehler as fehler:
        messages.error(request, fehler.meldung)
        return redirect("foerderrechner")
    messages.success(request, f"Die {len(zeilen)} Stellen sind als Antrag {antrag.foerderjahr} übernommen.")
    return redirect("antrag_detail", pk=antrag.pk)
