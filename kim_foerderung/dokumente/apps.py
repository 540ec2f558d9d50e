from django.apps import AppConfig


class DokumenteConfig(AppConfig):
    name = "kim_foerderung.dokumente"
    verbose_name = "Dokumente"
