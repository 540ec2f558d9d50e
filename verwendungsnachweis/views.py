"""Thin views of the verwendungsnachweis app: forms in, services called with plain values, FachlicherFehler shown."""
from django.contrib import messages
from django.shortcuts import redirect, render

from kim_foerderung import regeln
from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.zugang.zugriff import Rolle, rolle_erforderlich

from . import selectors, services
from .forms import BasiszinssatzForm


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
