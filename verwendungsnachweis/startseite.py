"""Start-page panels of the verwendungsnachweis stage (registered in VerwendungsnachweisConfig.ready)."""
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

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
    """Kommune: its Verwendungsnachweise still to be filed, with their Frist (Nr. 7.4) and the next step."""
    heute = zeit.heute()
    offen = selectors.nachweise_kurz(request.user).filter(status=NachweisStatus.ENTWURF)[:20]
    eintraege = [{**_eintrag(n, f"{n.get_status_display()}, vorzulegen bis {n.frist:%d.%m.%Y}"
                                + (" – Frist abgelaufen" if n.frist < heute else "")),
                  "schritt": "Sachbericht und zahlenmäßigen Nachweis ausfüllen, prüfen und einreichen (Kommune)"}
                 for n in offen]
    if not eintraege:
        return None
    return {"titel": "Verwendungsnachweise vorlegen (Nr. 7.4)", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": ""}


def nachweise_sachbearbeitung(request):
    """Sachbearbeitung: submitted Verwendungsnachweise waiting for the Prüfung, and overdue ones (Nr. 7.4)."""
    heute = zeit.heute()
    # One query for the four lists, at most 20 of each (selectors.je_status_die_ersten).
    je_status = {s: [] for s in NachweisStatus.values}
    for n in selectors.je_status_die_ersten(selectors.nachweise_kurz(request.user).filter(
            Q(status__in=[NachweisStatus.EINGEREICHT, NachweisStatus.UEBERZAHLUNG, NachweisStatus.ANHOERUNG])
            | Q(status=NachweisStatus.ENTWURF, frist__lt=heute)), 20):
        je_status[n.status].append(n)
    eintraege = [{**_eintrag(n, f"eingereicht am {n.eingereicht_am:%d.%m.%Y}"),
                  "schritt": "prüfen: Prüfpunkte, Prüfvermerk, Ergebnis (Sachbearbeitung)"}
                 for n in je_status[NachweisStatus.EINGEREICHT]]
    eintraege += [{**_eintrag(n, f"überfällig seit {n.frist:%d.%m.%Y}"),
                   "schritt": "Kommune erinnern; die Mahnung geht am Tag nach der Frist hinaus (Sachbearbeitung)"}
                  for n in je_status[NachweisStatus.ENTWURF]]
    eintraege += [_eintrag(n, f"Überzahlung {regeln.betrag_de(n.ueberzahlung)}: Anhörung vorbereiten (Nr. 7.5)")
                  for n in je_status[NachweisStatus.UEBERZAHLUNG]]
    eintraege += [_eintrag(n, "Anhörung beendet: Erstattungsbescheid vorbereiten")
                  for n in je_status[NachweisStatus.ANHOERUNG]
                  if n.stellungnahme_am or (n.anhoerung_frist and n.anhoerung_frist < heute)]
    return {"titel": "Verwendungsnachweise: zu prüfen, überfällig, Erstattungen", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": "Kein Verwendungsnachweis wartet auf Sie."}


def erstattungen_zeichnung(request):
    """Zeichnung: Erstattungsbescheide waiting for the signature (four-eyes: not those the person prepared)."""
    from .models import Erstattungsbescheid, ErstattungStatus

    offen = (Erstattungsbescheid.objects.filter(status=ErstattungStatus.ZUR_ZEICHNUNG,
                                                nachweis__in=selectors.nachweise_fuer(request.user))
             .exclude(vorbereitet_von=request.user).select_related("nachweis__antrag__kommune")
             .only("betrag", "vorbereitet_am", "nachweis__antrag__foerderjahr", "nachweis__antrag__kommune__name",
                   "nachweis__antrag__kommune__art")
             .order_by("vorbereitet_am")[:20])
    eintraege = [{"text": f"Erstattungsbescheid – {eb.nachweis.antrag.kommune} {eb.nachweis.antrag.foerderjahr}",
                  "link": reverse("vn_detail", args=[eb.nachweis_id]),
                  "zusatz": f"{regeln.betrag_de(eb.betrag)}, vorgelegt am {timezone.localdate(eb.vorbereitet_am):%d.%m.%Y}",
                  "schritt": "zeichnen und bekanntgeben (Zeichnung – eine andere Person als die vorbereitende)"}
                 for eb in offen]
    if not eintraege:
        return None
    return {"titel": "Erstattungsbescheide zur Zeichnung (Nr. 7.5)", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": ""}
