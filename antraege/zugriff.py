"""Object before method and role for every URL of an Antrag (``<int:pk>``), as ``zugang.zugriff.objekt_vor_rolle``
promises: a user of another Kommune gets 404 whatever the HTTP method (never the 405 of ``require_POST``, which
would tell that the URL exists for this id) and whatever the role the action needs.

The decorator goes above ``require_POST`` / ``require_http_methods``; the view itself still fetches the Antrag with
everything its page shows through ``selectors.antrag_fuer`` (scoped the same way).
"""
from functools import wraps

from django.http import Http404

from kim_foerderung.zugang.zugriff import sichtbar

from .models import Antrag


NICHT_ZUGAENGLICH = "Diesen Antrag gibt es nicht oder er ist Ihnen nicht zugänglich."


def antrag_zuerst(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Anonymous requests go on to the login handling of the view (anmeldung_erforderlich).
        if request.user.is_authenticated:
            if request.method in ("GET", "HEAD"):
                # A page shows the Antrag anyway: fetch it with everything once (geladener_antrag), not twice.
                from .selectors import antrag_fuer

                try:
                    request.kim_antrag = antrag_fuer(request.user, kwargs["pk"])
                except Http404:
                    raise Http404(NICHT_ZUGAENGLICH) from None
            elif not sichtbar(request.user, Antrag).filter(pk=kwargs["pk"]).exists():
                raise Http404(NICHT_ZUGAENGLICH)
        return view(request, *args, **kwargs)

    wrapper.objekt_parameter = "pk"
    return wrapper


def geladener_antrag(request, pk):
    """The Antrag ``antrag_zuerst`` fetched for this GET (selectors.antrag_fuer), else fetched now."""
    antrag = getattr(request, "kim_antrag", None)
    if antrag is not None and antrag.pk == pk:
        request.kim_antrag = None  # once: a later fetch in the same request wants the current state
        return antrag
    from .selectors import antrag_fuer

    return antrag_fuer(request.user, pk)
