"""Reads of the Auszahlung, scoped to the user through kim_foerderung.zugang. A Kommune sees its own Tranchen and
Mittelanforderungen; runs, bank entries and payment files only the Bezirksregierung's roles (404 for a Kommune).
"""
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404

from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import (
    GEZAHLT,
    ZU_KLAEREN,
    Buchung,
    Kontoauszug,
    LaufStatus,
    Mittelanforderung,
    Rueckforderung,
    RueckforderungStatus,
    Tranche,
    TranchenStatus,
    Zahlungslauf,
    Zahlungsposten,
)

NULL = Decimal("0.00")


def tranchen_fuer(user):
    return sichtbar(user, Tranche).select_related("antrag__kommune", "bescheid").order_by(
        "-antrag__foerderjahr", "antrag__kommune__name", "nummer")


def tranche_fuer(user, pk):
    return objekt_oder_404(user, tranchen_fuer(user), pk=pk)


def tranchen_zum_antrag(user, antrag):
    return list(tranchen_fuer(user).filter(antrag=antrag).order_by("nummer"))


def mittelanforderung_zum_antrag(user, antrag):
    return (sichtbar(user, Mittelanforderung).select_related("dokument", "gestellt_von", "bescheid")
            .filter(antrag=antrag).first())


def _nur_bezirksregierung(user):
    if not hat_rolle(user, *LANDESROLLEN):
        raise Http404


def zahlungslaeufe_fuer(user):
    if not hat_rolle(user, *LANDESROLLEN):
        return Zahlungslauf.objects.none()
    return Zahlungslauf.objects.select_related(
        "vorbereitet_von", "festgestellt_von", "angeordnet_von", "sepa_datei", "auszahlungsliste")


