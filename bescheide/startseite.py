"""Panels of the start pages that show Bescheide, and the decision's part on the Antrag page (both registered in
BescheideConfig.ready)."""
from django.urls import reverse

from kim_foerderung import regeln
from kim_foerderung.zugang.zugriff import darf

from . import selectors
from .models import Aenderungsantrag, BescheidStatus


#: What the panels read of a Bescheid, its Antrag and Kommune: a narrow query instead of selectors.bescheide_fuer's
#: select_related over five tables (every column costs the ORM compile time on each request, issue 13).
_FELDER = ("art", "status", "nummer", "hoechstbetrag", "rueckgabe_notiz", "bekanntgabe_am", "klagefrist_ende",
           "bestandskraeftig_ab", "antrag__foerderjahr", "antrag__kommune__name", "antrag__kommune__art")


def _bescheide_kurz(request, *weitere):
    return selectors.bescheide_fuer(request.user).select_related(None).select_related("antrag__kommune", *(
        w.split("__")[0] for w in weitere)).only(*_FELDER, *weitere)


def _eintrag(b, zusatz=""):
    schritt = selectors.naechster_schritt(b)
    return {"link": reverse("bescheid_detail", args=[b.pk]),
            "text": f"{b.get_art_display()} {b.nummer or '(Entwurf)'} – {b.antrag.kommune} {b.foerderjahr}",
            "zusatz": zusatz, "schritt": f"{schritt['text']} ({schritt['wer']})" if schritt else None}


def zur_zeichnung(request):
    bescheide = (_bescheide_kurz(request, "vorbereitet_von__first_name", "vorbereitet_von__last_name",
                                 "vorbereitet_von__username").filter(status=BescheidStatus.ZUR_ZEICHNUNG)
                 .exclude(vorbereitet_von=request.user).exclude(bearbeiter=request.user)
                 .order_by("vorgelegt_am")[:20])
    return {"titel": "Bescheide zur Zeichnung", "template": "includes/panel_liste.html",
            "eintraege": [_eintrag(b, f"vorgelegt von {b.vorbereitet_von.anzeigename}, Höchstbetrag "
                                      f"{regeln.betrag_de(b.hoechstbetrag)}") for b in bescheide],
            "leer": "Kein Bescheid wartet auf Ihre Zeichnung."}


def in_arbeit(request):
    bescheide = (_bescheide_kurz(request)
                 .filter(status__in=[BescheidStatus.ENTWURF, BescheidStatus.FREIGEGEBEN]).order_by("angelegt_am")[:20])
    eintraege = []
    for b in bescheide:
        zusatz = b.get_status_display()  # the one wording of the state (BescheidStatus)
        if b.status == BescheidStatus.ENTWURF and b.rueckgabe_notiz:
            zusatz += ", zurückgegeben: " + b.rueckgabe_notiz[:80]
        eintraege.append(_eintrag(b, zusatz))
    offene = (Aenderungsantrag.objects.filter(erledigt_durch__isnull=True)
              .select_related("bescheid__antrag__kommune")
              .only("beschreibung", "bescheid__antrag__foerderjahr", "bescheid__antrag__kommune__name",
                    "bescheid__antrag__kommune__art").order_by("gestellt_am")[:10])
    eintraege += [{"link": reverse("bescheid_detail", args=[a.bescheid_id]),
                   "text": f"Änderungsantrag {a.bescheid.antrag.kommune} {a.bescheid.antrag.foerderjahr}",
                   "zusatz": a.beschreibung[:80],
                   "schritt": "Änderungsbescheid entwerfen (Sachbearbeitung)"} for a in offene]
    return {"titel": "Bescheide in Arbeit", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Keine Entwürfe, keine unversandten Bescheide, keine Änderungsanträge."}


def kommune_bescheide(request):
    bescheide = _bescheide_kurz(request)[:10]
    eintraege = []
    for b in bescheide:
        if b.status == BescheidStatus.BESTANDSKRAEFTIG:
            zusatz = f"{b.get_status_display()} seit {b.bestandskraeftig_ab:%d.%m.%Y}"
        else:
            zusatz = (f"{b.get_status_display()}, bekanntgegeben am {b.bekanntgabe_am:%d.%m.%Y}, Klagefrist bis {b.klagefrist_ende:%d.%m.%Y}, "
                      f"bestandskräftig ab {b.bestandskraeftig_ab:%d.%m.%Y}")
        if b.art != "ablehnung":
            zusatz += f"; Verwendungsnachweis bis {regeln.verwendungsnachweis_frist(b.foerderjahr):%d.%m.%Y}"
        eintrag = _eintrag(b, zusatz)
        if b.status == BescheidStatus.BESTANDSKRAEFTIG:
            eintrag["schritt"] = None  # what follows is the Auszahlung's (its panel: Mittelanforderung, Raten)
        eintraege.append(eintrag)
    return {"titel": "Ihre Bescheide", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Noch kein Bescheid."}


def entscheidung_zum_antrag(request, antrag):
    """On the Antrag page: its Prüfung and decision as far as the user may see them (a Kommune sees only sent
    Bescheide), with the way into the Prüfung for Sachbearbeitung."""
    bescheide = selectors.sichtbare_seitenbescheide(request.user, antrag)
    darf_pruefen = darf(request.user, "antrag.pruefen", antrag)
    if not bescheide and not darf_pruefen:
        return None
    return {"template": "bescheide/_zum_antrag.html", "bescheide": bescheide, "darf_pruefen": darf_pruefen}
