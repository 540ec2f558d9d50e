import html

from django import template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

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


# --- the Stellen formset: one call per row, not a widget template per field (issue 13) ----------------------

def _e(wert):
    """conditional_escape without its lazy-argument wrapper (the same result; called some thousand times a page)."""
    if isinstance(wert, Promise):
        wert = str(wert)
    if hasattr(wert, "__html__"):
        return wert.__html__()
    return html.escape(str(wert))


def _attrs(attrs):
    """flatatt's output (key="value" pairs sorted, then the boolean attributes sorted), without format_html."""
    paare, schalter = [], []
    for name, wert in attrs.items():
        if isinstance(wert, bool):
            if wert:
                schalter.append(name)
        elif wert is not None:
            paare.append((name, wert))
    return ("".join(f' {_e(name)}="{_e(wert)}"' for name, wert in sorted(paare))
            + "".join(f" {_e(name)}" for name in sorted(schalter)))


_OPTIONEN = {}


def _optionen(form, feld):
    """The <option>s of a select as (value, '<option value="…"', '>label</option>'), built once per form class and
    field and rebuilt only if the choices differ."""
    wahlen = feld.field.choices
    if not isinstance(wahlen, list):
        wahlen = list(wahlen)
    schluessel = (type(form), feld.name)
    eintrag = _OPTIONEN.get(schluessel)
    if eintrag is None or eintrag[0] != wahlen:
        eintrag = (list(wahlen), [(str(wahl), f'<option value="{_e(wahl)}"', f">{_e(text)}</option>")
                                  for wahl, text in wahlen])
        _OPTIONEN[schluessel] = eintrag
    return eintrag[1]


def _steuerelement(feld):
    """The HTML of one Stellen control, written here instead of through Django's widget templates (which cost
    about 2 ms per field): the same name, id, value and attributes, Bootstrap classes, the ARIA link to the error."""
    widget = feld.field.widget
    attrs = widget.build_attrs(widget.attrs, feld.build_widget_attrs({}))
    attrs.pop("required", None)  # formsets render without it, as Django does (use_required_attribute=False)
    attrs["id"] = feld.auto_id
    art = getattr(widget, "input_type", None)
    fehler = feld.errors
    if art == "checkbox":
        klassen = "form-check-input"
    elif art is None or feld.name in _SELECTS:
        klassen = "form-select form-select-sm"
    else:
        klassen = "form-control form-control-sm" + (" betrag" if feld.name in _ZAHLEN else "")
    attrs["class"] = klassen + (" is-invalid" if fehler else "")
    if feld.name in _ZAHLEN:
        attrs["inputmode"] = "decimal"
    if fehler:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{feld.auto_id}-fehler"
    wert = feld.value()
    if art == "checkbox":
        if widget.check_test(wert):
            attrs["checked"] = True
        return mark_safe(f'<input type="checkbox" name="{_e(feld.html_name)}"{_attrs(attrs)}>')
    if art is None or feld.name in _SELECTS:
        gewaehlt = "" if wert is None else str(wert)
        optionen = "".join(f"{anfang} selected{ende}" if wahl == gewaehlt else f"{anfang}{ende}"
                           for wahl, anfang, ende in _optionen(feld.form, feld))
        return mark_safe(f'<select name="{_e(feld.html_name)}"{_attrs(attrs)}>{optionen}</select>')
    wert = widget.format_value(wert)
    if wert is not None:
        attrs["value"] = wert
    return mark_safe(f'<input type="{_e(art)}" name="{_e(feld.html_name)}"{_attrs(attrs)}>')


@register.filter
def stellenfelder(form):
    """{field name: {"html": control, "feld": BoundField}} of one Stellen row, and the hidden fields as one string."""
    felder = {}
    versteckt = []
    for feld in form:
        if feld.is_hidden:
            wert = feld.value()
            versteckt.append(f'<input type="hidden" name="{_e(feld.html_name)}" id="{_e(feld.auto_id)}"'
                             + ("" if wert is None else f' value="{_e(wert)}"') + ">")
        else:
            felder[feld.name] = {"html": _steuerelement(feld), "feld": feld}
    felder["versteckt"] = mark_safe("".join(versteckt))
    return felder


