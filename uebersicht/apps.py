from django.apps import AppConfig


class UebersichtConfig(AppConfig):
    """Read-only, at the top of the import order: Akte, Programmübersicht, Suche, Meine Vorgänge. Plugs into the
    pages of the earlier stages through kim_foerderung.erweiterungen."""

    name = "uebersicht"
    verbose_name = "Übersicht"

    def ready(self):
        from kim_foerderung.erweiterungen import ANTRAG_SEITE, BESCHEID_SEITE, STARTSEITE, registrieren
        from kim_foerderung.zugang.rollen import Rolle

        from . import startseite

        registrieren(ANTRAG_SEITE, startseite.akte_zum_antrag, reihenfolge=5)
        registrieren(BESCHEID_SEITE, startseite.akte_zum_bescheid, reihenfolge=5)
        registrieren(STARTSEITE, startseite.meine_vorgaenge, rolle=Rolle.SACHBEARBEITUNG, reihenfolge=1)
        registrieren(STARTSEITE, startseite.zeichnungsreihe, rolle=Rolle.ZEICHNUNG, reihenfolge=1)
        registrieren(STARTSEITE, startseite.kommune_akte, rolle=Rolle.KOMMUNE, reihenfolge=90)
        for rolle in (Rolle.SACHBEARBEITUNG, Rolle.ZEICHNUNG, Rolle.FINANZEN, Rolle.ADMIN):
            registrieren(STARTSEITE, startseite.programm, rolle=rolle, reihenfolge=95)
