"""Panels of the start pages that show Anträge (registered in AntraegeConfig.ready)."""
from django.urls import reverse

from kim_foerderung import regeln, zeit

from . import fristen, selectors
from .models import ENTSCHEIDBARE_STATUS, AntragStatus


def _eintrag(antrag, zusatz=""):
    return {"link": reverse("antrag_detail", args=[antrag.pk]),
            "text": f"{antrag.kommune} – Antrag {antrag.foerderjahr}", "zusatz": zusatz}


def kommune_antraege(request):
    antraege = selectors.antraege_fuer(request.user).exclude(status=AntragStatus.ZURUECKGEZOGEN)[:10]
    fristen_je_jahr = fristen.fristen_der_kommune(request.user.kommune)  # one query, not one per Entwurf
    eintraege = []
    for a in antraege:
        zusatz = a.get_status_display()
        if a.status == AntragStatus.ENTWURF:
            frist, _ = fristen_je_jahr[a.foerderjahr]
            zusatz += f", einzureichen bis {frist:%d.%m.%Y}"
        if a.status == AntragStatus.NACHFORDERUNG:
            zusatz += " – bitte beantworten Sie die Nachforderung"
            if a.nachforderung_frist:
                zusatz += f" bis zum {a.nachforderung_frist:%d.%m.%Y}"
        eintraege.append({"link": reverse("antrag_detail", args=[a.pk]), "text": f"Antrag {a.foerderjahr}",
                          "zusatz": f"{zusatz}; beantragt {regeln.betrag_de(a.beantragt)}"})
    return {"titel": "Ihre Anträge", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Noch kein Antrag. Unter „Anträge“ legen Sie einen an."}


def zur_pruefung(request):
    antraege = (selectors.antraege_fuer(request.user)
                .filter(status__in=ENTSCHEIDBARE_STATUS)
                .order_by("eingereicht_am")[:15])
    return {
        "titel": "Anträge zur Prüfung",
        "template": "includes/panel_liste.html",
        "eintraege": [_eintrag(a, f"{a.get_status_display()}, eingereicht {a.eingereicht_am:%d.%m.%Y}"
                               + (", Nachforderung beantwortet" if a.version > 1 else ""))
                      for a in antraege],
        "leer": "Kein Antrag wartet auf Prüfung.",
    }


def warten_auf_kommune(request):
    antraege = (selectors.antraege_fuer(request.user).filter(status=AntragStatus.NACHFORDERUNG)
                .order_by("kommune__name")[:15])
    return {
        "titel": "Nachforderungen: Antwort der Kommune ausstehend",
        "template": "includes/panel_liste.html",
        "eintraege": [_eintrag(a, "beantwortet, noch nicht erneut eingereicht" if not a.offene_nachforderungen
                               else _offen_bis(a.nachforderung_frist)) for a in antraege],
        "leer": "Keine offenen Nachforderungen.",
    }


def antragsfrist_kommune(request):
    """The Kommune's next Antragsfrist (Nr. 7.1.2), its Fristausnahme included, with the days left."""
    frist = fristen.naechste_antragsfrist(request.user.kommune)
    if frist is None:
        return None
    return {"titel": f"Antragsfrist Förderjahr {frist['foerderjahr']}", "template": "antraege/_panel_antragsfrist.html",
            "frist": frist, "ausfuehrlich": True}


def antragsfrist_sachbearbeitung(request):
    frist = fristen.naechste_antragsfrist()
    if frist is None:
        return None
    return {"titel": "Nächste Antragsfrist", "template": "antraege/_panel_antragsfrist.html", "frist": frist}


def _offen_bis(frist):
    if frist is None:
        return "offen"
    if frist < zeit.heute():
        return f"offen – Antwortfrist am {frist:%d.%m.%Y} abgelaufen"
    return f"offen, Antwort bis {frist:%d.%m.%Y}"


def nachforderungen_ueberfaellig(request):
    """Issue 14 item 10: Nachforderungen whose answer Frist has passed without an answer – to follow up (remind
    the Kommune or decide on what is there). Hidden when there is none."""
    heute = zeit.heute()
    offen = list(selectors.ueberfaellige_nachforderungen(request.user, heute)[:15])
    if not offen:
        return None
    return {
        "titel": "Nachforderungen mit abgelaufener Antwortfrist",
        "template": "includes/panel_liste.html",
        "eintraege": [_eintrag(n.antrag, f"Runde {n.runde}, Antwort erbeten bis {n.antwort_frist:%d.%m.%Y} – "
                                         f"seit {(heute - n.antwort_frist).days} Tag"
                                         f"{'en' if (heute - n.antwort_frist).days != 1 else ''} überfällig")
                      for n in offen],
    }
