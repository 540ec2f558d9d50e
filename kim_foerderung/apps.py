from django.apps import AppConfig


class KimFoerderungConfig(AppConfig):
    name = "kim_foerderung"
    verbose_name = "KIM-Förderung"
