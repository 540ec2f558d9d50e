from django.apps import AppConfig


class BescheideConfig(AppConfig):
    name = "bescheide"
    verbose_name = "Bescheide"

    def ready(self):
        from kim_foerderung.erweiterungen import ANTRAG_SEITE, STARTSEITE, registrieren
        from kim_foerderung.zugang.rollen import Rolle

        from . import startseite

        registrieren(ANTRAG_SEITE, startseite.entscheidung_zum_antrag, reihenfolge=10)
        registrieren(STARTSEITE, startseite.kommune_bescheide, rolle=Rolle.KOMMUNE, reihenfolge=20)
        registrieren(STARTSEITE, startseite.in_arbeit, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=15)
        registrieren(STARTSEITE, startseite.zur_zeichnung, rolle=Rolle.ZEICHNUNG, reihenfolge=10)
