"""The helper every service calls to write the audit trail."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction

from kim_foerderung.zeit import heute, jetzt

from .models import Benachrichtigung, Lebenszeichen, Protokolleintrag


def _kommune_von(obj):
    pfad = getattr(type(obj), "KOMMUNE_PFAD", None)
    if pfad is None:
        return None
    if pfad == "pk":
        return obj
    ziel = obj
    for teil in pfad.split("__"):
        ziel = getattr(ziel, teil, None)
        if ziel is None:
            return None
    return ziel


def protokolliere(obj, benutzer, aktion, *, von_status="", nach_status="", notiz="", daten=None):
    """Append one audit entry for ``obj``. Call it inside the service's ``transaction.atomic()``."""
    angemeldet = benutzer is not None and getattr(benutzer, "is_authenticated", False)
    return Protokolleintrag.objects.create(
        zeitpunkt=jetzt(),
        benutzer=benutzer if angemeldet else None,
        benutzername=(benutzer.get_full_name() or benutzer.username) if angemeldet else "System",
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        objekt_text=str(obj)[:255],
        kommune=_kommune_von(obj),
        aktion=aktion,
        von_status=von_status or "",
        nach_status=nach_status or "",
        notiz=notiz or "",
        daten=daten or {},
    )


def lebenszeichen_schreiben(quelle):
    """Idempotent: at most one Lebenszeichen per day, whoever runs it and how often."""
    eintrag, neu = Lebenszeichen.objects.get_or_create(
        datum=heute(), defaults={"zeitpunkt": jetzt(), "quelle": quelle}
    )
    return eintrag, neu


def benachrichtigen(empfaenger, betreff, text, link=""):
    """A notice on each recipient's start page and an e-mail, sent once the transaction has committed."""
    empfaenger = [b for b in empfaenger if b.is_active]
    zeitpunkt = jetzt()
    Benachrichtigung.objects.bulk_create(
        [Benachrichtigung(empfaenger=b, text=betreff[:300], link=link, erstellt_am=zeitpunkt) for b in empfaenger]
    )
    adressen = sorted({b.email for b in empfaenger if b.email})
    if adressen:
        transaction.on_commit(
            lambda: send_mail(betreff, text, settings.DEFAULT_FROM_EMAIL, adressen, fail_silently=True)
        )
