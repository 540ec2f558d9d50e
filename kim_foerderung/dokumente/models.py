"""Stored documents: rendered PDF/A files and uploads, each with its SHA-256.

A Dokument is one version of one document. Its ``schluessel`` is unique, so a document, once stored, is never
silently replaced: a changed document is a new Dokument under a new key (e.g. ``...-v2``).
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kim_foerderung.zeit import heute, jetzt


def dokument_ablage(instance, filename):
    """Files are stored under one subfolder per year (of creation, Europe/Berlin) inside KIM_DOKUMENTE_ROOT."""
    jahr = timezone.localtime(instance.erstellt_am).year if instance.erstellt_am else heute().year
    return f"{jahr}/{filename}"


class Dokument(models.Model):
    # Visibility: Bezirksregierung roles see all; a Kommune user only documents of their own Kommune.
    # Documents without Kommune (payout lists, internal notes) match no Kommune and stay hidden from them.
    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(
        "stammdaten.Kommune", on_delete=models.PROTECT, null=True, blank=True, related_name="dokumente",
        verbose_name="Kommune",
        help_text="Leer bei Dokumenten, die nur die Bezirksregierung sehen darf (z. B. Auszahlungslisten).",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="Objektart")
    object_id = models.CharField("Objekt-ID", max_length=64)
    bezug = GenericForeignKey("content_type", "object_id")
    art = models.CharField("Art", max_length=40, help_text="Kurzcode, z. B. anlage1, anlage2, muster, upload.")
    titel = models.CharField("Titel", max_length=255)
    schluessel = models.CharField(
        "Schlüssel", max_length=200, unique=True,
        help_text="Kennzeichnet genau eine Fassung eines Dokuments, z. B. antrag-12-anlage1-v2.",
    )
    datei = models.FileField("Datei", upload_to=dokument_ablage, max_length=255)
    dateiname = models.CharField("Dateiname beim Herunterladen", max_length=255)
    mime_typ = models.CharField("MIME-Typ", max_length=100, default="application/pdf")
    groesse = models.PositiveBigIntegerField("Größe (Bytes)")
    sha256 = models.CharField(
        "SHA-256", max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "Die Prüfsumme muss aus 64 Hexadezimalzeichen bestehen.")],
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="erstellt von", help_text="Leer, wenn das System das Dokument erzeugt hat.",
    )
    erstellt_am = models.DateTimeField("erstellt am", default=jetzt)

    class Meta:
        verbose_name = "Dokument"
        verbose_name_plural = "Dokumente"
        ordering = ["-erstellt_am", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="dokument_bezug_idx")]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("dokument_herunterladen", args=[self.pk])
