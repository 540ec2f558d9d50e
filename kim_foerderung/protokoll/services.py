"""The helper every service calls to write the audit trail, and the one that notifies users."""
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from kim_foerderung.zeit import heute, jetzt

from .models import Benachrichtigung, Lebenszeichen, Protokolleintrag

logger = logging.getLogger(__name__)


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
    """Append one audit entry for ``obj``. Call it inside the service's ``transaction.atomic()``. An ``aktion``
    longer than its column (a Träger's name may have 200 characters) is shortened with "…" – PostgreSQL would
    refuse it; the full text belongs in ``notiz`` or ``daten``."""
    laenge = Protokolleintrag._meta.get_field("aktion").max_length
    if len(aktion) > laenge:
        aktion = aktion[: laenge - 1] + "…"
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
    """A notice on each active recipient's start page, written in the caller's transaction, and one e-mail per
    recipient (each sees only their own address), sent only once that transaction has committed – a rolled-back
    action notifies nobody by mail."""
    empfaenger = [b for b in empfaenger if b.is_active]
    zeitpunkt = jetzt()
    Benachrichtigung.objects.bulk_create(
        [Benachrichtigung(empfaenger=b, text=betreff[:300], link=link, erstellt_am=zeitpunkt) for b in empfaenger]
    )
    adressen = sorted({b.email for b in empfaenger if b.email})
    if adressen:
        nachrichten = [EmailMessage(betreff, text, settings.DEFAULT_FROM_EMAIL, [adresse]) for adresse in adressen]
        transaction.on_commit(lambda: _senden(nachrichten))


def _senden(nachrichten):
    """Send after commit; a failing mail server never undoes the committed action (the notice is there)."""
    try:
        get_connection(fail_silently=True).send_messages(nachrichten)
    except Exception:  # noqa: BLE001 – fail_silently does not cover every backend error
        logger.exception("E-Mail-Benachrichtigung konnte nicht gesendet werden.")


def als_gelesen_markieren(benutzer, benachrichtigung_id=None):
    """Mark one of the person's own notices (or, without an id, all of them) as read; idempotent – the first
    reading time stays. Returns the notice (or None for "all"); another person's notice is never touched."""
    eigene = Benachrichtigung.objects.filter(empfaenger=benutzer)
    if benachrichtigung_id is None:
        eigene.filter(gelesen_am__isnull=True).update(gelesen_am=jetzt())
        return None
    benachrichtigung = eigene.get(pk=benachrichtigung_id)
    if benachrichtigung.gelesen_am is None:
        benachrichtigung.gelesen_am = jetzt()
        benachrichtigung.save(update_fields=["gelesen_am"])
    return benachrichtigung
