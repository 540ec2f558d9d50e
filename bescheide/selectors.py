"""Reads of Prüfung and Bescheid, scoped through kim_foerderung.zugang. A Kommune sees a Bescheid only once it
has been sent to it; drafts stay inside the Bezirksregierung."""
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Prefetch, Subquery, Sum, prefetch_related_objects
from django.urls import reverse

from antraege import selectors as antrag_selectors
from kim_foerderung.zugang.rollen import LANDESROLLEN, hat_rolle
from kim_foerderung.zugang.zugriff import objekt_oder_404, sichtbar

from .models import (
    ENTWURFS_STATUS, FUER_KOMMUNE_SICHTBARE_STATUS, NAECHSTER_SCHRITT, WIRKSAME_STATUS, Aenderungsantrag, Bescheid,
    BescheidArt, BescheidStatus, Pruefung,
)
from .pruefpunkte import pruefung_stand

FUER_KOMMUNE_SICHTBAR = FUER_KOMMUNE_SICHTBARE_STATUS


def bescheide_fuer(user):
    qs = sichtbar(user, Bescheid).select_related("antrag__kommune", "vorbereitet_von", "freigegeben_von",
                                                  "dokument", "ersetzt")
    if not hat_rolle(user, *LANDESROLLEN):
        qs = qs.filter(status__in=FUER_KOMMUNE_SICHTBAR)
    return qs.order_by("-angelegt_am")


def bescheid_fuer(user, pk):
    bescheid = objekt_oder_404(
        user,
        # With what the page's parts read of the Antrag (the Akte's Bearbeiter/in, the Prüfung's uploads); whether
        # there is an Änderungsantrag at all (mostly not) is asked in the same query.
        bescheide_fuer(user).select_related("antrag__kommune__bearbeiterin", "antrag__kim_konzept",
                                            "antrag__cm_konzept")
        .annotate(kim_hat_aenderungsantraege=Exists(Aenderungsantrag.objects.filter(bescheid=OuterRef("pk")))),
        pk=pk,
    )
    laden = ["stellen", "bearbeiter"]
    if bescheid.kim_hat_aenderungsantraege:
        laden.append(Prefetch("aenderungsantraege",
                              queryset=Aenderungsantrag.objects.select_related("gestellt_von")))
    else:
        antrag_selectors.leer_vormerken(bescheid, "aenderungsantraege")
    prefetch_related_objects([bescheid], *laden)
    return bescheid


def bescheide_zum_antrag(user, antrag):
    return list(bescheide_fuer(user).filter(antrag=antrag))


def seitenbescheide(antrag):
    """Every Bescheid of ``antrag`` (unscoped, newest first, without related rows), fetched once per Antrag
    instance for the parts of one page (decision, Auszahlung, the Bescheid in force); each knows its Antrag and the
    Bescheid it changes. Call it only to show a page: a write in between would not be seen."""
    liste = antrag.__dict__.get("_seitenbescheide")
    if liste is None:
        liste = list(Bescheid.objects.filter(antrag=antrag).order_by("-angelegt_am"))
        nach_pk = {b.pk: b for b in liste}
        for b in liste:
            Bescheid.antrag.field.set_cached_value(b, antrag)
            if b.ersetzt_id in nach_pk:
                Bescheid.ersetzt.field.set_cached_value(b, nach_pk[b.ersetzt_id])
        antrag.__dict__["_seitenbescheide"] = liste
    return liste


def sichtbare_seitenbescheide(user, antrag):
    """:func:`bescheide_zum_antrag` from :func:`seitenbescheide` (the Antrag itself is visible to ``user``): a
    Kommune sees only the sent ones."""
    liste = seitenbescheide(antrag)
    if not hat_rolle(user, *LANDESROLLEN):
        liste = [b for b in liste if b.status in FUER_KOMMUNE_SICHTBAR]
    return liste


# --- the Bescheid in force: the read contract later stages use (README "Aufbau") ------------------------
# Per Antrag the newest released Zuwendungs- or Änderungsbescheid (an Ablehnung grants nothing). These are the
# only definitions; the Haushalt check, the Haushalt page, the Verteilung and the later stages all use them.


