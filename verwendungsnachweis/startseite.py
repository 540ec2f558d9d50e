"""Start-page panels of the verwendungsnachweis stage (registered in VerwendungsnachweisConfig.ready)."""
from django.urls import reverse

from kim_foerderung import regeln, zeit

from . import selectors
from .models import NachweisStatus


def fehlende_basiszinssaetze(request):
    """Admin: a task for every half-year up to today without a Basiszinssatz (interest cannot be computed);
    otherwise just the link to the table."""
    fehlend = selectors.fehlende_basiszinssaetze()
    titel = "Aufgabe: Basiszinssatz eintragen (§ 247 BGB)" if fehlend else "Basiszinssätze (§ 247 BGB)"
    return {"titel": titel, "template":
            "verwendungsnachweis/_panel_basiszins.html", "eintraege": [regeln.halbjahr_name(h) for h in fehlend],
            "link": reverse("basiszinssaetze")}


def _eintrag(n, zusatz):
    return {"text": f"Verwendungsnachweis {n.antrag.foerderjahr} – {n.antrag.kommune}",
            "link": reverse("vn_detail", args=[n.pk]), "zusatz": zusatz}


def offene_nachweise_kommune(request):
    """Kommune: its Verwendungsnachweise still to be filed, with their Frist (Nr. 7.4)."""
    heute = zeit.heute()
    offen = selectors.nachweise_fuer(request.user).filter(status=NachweisStatus.ENTWURF)[:20]
    eintraege = [_eintrag(n, f"vorzulegen bis {n.frist:%d.%m.%Y}" + (" – Frist abgelaufen" if n.frist < heute else ""))
                 for n in offen]
    if not eintraege:
        return None
    return {"titel": "Verwendungsnachweise vorlegen (Nr. 7.4)", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": ""}


def nachweise_sachbearbeitung(request):
    """Sachbearbeitung: submitted Verwendungsnachweise waiting for the Prüfung, and overdue ones (Nr. 7.4)."""
    heute = zeit.heute()
    qs = selectors.nachweise_fuer(request.user)
    eintraege = [_eintrag(n, f"eingereicht am {n.eingereicht_am:%d.%m.%Y}")
                 for n in qs.filter(status=NachweisStatus.EINGEREICHT)[:20]]
    eintraege += [_eintrag(n, f"überfällig seit {n.frist:%d.%m.%Y}")
                  for n in qs.filter(status=NachweisStatus.ENTWURF, frist__lt=heute)[:20]]
    return {"titel": "Verwendungsnachweise: zu prüfen und überfällig", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": "Kein Verwendungsnachweis wartet auf Sie."}
