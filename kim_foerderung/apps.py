from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KimFoerderungConfig(AppConfig):
    name = "kim_foerderung"
    verbose_name = "KIM-Förderung"

    def ready(self):
        from .seitencache import trigger_einrichten

        # After every migrate: the Datenstand counter and its trigger on every table (idempotent).
        post_migrate.connect(trigger_einrichten, dispatch_uid="kim_datenstand_trigger")
