"""The fields of one Stelle in the Bescheid draft, written in one call per Stelle (issue 13: a template loop with
class choice, label and error per field). Same HTML as the loop it replaced in templates/bescheide/_entwurf.html."""
from django import template
from django.utils.safestring import mark_safe

from antraege.templatetags.antrag_format import _e, zellenfeld

register = template.Library()


def _spalte(name):
    if name == "kuerzung_grund":
        return "col-12"
    if name == "bewilligt":
        return "col-12 col-sm-4 col-lg-2"
    if name == "vzae":
        return "col-6 col-sm-4 col-lg-1"
    return "col-6 col-sm-4 col-lg-2"


@register.simple_tag
def entwurf_felder(f):
    """Each field of the Stelle form ``f`` (bescheide.forms.stellen_formulare) with its label naming the Stelle and
    its error linked by id."""
    kennung = _e(f.stelle.kennung)
    teile = []
    for feld in f:
        beschriftung = f'{_e(feld.label)}<span class="visually-hidden"> {kennung}</span>'
        if feld.name == "bewilligt":
            inhalt = (f'<div class="form-check">{zellenfeld(feld)}<label class="form-check-label" '
                      f'for="{_e(feld.id_for_label)}">{beschriftung}</label></div>')
        else:
            inhalt = (f'<label class="form-label small mb-0" for="{_e(feld.id_for_label)}">{beschriftung}</label>'
                      f"{zellenfeld(feld)}")
        fehler = ""
        if feld.errors:
            fehler = (f'<div class="invalid-feedback d-block" id="{_e(feld.id_for_label)}-fehler">'
                      f'{" ".join(_e(e) for e in feld.errors)}</div>')
        teile.append(f'\n          <div class="{_spalte(feld.name)}">\n            \n              {inhalt}\n'
                     f"            \n            {fehler}\n          </div>\n          ")
    return mark_safe("".join(teile))
