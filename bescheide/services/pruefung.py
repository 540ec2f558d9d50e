"""Prüfung (Nr. 4.1 a–f, 4.2, 4.4 and the rules' findings): the caseworker's checklist and Prüfvermerk."""
from django.db import transaction

from antraege import selectors as antrag_selectors
from antraege import services as antrag_services
from antraege.models import Antrag, AntragStatus
from kim_foerderung import zeit
from kim_foerderung.protokoll.services import protokolliere
from kim_foerderung.zugang.zugriff import pruefe

from ..models import Pruefung
from ..pruefpunkte import pruefpunkte


def _pruefe_rolle(user, aktion, obj):
    pruefe(user, aktion, obj)


@transaction.atomic
def pruefung_speichern(antrag, user, punkte, vermerk=""):
    """punkte: {code: {"ok": bool, "notiz": str}} for the codes of bescheide.pruefpunkte for this Antrag (the
    fixed points and one per finding of the rules); other codes are ignored."""
    _pruefe_rolle(user, "antrag.pruefen", antrag)
    antrag = Antrag.objects.select_for_update().get(pk=antrag.pk)
    if antrag.status == AntragStatus.EINGEREICHT:
        antrag_services.pruefung_beginnen(antrag, user)
    pruefung, _ = Pruefung.objects.get_or_create(antrag=antrag)
    gueltig = {p.code for p in pruefpunkte(antrag, antrag_selectors.berechnung(antrag))}
    pruefung.punkte = {
        code: {"ok": bool(wert.get("ok")), "notiz": str(wert.get("notiz", ""))[:1000]}
        for code, wert in punkte.items() if code in gueltig
    }
    pruefung.vermerk = vermerk or ""
    pruefung.bearbeitet_von = user
    pruefung.bearbeitet_am = zeit.jetzt()
    pruefung.save()
    protokolliere(antrag, user, "Prüfvermerk gespeichert",
                  daten={"erfuellt": sum(1 for p in pruefung.punkte.values() if p["ok"])})
    return pruefung
