from celery import shared_task

from .services import lebenszeichen_schreiben


@shared_task(name="protokoll.taeglicher_check")
def taeglicher_check(quelle="celery"):
    """Daily heartbeat proving the beat → broker → worker → database path. Idempotent per day."""
    eintrag, neu = lebenszeichen_schreiben(quelle)
    return {"datum": eintrag.datum.isoformat(), "neu": neu}
