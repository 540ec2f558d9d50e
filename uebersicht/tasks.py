from celery import shared_task

from kim_foerderung.arbeitsliste import services as arbeitsliste
from kim_foerderung.arbeitsliste.models import Aktenexport
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang.zugriff import sichtbar

from . import akte as akte_modul
from . import export


@shared_task(name="uebersicht.akte_zip_erstellen")
def akte_zip_erstellen(export_id):
    """Build the ZIP of an ordered Akte export, with progress after each document. Idempotent: an export already
    being built or done is left alone (a second worker or a retry changes nothing). The Akte is read with the
    rights of the person who ordered it, so the ZIP holds exactly what that person may see."""
    auftrag = Aktenexport.objects.select_related("benutzer", "kommune").get(pk=export_id)
    kommune = sichtbar(auftrag.benutzer, Kommune).filter(pk=auftrag.kommune_id).first()
    if kommune is None:
        arbeitsliste.export_fehlgeschlagen(export_id, "Die Akte dieser Kommune ist der Person nicht mehr zugänglich.")
        return "verweigert"
    akte = akte_modul.akte_fuer(auftrag.benutzer, kommune, auftrag.foerderjahr)
    if arbeitsliste.export_beginnen(export_id, gesamt=export.akte_zip_schritte(akte)) is None:
        return "schon erledigt"
    try:
        inhalt = export.akte_zip(akte, erstellt_fuer=auftrag.benutzer.anzeigename,
                                 fortschritt=lambda n: arbeitsliste.export_fortschritt(export_id, n))
    except Exception:
        arbeitsliste.export_fehlgeschlagen(export_id, "Die Akte konnte nicht zusammengestellt werden. Bitte versuchen "
                                                      "Sie es erneut; bleibt der Fehler, melden Sie ihn dem Betrieb.")
        raise
    arbeitsliste.export_abschliessen(export_id, inhalt=inhalt, dateiname=export.akte_zip_dateiname(akte))
    return "fertig"
