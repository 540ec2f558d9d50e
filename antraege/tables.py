"""The columns of the Bezirksregierung's list of Anträge (kim_foerderung.listen: plain data, one template)."""
from kim_foerderung.listen import Spalte

SPALTEN = [
    Spalte("nummer", "Antragsnummer", ("foerderjahr", "kommune__ags")),
    Spalte("kommune", "Kommune", ("kommune__sortierschluessel",)),
    Spalte("foerderjahr", "Förderjahr", ("foerderjahr",)),
    Spalte("status", "Status", ("status",)),
    Spalte("bearbeiterin", "Bearbeiter/in", ("kommune__bearbeiterin__last_name", "kommune__bearbeiterin__first_name")),
    Spalte("anzahl_stellen", "Stellen", ("anzahl_stellen",), "betrag"),
    Spalte("beantragt", "beantragt", ("beantragt",), "betrag"),
    Spalte("eingereicht_am", "eingereicht", ("eingereicht_am",)),
]
STANDARD = ("-foerderjahr", "kommune__sortierschluessel", "pk")
