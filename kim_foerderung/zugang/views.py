from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from kim_foerderung import erweiterungen
from kim_foerderung.protokoll.selectors import benachrichtigungen_fuer, ungelesene_anzahl
from kim_foerderung.seitencache import seite_zwischenspeichern

from .forms import AnmeldeFormular
from .rollen import Rolle, rollen_von
from .zugriff import rolle_erforderlich

START_SEITEN = {
    Rolle.KOMMUNE: "start_kommune",
    Rolle.SACHBEARBEITUNG: "start_sachbearbeitung",
    Rolle.ZEICHNUNG: "start_zeichnung",
    Rolle.FINANZEN: "start_finanzen",
    Rolle.ADMIN: "start_admin",
}


class AnmeldenView(auth_views.LoginView):
    template_name = "zugang/anmelden.html"
    authentication_form = AnmeldeFormular
    redirect_authenticated_user = True


class AbmeldenView(auth_views.LogoutView):
    pass


def start(request):
    """Each role lands on its own start page; a person with several roles on the first one."""
    if not request.user.is_authenticated:
        return redirect("login")
    rollen = rollen_von(request.user)
    if not rollen:
        return render(request, "zugang/keine_rolle.html", status=403)
    return redirect(START_SEITEN[rollen[0]])


def _start(request, template, rolle, **kontext):
    rollen = rollen_von(request.user)
    kontext.update({
        # One line instead of a box: only a person with several roles needs the way to her other start pages.
        "weitere_startseiten": [{"titel": r.label, "link": reverse(START_SEITEN[r])} for r in rollen if r != rolle]
        if len(rollen) > 1 else [],
        "panele": erweiterungen.beitraege(erweiterungen.STARTSEITE, request, rolle=rolle),
        "benachrichtigungen": benachrichtigungen_fuer(request.user),
        "ungelesen": ungelesene_anzahl(request.user),
    })
    return render(request, template, kontext)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.KOMMUNE)
def start_kommune(request):
    return _start(request, "zugang/start_kommune.html", Rolle.KOMMUNE, kommune=request.user.kommune)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.SACHBEARBEITUNG)
def start_sachbearbeitung(request):
    return _start(request, "zugang/start_sachbearbeitung.html", Rolle.SACHBEARBEITUNG)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.ZEICHNUNG)
def start_zeichnung(request):
    return _start(request, "zugang/start_zeichnung.html", Rolle.ZEICHNUNG)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.FINANZEN)
def start_finanzen(request):
    """The panels of the Auszahlung (runs to check and release, due Tranchen, unmatched bank entries) come from
    kim_foerderung.erweiterungen (auszahlung.startseite)."""
    return _start(request, "zugang/start_finanzen.html", Rolle.FINANZEN)


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.ADMIN)
def start_admin(request):
    return _start(request, "zugang/start_admin.html", Rolle.ADMIN)


@login_required
def probeseite(request):
    """The trivial page of the load benchmark (scripts/lastprobe.py): login required, the base layout with the
    role's navigation, one paragraph – what every page costs before it does any work of its own."""
    return render(request, "zugang/probeseite.html")
