from django import forms


class MittelanforderungForm(forms.Form):
    erklaerung = forms.BooleanField(
        label="Ich gebe die Erklärung oben für meine Kommune ab.", required=True,
        error_messages={"required": "Bitte bestätigen Sie die Erklärung, bevor Sie die Mittel anfordern."})


class NotizForm(forms.Form):
    notiz = forms.CharField(label="Notiz: was ist zu ändern?", widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=1000,
                            error_messages={"required": "Bitte schreiben Sie in die Notiz, was zu ändern ist."})


class StornoForm(forms.Form):
    grund = forms.CharField(label="Grund der Stornierung", max_length=500,
                            error_messages={"required": "Bitte geben Sie den Grund der Stornierung an."})


class KontoauszugForm(forms.Form):
    datei = forms.FileField(label="Kontoauszug (camt.054 oder camt.053, XML)",
                            error_messages={"required": "Bitte wählen Sie die XML-Datei der Bank aus."})


class AusgezahltForm(forms.Form):
    am = forms.DateField(label="ausgezahlt am (TT.MM.JJJJ)", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                         error_messages={"required": "Bitte geben Sie das Datum der Auszahlung an.",
                                         "invalid": "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 30.04.2027."})
    grund = forms.CharField(label="Grund", max_length=500,
                            error_messages={"required": "Bitte geben Sie den Grund der manuellen Buchung an."})


class KlaerenForm(forms.Form):
    notiz = forms.CharField(label="Wie ist die Buchung geklärt?", max_length=500,
                            error_messages={"required": "Bitte beschreiben Sie, wie die Buchung geklärt ist."})
