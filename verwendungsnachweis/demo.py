"""Demo data of the Verwendungsnachweis stage (``make run``): Förderjahr 2025 with paid tranches for three
Kommunen, so each role sees work – Kreis Unna (user ``kommune``) has a draft Verwendungsnachweis, Stadt Bielefeld
(``kommune2``) has submitted one waiting for the Prüfung, Kreis Soest's ends in an Anhörung (an Überzahlung), the
Hochsauerlandkreis answered its Anhörung and its Erstattungsbescheid waits for the Zeichnung.
Everything goes through the services of the stages with the clock set by kim_foerderung.zeit.gestellt.
Idempotent: a Kommune whose 2025 Antrag already has a Verwendungsnachweis is left alone."""
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from auszahlung import services as auszahlung_services
from bescheide import demo as bescheide_demo
from kim_foerderung import zeit
from kim_foerderung.stammdaten.models import Haushaltsmittel
from kim_foerderung.zugang.models import Benutzer

from . import services
from .models import Verwendungsnachweis

BERLIN = ZoneInfo("Europe/Berlin")
JAHR = 2025
PLAN = [("05978000", "entwurf"), ("05711000", "eingereicht"), ("05974000", "anhoerung"), ("05958000", "zeichnung")]
WENIGER = Decimal("9500.00")  # Kreis Soest: one coordination Stelle cost this much less than granted


def _um(tag, stunde=10):
    return datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)


def _nutzer(kommune):
    return Benutzer.objects.filter(kommune=kommune, is_active=True).order_by("pk").first()


def demo_verwendungsnachweise_anlegen():
    sb = Benutzer.objects.get(username="sachbearbeitung")
    zeichnung = Benutzer.objects.get(username="zeichnung")
    finanzen, finanzen2 = Benutzer.objects.get(username="finanzen"), Benutzer.objects.get(username="finanzen2")
    Haushaltsmittel.objects.get_or_create(foerderjahr=JAHR, defaults={"betrag": Decimal("30000000.00"),
                                                                       "bemerkung": "Demo-Daten"})
    antraege = []
    for nummer, (ags, ziel) in enumerate(PLAN, start=40):
        antrag = bescheide_demo._eingereichter_antrag(ags, JAHR, nummer)
        if Verwendungsnachweis.objects.filter(antrag=antrag).exists():
            continue
        if not antrag.bescheide.exists():
            bescheide_demo._bescheid_bis(antrag, "bestandskraeftig", sb, zeichnung, date(2025, 1, 20) +
                                         timedelta(days=nummer - 40))
        with zeit.gestellt(_um(date(2025, 3, 3))):
            auszahlung_services.mittelanforderung_stellen(antrag=antrag, benutzer=_nutzer(antrag.kommune),
                                                          erklaerung=True)
        antraege.append((antrag, ziel))
    if not antraege:
        return []
    for tag in (date(2025, 4, 22), date(2025, 9, 23)):
        with zeit.gestellt(_um(tag)):
            lauf = auszahlung_services.zahlungslauf_vorbereiten(benutzer=finanzen, von_hand=True)
        if lauf is not None:
            with zeit.gestellt(_um(tag, 11)):
                auszahlung_services.feststellen(lauf=lauf, benutzer=finanzen)
            with zeit.gestellt(_um(tag, 14)):
                auszahlung_services.anordnen(lauf=lauf, benutzer=finanzen2)
    with zeit.gestellt(_um(date(2026, 1, 2), 5)):
        services.nachweise_eroeffnen()
    ergebnis = []
    for antrag, ziel in antraege:
        nachweis = Verwendungsnachweis.objects.filter(antrag=antrag).first()
        if nachweis is None:
            continue
        kommune_user = _nutzer(antrag.kommune)
        with zeit.gestellt(_um(date(2026, 2, 10))):
            services.sachbericht_speichern(nachweis, benutzer=kommune_user, werte={
                "strategische_steuerung": "Lenkungsgruppe geleitet, Integrationskonzept mit den Ämtern abgestimmt, "
                                          "Netzwerk der Beratungsstellen koordiniert.",
                "cm_faelle": 140, "cm_abgeschlossen": 52, "zusammenarbeit_behoerden": "monatliche Fallkonferenzen",
                "lenkungsgruppe_sitzungen": 4, "konzept_fortgeschrieben": True, "fachdatenerhebung": True,
                "kim_datenbank": True})
        if ziel == "entwurf":
            ergebnis.append(nachweis)
            continue
        if ziel in ("anhoerung", "zeichnung"):
            erste = nachweis.stellen.filter(art="koordination").first()
            zeilen = [{"kennung": s.kennung, "art": s.art, "vzae": s.vzae, "von_monat": s.von_monat,
                       "bis_monat": s.bis_monat, "sachausgaben": s.sachausgaben, "besetzt_durch": "Team KI",
                       "personalausgaben": s.personalausgaben - (WENIGER if s.pk == erste.pk else 0)}
                      for s in nachweis.stellen.all()]
            with zeit.gestellt(_um(date(2026, 2, 12))):
                services.stellen_speichern(nachweis, benutzer=kommune_user, zeilen=zeilen)
        with zeit.gestellt(_um(date(2026, 3, 2))):
            nachweis = services.einreichen(nachweis, benutzer=kommune_user, versicherung=True)
        if ziel in ("anhoerung", "zeichnung"):
            punkte = {code: {"ok": True, "notiz": ""} for code, _ in services.PRUEFPUNKTE}
            with zeit.gestellt(_um(date(2026, 4, 14))):
                nachweis = services.pruefung_abschliessen(
                    nachweis, benutzer=sb, punkte=punkte,
                    vermerk="Sachbericht und zahlenmäßiger Nachweis geprüft; eine Koordinationsstelle hat weniger "
                            "gekostet als bewilligt.")
            if nachweis.ueberzahlung and nachweis.ueberzahlung > 0:
                with zeit.gestellt(_um(date(2026, 4, 15))):
                    nachweis = services.anhoerung_senden(nachweis, benutzer=sb)
                if ziel == "zeichnung":  # answered, the Erstattungsbescheid waits for the Zeichnung (four eyes)
                    with zeit.gestellt(_um(date(2026, 4, 20))):
                        services.stellungnahme_abgeben(nachweis, benutzer=kommune_user, text=(
                            "Die Koordinationsstelle war nach einem Wechsel drei Monate nur zur Hälfte besetzt; "
                            "wir erkennen die Überzahlung an."))
                    with zeit.gestellt(_um(date(2026, 4, 22))):
                        services.erstattung_vorbereiten(nachweis, benutzer=sb, unwirksam_ab=date(2025, 10, 1),
                                                        zahlungsfrist=date(2026, 6, 15))
        ergebnis.append(nachweis)
    return ergebnis
