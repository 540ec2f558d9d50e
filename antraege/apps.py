from django.apps import AppConfig


class AntraegeConfig(AppConfig):
    name = "antraege"
    verbose_name = "Anträge"

    def ready(self):
        from kim_foerderung.erweiterungen import STARTSEITE, registrieren
        from kim_foerderung.zugang.rollen import Rolle

        from . import startseite

        registrieren(STARTSEITE, startseite.naechste_frist_kommune, rolle=Rolle.KOMMUNE, reihenfolge=5)
        registrieren(STARTSEITE, startseite.antragsfrist_sachbearbeitung, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=5)
        registrieren(STARTSEITE, startseite.kommune_antraege, rolle=Rolle.KOMMUNE, reihenfolge=10)
        registrieren(STARTSEITE, startseite.zur_pruefung, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=10)
        registrieren(STARTSEITE, startseite.nachforderungen_ueberfaellig, rolle=Rolle.SACHBEARBEITUNG,
                     reihenfolge=15)
        registrieren(STARTSEITE, startseite.warten_auf_kommune, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=20)
