"""What each user sees of the Auszahlung on pages of other stages (registered in AuszahlungConfig.ready through
kim_foerderung.erweiterungen): the Kommune's start page, Antrag and Bescheid pages; Finanzen's start page."""
from django.urls import reverse

from bescheide import selectors as bescheid_selectors
from kim_foerderung import regeln, zeit
from kim_foerderung.zugang.rollen import Rolle, hat_rolle
from kim_foerderung.zugang.zugriff import sichtbar

from . import selectors, services
from .models import LaufStatus, Mittelanforderung, Tranche, TranchenStatus


def tranche_text(t):
    """"1. Rate zum 01.05.2027: 149.981,25 € – ausgezahlt am 30.04.2027" (status and date as stored)."""
    text = f"{t.bezeichnung} zum {t.termin:%d.%m.%Y}: {regeln.betrag_de(t.betrag)} – {t.get_status_display()}"
    if t.status == TranchenStatus.AUSGEZAHLT and t.ausgezahlt_am:
        text += f" am {t.ausgezahlt_am:%d.%m.%Y}"
    elif t.status == TranchenStatus.GESPERRT:  # Tranchen exist once bestandskräftig: the request is missing
        text += " bis zur Mittelanforderung (bitte Mittel anfordern)"
    elif t.status in (TranchenStatus.GEPLANT, TranchenStatus.FAELLIG, TranchenStatus.ANGEWIESEN) and t.zahltag:
        text += f", Zahltag {t.zahltag:%d.%m.%Y}"
    return text


def kommune_tranchen(request):
    # Only what tranche_text shows (a narrow query: every column costs the ORM compile time, issue 13).
    tranchen = list(selectors.tranchen_fuer(request.user).select_related(None).select_related("antrag")
                    .only("nummer", "nachzahlung", "termin", "zahltag", "betrag", "status", "ausgezahlt_am",
                          "antrag__foerderjahr")[:12])
    eintraege = [{"link": reverse("auszahlung_antrag", args=[t.antrag_id]),
                  "text": f"{t.antrag.foerderjahr}: {tranche_text(t)}",
                  "schritt": "Mittel anfordern (Kommune)" if t.status == TranchenStatus.GESPERRT else None}
                 for t in tranchen]
    return {"titel": "Ihre Auszahlungen", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Noch keine Tranche: ausgezahlt wird nach Bestandskraft des Zuwendungsbescheids und auf "
                    "Mittelanforderung (Nr. 7.3)."}


def _abschnitt(request, antrag):
    # Only what the part shows (auszahlung/_abschnitt.html): no joins to Antrag, Kommune, Bescheid or Benutzer –
    # each joined column costs the ORM time on every Antrag and Bescheid page (issue 13).
    tranchen = list(sichtbar(request.user, Tranche).filter(antrag=antrag).order_by("nummer"))
    anforderung = (sichtbar(request.user, Mittelanforderung).select_related("dokument").filter(antrag=antrag)
                   .first())
    if not tranchen and anforderung is None:
        bescheid, grund = services.mittelanforderung_voraussetzungen(antrag)
        if bescheid is None:
            return None
    return {"template": "auszahlung/_abschnitt.html", "tranchen": tranchen, "anforderung": anforderung,
            "auszahlung_antrag": antrag}


def auszahlung_zum_antrag(request, antrag):
    # Tranchen and a Mittelanforderung always belong to a Bescheid of the Antrag: with none (an Antrag not yet
    # decided), there is nothing to show – the Bescheide of the page are fetched once anyway (their part comes first).
    if not bescheid_selectors.seitenbescheide(antrag):
        return None
    return _abschnitt(request, antrag)


def auszahlung_zum_bescheid(request, bescheid):
    if bescheid.art == "ablehnung" or bescheid.status not in ("versandt", "bestandskraeftig"):
        return None
    return _abschnitt(request, bescheid.antrag)


def laeufe_zu_bearbeiten(request):
    eintraege = []
    # Joined only with who established the run (the panel names her), issue 13.
    for lauf in (selectors.offene_laeufe(request.user).select_related(None).select_related("festgestellt_von")
                 .order_by("zahltag", "pk")[:20]):
        if lauf.status == LaufStatus.VORBEREITET:
            zusatz, schritt = lauf.get_status_display(), "sachlich und rechnerisch richtig feststellen (Finanzen)"
        elif services.darf_anordnen(lauf, request.user):
            zusatz = f"{lauf.get_status_display()}, festgestellt von {lauf.festgestellt_von.anzeigename}"
            schritt = "anordnen – danach entstehen SEPA-Datei und Auszahlungsliste (Finanzen)"
        else:
            zusatz = lauf.get_status_display()
            schritt = "anordnen durch eine andere Person als die feststellende (Finanzen, Vier-Augen-Prinzip)"
        eintraege.append({"link": reverse("zahlungslauf_detail", args=[lauf.pk]),
                          "text": f"{lauf.nummer}: {lauf.anzahl} Zahlungen, {regeln.betrag_de(lauf.summe)}, "
                                  f"Zahltag {lauf.zahltag:%d.%m.%Y}", "zusatz": zusatz, "schritt": schritt})
    return {"titel": "Zahlungsläufe zu prüfen und anzuordnen", "template": "includes/panel_liste.html",
            "eintraege": eintraege, "leer": "Kein Zahlungslauf wartet."}


def faellige_tranchen(request):
    # Their number and sum are all the panel shows: the amounts of (at most) 50, no rows of Antrag or Bescheid.
    faellig = list(selectors.faellige_tranchen(request.user).select_related(None).values_list("betrag", flat=True)[:50])
    heute = zeit.heute()
    jahr = min(max(heute.year, regeln.FOERDERJAHRE[0]), regeln.FOERDERJAHRE[-1])
    termine = [{"termin": t, "zahltag": regeln.zahltag(t)} for t in regeln.auszahlungstermine(jahr)]
    return {"titel": "Fällige Tranchen", "template": "auszahlung/_panel_faellig.html", "anzahl": len(faellig),
            "summe": sum(faellig, services.NULL), "termine": termine, "jahr": jahr,
            "darf_vorbereiten": hat_rolle(request.user, Rolle.FINANZEN)}


def zu_klaerende_buchungen(request):
    buchungen = list(selectors.zu_klaerende_buchungen(request.user).select_related(None)[:20])
    eintraege = [{"link": reverse("kontoauszug_detail", args=[b.kontoauszug_id]),
                  "text": f"{b.buchungstag:%d.%m.%Y} {regeln.betrag_de(b.betrag)} {b.ende_zu_ende_id or '(ohne EndToEndId)'}",
                  "zusatz": b.get_status_display(),
                  "schritt": "der Tranche zuordnen oder von Hand erledigen (Finanzen)"} for b in buchungen]
    return {"titel": "Ungeklärte Bankbuchungen", "template": "includes/panel_liste.html", "eintraege": eintraege,
            "leer": "Alle Buchungen sind zugeordnet."}
