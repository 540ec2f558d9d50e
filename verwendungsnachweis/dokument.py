"""Anlage 3 (Verwendungsnachweis) as a document: rendered once when submitted, stored with its SHA-256 through
kim_foerderung.dokumente, never re-rendered."""
from .models import BelegKategorie

SACHBERICHT_FRAGEN = [
    ("strategische_steuerung", "Tätigkeiten der strategischen Steuerung (Nr. 2.1)"),
    ("cm_faelle", "Case Management: Zahl der Fälle"),
    ("cm_abgeschlossen", "Case Management: davon abgeschlossen"),
    ("zusammenarbeit_behoerden", "Zusammenarbeit mit Ausländer- und Einbürgerungsbehörden (Nr. 6 f)"),
    ("lenkungsgruppe_sitzungen", "Sitzungen der Lenkungsgruppe"),
    ("konzept_fortgeschrieben", "KIM-Konzept fortgeschrieben (Nr. 6 g)"),
    ("fachdatenerhebung", "an der Fachdatenerhebung teilgenommen (Nr. 6 d)"),
    ("kim_datenbank", "KIM-Datenbank genutzt (Nr. 6 e)"),
]


def sachbericht_zeilen(nachweis):
    werte = nachweis.sachbericht or {}
    zeilen = []
    for schluessel, frage in SACHBERICHT_FRAGEN:
        wert = werte.get(schluessel)
        if isinstance(wert, bool):
            wert = "ja" if wert else "nein"
        zeilen.append((frage, "–" if wert in (None, "") else wert))
    return zeilen


def anlage3_kontext(nachweis, ergebnis, benutzer, zeitpunkt):
    stellen = {s.kennung: s for s in nachweis.stellen.all()}
    return {
        "nachweis": nachweis,
        "antrag": nachweis.antrag,
        "kommune": nachweis.antrag.kommune,
        "bescheid": nachweis.bescheid,
        "sachbericht": sachbericht_zeilen(nachweis),
        "zeilen": [{"stelle": stellen.get(s.id), "ergebnis": s} for s in ergebnis.stellen],
        "ergebnis": ergebnis,
        "belege": list(nachweis.belege.all()),
        "beleg_kategorien": dict(BelegKategorie.choices),
        "eingereicht_von": benutzer,
        "zeitpunkt": zeitpunkt,
    }