def _neueste_wirksame(antrag):
    """Released Zuwendungs-/Änderungsbescheide of ``antrag`` (an Antrag or an OuterRef), newest first."""
    return (Bescheid.objects.filter(antrag=antrag, status__in=WIRKSAME_STATUS).exclude(art=BescheidArt.ABLEHNUNG)
            .order_by("-freigegeben_am", "-id"))


def wirksamer_bescheid(antrag):
    """The Bescheid in force for ``antrag`` (Änderungsbescheide included) or None. On a page that already has
    :func:`seitenbescheide` of this Antrag instance, chosen from them (same order: newest Freigabe, then id)."""
    liste = getattr(antrag, "__dict__", {}).get("_seitenbescheide")
    if liste is not None:
        wirksame = [b for b in liste if b.status in WIRKSAME_STATUS and b.art != BescheidArt.ABLEHNUNG]
        if all(b.freigegeben_am is not None for b in wirksame):  # NULLs sort differently per database: ask it
            return max(wirksame, key=lambda b: (b.freigegeben_am, b.pk), default=None)
    return _neueste_wirksame(antrag).first()


def naechster_schritt(bescheid):
    """What comes next for ``bescheid`` and who does it, from bescheide.models.NAECHSTER_SCHRITT, as
    ``{"text", "wer"}`` – or None (verworfen, superseded, a bestandskräftiger Ablehnungsbescheid)."""
    if bescheid.status == BescheidStatus.BESTANDSKRAEFTIG and bescheid.art == BescheidArt.ABLEHNUNG:
        return None
    schritt = NAECHSTER_SCHRITT.get(bescheid.status)
    if schritt is None:
        return None
    text, wer = schritt
    if bescheid.status == BescheidStatus.VERSANDT and bescheid.art == BescheidArt.ABLEHNUNG:
        text = "Klagefrist abwarten; danach ist die Ablehnung bestandskräftig"
    return {"text": text, "wer": wer}


def entwurf_zum_antrag_offen(antrag):
    """Is a draft (Entwurf or zur Zeichnung) of ``antrag`` open? Then no further draft can be started."""
    return antrag.bescheide.filter(status__in=ENTWURFS_STATUS).exists()


def wirksame_bescheide(*, foerderjahr=None, kommune=None):
    """QuerySet of the Bescheide in force, one per Antrag, optionally of one Förderjahr and/or Kommune."""
    qs = Bescheid.objects.filter(pk=Subquery(_neueste_wirksame(OuterRef("antrag_id")).values("pk")[:1]))
    if foerderjahr is not None:
        qs = qs.filter(antrag__foerderjahr=foerderjahr)
    if kommune is not None:
        qs = qs.filter(antrag__kommune=kommune)
    return qs


def wirksamer_hoechstbetrag():
    """Correlated subquery for an Antrag queryset: the Höchstbetrag of its Bescheid in force (or NULL)."""
    return Subquery(_neueste_wirksame(OuterRef("pk")).values("hoechstbetrag")[:1],
                    output_field=DecimalField(max_digits=14, decimal_places=2))


def bewilligt_im_jahr(foerderjahr, ohne_antrag=None):
    """Nr. 1.3: sum of the Höchstbeträge in force in ``foerderjahr`` (optionally without one Antrag)."""
    qs = wirksame_bescheide(foerderjahr=foerderjahr)
    if ohne_antrag is not None:
        qs = qs.exclude(antrag=ohne_antrag)
    return qs.aggregate(summe=Sum("hoechstbetrag"))["summe"] or Decimal("0.00")


