"""Demo data for `make run`: Bearbeiter/innen for the Kommunen and a Wiedervorlage due today, so the start page of
Sachbearbeitung shows "Meine Vorgänge". Idempotent; refuses outside the development mode like every demo."""
from django.db import transaction

from kim_foerderung import zeit
from kim_foerderung.stammdaten.models import Kommune
from kim_foerderung.zugang.models import Benutzer
from kim_foerderung.zugang.services import pruefe_demo_erlaubt

from . import services
from .models import Wiedervorlage

# Regierungsbezirke Arnsberg and Detmold to `sachbearbeitung`, the others to `sachbearbeitung2`.
BEZIRKE_SACHBEARBEITUNG = ("Arnsberg", "Detmold")
DEMO_NOTIZ = "Demo: Stellenbesetzung K3 telefonisch nachfragen"


def demo_arbeitsliste_anlegen():
    pruefe_demo_erlaubt()
    with transaction.atomic():
        sb = Benutzer.objects.get(username="sachbearbeitung")
        sb2 = Benutzer.objects.get(username="sachbearbeitung2")
        Kommune.objects.filter(bearbeiterin__isnull=True, regierungsbezirk__in=BEZIRKE_SACHBEARBEITUNG).update(
            bearbeiterin=sb)
        Kommune.objects.filter(bearbeiterin__isnull=True).exclude(
            regierungsbezirk__in=BEZIRKE_SACHBEARBEITUNG).update(bearbeiterin=sb2)
        unna = Kommune.objects.get(ags="05978000")
        jahr = min(max(zeit.heute().year, 2025), 2028)
        if not Wiedervorlage.objects.filter(kommune=unna, notiz=DEMO_NOTIZ, erledigt_am__isnull=True).exists():
            services.wiedervorlage_anlegen(benutzer=sb, kommune=unna, foerderjahr=jahr, faellig_am=zeit.heute(),
                                           notiz=DEMO_NOTIZ)
