from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from .models import Benachrichtigung, Protokolleintrag


def protokoll_fuer(obj):
    """The audit trail of one object, newest first. Callers have already checked that the user may see obj."""
    return (
        Protokolleintrag.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
        .select_related("benutzer")
        .order_by("-zeitpunkt", "-id")
    )


def benachrichtigungen_fuer(user, anzahl=10):
    """The person's newest notices, unread ones first."""
    return list(
        Benachrichtigung.objects.filter(empfaenger=user)
        .order_by(F("gelesen_am").asc(nulls_first=True), "-erstellt_am", "-id")[:anzahl]
    )


def ungelesene_anzahl(user):
    return Benachrichtigung.objects.filter(empfaenger=user, gelesen_am__isnull=True).count()
