"""``{{ form.feld|kim_feld }}``: one form field with label, control, help text and errors in Bootstrap 5 markup,
written in Python (issue 13: crispy's field template cost about 3 ms per field on the Antrag form).

Plain controls only (text-like inputs, select, textarea, checkbox, file); anything else (radio lists, multiple
checkboxes …) is handed to crispy's ``as_crispy_field`` unchanged. The help text and the error are linked to the
control with aria-describedby, the control is marked aria-invalid, as crispy does.
"""
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_EINFACH = (forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.PasswordInput,
            forms.DateInput, forms.Textarea, forms.Select, forms.CheckboxInput, forms.FileInput)
_MEHRFACH = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple, forms.ClearableFileInput,
             forms.MultiWidget)


@register.filter
def kim_feld(feld):
    widget = feld.field.widget
    if not isinstance(widget, _EINFACH) or isinstance(widget, _MEHRFACH) or feld.is_hidden:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(feld)
    ankreuzen = isinstance(widget, forms.CheckboxInput)
    if ankreuzen:
        klasse = "form-check-input"
    elif isinstance(widget, forms.Select):
        klasse = "form-select"
    else:
        klasse = "form-control"
    eigene = widget.attrs.get("class", "")
    if eigene and klasse not in eigene.split():
        klasse = f"{klasse} {eigene}"
    elif eigene:
        klasse = eigene
    attrs = {"class": klasse + (" is-invalid" if feld.errors else "")}
    beschrieben = []
    if feld.help_text:
        beschrieben.append(f"{feld.auto_id}_helptext")
    if feld.errors:
        beschrieben.append(f"{feld.auto_id}_fehler")
        attrs["aria-invalid"] = "true"
    if beschrieben:
        attrs["aria-describedby"] = " ".join(beschrieben)
    steuerelement = feld.as_widget(attrs=attrs)
    hilfe = (format_html('<div id="{}_helptext" class="form-text">{}</div>', feld.auto_id, feld.help_text)
             if feld.help_text else "")
    fehler = (format_html('<div id="{}_fehler" class="invalid-feedback d-block">{}</div>', feld.auto_id,
                          format_html_join(" ", "<strong>{}</strong>", ((e,) for e in feld.errors)))
              if feld.errors else "")
    pflicht = mark_safe('<span class="asteriskField">*</span>') if feld.field.required and not ankreuzen else ""
    if ankreuzen:
        return format_html(
            '<div id="div_{}" class="mb-3"><div class="form-check">{}<label for="{}" class="form-check-label">{}'
            '</label>{}{}</div></div>', feld.auto_id, steuerelement, feld.auto_id, feld.label, fehler, hilfe)
    return format_html('<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}{}</label>{}{}{}</div>',
                       feld.auto_id, feld.auto_id, feld.label, pflicht, steuerelement, fehler, hilfe)


@register.filter
def kim_formular(form):
    """``{{ form|kim_formular }}``: a whole form as crispy's ``|crispy`` writes it – the errors of no single field
    in a red box, then every field – with each field through ``kim_feld`` (issue 13: crispy's templates were a
    fifth of the Verwendungsnachweis page)."""
    teile = []
    if form.non_field_errors():
        teile.append(format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                                 format_html_join("", "<li>{}</li>", ((e,) for e in form.non_field_errors()))))
    teile.extend(kim_feld(feld) for feld in form)
    return mark_safe("".join(str(teil) for teil in teile))
