from django.apps import AppConfig


class ProtokollConfig(AppConfig):
    name = "kim_foerderung.protokoll"
    verbose_name = "Protokoll"
