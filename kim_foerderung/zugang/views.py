from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, IntegerField, Sum, Value, When, Window
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kim_foerderung import erweiterungen
from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.seitencache import seite_zwischenspeichern

from . import services
from .forms import AnmeldeFormular, AnsprechpersonForm
from .models import Benutzer
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


def _neuigkeiten(user, anzahl=10):
    """(the newest ``anzahl`` notices, unread first – as protokoll.selectors.benachrichtigungen_fuer –, the number of
    all unread ones) in one query: each row carries the count over all the person's notices (a window before the
    limit), instead of a second COUNT query."""
    liste = list(Benachrichtigung.objects.filter(empfaenger=user)
                 .annotate(_ungelesen=Window(Sum(Case(When(gelesen_am__isnull=True, then=Value(1)), default=Value(0),
                                                      output_field=IntegerField()))))
                 .order_by(F("gelesen_am").asc(nulls_first=True), "-erstellt_am", "-id")[:anzahl])
    return liste, (liste[0]._ungelesen or 0) if liste else 0


def _start(request, template, rolle, **kontext):
    benachrichtigungen, ungelesen = _neuigkeiten(request.user)
    rollen = rollen_von(request.user)
    kontext.update({
        # One line instead of a box: only a person with several roles needs the way to her other start pages.
        "weitere_startseiten": [{"titel": r.label, "link": reverse(START_SEITEN[r])} for r in rollen if r != rolle]
        if len(rollen) > 1 else [],
        "panele": erweiterungen.beitraege(erweiterungen.STARTSEITE, request, rolle=rolle),
        "benachrichtigungen": benachrichtigungen,
        "ungelesen": ungelesen,
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


@seite_zwischenspeichern
@rolle_erforderlich(Rolle.ADMIN)
def ansprechpersonen(request):
    """Admin: phone and e-mail of the Bezirksregierung's staff for the Briefkopf of the letters (DIN 5008), without
    the Django admin. One form per person; a POST names the person by ``benutzer`` (only staff of the
    Bezirksregierung, never a Kommune's user)."""
    personen = list(Benutzer.objects.filter(kommune__isnull=True, is_active=True).order_by("last_name",
                                                                                          "first_name", "pk"))
    gebunden = None
    if request.method == "POST":
        pk = request.POST.get("benutzer", "")
        person = get_object_or_404(Benutzer, pk=int(pk) if pk.isdigit() else 0, kommune__isnull=True,
                                   is_active=True)
        gebunden = (person.pk, AnsprechpersonForm(request.POST, prefix=f"p{person.pk}"))
        if gebunden[1].is_valid():
            services.ansprechperson_speichern(request.user, person, **gebunden[1].cleaned_data)
            messages.success(request, f"Gespeichert: Telefon und E-Mail von {person.anzeigename}.")
            return redirect("ansprechpersonen")
    zeilen = []
    for p in personen:
        form = gebunden[1] if gebunden and gebunden[0] == p.pk else AnsprechpersonForm(
            prefix=f"p{p.pk}", initial={"telefon": p.telefon, "email": p.email})
        zeilen.append({"person": p, "rollen": ", ".join(r.label for r in rollen_von(p)), "form": form})
    return render(request, "zugang/ansprechpersonen.html", {"zeilen": zeilen})
