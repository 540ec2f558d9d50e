"""The seven Verwaltungsgerichte of Nordrhein-Westfalen (§ 17 JustG NRW): the court whose district holds a
Kommune hears its Klage against a Bescheid of the Bezirksregierung (§ 52 Nr. 3 Satz 2 VwGO), and the
Rechtsbehelfsbelehrung names it with its seat and postal address (§ 58 Abs. 1 VwGO).

Kommune.verwaltungsgericht holds the key of this mapping (the column ``verwaltungsgericht`` of
``daten/kommunen-nrw.csv``). The one place for these addresses: change them here if a court moves.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Verwaltungsgericht:
    ort: str  # the key, as in kommunen-nrw.csv: every NRW Verwaltungsgericht is named after its seat
    sitz: str
    strasse: str
    plz: str

    @property
    def name(self):
        return f"Verwaltungsgericht {self.ort}"

    @property
    def anschrift(self):
        """Postal address in one line, e.g. "Bahnhofsvorplatz 3, 45879 Gelsenkirchen"."""
        return f"{self.strasse}, {self.plz} {self.sitz}"


VERWALTUNGSGERICHTE = {
    g.ort: g
    for g in (
        Verwaltungsgericht("Aachen", "Aachen", "Adalbertsteinweg 92", "52070"),
        Verwaltungsgericht("Arnsberg", "Arnsberg", "Jägerstraße 1", "59821"),
        Verwaltungsgericht("Düsseldorf", "Düsseldorf", "Bastionstraße 39", "40213"),
        Verwaltungsgericht("Gelsenkirchen", "Gelsenkirchen", "Bahnhofsvorplatz 3", "45879"),
        Verwaltungsgericht("Köln", "Köln", "Appellhofplatz", "50667"),
        Verwaltungsgericht("Minden", "Minden", "Königswall 8", "32423"),
        Verwaltungsgericht("Münster", "Münster", "Piusallee 38", "48147"),
    )
}


def verwaltungsgericht(ort):
    """The court for the value of Kommune.verwaltungsgericht, or None if it is not one of the seven."""
    return VERWALTUNGSGERICHTE.get((ort or "").strip())
