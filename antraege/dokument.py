"""The Antrag as a document (Anlage 1): rendered once at every submission and stored (antraege.services.einreichen),
shaped like bescheide/dokument.py."""

TEMPLATE = "pdf/anlage1.html"


def anlage1_kontext(antrag, ergebnis, user, zeitpunkt):
    stellen = list(antrag.stellen.all())
    ergebnisse = {e.id: e for e in ergebnis.stellen}
    return {
        "antrag": antrag,
        "kommune": antrag.kommune,
        "stellen": [(s, ergebnisse.get(s.kennung)) for s in stellen],
        # Nr. 4.1 f and 3.2 concern Case Management only: without a CM Stelle the PDF says "entfällt".
        "hat_case_management": any(s.art == "case_management" for s in stellen),
        "ergebnis": ergebnis,
        "weiterleitungen": list(antrag.weiterleitungen.select_related("kreisangehoerige", "traeger")),
        "eingereicht_von": user,
        "zeitpunkt": zeitpunkt,
        "nachforderungen": list(antrag.nachforderungen.all()),
    }
