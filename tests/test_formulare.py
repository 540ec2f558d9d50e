"""kim_foerderung.formulare.SchnellerRenderer writes the plain widgets in Python (issue 13): byte for byte the
HTML of Django's widget templates, for every kind of value – checked against Django's own renderer."""
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from kim_foerderung.formulare import SchnellerRenderer

DJANGO = DjangoTemplates()
SCHNELL = SchnellerRenderer()

WIDGETS = [
    forms.TextInput(), forms.TextInput(attrs={"class": "form-control betrag", "inputmode": "decimal",
                                              "autofocus": True, "disabled": False, "data-x": 'a"b<c>&'}),
    forms.NumberInput(), forms.EmailInput(), forms.HiddenInput(), forms.PasswordInput(render_value=True),
    forms.URLInput(), forms.DateInput(), forms.CheckboxInput(), forms.Textarea(attrs={"rows": 3}),
    forms.Select(choices=[("", "bitte wählen"), ("koordination", "Koordination"), ("va", "Verwaltung & <Co>")]),
    forms.Select(choices=[(1, "Januar"), (2, "Februar"), (12, "Dezember")]),
    forms.Select(choices=[("Gruppe", [("a", "A"), ("b", "B")]), ("c", "C")]),
    forms.NullBooleanSelect(),
]
WERTE = [None, "", "57.000,00", 'Zitat "x" <b>&', 0, 2, 12, Decimal("0.50"), True, False, "koordination", "b"]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_gleiches_html_wie_django(widget):
    for wert in WERTE:
        for attrs in (None, {"id": "id_feld", "aria-describedby": "id_feld-fehler", "required": True}):
            erwartet = widget.render("stellen-0-feld", wert, attrs=attrs, renderer=DJANGO)
            assert widget.render("stellen-0-feld", wert, attrs=attrs, renderer=SCHNELL) == erwartet, (widget, wert)


@pytest.mark.django_db
def test_formulare_des_projekts_gleich(kommune_user):
    from antraege.forms import (AntragstellerForm, BegleitmassnahmenForm, NeuerAntragForm, StellenFormSet,
                                VoraussetzungenForm)
    from antraege.models import Antrag, Stelle
    from antraege.selectors import AntragFilter
    from kim_foerderung.zugang.forms import AnmeldeFormular

    antrag = Antrag.objects.create(kommune=kommune_user.kommune, foerderjahr=2027, ansprechperson="Ä <Ö>")
    Stelle.objects.create(antrag=antrag, art="koordination", vzae=Decimal("0.75"), position=1)
    formulare = [AntragstellerForm(instance=antrag, prefix="a"), VoraussetzungenForm(instance=antrag),
                 BegleitmassnahmenForm(instance=antrag), NeuerAntragForm(initial={"foerderjahr": 2027}),
                 AnmeldeFormular(), AntragFilter({"status": "eingereicht", "entwuerfe": "on"}).form,
                 *StellenFormSet(queryset=antrag.stellen.all(), prefix="stellen").forms]
    anzahl = 0
    for form in formulare:
        for feld in form:
            widget = feld.field.widget
            wert = widget.format_value(feld.value()) if not isinstance(widget, forms.Select) else feld.value()
            assert (widget.render(feld.html_name, feld.value(), attrs={"id": feld.auto_id}, renderer=SCHNELL)
                    == widget.render(feld.html_name, feld.value(), attrs={"id": feld.auto_id}, renderer=DJANGO)), (
                form, feld.name, wert)
            anzahl += 1
    assert anzahl > 30


def test_kim_feld_verbindet_label_hilfe_und_fehler():
    """kim_feld (issue 13, instead of crispy's field template): the label names the control, help and error are
    linked by aria-describedby, the control is marked invalid and keeps what was typed."""
    from antraege.forms import BegleitmassnahmenForm, VoraussetzungenForm
    from kim_foerderung.templatetags.kim_felder import kim_feld

    form = BegleitmassnahmenForm({"b-veranstaltungen_betrag": "1e30"}, prefix="b")
    assert not form.is_valid()
    html = kim_feld(form["veranstaltungen_betrag"])
    assert '<label for="id_b-veranstaltungen_betrag" class="form-label">' in html
    assert 'value="1e30"' in html and "is-invalid" in html and 'aria-invalid="true"' in html
    assert ('aria-describedby="id_b-veranstaltungen_betrag_helptext id_b-veranstaltungen_betrag_fehler"' in html)
    assert '<div id="id_b-veranstaltungen_betrag_fehler" class="invalid-feedback d-block">' in html
    haken = kim_feld(VoraussetzungenForm(prefix="v")["ki_gefoerdert"])
    assert 'class="form-check-input"' in haken and '<label for="id_v-ki_gefoerdert" class="form-check-label">' in haken
    auswahl = forms.Form()
    auswahl.fields["wahl"] = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
    assert 'type="checkbox"' in kim_feld(auswahl["wahl"])  # handed to crispy unchanged


def test_kim_formular_schreibt_das_ganze_formular_wie_crispy():
    """kim_formular (issue 13, instead of ``|crispy`` on the Verwendungsnachweis page): the errors of no single field
    in crispy's red box, then every field – visible ones through kim_feld, hidden ones as hidden inputs – keeping
    what was typed."""
    from kim_foerderung.templatetags.kim_felder import kim_formular

    class Pruefung(forms.Form):
        ergebnis = forms.DecimalField(label="Anerkannte Ausgaben", help_text="in Euro")
        vermerk = forms.CharField(label="Prüfvermerk", widget=forms.Textarea)
        fassung = forms.IntegerField(widget=forms.HiddenInput)

        def clean(self):
            raise forms.ValidationError("Der Nachweis wurde inzwischen geändert.")

    form = Pruefung({"ergebnis": "12x", "vermerk": "geprüft <ok>", "fassung": "3"})
    assert not form.is_valid()
    html = kim_formular(form)
    assert html.startswith('<div class="alert alert-block alert-danger"><ul class="m-0">'
                           "<li>Der Nachweis wurde inzwischen geändert.</li></ul></div>")
    assert '<label for="id_ergebnis" class="form-label">Anerkannte Ausgaben<span class="asteriskField">*</span>' in html
    assert 'value="12x"' in html and 'aria-invalid="true"' in html and '<div id="id_ergebnis_fehler"' in html
    assert "geprüft &lt;ok&gt;</textarea>" in html
    assert '<input type="hidden" name="fassung" value="3"' in html
    assert html.index("id_ergebnis") < html.index("id_vermerk") < html.index('name="fassung"')
    assert "alert-danger" not in kim_formular(Pruefung())
