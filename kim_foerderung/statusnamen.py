"""The German name of a state, read from the one place that defines it: the ``choices`` of the model's ``status``
field (its TextChoices beside the named status sets). Pages, lists and badges use ``get_status_display``; the
Protokoll, which stores only the code, asks here with the model of its entry – so the code "freigegeben" of a
Bescheid reads as its one label everywhere (Issue 14 Nr. 5). The core imports no stage: the model comes
from the caller or from the entry's content type."""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist


def statusnamen(modell):
    """{code: name} of ``modell``'s status field, or {} if it has none."""
    if modell is None:
        return {}
    try:
        feld = modell._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    return {str(code): str(name) for code, name in feld.flatchoices}


def statusname(modell, code):
    """The name of state ``code`` of ``modell``; an unknown code is returned as it is, an empty one as "–"."""
    if not code:
        return "–"
    return statusnamen(modell).get(code, code)


def modell_des_eintrags(eintrag):
    """The model class of a Protokolleintrag's object (content types are cached: no query after the first)."""
    return ContentType.objects.get_for_id(eintrag.content_type_id).model_class()
