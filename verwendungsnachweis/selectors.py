"""Reads of the verwendungsnachweis app, scoped through kim_foerderung.zugang."""
from kim_foerderung import regeln, zeit
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import Basiszinssatz, Verwendungsnachweis


def basiszinssaetze():
    """All known rates, newest first (for the Admin's page)."""
    return Basiszinssatz.objects.select_related("erfasst_von").order_by("-gueltig_ab")


def basiszinstabelle():
    """The table as kim_foerderung.regeln.zinsen takes it: {1 January/1 July: Decimal percent}."""
    return dict(Basiszinssatz.objects.values_list("gueltig_ab", "prozent"))


def fehlende_basiszinssaetze(stichtag=None):
    """Half-years (their first days) from the first known rate up to the half-year of ``stichtag`` (today) for
    which no rate is recorded – the Admin's task (DESIGN.md: the rules refuse a day with no known rate)."""
    tabelle = basiszinstabelle()
    stichtag = stichtag or zeit.heute()
    if not tabelle:
        return [regeln.halbjahr_beginn(stichtag)]
    return regeln.fehlende_halbjahre(tabelle, min(tabelle), stichtag)


# --- Verwendungsnachweise ------------------------------------------------------------------------------


def nachweise_fuer(user):
    """Verwendungsnachweise the user may see (a Kommune only its own), for lists: constant query count."""
    return (sichtbar(user, Verwendungsnachweis)
            .select_related("antrag__kommune", "bescheid", "eingereicht_von", "dokument")
            .order_by("frist", "antrag__kommune__name"))


#: What the start pages and "Meine Vorgänge" read of a Verwendungsnachweis: a narrow query instead of the lists'
#: select_related over four tables (every column costs the ORM compile time on each request, issue 13).
KURZ_FELDER = ("status", "frist", "eingereicht_am", "ueberzahlung", "nachforderung_frist", "anhoerung_frist",
               "stellungnahme_am", "mahnung_am", "mahnung_frist", "antrag__foerderjahr", "antrag__kommune__name",
               "antrag__kommune__art")


def nachweise_kurz(user):
    """nachweise_fuer with only KURZ_FELDER (Kommune and Förderjahr for the text, the states and Fristen)."""
    return (sichtbar(user, Verwendungsnachweis).select_related("antrag__kommune").only(*KURZ_FELDER)
            .order_by("frist", "antrag__kommune__name"))


