"""Texts of the Bescheid. The Rechtsbehelfsbelehrung is a Textbaustein the Admin may edit."""

# Nr. 6 a–h of the Richtlinie, written as obligations of the recipient.
AUFLAGEN = [
    ("a", "Sie sind verpflichtet sicherzustellen, dass die bisherigen Aufgabenbereiche des KI durch diese "
          "Förderung unberührt bleiben und die im KI tätigen Lehrkräfte weiterhin ausschließlich in ihrem "
          "Aufgabenbereich eingebunden bleiben."),
    ("b", "Sie sind verpflichtet, die Koordinatorinnen und Koordinatoren an Fortbildungsveranstaltungen des "
          "Landes teilnehmen zu lassen."),
    ("c", "Sie müssen sicherstellen, dass sich die entwickelten Maßnahmen an dem Handlungskonzept „Kommunales "
          "Integrationsmanagement“ des Landes in der jeweils geltenden Fassung orientieren."),
    ("d", "Sie sind verpflichtet, an dem landesweiten Förderprogrammcontrolling „Verfahren Fachdatenerhebung "
          "NRW“ teilzunehmen."),
    ("e", "Sie sind verpflichtet, die KIM-Datenbank zu verwenden und die Daten aus den Beratungsgesprächen "
          "vor dem Hintergrund eines möglichen Datenverlustes tagesaktuell in die KIM-Datenbank einzupflegen."),
    ("f", "Sie sind verpflichtet sicherzustellen, dass die Casemanagerinnen und Casemanager mit den "
          "Koordinatorinnen und Koordinatoren sowie den Ausländer- und Einbürgerungsbehörden zusammenarbeiten, um "
          "die abgestimmte Umsetzung der Gesamtkonzeption zu gewährleisten."),
    ("g", "Sie sind verpflichtet, das Konzept zur Umsetzung des KIM nach dem Beginn der Fördermaßnahme "
          "kontinuierlich fortzuschreiben, zu ergänzen und der Bewilligungsbehörde zur Verfügung zu stellen; in "
          "den Kreisen sind dabei die kreisangehörigen Kommunen zu berücksichtigen."),
    ("h", "Sie haben die strategische Steuerung und die Zweckmäßigkeit der operativen Unterstützung "
          "sicherzustellen."),
]

NEBENBESTIMMUNGEN = (
    "Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (ANBest-G) sind "
    "Bestandteil dieses Bescheides. Nach Nr. 7.3 der Richtlinie finden die Nummern 1.4, 5.4, 9.3.1 und 9.5 "
    "Satz 1 ANBest-G keine Anwendung: Die Mittelanforderung muss nicht darlegen, dass die Mittel binnen zwei "
    "Monaten verbraucht werden, und für nicht alsbald nach der Auszahlung verwendete Mittel werden keine Zinsen "
    "verlangt."
)

RECHTSBEHELFSBELEHRUNG_SCHLUESSEL = "rechtsbehelfsbelehrung"
RECHTSBEHELFSBELEHRUNG_STANDARD = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage erhoben werden. Die Klage ist "
    "schriftlich beim Verwaltungsgericht {verwaltungsgericht}, {anschrift}, einzureichen oder dort zur "
    "Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle zu erklären. Die Klage kann "
    "auch als elektronisches Dokument nach Maßgabe des § 55a der Verwaltungsgerichtsordnung und der "
    "Elektronischer-Rechtsverkehr-Verordnung eingereicht werden."
)
#: Placeholders of the Textbaustein, e.g. for Kreis Unna: {verwaltungsgericht} "Gelsenkirchen", {sitz}
#: "Gelsenkirchen", {anschrift} "Bahnhofsvorplatz 3, 45879 Gelsenkirchen" (kim_foerderung.stammdaten.gerichte).
PLATZHALTER = ("{verwaltungsgericht}", "{sitz}", "{anschrift}")


def rechtsbehelfsbelehrung(kommune):
    """The text of the Textbaustein (or the default) for the Verwaltungsgericht of this Kommune (§ 52 Nr. 3
    Satz 2 VwGO, § 17 JustG NRW) with its seat and postal address (§ 58 Abs. 1 VwGO)."""
    from kim_foerderung.stammdaten.gerichte import verwaltungsgericht

    from .models import Textbaustein

    baustein = Textbaustein.objects.filter(schluessel=RECHTSBEHELFSBELEHRUNG_SCHLUESSEL).first()
    vorlage = baustein.text if baustein else RECHTSBEHELFSBELEHRUNG_STANDARD
    gericht = verwaltungsgericht(kommune.verwaltungsgericht)
    ort = gericht.ort if gericht else kommune.verwaltungsgericht
    sitz = gericht.sitz if gericht else kommune.verwaltungsgericht
    anschrift = gericht.anschrift if gericht else sitz
    return (vorlage.replace("{verwaltungsgericht}", ort).replace("{sitz}", sitz)
            .replace("{anschrift}", anschrift))
