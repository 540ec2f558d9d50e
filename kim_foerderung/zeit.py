"""The one place that says what "today" and "now" are.

Tests move the clock with time-machine. The demo data records past events (an Antrag submitted in October)
through :func:`gestellt`, which sets the clock for the code inside its block only.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_gestellt = ContextVar("kim_zeit_gestellt", default=None)


def jetzt():
    return _gestellt.get() or timezone.now()


def heute():
    return timezone.localdate(jetzt())


@contextmanager
def gestellt(zeitpunkt):
    """Within the block, jetzt() and heute() answer ``zeitpunkt`` (an aware datetime)."""
    token = _gestellt.set(zeitpunkt)
    try:
        yield
    finally:
        _gestellt.reset(token)
