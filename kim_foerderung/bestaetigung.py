"""Irreversible steps are confirmed (issue 14 item 4): Einreichen, Zeichnen und freigeben, Versand vermerken,
Rechtsbehelfsverzicht, Verteilungsvorschlag übernehmen.

With JavaScript, a form with ``data-bestaetigen`` opens kim.js's dialog, which says what will happen and that it
cannot be undone, and adds ``bestaetigt=ja``. Without JavaScript (or a POST from anywhere else), the view decorated
with :func:`bestaetigung_erforderlich` answers a POST without ``bestaetigt=ja`` with a confirmation page that says
the same and posts the same fields again – nothing happens on one click.
"""
from functools import wraps

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def bestaetigung_erforderlich(*, titel, text, knopf):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and request.POST.get("bestaetigt") != "ja":
                felder = [(name, wert) for name in request.POST for wert in request.POST.getlist(name)
                          if name not in ("csrfmiddlewaretoken", "bestaetigt")]
                zurueck = request.META.get("HTTP_REFERER", "")
                if not url_has_allowed_host_and_scheme(zurueck, allowed_hosts={request.get_host()}):
                    zurueck = ""
                return render(request, "includes/bestaetigen.html", {
                    "titel": titel, "text": text, "knopf": knopf, "aktion": request.get_full_path(),
                    "felder": felder, "zurueck": zurueck,
                })
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
