from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from antraege.erweiterungen import abschnitte_fuer

register = template.Library()


@register.simple_tag(takes_context=True)
def spaetere_stufen(context, antrag):
    """The parts later stages registered for the Antrag page (antraege.erweiterungen), rendered in order."""
    request = context["request"]
    teile = []
    for abschnitt in abschnitte_fuer(request, antrag):
        abschnitt = dict(abschnitt)
        teile.append(render_to_string(abschnitt.pop("template"), {"antrag": antrag, **abschnitt}, request=request))
    return mark_safe("".join(teile))  # each part is a rendered, auto-escaped template

_SELECTS = {"art", "von_monat", "bis_monat"}
_ZAHLEN = {"vzae", "personalausgaben", "sachausgaben"}


@register.filter
def zellenfeld(feld):
    """Render a Stellen cell's widget with Bootstrap classes and the ARIA links to its error."""
    if getattr(feld.field.widget, "input_type", "") == "checkbox":
        klassen = "form-check-input"
    elif feld.name in _SELECTS:
        klassen = "form-select form-select-sm"
    else:
        klassen = "form-control form-control-sm" + (" betrag" if feld.name in _ZAHLEN else "")
    attrs = {"class": klassen + (" is-invalid" if feld.errors else "")}
    if feld.name in _ZAHLEN:
        attrs["inputmode"] = "decimal"
    if feld.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{feld.id_for_label}-fehler"
    return feld.as_widget(attrs=attrs)