# Columns of a Stellen row in order: (field, Bootstrap column classes); "besetzt" is the checkbox column.
_ZEILE_OBEN = (("art", "col-12 col-sm-6 col-lg-3"), ("vzae", "col-4 col-sm-3 col-lg-1"),
               ("von_monat", "col-4 col-sm-3 col-lg-2"), ("bis_monat", "col-4 col-sm-3 col-lg-2"))
_ZEILE_UNTEN = (("qualifikation", "col-12 col-lg-6"), ("personalausgaben", "col-6 col-lg-3"),
                ("sachausgaben", "col-6 col-lg-3"))


def _fehler(feld):
    if not feld.errors:
        return ""
    return (f'<div class="invalid-feedback d-block" id="{_e(feld.auto_id)}-fehler">'
            f'{" ".join(_e(e) for e in feld.errors)}</div>')


def _stellenfeld(eintrag, klasse, zeile):
    feld = eintrag["feld"]
    return (f'<div class="{klasse}"><label class="form-label small mb-0" for="{_e(feld.auto_id)}">{_e(feld.label)}'
            f'<span class="visually-hidden">, Zeile {_e(zeile)}</span></label>{eintrag["html"]}{_fehler(feld)}</div>\n')


@register.simple_tag
def stellenzeile(form, kennung, zeile):
    """One row of the Stellen table as HTML, written here in one call (issue 13: before, a template per row and
    one per field): legend with Kennung and "entfernen", the hidden id, the controls with labels and errors."""
    f = stellenfelder(form)
    if kennung:
        kopf = format_html('Stelle <span class="kim-kennung">{}</span>', kennung)
    else:
        kopf = "Neue Stelle"
    entfernen = ""
    if "DELETE" in f:
        entfernen = format_html(
            '<span class="form-check m-0 small fw-normal">{}<label class="form-check-label" for="{}">entfernen'
            '<span class="visually-hidden"> (Zeile {})</span></label></span>', f["DELETE"]["html"],
            f["DELETE"]["feld"].auto_id, zeile)
    oben = mark_safe("\n    ".join(_stellenfeld(f[name], klasse, zeile) for name, klasse in _ZEILE_OBEN))
    unten = mark_safe("\n    ".join(_stellenfeld(f[name], klasse, zeile) for name, klasse in _ZEILE_UNTEN))
    besetzt = f["besetzt"]
    besetzt_fehler = mark_safe(_fehler(besetzt["feld"]))
    return format_html(
        '\n<fieldset class="kim-stellenzeile border rounded px-2 pt-1 pb-2 mb-2">\n'
        '  <legend class="h6 float-none w-auto mb-1 d-flex flex-wrap align-items-center gap-3">\n'
        '    <span>{}<span class="visually-hidden">, Zeile {}</span></span>\n'
        '    {}\n'
        '  </legend>\n'
        '  {}\n'
        '  <div class="row g-2 align-items-end">\n'
        '    {}\n'
        '    <div class="col-6 col-sm-3 col-lg-1"><div class="form-check mb-1">{}<label class="form-check-label" for="{}">'
        'besetzt<span class="visually-hidden">, Zeile {}</span></label></div>{}</div>\n'
        '    {}\n'
        '  </div>\n'
        '  <div class="row g-2 align-items-end mt-0">\n'
        '    {}\n'
        '  </div>\n'
        '</fieldset>\n\n',
        kopf, zeile, entfernen, f["versteckt"], oben, besetzt["html"], besetzt["feld"].auto_id, zeile,
        besetzt_fehler, mark_safe(_stellenfeld(f["name"], "col-12 col-sm-6 col-lg-3", zeile)), unten)


