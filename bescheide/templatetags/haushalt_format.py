"""The Stellen table of each Antrag on the Verteilung page, written in one call per Antrag (issue 13: the page
has one per open Antrag of the year – about 40 – and a template per table with a filter per cell cost about a
quarter of the page). Same HTML as the template it replaced."""
from html import escape

from django import template
from django.utils.safestring import mark_safe

from kim_foerderung.dokumente.templatetags.kim_format import euro_text
from kim_foerderung.listen import url_vorlage

register = template.Library()

_WARNUNG = ' class="table-warning"'
_KOPF = (
    '<thead><tr><th scope="col">Stelle</th><th scope="col">Art</th><th scope="col">besetzt</th>'
    '<th scope="col" class="betrag">beantragt</th><th scope="col" class="betrag">nach Prüfung</th>'
    '<th scope="col" class="betrag">vorgeschlagen</th><th scope="col">Hinweis</th></tr></thead>'
)


def _e(wert):
    return escape(str(wert))


def _stelle(s):
    if s.hinweis:
        hinweis = _e(s.hinweis)
    elif s.gekuerzt and s.vorgeschlagen == 0:
        hinweis = "nicht gefördert"
    elif s.gekuerzt:
        hinweis = "gekürzt"
    else:
        hinweis = ""
    return (
        f'\n    <tr{_WARNUNG if s.gekuerzt else ""}>\n'
        f'      <th scope="row">{_e(s.kennung)}</th>\n'
        f'      <td>{_e(s.art_name)}</td>\n'
        f'      <td>{"ja" if s.besetzt else "nein"}</td>\n'
        f'      <td class="betrag">{_e(euro_text(s.beantragt))}</td>\n'
        f'      <td class="betrag">{_e(euro_text(s.basis))}</td>\n'
        f'      <td class="betrag">{_e(euro_text(s.vorgeschlagen))}</td>\n'
        f'      <td>{hinweis}</td>\n'
        f'    </tr>\n  '
    )


@register.simple_tag
def haushalt_stellen(a):
    """The table "Stellen und Begleitmaßnahmen" of one AntragVorschlag (bescheide.haushalt)."""
    begleit_gekuerzt = a.begleit_vorschlag < a.begleit_basis
    if begleit_gekuerzt:
        begleit_hinweis = "nicht gefördert" if a.begleit_vorschlag == 0 else "gekürzt"
    else:
        begleit_hinweis = ""
    return mark_safe(
        '\n<table class="table table-sm align-middle">\n'
        f'  <caption>Stellen und Begleitmaßnahmen: {_e(a.kommune.name)}</caption>\n'
        f'  {_KOPF}\n'
        '  <tbody>\n  '
        + "".join(_stelle(s) for s in a.stellen)
        + f'\n    <tr{_WARNUNG if begleit_gekuerzt else ""}>\n'
        '      <th scope="row">Begleitmaßnahmen</th><td colspan="2">Nr. 5.4.2 a und b</td>\n'
        f'      <td class="betrag">{_e(euro_text(a.begleit_beantragt))}</td>\n'
        f'      <td class="betrag">{_e(euro_text(a.begleit_basis))}</td>\n'
        f'      <td class="betrag">{_e(euro_text(a.begleit_vorschlag))}</td>\n'
        f'      <td>{begleit_hinweis}</td>\n'
        '    </tr>\n'
        '  </tbody>\n'
        '  <tfoot><tr class="fw-bold"><th scope="row" colspan="3">Summe</th>'
        f'<td class="betrag">{_e(euro_text(a.beantragt))}</td><td class="betrag">{_e(euro_text(a.basis))}</td>'
        f'<td class="betrag">{_e(euro_text(a.vorschlag))}</td><td></td></tr></tfoot>\n'
        '</table>\n'
    )


@register.simple_tag
def verteilung_zeilen(v):
    """The rows of the table "Je Kommune" of the Verteilung (one per open Antrag), in one call."""
    antrag_link, bescheid_link = url_vorlage("antrag_detail", 987654321), url_vorlage("bescheid_detail", 987654321)
    zeilen = []
    for a in v.antraege:
        bescheid = ""
        if a.bescheid:
            bescheid = (f' · <a href="{bescheid_link(a.bescheid.pk)}">{_e(a.bescheid.get_art_display())} – '
                        f"{_e(a.bescheid.get_status_display())}</a>")
        zeilen.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="#kommune-{a.antrag.pk}">{_e(a.kommune.name)}</a></th>\n'
            f'      <td><a href="{antrag_link(a.antrag.pk)}">{_e(a.antrag.nummer)}</a>{bescheid}</td>\n'
            f'      <td class="betrag">{_e(euro_text(a.beantragt))}</td>\n'
            f'      <td class="betrag">{_e(euro_text(a.basis))}</td>\n'
            f'      <td class="betrag">{_e(euro_text(a.vorschlag))}</td>\n'
            f"      <td>{_e(a.hinweis)}</td>\n"
            "    </tr>\n  ")
    return mark_safe("".join(zeilen))


@register.simple_tag
def verteilung_abschnitte(v):
    """The section "Je Stelle" of each open Antrag: heading and its Stellen table, in one call."""
    return mark_safe("".join(
        f'\n<section id="kommune-{a.antrag.pk}" class="mb-4" aria-labelledby="kommune-titel-{a.antrag.pk}">\n'
        f'  <h3 class="h5" id="kommune-titel-{a.antrag.pk}">{_e(a.kommune.name)}: {_e(euro_text(a.vorschlag))} von '
        f"{_e(euro_text(a.basis))}</h3>\n"
        '  <div class="table-responsive" tabindex="0" role="region" aria-label="Tabelle, seitlich scrollbar">'
        f"{haushalt_stellen(a)}</div>\n"
        "</section>\n"
        for a in v.antraege))
