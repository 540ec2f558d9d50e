"""Reads of the Dokumente app, already scoped to the user."""
from django.contrib.contenttypes.models import ContentType

from kim_foerderung.zugang.zugriff import sichtbar

from .models import Dokument


def dokumente_zu(user, obj):
    """The Dokumente of ``obj`` that ``user`` may see, newest first."""
    return sichtbar(user, Dokument).filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("erstellt_von")
