from django.apps import AppConfig


class ArbeitslisteConfig(AppConfig):
    name = "kim_foerderung.arbeitsliste"
    label = "arbeitsliste"
    verbose_name = "Arbeitslisten"