def zahlungslauf_fuer(user, pk):
    """The run with its payments; 404 for anyone outside the Bezirksregierung (a run lists every Kommune)."""
    _nur_bezirksregierung(user)
    try:
        return zahlungslaeufe_fuer(user).get(pk=pk)
    except (Zahlungslauf.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def posten_im_lauf(lauf):
    return list(lauf.posten.select_related("tranche__antrag__kommune", "tranche__bescheid").order_by(
        "kontoinhaber", "pk"))


def kontoauszug_fuer(user, pk):
    _nur_bezirksregierung(user)
    try:
        return Kontoauszug.objects.select_related("dokument", "hochgeladen_von").get(pk=pk)
    except (Kontoauszug.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def buchungen_im_auszug(auszug):
    return list(auszug.buchungen.select_related("tranche__antrag__kommune", "erledigt_von"))


def buchung_fuer(user, pk):
    _nur_bezirksregierung(user)
    try:
        return Buchung.objects.select_related("kontoauszug", "tranche").get(pk=pk)
    except (Buchung.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def zu_klaerende_buchungen(user):
    if not hat_rolle(user, *LANDESROLLEN):
        return Buchung.objects.none()
    return Buchung.objects.filter(status__in=ZU_KLAEREN).select_related("kontoauszug").order_by("buchungstag", "pk")


def faellige_tranchen(user):
    """Due, not in an open run: what the next run would take."""
    return (tranchen_fuer(user).filter(status=TranchenStatus.FAELLIG).exclude(posten__aktiv=True))


def angewiesene_tranchen(user):
    return tranchen_fuer(user).filter(status=TranchenStatus.ANGEWIESEN)


def offene_laeufe(user):
    return zahlungslaeufe_fuer(user).filter(status__in=[LaufStatus.VORBEREITET, LaufStatus.FESTGESTELLT])


def uebersicht(user, foerderjahr):
    """Per Termin of ``foerderjahr``: planned/due, prepared (in open runs), released (angewiesen), paid – sums and
    counts in two queries, whatever the number of Tranchen."""
    tranchen = tranchen_fuer(user).filter(antrag__foerderjahr=foerderjahr)
    offen_in_lauf = Q(posten__aktiv=True, posten__freigegeben=False)
    zeilen = {}
    for z in (tranchen.values("termin").annotate(
            geplant=Sum("betrag", filter=Q(status__in=[TranchenStatus.GEPLANT, TranchenStatus.GESPERRT])),
            faellig=Sum("betrag", filter=Q(status=TranchenStatus.FAELLIG)),
            angewiesen=Sum("betrag", filter=Q(status=TranchenStatus.ANGEWIESEN)),
            ausgezahlt=Sum("betrag", filter=Q(status=TranchenStatus.AUSGEZAHLT)),
            anzahl=Count("pk")).order_by("termin")):
        zeilen[z["termin"]] = {k: (v or NULL) if k not in ("termin", "anzahl") else v for k, v in z.items()}
    for z in tranchen.filter(offen_in_lauf).values("termin").annotate(vorbereitet=Sum("posten__betrag")):
        zeilen.setdefault(z["termin"], {"termin": z["termin"]})["vorbereitet"] = z["vorbereitet"] or NULL
    for z in zeilen.values():
        z.setdefault("vorbereitet", NULL)
    return [zeilen[t] for t in sorted(zeilen)]


def tranchen_tabelle(user, foerderjahr):
    """All Tranchen of a year for the overview table and the CSV export (one query)."""
    return list(tranchen_fuer(user).filter(antrag__foerderjahr=foerderjahr).order_by("antrag__kommune__name",
                                                                                   "nummer"))


def ausgezahlt_je_kommune(foerderjahr, *, kommune=None):
    """Slot PROGRAMMZAHLEN: {"ausgezahlt": {kommune_pk: Decimal}, "monatlich": {"ausgezahlt": {monat: Decimal}}} –
    paid out (angewiesen or booked) per Kommune, and per month of the booking (else of the Zahltag)."""
    qs = Tranche.objects.filter(antrag__foerderjahr=foerderjahr, status__in=GEZAHLT)
    if kommune is not None:
        qs = qs.filter(antrag__kommune=kommune)
    monatlich, je_kommune = {}, {}
    # One query for both sums (per Kommune and day, at most a few days per Kommune and year).
    for z in qs.values("antrag__kommune", "ausgezahlt_am", "zahltag", "termin").annotate(summe=Sum("betrag")):
        tag = z["ausgezahlt_am"] or z["zahltag"] or z["termin"]  # booked, else the day it is paid
        monatlich[tag.month] = monatlich.get(tag.month, NULL) + z["summe"]
        je_kommune[z["antrag__kommune"]] = je_kommune.get(z["antrag__kommune"], NULL) + z["summe"]
    return {"ausgezahlt": je_kommune, "monatlich": {"ausgezahlt": monatlich}}


def offene_rueckforderungen(*, antrag=None, kommune=None, foerderjahr=None):
    """For the Erstattung (Verwendungsnachweis stage): overpayments after an Änderungsbescheid (Nr. 7.5) that no
    Erstattung has taken over yet (take over with auszahlung.services.rueckforderung_uebernehmen)."""
    qs = Rueckforderung.objects.filter(status=RueckforderungStatus.OFFEN).select_related("antrag__kommune",
                                                                                         "bescheid")
    if antrag is not None:
        qs = qs.filter(antrag=antrag)
    if kommune is not None:
        qs = qs.filter(antrag__kommune=kommune)
    if foerderjahr is not None:
        qs = qs.filter(antrag__foerderjahr=foerderjahr)
    return qs


def ausgezahlt_fuer_antrag(antrag):
    """Sum paid out (angewiesen or booked) for one Antrag – e.g. ``ausgezahlt`` of the Verwendungsnachweis."""
    return Tranche.objects.filter(antrag=antrag, status__in=GEZAHLT).aggregate(s=Sum("betrag"))["s"] or NULL


def posten_freigegeben(tranche):
    return Zahlungsposten.objects.filter(tranche=tranche, freigegeben=True).select_related("lauf").first()


def akte_ereignisse(user, kommune, foerderjahr):
    """Steps of the Akte (uebersicht.akte) that are dates, not recorded actions on the Kommune's objects: each
    Tranche's Termin and Zahltag, the Anordnung of the run that paid it (with its Auszahlungsliste for the
    Bezirksregierung) and the booking day. The Mittelanforderung and its PDF come from the Protokoll."""
    from django.urls import reverse

    from kim_foerderung.regeln import betrag_de

    landes = hat_rolle(user, *LANDESROLLEN)
    # Only the columns shown (no Antrag, Kommune, Bescheid rows: every column costs compile time, issue 13).
    tranchen = list(tranchen_fuer(user).filter(antrag__kommune=kommune, antrag__foerderjahr=foerderjahr)
                    .exclude(status=TranchenStatus.ENTFAELLT).select_related(None)
                    .only("bescheid", "nummer", "nachzahlung", "termin", "zahltag", "betrag", "status",
                          "ausgezahlt_am", "ausgezahlt_grund"))
    posten = {p.tranche_id: p for p in Zahlungsposten.objects.filter(tranche__in=tranchen, freigegeben=True)
              .select_related("lauf__auszahlungsliste", "lauf__angeordnet_von")}
    ereignisse = []
    for t in tranchen:
        objekt = f"{t.bezeichnung} {foerderjahr}: {betrag_de(t.betrag)}"
        link = reverse("bescheid_detail", args=[t.bescheid_id])
        ereignisse.append({"zeitpunkt": t.termin, "titel": f"Auszahlungstermin {t.bezeichnung} (Nr. 7.3)",
                           "objekt": objekt, "status": t.get_status_display(), "link": link,
                           "notiz": f"Zahltag {t.zahltag:%d.%m.%Y}" if t.zahltag else "im nächsten Zahlungslauf"})
        p = posten.get(t.pk)
        if p is not None and p.lauf.angeordnet_am:
            ereignisse.append({
                "zeitpunkt": p.lauf.angeordnet_am, "titel": f"{t.bezeichnung} angewiesen", "objekt": objekt,
                "person": p.lauf.angeordnet_von.anzeigename if landes and p.lauf.angeordnet_von else "",
                "notiz": f"Zahlungslauf {p.lauf.nummer}, Zahltag {p.lauf.zahltag:%d.%m.%Y}, {p.verwendungszweck}"
                if landes else p.verwendungszweck,
                "dokumente": [p.lauf.auszahlungsliste] if landes and p.lauf.auszahlungsliste else [],
                "link": link})
        if t.ausgezahlt_am:
            ereignisse.append({"zeitpunkt": t.ausgezahlt_am, "titel": f"{t.bezeichnung} gebucht (ausgezahlt)",
                               "objekt": objekt, "notiz": t.ausgezahlt_grund, "link": link, "tagesende": True})
    return ereignisse
