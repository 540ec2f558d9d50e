from django import template

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
