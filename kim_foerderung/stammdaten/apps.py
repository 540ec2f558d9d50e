from django.apps import AppConfig


class StammdatenConfig(AppConfig):
    name = "kim_foerderung.stammdaten"
    verbose_name = "Stammdaten"
