from django.apps import AppConfig


class VerwendungsnachweisConfig(AppConfig):
    name = "verwendungsnachweis"
    verbose_name = "Verwendungsnachweis"

    def ready(self):
        from kim_foerderung.erweiterungen import STARTSEITE, registrieren
        from kim_foerderung.zugang.rollen import Rolle

        from . import startseite

        registrieren(STARTSEITE, startseite.fehlende_basiszinssaetze, rolle=Rolle.ADMIN, reihenfolge=10)
