from django.apps import AppConfig


class VerwendungsnachweisConfig(AppConfig):
    name = "verwendungsnachweis"
    verbose_name = "Verwendungsnachweis"
