from django import forms

from kim_foerderung.eingabe import OhneSteuerzeichen


class BasiszinssatzForm(OhneSteuerzeichen, forms.Form):
    gueltig_ab = forms.DateField(label="gültig ab (1. Januar oder 1. Juli)", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                                 widget=forms.DateInput(attrs={"placeholder": "01.07.2026", "autocomplete": "off"}))
    prozent = forms.DecimalField(label="Basiszinssatz in Prozent", max_digits=5, decimal_places=2, localize=True,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "1,27"}))
    quelle = forms.CharField(label="Quelle (Bekanntmachung der Deutschen Bundesbank)", max_length=200,
                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prozent"].error_messages["invalid"] = "Bitte geben Sie eine Zahl an, z. B. 1,27 oder -0,88."
        self.fields["gueltig_ab"].error_messages["invalid"] = "Bitte geben Sie ein Datum an, z. B. 01.07.2026."
