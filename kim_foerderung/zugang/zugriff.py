"""The one mechanism that decides who may see and do what.

Every model owned by a Kommune declares ``KOMMUNE_PFAD``: the ORM lookup from the model to its Kommune
(``"kommune"``, ``"antrag__kommune"``; ``"pk"`` for the Kommune itself). Selectors fetch such objects only
through :func:`sichtbar` / :func:`objekt_oder_404`, so an object of another Kommune answers 404 whether it
is reached by link or by a guessed URL. Actions are checked with :func:`darf` / :func:`pruefe`.
"""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .rollen import LANDESROLLEN, Rolle, hat_rolle, rollen_von


class Zugriffsverweigert(PermissionDenied):
    """Raised when a user may not perform an action; shown as a German 403 page or message."""


def kommune_pfad(model):
    pfad = getattr(model, "KOMMUNE_PFAD", None)
    if pfad is None:
        raise ImproperlyConfigured(f"{model.__name__} hat kein KOMMUNE_PFAD und kann nicht geschützt werden.")
    return pfad


def sichtbar(user, queryset):
    """Restrict a queryset to what ``user`` may see: all for the Bezirksregierung, own Kommune otherwise."""
    if hasattr(queryset, "_default_manager"):  # a model class
        queryset = queryset._default_manager.all()
    pfad = kommune_pfad(queryset.model)
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if hat_rolle(user, *LANDESROLLEN):
        return queryset
    if user.kommune_id:
        return queryset.filter(**{pfad: user.kommune_id})
    return queryset.none()


def objekt_oder_404(user, queryset, **lookup):
    """The object if ``user`` may see it; 404 otherwise (never reveal that it exists)."""
    return get_object_or_404(sichtbar(user, queryset), **lookup)


def kommune_von(obj):
    """The Kommune an object belongs to, following its KOMMUNE_PFAD."""
    pfad = kommune_pfad(type(obj))
    if pfad == "pk":
        return obj
    ziel = obj
    for teil in pfad.split("__"):
        ziel = getattr(ziel, teil)
        if ziel is None:
            return None
    return ziel


def darf_sehen(user, obj):
    """An object may declare ``fuer_kommune_sichtbar`` (e.g. a Bescheid only once it has been sent):
    until then the Kommune does not see it, nor any document that belongs to it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if hat_rolle(user, *LANDESROLLEN):
        return True
    if not getattr(obj, "fuer_kommune_sichtbar", True):
        return False
    kommune = kommune_von(obj)
    return bool(user.kommune_id) and kommune is not None and kommune.pk == user.kommune_id


# Which roles may perform which action (object visibility is checked in addition).
AKTIONEN = {
    "stammdaten.ansehen": {Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG, Rolle.FINANZEN, Rolle.ADMIN},
    "stammdaten.bearbeiten": {Rolle.ADMIN},
    "antrag.bearbeiten": {Rolle.KOMMUNE},
    "antrag.pruefen": {Rolle.SACHBEARBEITUNG},
    "bescheid.vorbereiten": {Rolle.SACHBEARBEITUNG},
    "bescheid.zeichnen": {Rolle.ZEICHNUNG},
    "verwendungsnachweis.bearbeiten": {Rolle.KOMMUNE},
    "verwendungsnachweis.pruefen": {Rolle.SACHBEARBEITUNG},
    "zahlungslauf.vorbereiten": {Rolle.FINANZEN},
    "zahlungslauf.freigeben": {Rolle.FINANZEN},
    "dokument.herunterladen": {Rolle.KOMMUNE} | set(LANDESROLLEN),
}


def darf(user, aktion, obj=None):
    if aktion not in AKTIONEN:
        raise ImproperlyConfigured(f"Unbekannte Aktion {aktion!r}.")
    if not hat_rolle(user, *AKTIONEN[aktion]):
        return False
    if obj is not None and not darf_sehen(user, obj):
        return False
    return True


def pruefe(user, aktion, obj=None):
    if not darf(user, aktion, obj):
        raise Zugriffsverweigert("Für diese Aktion fehlt Ihnen die Berechtigung.")


def vier_augen(vorbereitet_von, user):
    """Four-eyes principle by person: whoever prepared a step never releases it, whatever roles they hold."""
    if vorbereitet_von is not None and user is not None and vorbereitet_von.pk == user.pk:
        raise Zugriffsverweigert(
            "Vier-Augen-Prinzip: Sie haben diesen Vorgang vorbereitet. Die Freigabe muss eine andere Person erteilen."
        )


def rolle_erforderlich(*rollen):
    """View decorator: login required, then one of ``rollen``; otherwise 403 with a German page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not hat_rolle(request.user, *rollen):
                raise Zugriffsverweigert("Diese Seite ist Ihrer Rolle nicht zugänglich.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def objekt_vor_rolle(parameter, laden, *rollen, seite=None):
    """View decorator: login, then ``laden(user, kwargs[parameter])`` (404 for what the user may not see), then
    one of ``rollen`` (403). The view receives the object instead of the URL parameter. Put it above
    ``require_POST`` so that a GET of another Kommune's object is a 404 as well.

    ``seite`` names the object's own page (URL name taking the parameter): a POST after the session expired is
    not carried out, and login leads back to that page instead of to the POST-only URL (which would answer 405).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                ziel = request.get_full_path()
                if request.method not in ("GET", "HEAD") and seite:
                    ziel = reverse(seite, args=[kwargs[parameter]])
                    messages.warning(request, "Ihre Anmeldung war abgelaufen; der letzte Schritt wurde nicht "
                                              "ausgeführt. Bitte melden Sie sich an und wiederholen Sie ihn.")
                return redirect_to_login(ziel)
            objekt = laden(request.user, kwargs.pop(parameter))
            if not hat_rolle(request.user, *rollen):
                raise Zugriffsverweigert("Diese Seite ist Ihrer Rolle nicht zugänglich.")
            return view(request, objekt, *args, **kwargs)

        wrapper.objekt_parameter = parameter
        wrapper.rollen = rollen
        return wrapper

    return decorator


def aktion_erforderlich(aktion):
    return rolle_erforderlich(*AKTIONEN[aktion])


__all__ = [
    "Rolle",
    "LANDESROLLEN",
    "rollen_von",
    "hat_rolle",
    "sichtbar",
    "objekt_oder_404",
    "kommune_von",
    "darf_sehen",
    "darf",
    "pruefe",
    "vier_augen",
    "rolle_erforderlich",
    "aktion_erforderlich",
    "objekt_vor_rolle",
    "Zugriffsverweigert",
]
