from django.apps import AppConfig


class BescheideConfig(AppConfig):
    name = "bescheide"
    verbose_name = "Bescheide"

    def ready(self):
        from antraege.erweiterungen import abschnitt_registrieren
        from kim_foerderung.zugang.rollen import Rolle
        from kim_foerderung.zugang.startseiten import registrieren

        from . import startseite

        abschnitt_registrieren(startseite.entscheidung_zum_antrag, 10)
        registrieren(Rolle.KOMMUNE, startseite.kommune_bescheide, 20)
        registrieren(Rolle.SACHBEARBEITUNG, startseite.in_arbeit, 15)
        registrieren(Rolle.ZEICHNUNG, startseite.zur_zeichnung, 10)
