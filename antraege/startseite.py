"""Panels of the start pages that show Anträge (registered in AntraegeConfig.ready): each open item with its next
step (antraege.models.NAECHSTER_SCHRITT), and the Kommune's next Frist that matters."""
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from kim_foerderung import erweiterungen, regeln, zeit

from . import fristen, selectors
from .models import ENTSCHEIDBARE_STATUS, Antrag, AntragStatus, Nachforderung
from kim_foerderung.zugang.zugriff import sichtbar

#: What the panels read of an Antrag and its Kommune (the text "Kreis Unna – Antrag 2026", state, dates): narrow
#: queries instead of selectors.antraege_fuer's select_related and counts – every column and subquery costs the ORM
#: compile time on each request (issue 13).
_FELDER = ("status", "foerderjahr", "version", "eingereicht_am", "beantragt", "kommune__name", "kommune__art")


def _antraege_kurz(request):
    """The user's Anträge (kim_foerderung.zugang) with only _FELDER, whether a Nachforderung is open and the answer
    Frist of the open one (as selectors.antraege_fuer counts and finds them)."""
    offen = Nachforderung.objects.filter(antrag=OuterRef("pk"), beantwortet_am__isnull=True)
    return (sichtbar(request.user, Antrag).select_related("kommune").only(*_FELDER)
            .annotate(offene_nachforderungen=Exists(offen),
                      nachforderung_frist=Subquery(offen.order_by("-runde").values("antwort_frist")[:1])))


def schritt_text(schritt):
    """"Prüfung beginnen (Sachbearbeitung)" from a next step {"text", "wer"} – or None."""
    return f"{schritt['text']} ({schritt['wer']})" if schritt else None


def _eintrag(antrag, zusatz=""):
    return {"link": reverse("antrag_detail", args=[antrag.pk]),
            "text": f"{antrag.kommune} – Antrag {antrag.foerderjahr}", "zusatz": zusatz,
            "schritt": schritt_text(selectors.naechster_schritt(antrag))}


def _kommune_daten(request):
    """The Kommune's Anträge (not withdrawn) and its Fristen per Förderjahr, read once per request: the panels
    "Ihre Anträge" and "Ihre nächste Frist" share them (two queries, whatever the number of Anträge)."""
    daten = getattr(request, "_kim_kommune_antraege", None)
    if daten is None:
        antraege = list(_antraege_kurz(request).exclude(status=AntragStatus.ZURUECKGEZOGEN)
                        .filter(kommune_id=request.user.kommune_id).order_by("-foerderjahr"))
        daten = request._kim_kommune_antraege = (antraege, fristen.fristen_der_kommune(request.user.kommune))
    return daten