@register.filter
def mit_kennungen(formset):
    """(form, Kennung) per row: K1, K2, VA1, CM1 … in row order by Art, as stellen_speichern numbers them; a row
    without an Art yet gets none."""
    from antraege.rechnen import KENNUNG_PRAEFIX

    zaehler = {}
    zeilen = []
    for form in formset:
        art = form["art"].value()
        if art in KENNUNG_PRAEFIX:
            zaehler[art] = zaehler.get(art, 0) + 1
            zeilen.append((form, f"{KENNUNG_PRAEFIX[art]}{zaehler[art]}"))
        else:
            zeilen.append((form, ""))
    return zeilen


@register.simple_tag
def verspaetung(antrag):
    """For a late Antrag (§ 24 Abs. 3 VwVfG NRW): {"eingang", "frist", "ausnahme"} – ausnahme is the Fristausnahme
    that covers the day it came in (granted afterwards), else None. None for an Antrag in time."""
    if not getattr(antrag, "verspaetet", False):
        return None
    from antraege.fristen import frist_fuer

    frist, ausnahme = frist_fuer(antrag.kommune, antrag.foerderjahr)
    return {"eingang": antrag.verspaetet_eingegangen_am, "frist": antrag.versaeumte_frist,
            "ausnahme": ausnahme if frist >= antrag.verspaetet_eingegangen_am else None}


# --- the Bezirksregierung's list of Anträge: the rows in one call (issue 13) ---------------------------------


def _status_html(antrag):
    """templates/antraege/_status.html in Python (the list has 25 rows): the state and a late submission."""
    html_ = (f'<span class="badge kim-status kim-status-{_e(antrag.status)}">{_e(antrag.get_status_display())}'
             "</span>")
    if antrag.verspaetet_eingegangen_am:
        html_ += (' <span class="badge kim-verspaetet">verspätet eingereicht am '
                  f'{antrag.verspaetet_eingegangen_am:%d.%m.%Y}</span>')
    return html_ + "\n"


@register.simple_tag
def antrag_status(antrag):
    """``{% include "antraege/_status.html" %}`` for lists with one per row (the same HTML)."""
    return mark_safe(_status_html(antrag))


@register.simple_tag
def antrag_zeilen(seite, spalten):
    """The rows of templates/antraege/liste_bezirksregierung.html for one page of Anträge (annotated by
    selectors.antraege_fuer), or the one row saying that nothing matches."""
    from django.utils import timezone

    from kim_foerderung.dokumente.templatetags.kim_format import euro_text
    from kim_foerderung.listen import url_vorlage

    zeilen = []
    link = url_vorlage("antrag_detail", 987654321)
    for a in seite:
        bearbeiterin = a.kommune.bearbeiterin.anzeigename if a.kommune.bearbeiterin else ""
        nachforderung = ' <span class="badge text-bg-warning">Nachforderung offen</span>' if a.offene_nachforderungen else ""
        eingereicht = timezone.localtime(a.eingereicht_am).strftime("%d.%m.%Y") if a.eingereicht_am else "–"
        zeilen.append(
            "\n    <tr>\n"
            f'      <td><a href="{link(a.pk)}">{_e(a.nummer)}</a></td>\n'
            f"      <td>{_e(a.kommune)}</td>\n"
            f"      <td>{_e(a.foerderjahr)}</td>\n"
            f"      <td>{_status_html(a)}{nachforderung}</td>\n"
            f"      <td>{_e(bearbeiterin or '–')}</td>\n"
            f'      <td class="betrag">{_e(a.anzahl_stellen)}</td>\n'
            f'      <td class="betrag">{_e(euro_text(a.beantragt))}</td>\n'
            f"      <td>{eingereicht}</td>\n"
            "    </tr>\n  ")
    if not zeilen:
        zeilen.append(f'\n    <tr><td colspan="{_e(spalten)}">Keine Anträge passen zu diesem Filter.</td></tr>\n  ')
    return mark_safe("".join(zeilen))
