from django.apps import AppConfig


class ZugangConfig(AppConfig):
    name = "kim_foerderung.zugang"
    verbose_name = "Zugang und Rollen"
