from django import forms
from django.contrib.auth.forms import AuthenticationForm


class AnmeldeFormular(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Benutzername oder Passwort ist falsch. Bitte prüfen Sie beide Eingaben "
            "(Groß- und Kleinschreibung beachten)."
        ),
        "inactive": "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Bezirksregierung.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].label = "Passwort"
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})


class AnsprechpersonForm(forms.Form):
    """Admin: phone and e-mail of a person of the Bezirksregierung, as the Briefkopf of the letters names them."""

    telefon = forms.CharField(label="Telefon", max_length=40, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    email = forms.EmailField(label="E-Mail", required=False,
                             error_messages={"invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein, "
                                                        "z. B. sabine.sachs@bezreg-arnsberg.nrw.de."})

    def clean_telefon(self):
        telefon = " ".join(self.cleaned_data["telefon"].split())
        if telefon and not all(z.isdigit() or z in " +-/()" for z in telefon):
            raise forms.ValidationError("Die Telefonnummer darf nur Ziffern, Leerzeichen und + - / ( ) enthalten, "
                                        "z. B. 02931 82-2417.")
        return telefon
