from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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

def _steuerelement(feld):
    """The HTML of one Stellen control, written here instead of through Django's widget templates (which cost
    about 2 ms per field): the same name, id, value and attributes, Bootstrap classes, the ARIA link to the error."""
    widget = feld.field.widget
    attrs = widget.build_attrs(widget.attrs, feld.build_widget_attrs({}))
    attrs.pop("required", None)  # formsets render without it, as Django does (use_required_attribute=False)
    attrs["id"] = feld.auto_id
    art = getattr(widget, "input_type", None)
    if art == "checkbox":
        klassen = "form-check-input"
    elif art is None or feld.name in _SELECTS:
        klassen = "form-select form-select-sm"
    else:
        klassen = "form-control form-control-sm" + (" betrag" if feld.name in _ZAHLEN else "")
    attrs["class"] = klassen + (" is-invalid" if feld.errors else "")
    if feld.name in _ZAHLEN:
        attrs["inputmode"] = "decimal"
    if feld.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{feld.auto_id}-fehler"
    wert = feld.value()
    if art == "checkbox":
        if widget.check_test(wert):
            attrs["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', feld.html_name, flatatt(attrs))
    if art is None or feld.name in _SELECTS:
        gewaehlt = "" if wert is None else str(wert)
        optionen = format_html_join("", '<option value="{}"{}>{}</option>', (
            (wahl, mark_safe(" selected") if str(wahl) == gewaehlt else "", text)
            for wahl, text in feld.field.choices))
        return format_html('<select name="{}"{}>{}</select>', feld.html_name, flatatt(attrs), optionen)
    wert = widget.format_value(wert)
    if wert is not None:
        attrs["value"] = wert
    return format_html('<input type="{}" name="{}"{}>', art, feld.html_name, flatatt(attrs))


@register.filter
def stellenfelder(form):
    """{field name: {"html": control, "feld": BoundField}} of one Stellen row, and the hidden fields as one string."""
    felder = {}
    versteckt = []
    for feld in form:
        if feld.is_hidden:
            versteckt.append(format_html('<input type="hidden" name="{}" id="{}"{}>', feld.html_name, feld.auto_id,
                                         flatatt({"value": feld.value()} if feld.value() is not None else {})))
        else:
            felder[feld.name] = {"html": _steuerelement(feld), "feld": feld}
    felder["versteckt"] = mark_safe("".join(versteckt))
    return felder


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
