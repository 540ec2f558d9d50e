"""Fristen and reminders (issue 11 Nr. 4; DESIGN.md "Scheduled work"): every reminder goes out once (a unique
Erinnerung per kind and object, created before anything is sent), a missed run catches up while its window is open.

- Verwendungsnachweis (Nr. 7.4): four weeks and one week before the VN-Frist; the day after it a Mahnung (letter
  PDF with a new Frist of four weeks, on a working day).
- An open Nachforderung whose answer Frist passed: reminder to the Kommune.
- An Anhörung whose Frist passed: the Sachbearbeitung is told that the Erstattungsbescheid can be prepared.
- The next Antragsfrist (Nr. 7.1.2, 31 October): four weeks before it, to every Kommune without an Antrag for the
  next Förderjahr.
"""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from antraege import selectors as antrag_selectors
from kim_foerderung import regeln, zeit
from kim_foerderung.dokumente.briefkopf import briefkopf
from kim_foerderung.dokumente.services import pdf_erzeugen
from kim_foerderung.protokoll.services import benachrichtigen, protokolliere
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang.models import Benutzer

from .models import BEARBEITBAR, Erinnerung, NachweisStatus, Verwendungsnachweis

MAHNFRIST_TAGE = 28


def _einmal(schluessel, art, senden, *, kommune=None, nachweis=None):
    """Run ``senden`` exactly once per ``schluessel``: the Erinnerung row and what is sent commit together, so a
    second run (or a second worker) sends nothing and a failed send is retried next time. 1 if sent, else 0."""
    try:
        with transaction.atomic():
            Erinnerung.objects.create(schluessel=schluessel, art=art, kommune=kommune, nachweis=nachweis,
                                      gesendet_am=zeit.jetzt())
            senden()
    except IntegrityError:
        return 0
    return 1


def _kommune_benutzer(kommune):
    return Benutzer.objects.filter(kommune=kommune, is_active=True)


def _sachbearbeitung():
    return Benutzer.objects.filter(ist_sachbearbeitung=True, is_active=True)


def _link(n):
    return reverse("vn_detail", args=[n.pk])


def _mahnen(n, heute):
    """The Mahnung: a letter PDF with a new Frist (four weeks, on a working day), audited, the Kommune notified.
    Runs inside _einmal's transaction."""
    frist = regeln.naechster_werktag(heute + timedelta(days=MAHNFRIST_TAGE))
    n = Verwendungsnachweis.objects.select_for_update().select_related("antrag__kommune", "bescheid").get(pk=n.pk)
    n.mahnung_am, n.mahnung_frist = heute, frist
    n.mahnung_dokument = pdf_erzeugen(
        schluessel=f"verwendungsnachweis-{n.pk}-mahnung", template_name="pdf/vn_mahnung.html",
        context={"nachweis": n, "antrag": n.antrag, "kommune": n.antrag.kommune, "bescheid": n.bescheid,
                 "heute": heute, "neue_frist": frist,
                 "brief": briefkopf(n.antrag.kommune, foerderjahr=n.foerderjahr, datum=heute, zeilen=[
                     ("Bezug", f"{n.bescheid.get_art_display()} {n.bescheid.nummer}")])},
        bezug=n, kommune=n.antrag.kommune, benutzer=None, titel=f"Mahnung Verwendungsnachweis {n.foerderjahr}",
        art="mahnung", dateiname=f"Mahnung-Verwendungsnachweis-{n.foerderjahr}-{n.antrag.kommune.ags}")
    n.save(update_fields=["mahnung_am", "mahnung_frist", "mahnung_dokument"])
    protokolliere(n, None, "Mahnung versandt (Nr. 7.4)", daten={"neue_frist": frist.isoformat()})
    benachrichtigen(_kommune_benutzer(n.antrag.kommune), f"Mahnung: Verwendungsnachweis {n.foerderjahr}",
                    f"Die Frist für den Verwendungsnachweis {n.foerderjahr} ist am {n.frist:%d.%m.%Y} abgelaufen. "
                    f"Bitte legen Sie ihn bis zum {frist:%d.%m.%Y} vor.", link=_link(n))


