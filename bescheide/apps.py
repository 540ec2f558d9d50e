from django.apps import AppConfig


class BescheideConfig(AppConfig):
    name = "bescheide"
    verbose_name = "Bescheide"

    def ready(self):
        from kim_foerderung.zugang.rollen import Rolle
        from kim_foerderung.zugang.startseiten import registrieren

        from . import startseite

        registrieren(Rolle.KOMMUNE, startseite.kommune_bescheide, 20)
        registrieren(Rolle.SACHBEARBEITUNG, startseite.in_arbeit, 15)
        registrieren(Rolle.ZEICHNUNG, startseite.zur_zeichnung, 10)