def akte_ereignisse(user, kommune, foerderjahr):
    """Steps of the Akte (uebersicht.akte) that are dates, not recorded actions: Bekanntgabe, end of the
    Klagefrist and Bestandskraft of each Bescheid of the year the user may see; for the Bezirksregierung also the
    Prüfvermerk as it stands (the Protokoll records only that it was saved)."""
    ereignisse = []
    if hat_rolle(user, *LANDESROLLEN):
        from .models import Pruefung

        for p in (Pruefung.objects.filter(antrag__kommune=kommune, antrag__foerderjahr=foerderjahr,
                                          bearbeitet_am__isnull=False)
                  .select_related("bearbeitet_von", "antrag__kommune")  # str(p) names Antrag and Kommune
                  .only("punkte", "vermerk", "bearbeitet_am", "antrag__foerderjahr", "antrag__kommune__name",
                        "antrag__kommune__art", "bearbeitet_von__first_name", "bearbeitet_von__last_name",
                        "bearbeitet_von__username")):
            erfuellt = sum(1 for punkt in p.punkte.values() if punkt.get("ok"))
            ereignisse.append({"zeitpunkt": p.bearbeitet_am, "titel": "Prüfvermerk (Stand)", "objekt": str(p),
                               "person": p.bearbeitet_von.anzeigename if p.bearbeitet_von else "",
                               "status": f"{erfuellt} von {len(p.punkte)} Prüfpunkten erfüllt",
                               "notiz": p.vermerk, "link": reverse("pruefung", args=[p.antrag_id])})
    for b in (bescheide_fuer(user).filter(antrag__kommune=kommune, antrag__foerderjahr=foerderjahr)
              .select_related(None).only("art", "nummer", "bekanntgabe_am", "klagefrist_ende", "verzicht_am",
                                         "bestandskraeftig_ab")):  # only the dates shown (issue 13)
        titel = f"{b.get_art_display()} {b.nummer or ''}".strip()
        link = reverse("bescheid_detail", args=[b.pk])
        if b.bekanntgabe_am:
            ereignisse.append({"zeitpunkt": b.bekanntgabe_am, "titel": "Bekanntgabe (§ 41 Abs. 2 VwVfG NRW)",
                               "objekt": titel, "link": link})
        if b.klagefrist_ende and not b.verzicht_am:
            ereignisse.append({"zeitpunkt": b.klagefrist_ende, "titel": "Ende der Klagefrist (§ 74 VwGO)",
                               "objekt": titel, "link": link, "tagesende": True})
        # After a Rechtsbehelfsverzicht the Protokoll records the moment it became bestandskräftig.
        if b.bestandskraeftig_ab and not b.verzicht_am:
            ereignisse.append({"zeitpunkt": b.bestandskraeftig_ab, "titel": "bestandskräftig ab", "objekt": titel,
                               "link": link})
    return ereignisse


def pruefung_zum_antrag(user, antrag):
    """For the Bezirksregierung: the Prüfung of ``antrag`` with each point's text, tick and note (the Zeichnung
    sees it beside the Bescheid she signs), or None."""
    if not hat_rolle(user, *LANDESROLLEN):
        return None
    from antraege import services as antrag_services

    from .models import Pruefung
    from .pruefpunkte import pruefpunkte

    pruefung = Pruefung.objects.filter(antrag=antrag).select_related("bearbeitet_von").first()
    if pruefung is None:
        return None
    punkte = []
    for p in pruefpunkte(antrag, antrag_services.berechnung(antrag)):
        wert = pruefung.punkte.get(p.code, {})
        punkte.append({"text": p.text, "ok": bool(wert.get("ok")), "notiz": wert.get("notiz", ""),
                       "blockierend": p.blockierend})
    return {"pruefung": pruefung, "punkte": punkte}


def pruefung_zur_zeichnung(antrag):
    """What the second person sees before signing: the Prüfung of the Antrag (who, when, the Prüfvermerk) and
    every Prüfpunkt with its decision and note (bescheide.pruefpunkte)."""
    pruefung = Pruefung.objects.filter(antrag=antrag).select_related("bearbeitet_von").first()
    # The rules and the Prüfpunkte read the Stellen, the Weiterleitungen and the kreisangehörige Kommunen: each once.
    prefetch_related_objects([antrag], "stellen", "weiterleitungen__kreisangehoerige", "weiterleitungen__traeger",
                             "kommune__kreisangehoerige")
    return {"pruefung": pruefung, "punkte": pruefung_stand(antrag, pruefung, antrag_selectors.berechnung(antrag))}


# --- four-eyes by person: who worked on a draft -------------------------------------------------------------


def bearbeiter_ids(bescheid):
    """Everyone who prepared, edited or submitted the draft (uses a prefetch of ``bearbeiter`` if present)."""
    ids = {b.pk for b in bescheid.bearbeiter.all()}
    if bescheid.vorbereitet_von_id:
        ids.add(bescheid.vorbereitet_von_id)
    return ids


def selbst_bearbeitet(bescheid, user):
    return user is not None and user.pk in bearbeiter_ids(bescheid)
