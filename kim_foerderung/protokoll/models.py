"""The append-only audit log. On PostgreSQL a trigger refuses UPDATE and DELETE in the database itself."""
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ProtokollUnveraenderlich(Exception):
    pass


class Protokolleintrag(models.Model):
    KOMMUNE_PFAD = "kommune"

    zeitpunkt = models.DateTimeField("Zeitpunkt", db_index=True)
    benutzer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Person",
    )
    benutzername = models.CharField("Person (Name zum Zeitpunkt)", max_length=150)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="Objektart")
    object_id = models.CharField("Objekt-ID", max_length=64)
    objekt = GenericForeignKey("content_type", "object_id")
    objekt_text = models.CharField("Objekt", max_length=255)
    kommune = models.ForeignKey(
        "stammdaten.Kommune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Kommune",
    )
    aktion = models.CharField("Aktion", max_length=120)
    von_status = models.CharField("von Status", max_length=40, blank=True)
    nach_status = models.CharField("nach Status", max_length=40, blank=True)
    notiz = models.TextField("Notiz", blank=True)
    daten = models.JSONField("Daten", default=dict, blank=True)

    class Meta:
        verbose_name = "Protokolleintrag"
        verbose_name_plural = "Protokoll"
        ordering = ["-zeitpunkt", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "zeitpunkt"], name="protokoll_objekt_idx")]
        triggers = [
            pgtrigger.Protect(name="protokoll_nur_anfuegen", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.zeitpunkt:%d.%m.%Y %H:%M} {self.benutzername}: {self.aktion}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ProtokollUnveraenderlich("Protokolleinträge können nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ProtokollUnveraenderlich("Protokolleinträge können nicht gelöscht werden.")


class Lebenszeichen(models.Model):
    """One row per day written by the daily periodic task: proves that Celery beat and a worker run."""

    datum = models.DateField("Datum", unique=True)
    zeitpunkt = models.DateTimeField("Zeitpunkt")
    quelle = models.CharField("Quelle", max_length=60)

    class Meta:
        verbose_name = "Lebenszeichen"
        verbose_name_plural = "Lebenszeichen"
        ordering = ["-datum"]

    def __str__(self):
        return f"Lebenszeichen {self.datum:%d.%m.%Y} ({self.quelle})"


class Benachrichtigung(models.Model):
    """A notice on a user's start page, also sent by e-mail (Antrag eingereicht, Nachforderung, …)."""

    empfaenger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="benachrichtigungen", verbose_name="Empfänger")
    text = models.CharField("Text", max_length=300)
    link = models.CharField("Link", max_length=200, blank=True)
    erstellt_am = models.DateTimeField("erstellt am")
    gelesen_am = models.DateTimeField("gelesen am", null=True, blank=True)

    class Meta:
        verbose_name = "Benachrichtigung"
        verbose_name_plural = "Benachrichtigungen"
        ordering = ["-erstellt_am", "-id"]

    def __str__(self):
        return self.text
