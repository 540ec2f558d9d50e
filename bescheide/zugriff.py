"""Object first, role second: every URL of a Bescheid or of the Prüfung of an Antrag resolves its object through
kim_foerderung.zugang.zugriff (``sichtbar`` / ``objekt_oder_404``, via the selectors) before the role is checked.

So a user of another Kommune gets 404 on every such URL – whether the action is meant for the Kommune or only
for the Bezirksregierung, and whatever the HTTP method – and learns nothing about the object. Only a user who
may see the object but lacks the role gets 403.
"""
from functools import wraps

from django.contrib.auth.views import redirect_to_login

from antraege import selectors as antrag_selectors
from kim_foerderung.zugang.rollen import hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert

from . import selectors


def objekt_vor_rolle(parameter, laden, *rollen):
    """View decorator: login, then ``laden(user, kwargs[parameter])`` (404 for what the user may not see), then
    one of ``rollen`` (403). The view receives the object instead of the URL parameter. Put it above
    ``require_POST`` so that a GET of another Kommune's object is a 404 as well."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            objekt = laden(request.user, kwargs.pop(parameter))
            if not hat_rolle(request.user, *rollen):
                raise Zugriffsverweigert("Diese Seite ist Ihrer Rolle nicht zugänglich.")
            return view(request, objekt, *args, **kwargs)

        wrapper.objekt_parameter = parameter
        wrapper.rollen = rollen
        return wrapper

    return decorator


def bescheid_ansicht(*rollen):
    """For URLs with ``<int:pk>`` of a Bescheid (a Kommune sees only its own, and only once sent)."""
    return objekt_vor_rolle("pk", selectors.bescheid_fuer, *rollen)


def pruefung_ansicht(*rollen):
    """For URLs with ``<int:antrag_pk>`` (the Prüfung of an Antrag and the draft it starts)."""
    return objekt_vor_rolle("antrag_pk", antrag_selectors.antrag_fuer, *rollen)
