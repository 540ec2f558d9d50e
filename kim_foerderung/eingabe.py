"""Typed text that reaches a document: no bidi control characters.

U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates) are invisible in a form field but reverse the
text around them in a PDF (a typed "LIAM" prints as "MAIL"), so a Bescheid or an Anlage 1 could say something else
than what the person read. Every form of the project mixes in :class:`OhneSteuerzeichen`: the characters are removed
from what is shown again, and the field says so in German, so the person looks at the text and saves again.
"""
import re

BIDI_STEUERZEICHEN = re.compile("[\u202a-\u202e\u2066-\u2069]")

MELDUNG = (
    "Der Text enthielt unsichtbare Steuerzeichen für die Schreibrichtung, die Text im Dokument umdrehen würden. "
    "Sie sind entfernt; bitte prüfen Sie den Text und speichern Sie erneut."
)


def hat_steuerzeichen(text):
    return isinstance(text, str) and bool(BIDI_STEUERZEICHEN.search(text))


def ohne_steuerzeichen(text):
    return BIDI_STEUERZEICHEN.sub("", text) if isinstance(text, str) else text


class OhneSteuerzeichen:
    """Form mixin: refuse bidi control characters in any field, showing the value without them."""

    def full_clean(self):
        betroffen = []
        if self.is_bound and hasattr(self.data, "getlist"):
            daten = None
            for name in self.fields:
                schluessel = self.add_prefix(name)
                werte = self.data.getlist(schluessel)
                if any(hat_steuerzeichen(w) for w in werte):
                    if daten is None:
                        daten = self.data.copy()
                    daten.setlist(schluessel, [ohne_steuerzeichen(w) for w in werte])
                    betroffen.append(name)
            if daten is not None:
                self.data = daten
        super().full_clean()
        for name in betroffen:
            if self.cleaned_data is not None and name in self.fields:
                self.add_error(name, MELDUNG)
