from django.apps import AppConfig


class AuszahlungConfig(AppConfig):
    name = "auszahlung"
    verbose_name = "Auszahlung"
