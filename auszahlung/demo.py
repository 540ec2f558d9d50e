"""Demo data of the Auszahlung for `make run` (after bescheide.demo): Mittelanforderungen for the bestandskräftigen
demo Bescheide; for Kreis Unna's Förderjahr (the year before the demo year) a released and booked run of the
1 May Termin and a run of the 1 October Termin that `finanzen` stated and that waits for `finanzen2`'s Anordnung.

Every step goes through auszahlung.services with the clock set to its day (kim_foerderung.zeit.gestellt).
Idempotent: a second run changes nothing.
"""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bescheide import selectors as bescheid_selectors
from kim_foerderung import regeln, zeit
from kim_foerderung.zugang.models import Benutzer

from . import services
from .camt import camt054_beispiel
from .models import Mittelanforderung, Tranche, Zahlungslauf

BERLIN = ZoneInfo("Europe/Berlin")


def _um(tag, stunde=10):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)


def _konto(kommune, nummer):
    if kommune.iban:
        return
    from schwifty import IBAN

    kommune.kontoinhaber = str(kommune)
    kommune.iban = str(IBAN.generate("DE", bank_code="37040044", account_code=f"{5320130 + nummer:010d}"))
    kommune.save()


def demo_auszahlung_anlegen():
    heute = zeit.heute()
    finanzen = Benutzer.objects.get(username="finanzen")
    finanzen2 = Benutzer.objects.get(username="finanzen2")
    ergebnis = []
    services.tranchen_synchronisieren()
    for nummer, bescheid in enumerate(bescheid_selectors.wirksame_bescheide().select_related("antrag__kommune")
                                      .order_by("antrag__foerderjahr", "antrag__kommune__name")):
        antrag = bescheid.antrag
        ab = services._bestandskraeftig_ab(bescheid)
        if ab is None or Mittelanforderung.objects.filter(antrag=antrag).exists():
            continue
        benutzer = antrag.kommune.benutzer.filter(is_active=True).first()
        if benutzer is None:
            continue
        _konto(antrag.kommune, 40 + nummer)
        tag = min(heute, ab + timedelta(days=3))
        with zeit.gestellt(_um(tag)):
            ergebnis.append(services.mittelanforderung_stellen(antrag=antrag, benutzer=benutzer, erklaerung=True))
    # Runs for the earliest year whose Termine have passed: 1 May released and booked, 1 October waiting.
    if not Zahlungslauf.objects.exists():
        jahre = sorted({t.antrag.foerderjahr for t in Tranche.objects.select_related("antrag")})
        jahr = next((j for j in jahre if regeln.zahltage(j)[1] <= heute), None)
        if jahr is not None:
            mai, oktober = regeln.auszahlungstermine(jahr)
            vorlauf = services.einstellung().vorlauf_target_tage
            mai_vorbereitung, oktober_vorbereitung = services.regel.vorbereitungstage(jahr, vorlauf)
            with zeit.gestellt(_um(mai_vorbereitung, 6)):
                lauf = services.zahlungslauf_vorbereiten()
            if lauf is not None:
                with zeit.gestellt(_um(mai_vorbereitung, 9)):
                    services.feststellen(lauf=lauf, benutzer=finanzen)
                with zeit.gestellt(_um(mai_vorbereitung, 11)):
                    lauf = services.anordnen(lauf=lauf, benutzer=finanzen2)
                zahltag = regeln.zahltag(mai)
                datei = camt054_beispiel(msg_id=f"DEMO-NTF-{zahltag:%Y%m%d}", buchungen=[
                    (p.ende_zu_ende_id, p.betrag, zahltag, p.kontoinhaber) for p in lauf.posten.all()])
                with zeit.gestellt(_um(regeln.naechster_werktag(zahltag + timedelta(days=1)), 8)):
                    services.kontoauszug_einlesen(inhalt=datei, dateiname=f"camt054-{zahltag:%Y%m%d}.xml",
                                                  benutzer=finanzen)
                ergebnis.append(lauf)
            with zeit.gestellt(_um(oktober_vorbereitung, 6)):
                lauf = services.zahlungslauf_vorbereiten()
            if lauf is not None:
                with zeit.gestellt(_um(oktober_vorbereitung, 9)):
                    services.feststellen(lauf=lauf, benutzer=finanzen)
                ergebnis.append(lauf)
    services.tranchen_synchronisieren()
    return ergebnis



