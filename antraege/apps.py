from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    name = "antraege"
    verbose_name = "Anträge"

    def ready(self):
        from kim_foerderung.zugang.rollen import Rolle
        from kim_foerderung.zugang.startseiten import registrieren

        from . import startseite

        registrieren(Rolle.KOMMUNE, startseite.kommune_antraege, 10)
        registrieren(Rolle.SACHBEARBEITUNG, startseite.zur_pruefung, 10)
        registrieren(Rolle.SACHBEARBEITUNG, startseite.warten_auf_kommune, 20)
