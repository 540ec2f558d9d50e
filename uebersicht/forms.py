from django import forms


class WiedervorlageForm(forms.Form):
    faellig_am = forms.DateField(
        label="Wiedervorlage am", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"required": "Bitte geben Sie das Datum der Wiedervorlage an.",
                        "invalid": "Bitte geben Sie das Datum als TT.MM.JJJJ an."},
    )
    notiz = forms.CharField(
        label="Notiz", max_length=500, widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "Bitte schreiben Sie eine Notiz, worum es bei der Wiedervorlage geht.",
                        "max_length": "Die Notiz darf höchstens 500 Zeichen lang sein."},
    )
