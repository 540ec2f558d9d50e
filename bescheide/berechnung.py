"""The rules' result for a Bescheid as decided (kim_foerderung.regeln via antraege.selectors.fall_bauen). Reads
only; services.entwurf stores it, the Haushalt page and the Verteilung read it."""
from decimal import Decimal

from antraege import selectors as antrag_selectors
from kim_foerderung import regeln

from .models import BescheidArt

NULL = Decimal("0.00")


def _zeile(stelle):
    return antrag_selectors.StellenZeile(
        kennung=stelle.kennung, art=stelle.art, vzae=stelle.vzae, von_monat=stelle.von_monat,
        bis_monat=stelle.bis_monat, besetzt=stelle.besetzt, personalausgaben=stelle.personalausgaben,
        sachausgaben=stelle.sachausgaben,
    )


def ergebnis_fuer(bescheid, stellen=None, kontingent="auto"):
    """The rules' result for the Stellen as decided (not bewilligte Stellen are left out). ``kontingent``: the
    CM-Kontingent in VZÄ (Nr. 2.2) if the caller fetched it already, None for none, "auto" to look it up."""
    stellen = list(bescheid.stellen.all()) if stellen is None else stellen
    if bescheid.art == BescheidArt.ABLEHNUNG:
        stellen = []
    return regeln.berechne(
        antrag_selectors.fall_bauen(
            kommune=bescheid.antrag.kommune,
            foerderjahr=bescheid.antrag.foerderjahr,
            zeilen=[_zeile(s) for s in stellen if s.bewilligt],
            veranstaltungen=bescheid.veranstaltungen if bescheid.art != BescheidArt.ABLEHNUNG else NULL,
            schnittstellen=bescheid.schnittstellen if bescheid.art != BescheidArt.ABLEHNUNG else NULL,
            kontingent=kontingent,
        )
    )