def kommune_antraege(request):
    antraege, fristen_je_jahr = _kommune_daten(request)
    eintraege = []
    for a in antraege[:10]:
        zusatz = a.get_status_display()
        if a.status == AntragStatus.ENTWURF:
            frist, _ = fristen_je_jahr[a.foerderjahr]
            zusatz += f", einzureichen bis {frist:%d.%m.%Y}"
        if a.status == AntragStatus.NACHFORDERUNG and a.nachforderung_frist:
            zusatz += f", Antwort erbeten bis zum {a.nachforderung_frist:%d.%m.%Y}"
        eintraege.append({"link": reverse("antrag_detail", args=[a.pk]), "text": f"Antrag {a.foerderjahr}",
                          "zusatz": f"{zusatz}; beantragt {regeln.betrag_de(a.beantragt)}",
                          "schritt": schritt_text(selectors.naechster_schritt(a))})
    return {"titel": "Ihre Anträge", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Noch kein Antrag. Unter „Anträge“ legen Sie einen an."}


def _pruefung_und_nachforderung(request):
    """The Sachbearbeitung's two lists of Anträge, read once per request in one query: to check (oldest submitted
    first) and waiting for the Kommune's answer (by Kommune), the first 15 of each; ties in order of creation."""
    daten = getattr(request, "_kim_sb_antraege", None)
    if daten is None:
        nachforderung = Q(status=AntragStatus.NACHFORDERUNG)
        daten = request._kim_sb_antraege = {"pruefung": [], "nachforderung": []}
        for a in (_antraege_kurz(request).filter(Q(status__in=ENTSCHEIDBARE_STATUS) | nachforderung)
                  .annotate(_nr=Window(RowNumber(), partition_by=[Case(When(nachforderung, then=1), default=0)],
                                       order_by=[Case(When(nachforderung, then=F("kommune__name"))).asc(),
                                                 F("eingereicht_am").asc(), F("pk").asc()]))
                  .filter(_nr__lte=15).order_by("_nr")):
            daten["nachforderung" if a.status == AntragStatus.NACHFORDERUNG else "pruefung"].append(a)
    return daten


def zur_pruefung(request):
    antraege = _pruefung_und_nachforderung(request)["pruefung"]
    return {
        "titel": "Anträge zur Prüfung",
        "template": "includes/panel_liste.html",
        # "eingereicht am 01.12.2026", never "eingereicht, eingereicht 01.12.2026" (issue 14 Nr. 7)
        "eintraege": [_eintrag(a, ("" if a.status == AntragStatus.EINGEREICHT else f"{a.get_status_display()}, ")
                               + f"eingereicht am {timezone.localdate(a.eingereicht_am):%d.%m.%Y}"
                               + (", Nachforderung beantwortet" if a.version > 1 else ""))
                      for a in antraege],
        "leer": "Kein Antrag wartet auf Prüfung.",
    }


def warten_auf_kommune(request):
    antraege = _pruefung_und_nachforderung(request)["nachforderung"]
    return {
        "titel": "Nachforderungen: Antwort der Kommune ausstehend",
        "template": "includes/panel_liste.html",
        "eintraege": [_eintrag(a, "beantwortet, noch nicht erneut eingereicht" if not a.offene_nachforderungen
                               else _offen_bis(a.nachforderung_frist)) for a in antraege],
        "leer": "Keine offenen Nachforderungen.",
    }


def _antragsfristen(antraege, fristen_je_jahr, heute):
    """The Antragsfristen that matter to the Kommune (Nr. 7.1.2): a running or missed Frist of its Entwurf, and
    the next Frist of a Förderjahr it has not applied for yet – never one of a year already submitted or decided."""
    ergebnis = []
    entwuerfe = {a.foerderjahr: a for a in antraege if a.status == AntragStatus.ENTWURF}
    belegte = {a.foerderjahr for a in antraege}
    for jahr, a in sorted(entwuerfe.items()):
        frist, ausnahme = fristen_je_jahr[jahr]
        ergebnis.append({"datum": frist, "ausnahme": ausnahme, "foerderjahr": jahr,
                         "titel": f"Antragsfrist Förderjahr {jahr}",
                         "text": f"Ihr Antrag {jahr} (Entwurf) ist einzureichen bis", "link": reverse(
                             "antrag_detail", args=[a.pk]),
                         "schritt": "Antrag vervollständigen, prüfen und einreichen"
                                    + (" – er wird als verspätet vermerkt" if frist < heute else "")})
    for a in antraege:  # issue 14 item 10: the answer Frist of an open Nachforderung
        if a.status == AntragStatus.NACHFORDERUNG and a.offene_nachforderungen and a.nachforderung_frist:
            ergebnis.append({"datum": a.nachforderung_frist, "ausnahme": None, "foerderjahr": a.foerderjahr,
                             "titel": f"Nachforderung zum Antrag {a.foerderjahr}",
                             "text": "Ihre Antwort erbittet die Bezirksregierung bis",
                             "link": reverse("antrag_detail", args=[a.pk]),
                             "schritt": "Nachforderung beantworten und den Antrag erneut einreichen"})
    naechste = fristen.naechste_antragsfrist(fristen=fristen_je_jahr, ausser=belegte)
    if naechste:
        jahr = naechste["foerderjahr"]
        ergebnis.append({"datum": naechste["datum"], "ausnahme": naechste["ausnahme"], "foerderjahr": jahr,
                         "titel": f"Antragsfrist Förderjahr {jahr}",
                         "text": f"Anträge für {jahr} sind einzureichen bis", "link": reverse("antraege_liste"),
                         "schritt": f"Antrag für {jahr} anlegen (oder zuerst im Förderrechner planen)"})
    return ergebnis


def naechste_frist_kommune(request):
    """The Kommune's next Frist that matters – its Antragsfrist (Nr. 7.1.2, a Fristausnahme included, not for a
    year already applied for), and what later stages report through the slot FRISTEN (Verwendungsnachweis,
    Rückfragen, Anhörung) –, with the days left and the next step as a link; the later ones listed below it."""
    heute = zeit.heute()
    antraege, fristen_je_jahr = _kommune_daten(request)
    kandidaten = _antragsfristen(antraege, fristen_je_jahr, heute)
    for beitrag in erweiterungen.beitraege(erweiterungen.FRISTEN, request):
        kandidaten += beitrag
    if not kandidaten:
        return None
    # A missed Frist still to be acted on (a late Entwurf, an overdue Verwendungsnachweis) comes first.
    kandidaten.sort(key=lambda f: f["datum"])
    for f in kandidaten:
        f["tage"] = (f["datum"] - heute).days
    naechste, *danach = kandidaten
    return {"titel": "Ihre nächste Frist", "template": "antraege/_panel_naechste_frist.html",
            "frist": naechste, "danach": danach[:4]}


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
    offen = list(selectors.ueberfaellige_nachforderungen(request.user, heute)
                 .only("runde", "antwort_frist", "antrag__status", "antrag__foerderjahr", "antrag__kommune__name",
                       "antrag__kommune__art")[:15])
    if not offen:
        return None
    return {
        "titel": "Nachforderungen mit abgelaufener Antwortfrist",
        "template": "includes/panel_liste.html",
        "eintraege": [{**_eintrag(n.antrag, f"Runde {n.runde}, Antwort erbeten bis {n.antwort_frist:%d.%m.%Y} – "
                                            f"seit {(heute - n.antwort_frist).days} Tag"
                                            f"{'en' if (heute - n.antwort_frist).days != 1 else ''} überfällig"),
                       "schritt": "bei der Kommune nachfassen oder nach Aktenlage entscheiden (Sachbearbeitung)"}
                      for n in offen],
    }
