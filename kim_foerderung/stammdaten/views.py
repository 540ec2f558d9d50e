from django.core.paginator import Paginator
from django.shortcuts import render

from kim_foerderung.zugang.zugriff import aktion_erforderlich
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import selectors
from .models import Regierungsbezirk


@seite_zwischenspeichern
@aktion_erforderlich("stammdaten.ansehen")
def kommunen_liste(request):
    kommunen = selectors.kommunen_fuer(request.user)
    suche = request.GET.get("q", "").strip()
    bezirk = request.GET.get("bezirk", "")
    if suche:
        kommunen = kommunen.filter(name__icontains=suche) | kommunen.filter(ags__startswith=suche)
    if bezirk in Regierungsbezirk.values:
        kommunen = kommunen.filter(regierungsbezirk=bezirk)
    # All 54 Zuwendungsempfänger on one page (issue 14); the pager stays for a filtered list of more.
    # One query for the rows (and their number), only the columns shown (issue 13); at most the 54 Kommunen.
    kommunen = list(kommunen.only("ags", "name", "art", "regierungsbezirk", "verwaltungsgericht"))
    seite = Paginator(kommunen, 100).get_page(request.GET.get("seite"))
    return render(
        request,
        "stammdaten/kommunen_liste.html",
        {"seite": seite, "suche": suche, "bezirk": bezirk, "bezirke": Regierungsbezirk.choices},
    )


@seite_zwischenspeichern
def kommune_detail(request, ags):
    """Visible to the Bezirksregierung and to the Kommune's own staff; any other Kommune gets 404."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    kommune = selectors.kommune_fuer(request.user, ags)
    return render(request, "stammdaten/kommune_detail.html", {"kommune": kommune})
