"""Scheduled work of the Auszahlung (beat schedule in the database, django-celery-beat; each also a management
command: ``manage.py zahlungslauf``). Every task is idempotent and safe with two workers; a missed run is caught up
by the next one."""
from celery import shared_task

from . import services


@shared_task(name="auszahlung.tranchen_synchronisieren")
def tranchen_synchronisieren():
    """Daily: every Bescheid in force has its current Tranchenplan (a missed BESCHEID_WIRKSAM hook is caught up)."""
    return services.tranchen_synchronisieren()


@shared_task(name="auszahlung.zahlungslauf_vorbereiten")
def zahlungslauf_vorbereiten(nur_termin=False):
    """Daily: from the configured number of TARGET days before a Zahltag, prepare the run of that Termin; with
    ``nur_termin=False`` (the catch-up) also every Tranche due whose Termin has passed. Returns the run's pk."""
    if nur_termin:
        heute = services.zeit.heute()
        stichtag, _ = services.lauf_stichtag(heute, services.einstellung().vorlauf_target_tage)
        if stichtag == heute:
            return None  # no Termin's preparation window today
    lauf = services.zahlungslauf_vorbereiten()
    return lauf.pk if lauf else None


@shared_task(name="auszahlung.zahlungslauf_anordnen")
def zahlungslauf_anordnen(lauf_pk, benutzer_pk):
    """Release a run in the background on behalf of ``benutzer_pk`` (same checks as the page; idempotent)."""
    from kim_foerderung.zugang.models import Benutzer

    from .models import Zahlungslauf

    lauf = Zahlungslauf.objects.get(pk=lauf_pk)
    return services.anordnen(lauf=lauf, benutzer=Benutzer.objects.get(pk=benutzer_pk)).pk
