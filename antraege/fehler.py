from kim_foerderung.fehler import FachlicherFehler


class AntragFehler(FachlicherFehler):
    """A domain error of the Antrag with a German sentence for the user; ``maengel``: one sentence per open
    point (also as ``details``)."""

    def __init__(self, meldung, maengel=None, *, feld=None):
        super().__init__(meldung, feld=feld, details=maengel)
        self.maengel = self.details
