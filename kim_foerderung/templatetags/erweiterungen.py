"""Render the sections later stages registered for a page (kim_foerderung.erweiterungen)."""
from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kim_foerderung import erweiterungen

register = template.Library()


def _rendern(request, slot, objekt, name):
    teile = []
    for abschnitt in erweiterungen.beitraege(slot, request, objekt):
        abschnitt = dict(abschnitt)
        teile.append(render_to_string(abschnitt.pop("template"), {name: objekt, **abschnitt}, request=request))
    return mark_safe("".join(teile))  # each part is a rendered, auto-escaped template


@register.simple_tag(takes_context=True)
def antrag_abschnitte(context, antrag):
    """Slot ANTRAG_SEITE: the parts later stages show on the Antrag page, in order."""
    return _rendern(context["request"], erweiterungen.ANTRAG_SEITE, antrag, "antrag")


@register.simple_tag(takes_context=True)
def bescheid_abschnitte(context, bescheid):
    """Slot BESCHEID_SEITE: the parts later stages show on the Bescheid page, in order."""
    return _rendern(context["request"], erweiterungen.BESCHEID_SEITE, bescheid, "bescheid")
