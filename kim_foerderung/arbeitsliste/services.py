"""Writes of the work lists: one function per transition, atomic, audited through kim_foerderung.protokoll."""
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from kim_foerderung.fehler import FachlicherFehler
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.zeit import heute, jetzt
from kim_foerderung.zugang.rollen import LANDESROLLEN, Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import Zugriffsverweigert

from .models import Aktenexport, ExportStatus, Wiedervorlage


class ArbeitslistenFehler(FachlicherFehler):
    pass


def _pruefe_foerderjahr(foerderjahr):
    if not 2025 <= int(foerderjahr) <= 2028:
        raise ArbeitslistenFehler("Förderjahre sind nur 2025 bis 2028 (Nr. 8).", feld="foerderjahr")


# --- Wiedervorlage ---------------------------------------------------------------------------------------------

def wiedervorlage_anlegen(*, benutzer, kommune, foerderjahr, faellig_am, notiz, zustaendig=None):
    """Sachbearbeitung sets a Wiedervorlage on the case of ``kommune`` in ``foerderjahr`` (for herself unless
    ``zustaendig`` names another Sachbearbeiterin)."""
    if not hat_rolle(benutzer, Rolle.SACHBEARBEITUNG):
        raise Zugriffsverweigert("Wiedervorlagen setzt die Sachbearbeitung.")
    _pruefe_foerderjahr(foerderjahr)
    notiz = " ".join((notiz or "").split())
    if not notiz:
        raise ArbeitslistenFehler("Bitte schreiben Sie eine Notiz, worum es bei der Wiedervorlage geht.",
                                  feld="notiz")
    if len(notiz) > 500:
        raise ArbeitslistenFehler("Die Notiz darf höchstens 500 Zeichen lang sein.", feld="notiz")
    if faellig_am is None:
        raise ArbeitslistenFehler("Bitte geben Sie das Datum der Wiedervorlage an (TT.MM.JJJJ).", feld="faellig_am")
    if faellig_am < heute():
        raise ArbeitslistenFehler("Eine Wiedervorlage liegt heute oder in der Zukunft. Bitte wählen Sie ein "
                                  "späteres Datum.", feld="faellig_am")
    zustaendig = zustaendig or benutzer
    if not hat_rolle(zustaendig, Rolle.SACHBEARBEITUNG):
        raise ArbeitslistenFehler("Eine Wiedervorlage geht an eine Person der Sachbearbeitung.", feld="zustaendig")
    with transaction.atomic():
        wv = Wiedervorlage.objects.create(kommune=kommune, foerderjahr=foerderjahr, faellig_am=faellig_am,
                                          notiz=notiz, zustaendig=zustaendig, angelegt_von=benutzer,
                                          angelegt_am=jetzt())
        protokolliere(wv, benutzer, "Wiedervorlage gesetzt", nach_status="offen",
                      notiz=f"{faellig_am:%d.%m.%Y}: {notiz}", daten={"foerderjahr": int(foerderjahr)})
    return wv


def wiedervorlage_erledigen(*, benutzer, wiedervorlage_id):
    """Idempotent: a Wiedervorlage already done stays as it was."""
    if not hat_rolle(benutzer, Rolle.SACHBEARBEITUNG):
        raise Zugriffsverweigert("Wiedervorlagen erledigt die Sachbearbeitung.")
    with transaction.atomic():
        wv = Wiedervorlage.objects.select_for_update().get(pk=wiedervorlage_id)
        if wv.erledigt_am is not None:
            return wv
        wv.erledigt_am = jetzt()
        wv.erledigt_von = benutzer
        wv.save(update_fields=["erledigt_am", "erledigt_von"])
        protokolliere(wv, benutzer, "Wiedervorlage erledigt", von_status="offen", nach_status="erledigt",
                      notiz=wv.notiz, daten={"foerderjahr": wv.foerderjahr})
    return wv


# --- Akten-Export ----------------------------------------------------------------------------------------------

def export_beauftragen(*, benutzer, kommune, foerderjahr, nach_commit=None):
    """Order the ZIP of an Akte. The caller (who may see the Kommune) passes ``nach_commit(export_id)``, which
    enqueues the task that builds it – after commit, so the worker finds the row."""
    if not (hat_rolle(benutzer, *LANDESROLLEN) or benutzer.kommune_id == kommune.pk):
        raise Zugriffsverweigert("Die Akte dieser Kommune ist Ihnen nicht zugänglich.")
    _pruefe_foerderjahr(foerderjahr)
    with transaction.atomic():
        export = Aktenexport.objects.create(kommune=kommune, foerderjahr=foerderjahr, benutzer=benutzer,
                                            angelegt_am=jetzt())
        protokolliere(export, benutzer, "Akte als ZIP angefordert", nach_status=ExportStatus.WARTEND,
                      daten={"foerderjahr": int(foerderjahr)})
        if nach_commit is not None:
            transaction.on_commit(lambda: nach_commit(export.pk))
    return export


def export_beginnen(export_id, *, gesamt):
    """Claim the order for building. Returns the export, or None if it is already being built or done (a second
    worker, or a retried task, changes nothing)."""
    with transaction.atomic():
        export = Aktenexport.objects.select_for_update().get(pk=export_id)
        if export.status not in (ExportStatus.WARTEND, ExportStatus.FEHLER):
            return None
        export.status = ExportStatus.LAEUFT
        export.gesamt = gesamt
        export.erledigt = 0
        export.meldung = ""
        export.save(update_fields=["status", "gesamt", "erledigt", "meldung"])
    return export


def export_fortschritt(export_id, erledigt):
    Aktenexport.objects.filter(pk=export_id, status=ExportStatus.LAEUFT).update(erledigt=erledigt)


def export_abschliessen(export_id, *, inhalt, dateiname):
    """Store the finished ZIP with its SHA-256 (the row keeps the hash; the download re-checks it)."""
    pruefsumme = hashlib.sha256(inhalt).hexdigest()
    with transaction.atomic():
        export = Aktenexport.objects.select_for_update().get(pk=export_id)
        if export.status == ExportStatus.FERTIG:
            return export
        export.datei.save(f"akte-{export.pk}-{uuid.uuid4().hex[:12]}.zip", ContentFile(inhalt), save=False)
        export.dateiname = dateiname
        export.groesse = len(inhalt)
        export.sha256 = pruefsumme
        export.status = ExportStatus.FERTIG
        export.erledigt = export.gesamt
        export.fertig_am = jetzt()
        export.save()
        protokolliere(export, None, "Akte als ZIP erstellt", von_status=ExportStatus.LAEUFT,
                      nach_status=ExportStatus.FERTIG, daten={"sha256": pruefsumme, "groesse": len(inhalt)})
    return export


def export_fehlgeschlagen(export_id, meldung):
    with transaction.atomic():
        export = Aktenexport.objects.select_for_update().get(pk=export_id)
        if export.status == ExportStatus.FERTIG:
            return export
        export.status = ExportStatus.FEHLER
        export.meldung = meldung[:500]
        export.save(update_fields=["status", "meldung"])
        protokolliere(export, None, "Akte als ZIP fehlgeschlagen", nach_status=ExportStatus.FEHLER, notiz=meldung)
    return export
