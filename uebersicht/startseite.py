"""The Übersicht's contributions to other pages (registered in UebersichtConfig.ready): the way to the Akte
from every Antrag and Bescheid page, "Meine Vorgänge" for Sachbearbeitung, the Zeichnung series, the Akte and
the Programmübersicht on the start pages."""
from django.urls import reverse

from kim_foerderung import regeln
from kim_foerderung.zugang.rollen import Rolle, hat_rolle

from . import selectors


def _akte_abschnitt(request, antrag):
    return {"template": "uebersicht/_zur_akte.html", "akte_link": selectors.akte_url(antrag.kommune, antrag.foerderjahr),
            "akte_titel": f"Akte {antrag.kommune} {antrag.foerderjahr}",
            "bearbeiterin": antrag.kommune.bearbeiterin,
            "wiedervorlage_moeglich": hat_rolle(request.user, Rolle.SACHBEARBEITUNG)}


def akte_zum_antrag(request, antrag):
    return _akte_abschnitt(request, antrag)


def akte_zum_bescheid(request, bescheid):
    return _akte_abschnitt(request, bescheid.antrag)


def meine_vorgaenge(request):
    vorgaenge = selectors.meine_vorgaenge(request.user)
    return {"titel": "Meine Vorgänge", "template": "uebersicht/_meine_vorgaenge.html", "vorgaenge": vorgaenge,
            "eintraege": vorgaenge,
            "leer": "Keine Vorgänge: keine Wiedervorlage, und in Ihren Kommunen wartet nichts auf Sie."}


def zeichnungsreihe(request):
    anzahl, summe = selectors.zeichnungsreihe_umfang(request.user)
    if not anzahl:
        return None
    return {"titel": "Bescheide nacheinander zeichnen", "template": "includes/panel_liste.html",
            "eintraege": [{"link": reverse("zeichnungsreihe"),
                           "text": f"{anzahl} vorbereitete Bescheide nacheinander prüfen und zeichnen",
                           "zusatz": f"zusammen {regeln.betrag_de(summe)}; je Bescheid mit seiner Prüfung"}],
            "leer": ""}


def kommune_akte(request):
    kommune = request.user.kommune
    jahre = selectors.jahre_der_kommune(request.user, kommune)
    eintraege = [{"link": selectors.akte_url(kommune, j), "text": f"Akte {j}",
                  "zusatz": "der ganze Verlauf mit allen Dokumenten, auch als ZIP"} for j in reversed(jahre)]
    eintraege.append({"link": reverse("programmuebersicht"), "text": "Programmübersicht",
                      "zusatz": "beantragt, bewilligt, ausgezahlt – Ihre Zahlen je Förderjahr"})
    return {"titel": "Akten und Zahlen", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": ""}


def programm(request):
    return {"titel": "Programm", "template": "includes/panel_liste.html",
            "eintraege": [{"link": reverse("programmuebersicht"), "text": "Programmübersicht",
                           "zusatz": "Haushaltsmittel, beantragt, bewilligt, ausgezahlt je Regierungsbezirk und "
                                     "Kommune, mit Export"}],
            "leer": ""}
