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
