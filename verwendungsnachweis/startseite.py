"""Start-page panels of the verwendungsnachweis stage (registered in VerwendungsnachweisConfig.ready)."""
from django.urls import reverse

from kim_foerderung import regeln

from . import selectors


def fehlende_basiszinssaetze(request):
    """Admin: a task for every half-year up to today without a Basiszinssatz (interest cannot be computed);
    otherwise just the link to the table."""
    fehlend = selectors.fehlende_basiszinssaetze()
    titel = "Aufgabe: Basiszinssatz eintragen (§ 247 BGB)" if fehlend else "Basiszinssätze (§ 247 BGB)"
    return {"titel": titel, "template":
            "verwendungsnachweis/_panel_basiszins.html", "eintraege": [regeln.halbjahr_name(h) for h in fehlend],
            "link": reverse("basiszinssaetze")}