def erinnerungen_senden(stichtag=None):
    """Send every reminder due on ``stichtag`` (today) that has not gone out yet; returns how many were sent."""
    heute = stichtag or zeit.heute()
    gesendet = 0
    offen = Verwendungsnachweis.objects.filter(status__in=BEARBEITBAR).select_related("antrag__kommune", "bescheid")
    for n in offen.filter(status=NachweisStatus.ENTWURF):
        kommune = n.antrag.kommune
        if n.frist - timedelta(days=28) <= heute < n.frist - timedelta(days=7):
            gesendet += _einmal(f"vn-4w-{n.pk}", "vn_vier_wochen", lambda n=n, kommune=kommune: benachrichtigen(
                _kommune_benutzer(kommune), f"Erinnerung: Verwendungsnachweis {n.foerderjahr}",
                f"Der Verwendungsnachweis {n.foerderjahr} ist bis zum {n.frist:%d.%m.%Y} vorzulegen (Nr. 7.4).",
                link=_link(n)), kommune=kommune, nachweis=n)
        elif n.frist - timedelta(days=7) <= heute <= n.frist:
            gesendet += _einmal(f"vn-1w-{n.pk}", "vn_eine_woche", lambda n=n, kommune=kommune: benachrichtigen(
                _kommune_benutzer(kommune), f"Erinnerung: Verwendungsnachweis {n.foerderjahr} in einer Woche",
                f"Der Verwendungsnachweis {n.foerderjahr} ist bis zum {n.frist:%d.%m.%Y} vorzulegen (Nr. 7.4).",
                link=_link(n)), kommune=kommune, nachweis=n)
        elif heute > n.frist:
            gesendet += _einmal(f"vn-mahnung-{n.pk}", "vn_mahnung", lambda n=n: _mahnen(n, heute), kommune=kommune,
                                nachweis=n)
    for n in offen.filter(status=NachweisStatus.NACHFORDERUNG, nachforderung_frist__lt=heute):
        gesendet += _einmal(
            f"vn-nf-{n.pk}-{n.nachforderung_frist.isoformat()}", "vn_nachforderung", lambda n=n: benachrichtigen(
                list(_kommune_benutzer(n.antrag.kommune)) + list(_sachbearbeitung()),
                f"Rückfragen zum Verwendungsnachweis {n.foerderjahr} unbeantwortet",
                f"Die Antwortfrist ({n.nachforderung_frist:%d.%m.%Y}) ist abgelaufen.", link=_link(n)),
            nachweis=n, kommune=n.antrag.kommune)
    for n in Verwendungsnachweis.objects.filter(status=NachweisStatus.ANHOERUNG, anhoerung_frist__lt=heute
                                                ).select_related("antrag__kommune"):
        gesendet += _einmal(f"vn-anhoerung-{n.pk}", "vn_anhoerung", lambda n=n: benachrichtigen(
            _sachbearbeitung(), f"Anhörung {n.antrag.kommune} {n.foerderjahr}: Frist abgelaufen",
            "Die Frist der Anhörung ist abgelaufen; der Erstattungsbescheid kann vorbereitet werden.", link=_link(n)),
            nachweis=n, kommune=n.antrag.kommune)
    naechstes = heute.year + 1
    if naechstes in regeln.FOERDERJAHRE:
        frist = regeln.antragsfrist(naechstes)
        if frist - timedelta(days=28) <= heute <= frist:
            mit_antrag = antrag_selectors.kommunen_mit_antrag(naechstes)
            for kommune in Kommune.objects.exclude(pk__in=mit_antrag).order_by("pk"):
                gesendet += _einmal(
                    f"antragsfrist-{naechstes}-{kommune.pk}", "antragsfrist", lambda k=kommune: benachrichtigen(
                        _kommune_benutzer(k), f"Antragsfrist {naechstes}: {frist:%d.%m.%Y}",
                        f"Anträge für das Förderjahr {naechstes} sind bis zum {frist:%d.%m.%Y} zu stellen "
                        "(Nr. 7.1.2).", link=reverse("antraege_liste")), kommune=kommune)
    return gesendet
