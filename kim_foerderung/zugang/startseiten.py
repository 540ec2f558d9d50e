"""Start pages are composed of panels that the stage apps register (in their AppConfig.ready), so the core
knows nothing of Anträge or Bescheide while each role still sees its real work on login."""
_PANELE = []


def registrieren(rolle, funktion, reihenfolge=50):
    """funktion(request) → None or {"titel": str, "template": str, **context}."""
    _PANELE.append((reihenfolge, rolle, funktion))
    _PANELE.sort(key=lambda eintrag: eintrag[0])


def panele_fuer(request, rolle):
    panele = []
    for _, r, funktion in _PANELE:
        if r == rolle:
            panel = funktion(request)
            if panel:
                panele.append(panel)
    return panele
