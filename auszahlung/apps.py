from django.apps import AppConfig


class AuszahlungConfig(AppConfig):
    name = "auszahlung"
    verbose_name = "Auszahlung"

    def ready(self):
        from kim_foerderung.erweiterungen import (
            ANTRAG_SEITE,
            BESCHEID_SEITE,
            BESCHEID_WIRKSAM,
            PROGRAMMZAHLEN,
            STARTSEITE,
            registrieren,
        )
        from kim_foerderung.zugang.rollen import Rolle

        from . import selectors, services, startseite

        registrieren(BESCHEID_WIRKSAM, services.bescheid_wirksam)
        registrieren(PROGRAMMZAHLEN, selectors.ausgezahlt_je_kommune)
        registrieren(ANTRAG_SEITE, startseite.auszahlung_zum_antrag, reihenfolge=30)
        registrieren(BESCHEID_SEITE, startseite.auszahlung_zum_bescheid, reihenfolge=30)
        registrieren(STARTSEITE, startseite.kommune_tranchen, rolle=Rolle.KOMMUNE, reihenfolge=25)
        registrieren(STARTSEITE, startseite.laeufe_zu_bearbeiten, rolle=Rolle.FINANZEN, reihenfolge=10)
        registrieren(STARTSEITE, startseite.faellige_tranchen, rolle=Rolle.FINANZEN, reihenfolge=20)
        registrieren(STARTSEITE, startseite.zu_klaerende_buchungen, rolle=Rolle.FINANZEN, reihenfolge=30)
