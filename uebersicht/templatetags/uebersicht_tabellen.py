"""The rows of the Programmübersicht's money tables in one call instead of a template loop with a filter per cell
(54 Kommunen × 9 cells; issue 13). Same HTML as the loop it replaced, escaped the same way."""
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kim_foerderung.dokumente.templatetags.kim_format import euro, zahl_de
from kim_foerderung.listen import url_vorlage

register = template.Library()

_GELD = ("beantragt", "bewilligt", "ausgezahlt", "zurueckgefordert", "erstattet")


@register.simple_tag
def geldzeilen(zeilen, mit_status, foerderjahr):
    """``<tr>`` per Zeile (uebersicht.programm): title (with status, Bearbeiter/in and the link to the Akte when
    ``mit_status``), the five money columns and the two VZÄ columns."""
    akte = url_vorlage("akte", "00000000", foerderjahr) if mit_status else None
    teile = []
    for z in zeilen:
        if mit_status:
            link = akte(z.kommune.ags)
            bearbeiterin = z.kommune.bearbeiterin
            name = (bearbeiterin.anzeigename if bearbeiterin is not None else "") or "–"
            kopf = (f'<a href="{escape(link)}">{escape(z.titel)}</a></th><td>{escape(z.status_text)}</td>'
                    f'<td>{escape(name)}</td>')
        else:
            kopf = f"{escape(z.titel)}</th>"
        geld = "".join(f'<td class="text-end text-nowrap">{escape(euro(getattr(z, s)))}</td>' for s in _GELD)
        teile.append(f'\n    <tr><th scope="row" class="fw-normal">{kopf}{geld}<td class="text-end">'
                     f'{escape(zahl_de(z.vzae_bewilligt))}</td><td class="text-end">{escape(zahl_de(z.vzae_besetzt))}'
                     f'</td></tr>\n  ')
    return mark_safe("".join(teile))
