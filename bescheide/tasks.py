from celery import shared_task

from . import services


@shared_task(name="bescheide.bestandskraft_pruefen")
def bestandskraft_pruefen():
    """Daily: every sent Bescheid whose Klagefrist has ended becomes bestandskräftig (§ 74 VwGO).
    Idempotent and safe with two workers; a missed run catches up on the next one."""
    return services.bestandskraft_eintreten_lassen()
