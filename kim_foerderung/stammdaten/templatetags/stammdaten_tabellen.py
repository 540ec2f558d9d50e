"""The rows of the Kommunen list in one call instead of a template loop (54 rows × 6 cells, a URL each; issue 13).
Same HTML as the loop it replaced, escaped the same way."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kim_foerderung.listen import url_vorlage

register = template.Library()


@register.simple_tag
def kommunenzeilen(kommunen):
    link = url_vorlage("kommune_detail", "00000000")
    teile = []
    for k in kommunen:
        qualifiziert = f"{k.anzahl_qualifiziert} von {k.anzahl_kreisangehoerige}" if k.ist_kreis else "–"
        teile.append(f'\n    <tr><td><a href="{escape(link(k.ags))}">{escape(k)}</a></td><td>{escape(k.ags)}</td>'
                     f'<td>{escape(k.get_art_display())}</td><td>{escape(k.regierungsbezirk)}</td>'
                     f'<td>{escape(k.verwaltungsgericht)}</td><td>{escape(qualifiziert)}</td></tr>\n  ')
    return mark_safe("".join(teile))
