from django.apps import AppConfig


class AuszahlungConfig(AppConfig):
    name = "auszahlung"
    verbose_name = "Auszahlung"

    def ready(self):
        from kim_foerderung.erweiterungen import STARTSEITE, registrieren
        from kim_foerderung.zugang.rollen import Rolle

        from . import termine

        registrieren(STARTSEITE, termine.auszahlungstermine, rolle=Rolle.FINANZEN, reihenfolge=5)
