"""A form renderer that writes the common widgets in Python (issue 13).

Django renders every widget through its own template (input.html including attrs.html; a select includes one
template per option): about 1–2 ms per field, which made the Antrag form and the Förderrechner slow. This
renderer produces exactly the same HTML for the plain widgets – text-like inputs, checkbox, select, textarea –
and hands every other template to Django unchanged. ``tests/test_formulare.py`` compares both outputs for every
widget of the project's forms.
"""
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

_W = "django/forms/widgets/"
EINGABEN = {f"{_W}{art}.html" for art in ("text", "number", "email", "hidden", "password", "url", "search", "tel",
                                           "date", "datetime", "time", "color", "checkbox")}


def _attrs(attrs):
    teile = []
    for name, wert in attrs.items():
        if wert is False:
            continue
        if wert is True:
            teile.append(f" {conditional_escape(name)}")
        else:
            teile.append(f' {conditional_escape(name)}="{conditional_escape(str(wert))}"')
    return "".join(teile)


def _eingabe(w):
    wert = "" if w["value"] is None else f' value="{conditional_escape(str(w["value"]))}"'
    return (f'<input type="{conditional_escape(w["type"])}" name="{conditional_escape(w["name"])}"{wert}'
            f'{_attrs(w["attrs"])}>\n')


def _auswahl(w):
    teile = [f'<select name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>']
    for gruppe, optionen, _index in w["optgroups"]:
        if gruppe:
            teile.append(f'\n  <optgroup label="{conditional_escape(gruppe)}">')
        for o in optionen:
            if o["template_name"] != f"{_W}select_option.html":
                return None
            teile.append(f'\n  <option value="{conditional_escape(str(o["value"]))}"{_attrs(o["attrs"])}>'
                         f'{conditional_escape(o["label"])}</option>\n')
        if gruppe:
            teile.append("\n  </optgroup>")
    teile.append("\n</select>\n")
    return "".join(teile)


def _textfeld(w):
    wert = conditional_escape(w["value"]) if w["value"] else ""
    return f'<textarea name="{conditional_escape(w["name"])}"{_attrs(w["attrs"])}>\n{wert}</textarea>\n'


class SchnellerRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name in EINGABEN:
                html = _eingabe(widget)
            elif template_name == f"{_W}select.html":
                html = _auswahl(widget)
            elif template_name == f"{_W}textarea.html":
                html = _textfeld(widget)
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()  # as BaseRenderer.render strips the template's output
