"""The one base class of domain errors. A service raises it with a German sentence that says what to fix; a
view catches it once (``except FachlicherFehler``) and shows ``meldung`` (and ``details``) to the user, never a
500. Stage errors subclass it (``bescheide.services.BescheidFehler``, ``antraege.services.AntragFehler`` …)."""


class FachlicherFehler(Exception):
    """``meldung``: German sentence for the user; ``feld``: the form field it belongs to, if any;
    ``details``: further German sentences (one per open point)."""

    def __init__(self, meldung, *, feld=None, details=None):
        super().__init__(meldung)
        self.meldung = meldung
        self.feld = feld
        self.details = list(details or [])

    def __str__(self):
        return self.meldung


def fehler_melden(request, fehler):
    """Show a FachlicherFehler as messages: the sentence as an error, each detail as a warning below it."""
    from django.contrib import messages

    messages.error(request, fehler.meldung)
    for detail in fehler.details:
        messages.warning(request, detail)