def je_status_die_ersten(queryset, anzahl):
    """``queryset`` limited to its first ``anzahl`` rows per status (in its order): several panels of a start page
    in one query instead of one query each."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    reihenfolge = [F(f[1:]).desc() if f.startswith("-") else F(f).asc() for f in queryset.query.order_by]
    return (queryset.annotate(_nr=Window(RowNumber(), partition_by=[F("status")], order_by=reihenfolge))
            .filter(_nr__lte=anzahl))


def nachweis_fuer(user, pk):
    return objekt_oder_404(user, nachweise_fuer(user).prefetch_related("stellen", "belege"), pk=pk)


# --- for the Übersicht (issue 12): read only, found by name by uebersicht ------------------------------------


def _link(nachweis):
    from django.urls import reverse

    return reverse("vn_detail", args=[nachweis.pk])


def vorgaenge(user, kommune_ids):
    """"Meine Vorgänge" of a Sachbearbeiterin for the Kommunen assigned to her: Verwendungsnachweise due or overdue
    (Nr. 7.4, Mahnung), to check, Rückfragen and Anhörungen with their Frist (dicts for uebersicht.selectors)."""
    from django.utils import timezone

    from .models import NachweisStatus

    heute = zeit.heute()
    ergebnis = []
    for n in nachweise_kurz(user).filter(antrag__kommune_id__in=kommune_ids).exclude(
            status=NachweisStatus.ABGESCHLOSSEN):
        text = f"{n.antrag.kommune} – Verwendungsnachweis {n.antrag.foerderjahr}"
        if n.status == NachweisStatus.ENTWURF:
            frist = n.mahnung_frist or n.frist
            zusatz = (f"überfällig seit {frist:%d.%m.%Y}" + (" (gemahnt)" if n.mahnung_am else "")
                      if frist < heute else f"vorzulegen bis {frist:%d.%m.%Y}")
            ergebnis.append({"art": "VN-Frist", "text": text, "link": _link(n), "datum": frist, "zusatz": zusatz})
        elif n.status == NachweisStatus.EINGEREICHT:
            seit = timezone.localdate(n.eingereicht_am) if n.eingereicht_am else None
            ergebnis.append({"art": "VN-Prüfung", "text": text, "link": _link(n), "seit": seit,
                             "zusatz": "eingereicht, wartet auf Ihre Prüfung"})
        elif n.status == NachweisStatus.NACHFORDERUNG and n.nachforderung_frist:
            ergebnis.append({"art": "VN-Rückfrage", "text": text, "link": _link(n), "datum": n.nachforderung_frist,
                             "zusatz": f"Antwort der Kommune bis {n.nachforderung_frist:%d.%m.%Y}"})
        elif n.status == NachweisStatus.ANHOERUNG and n.anhoerung_frist:
            zusatz = ("Stellungnahme eingegangen" if n.stellungnahme_am
                      else f"Stellungnahme bis {n.anhoerung_frist:%d.%m.%Y}")
            ergebnis.append({"art": "Anhörung", "text": text, "link": _link(n), "datum": n.anhoerung_frist,
                             "zusatz": zusatz})
        elif n.status == NachweisStatus.UEBERZAHLUNG:
            ergebnis.append({"art": "Anhörung", "text": text, "link": _link(n), "seit": None,
                             "zusatz": "Überzahlung festgestellt – Anhörung vorzubereiten"})
    return ergebnis


def kommune_fristen(request):
    """The Fristen of the Kommune's Verwendungsnachweise for its start page (slot FRISTEN): the VN-Frist (Nr. 7.4,
    after a Mahnung its new Frist) – also of a bewilligtes Antrag whose Nachweis is not opened yet –, the answer to
    Rückfragen and the Stellungnahme of an Anhörung (§ 28 VwVfG NRW). One query: the Kommune's bewilligte Anträge
    with their Nachweis."""
    from django.urls import reverse

    from antraege.models import BEWILLIGTE_STATUS, Antrag

    from .models import NachweisStatus

    user = request.user
    if not user.kommune_id:
        return None
    fristen = []
    # Narrow: only the Förderjahr and the Nachweis's state and Fristen (every column costs compile time, issue 13).
    for a in (sichtbar(user, Antrag).filter(kommune_id=user.kommune_id, status__in=BEWILLIGTE_STATUS)
              .select_related("verwendungsnachweis")
              .only("foerderjahr", *(f"verwendungsnachweis__{f}" for f in (
                  "status", "frist", "mahnung_frist", "nachforderung_frist", "anhoerung_frist", "stellungnahme_am")))
              .order_by("-foerderjahr")):
        n = getattr(a, "verwendungsnachweis", None)
        jahr = a.foerderjahr
        if n is None:
            fristen.append({"datum": regeln.verwendungsnachweis_frist(jahr), "titel": f"Verwendungsnachweis {jahr}",
                            "text": f"Der Verwendungsnachweis {jahr} ist vorzulegen bis", "link":
                            reverse("antrag_detail", args=[a.pk]),
                            "schritt": "Ab dem 1. Januar steht er vorbefüllt bereit (Nr. 7.4)"})
        elif n.status == NachweisStatus.ENTWURF:
            fristen.append({"datum": n.mahnung_frist or n.frist, "titel": f"Verwendungsnachweis {jahr}",
                            "text": f"Der Verwendungsnachweis {jahr} ist vorzulegen bis"
                                    + (" (nach Mahnung)" if n.mahnung_frist else ""), "link": _link(n),
                            "schritt": "Verwendungsnachweis ausfüllen und einreichen"})
        elif n.status == NachweisStatus.NACHFORDERUNG and n.nachforderung_frist:
            fristen.append({"datum": n.nachforderung_frist, "titel": f"Rückfragen zum Verwendungsnachweis {jahr}",
                            "text": "Ihre Antwort auf die Rückfragen erwartet die Bezirksregierung bis",
                            "link": _link(n), "schritt": "Rückfragen beantworten und erneut einreichen"})
        elif n.status == NachweisStatus.ANHOERUNG and n.anhoerung_frist and not n.stellungnahme_am:
            fristen.append({"datum": n.anhoerung_frist, "titel": f"Anhörung zum Verwendungsnachweis {jahr}",
                            "text": "Ihre Stellungnahme (§ 28 VwVfG NRW) ist möglich bis", "link": _link(n),
                            "schritt": "Stellungnahme abgeben"})
    return fristen


def akte_ereignisse(user, kommune, foerderjahr):
    """Steps of the Akte that are dates: the VN-Frist (Nr. 7.4), the Frist after a Mahnung, the Frist of the
    Anhörung, the payment date of the Erstattungsbescheid and the day the repayment arrived."""
    ereignisse = []
    # Narrow, with the Erstattungsbescheid in the same query (issue 13).
    for n in (nachweise_kurz(user).filter(antrag__kommune=kommune, antrag__foerderjahr=foerderjahr)
              .select_related("erstattung").only(*KURZ_FELDER, *(f"erstattung__{f}" for f in (
                  "nummer", "status", "betrag", "zahlungsfrist", "eingang_am", "eingang_betrag")))):
        objekt, link = str(n), _link(n)
        ereignisse.append({"zeitpunkt": n.frist, "titel": "Frist des Verwendungsnachweises (Nr. 7.4)",
                           "objekt": objekt, "link": link, "tagesende": True})
        if n.mahnung_frist:
            ereignisse.append({"zeitpunkt": n.mahnung_frist, "titel": "neue Frist nach Mahnung", "objekt": objekt,
                               "link": link, "tagesende": True})
        if n.anhoerung_frist:
            ereignisse.append({"zeitpunkt": n.anhoerung_frist, "titel": "Frist der Anhörung (§ 28 VwVfG NRW)",
                               "objekt": objekt, "link": link, "tagesende": True})
        erstattung = _erstattung(n)
        if erstattung is not None and erstattung.status in ("freigegeben", "erstattet"):
            ereignisse.append({"zeitpunkt": erstattung.zahlungsfrist, "titel": "Zahlungsfrist der Erstattung",
                               "objekt": str(erstattung), "link": link, "tagesende": True,
                               "notiz": f"{regeln.betrag_de(erstattung.betrag)} zuzüglich Zinsen"})
            if erstattung.eingang_am:
                ereignisse.append({"zeitpunkt": erstattung.eingang_am, "titel": "Rückzahlung eingegangen",
                                   "objekt": str(erstattung), "link": link, "tagesende": True,
                                   "notiz": regeln.betrag_de(erstattung.eingang_betrag or erstattung.betrag)})
    return ereignisse


def _erstattung(nachweis):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return nachweis.erstattung
    except ObjectDoesNotExist:
        return None


def programmzahlen(foerderjahr, *, kommune=None):
    """Slot PROGRAMMZAHLEN: zurückgefordert (released Erstattungsbescheide) and erstattet (repayments received)
    per Kommune."""
    from decimal import Decimal

    from django.db.models import Count, Q, Sum

    from .models import Erstattungsbescheid, ErstattungStatus

    qs = Erstattungsbescheid.objects.filter(nachweis__antrag__foerderjahr=foerderjahr,
                                            status__in=[ErstattungStatus.FREIGEGEBEN, ErstattungStatus.ERSTATTET])
    if kommune is not None:
        qs = qs.filter(nachweis__antrag__kommune=kommune)
    zurueck, erstattet = {}, {}
    # One query for both columns; erstattet only for Kommunen with a repayment received.
    ist_erstattet = Q(status=ErstattungStatus.ERSTATTET)
    for z in (qs.values("nachweis__antrag__kommune")
              .annotate(s=Sum("betrag"), e=Sum("eingang_betrag", filter=ist_erstattet),
                        n=Count("pk", filter=ist_erstattet)).order_by()):
        zurueck[z["nachweis__antrag__kommune"]] = z["s"]
        if z["n"]:
            erstattet[z["nachweis__antrag__kommune"]] = z["e"] or Decimal("0.00")
    return {"zurueckgefordert": zurueck, "erstattet": erstattet}


def erstattung_fuer(user, nachweis):
    """The Erstattungsbescheid of ``nachweis`` as ``user`` may see it: the Bezirksregierung always, the Kommune only
    once it is signed and bekanntgegeben (models.ERSTATTUNG_FUER_KOMMUNE_SICHTBAR), as with every Bescheid."""
    from kim_foerderung.zugang.rollen import Rolle, hat_rolle

    erstattung = _erstattung(nachweis)
    if erstattung is not None and hat_rolle(user, Rolle.KOMMUNE) and not erstattung.fuer_kommune_sichtbar:
        return None
    return erstattung


#: Audit entries of internal steps the Kommune does not see until the Erstattungsbescheid is bekanntgegeben.
INTERNE_AKTIONEN = ("Erstattungsbescheid vorbereitet",)


def protokoll_fuer(user, nachweis):
    """The audit trail of ``nachweis`` (newest first, at most 200); for the Kommune without the internal
    preparation of an Erstattungsbescheid not yet bekanntgegeben."""
    from kim_foerderung.protokoll.selectors import protokoll_fuer as alle
    from kim_foerderung.zugang.rollen import Rolle, hat_rolle

    eintraege = alle(nachweis)
    if hat_rolle(user, Rolle.KOMMUNE) and erstattung_fuer(user, nachweis) is None:
        for aktion in INTERNE_AKTIONEN:
            eintraege = eintraege.exclude(aktion__startswith=aktion)
    return list(eintraege[:200])


def offene_rueckforderungen(user, nachweis):
    """For the Bezirksregierung: the Auszahlung's Rückforderungen of this Antrag no Erstattung has taken over yet
    (Nr. 7.5); the Kommune learns of one through the Anhörung."""
    from auszahlung import selectors as auszahlung_selectors
    from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle

    if not hat_rolle(user, *LANDESROLLEN):
        return []
    return list(auszahlung_selectors.offene_rueckforderungen(antrag=nachweis.antrag))
