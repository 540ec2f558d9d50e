from celery import shared_task

from . import services


@shared_task(name="verwendungsnachweis.nachweise_eroeffnen")
def nachweise_eroeffnen():
    """Daily: open the Verwendungsnachweis of every Bescheid in force whose Förderjahr has ended (Nr. 7.4).
    Idempotent; a missed run catches up on the next one."""
    return services.nachweise_eroeffnen()


@shared_task(name="verwendungsnachweis.erinnerungen_senden")
def erinnerungen_senden():
    """Daily: reminders before the VN-Frist, Mahnung after it, open Nachforderungen and Anhörungen, next
    Antragsfrist. Each goes out once, however often this runs."""
    from . import erinnerungen

    return erinnerungen.erinnerungen_senden()


@shared_task(name="verwendungsnachweis.rueckforderungen_uebernehmen")
def rueckforderungen_uebernehmen():
    """Daily: Überzahlungen the Auszahlung found after an Änderungsbescheid start the Anhörung (Nr. 7.5).
    Idempotent; catches up a missed BESCHEID_WIRKSAM hook."""
    return services.rueckforderungen_uebernehmen()
