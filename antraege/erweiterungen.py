"""Later stages show their part on the Antrag page (the decision, later the payouts) without antraege knowing
them – DESIGN.md: an earlier stage never imports a later one. They register in their AppConfig.ready(), as the
start-page panels do (kim_foerderung.zugang.startseiten)."""
_ABSCHNITTE = []


def abschnitt_registrieren(funktion, reihenfolge=50):
    """funktion(request, antrag) → None or {"template": str, **context}, shown below the Antrag's status."""
    if all(f is not funktion for _, f in _ABSCHNITTE):
        _ABSCHNITTE.append((reihenfolge, funktion))
        _ABSCHNITTE.sort(key=lambda eintrag: eintrag[0])


def abschnitte_fuer(request, antrag):
    return [abschnitt for _, funktion in _ABSCHNITTE if (abschnitt := funktion(request, antrag))]
