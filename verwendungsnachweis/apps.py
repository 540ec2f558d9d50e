from django.apps import AppConfig


class VerwendungsnachweisConfig(AppConfig):
    name = "verwendungsnachweis"
    verbose_name = "Verwendungsnachweis"

    def ready(self):
        from kim_foerderung.erweiterungen import (
            BESCHEID_WIRKSAM,
            FRISTEN,
            PROGRAMMZAHLEN,
            STARTSEITE,
            ZAHLUNGSEINGANG,
            registrieren,
        )
        from kim_foerderung.zugang.rollen import Rolle

        from . import selectors, services, startseite

        registrieren(STARTSEITE, startseite.fehlende_basiszinssaetze, rolle=Rolle.ADMIN, reihenfolge=10)
        registrieren(STARTSEITE, startseite.offene_nachweise_kommune, rolle=Rolle.KOMMUNE, reihenfolge=20)
        registrieren(STARTSEITE, startseite.nachweise_sachbearbeitung, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=30)
        registrieren(STARTSEITE, startseite.erstattungen_zeichnung, rolle=Rolle.ZEICHNUNG, reihenfolge=40)
        registrieren(PROGRAMMZAHLEN, selectors.programmzahlen)
        registrieren(ZAHLUNGSEINGANG, services.zahlungseingang)
        registrieren(FRISTEN, selectors.kommune_fristen)
        # after the Auszahlung's hook (reihenfolge 50), which records the Rückforderung
        registrieren(BESCHEID_WIRKSAM, services.bescheid_wirksam, reihenfolge=60)
