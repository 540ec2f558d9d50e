"""Work items of a person (issue 12): Wiedervorlagen on a case and orders for an Akte export (ZIP).

A core app: it knows Kommune and Förderjahr, not the stage apps. The read-only app ``uebersicht`` shows these
items and builds the ZIP; every write happens here, through :mod:`kim_foerderung.arbeitsliste.services`.
"""
from django.conf import settings
from django.db import models


class Wiedervorlage(models.Model):
    """A reminder with a note on the case of one Kommune and Förderjahr, due on a day, for one person."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey("stammdaten.Kommune", on_delete=models.PROTECT, related_name="+",
                                verbose_name="Kommune")
    foerderjahr = models.PositiveSmallIntegerField("Förderjahr")
    faellig_am = models.DateField("Wiedervorlage am")
    notiz = models.CharField("Notiz", max_length=500)
    zustaendig = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="für")
    angelegt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="angelegt von")
    angelegt_am = models.DateTimeField("angelegt am")
    erledigt_am = models.DateTimeField("erledigt am", null=True, blank=True)
    erledigt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="erledigt von")

    class Meta:
        verbose_name = "Wiedervorlage"
        verbose_name_plural = "Wiedervorlagen"
        ordering = ["faellig_am", "id"]
        indexes = [models.Index(fields=["zustaendig", "erledigt_am", "faellig_am"], name="wiedervorlage_offen_idx")]

    def __str__(self):
        return f"Wiedervorlage {self.faellig_am:%d.%m.%Y} – {self.kommune} {self.foerderjahr}"


class ExportStatus(models.TextChoices):
    WARTEND = "wartend", "wartet"
    LAEUFT = "laeuft", "wird erstellt"
    FERTIG = "fertig", "fertig"
    FEHLER = "fehler", "fehlgeschlagen"


class Aktenexport(models.Model):
    """One person's order for the ZIP of an Akte (all documents, index PDF, Protokoll as PDF/A). Built by a
    Celery task with progress; downloadable only by the person who ordered it (and only while they may still
    see the Kommune)."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey("stammdaten.Kommune", on_delete=models.PROTECT, related_name="+",
                                verbose_name="Kommune")
    foerderjahr = models.PositiveSmallIntegerField("Förderjahr")
    benutzer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="beauftragt von")
    angelegt_am = models.DateTimeField("beauftragt am")
    status = models.CharField("Status", max_length=10, choices=ExportStatus.choices, default=ExportStatus.WARTEND)
    erledigt = models.PositiveIntegerField("erledigte Schritte", default=0)
    gesamt = models.PositiveIntegerField("Schritte insgesamt", default=0)
    datei = models.FileField("ZIP-Datei", upload_to="exporte/", max_length=255, blank=True)
    dateiname = models.CharField("Dateiname", max_length=200, blank=True)
    groesse = models.PositiveBigIntegerField("Größe (Bytes)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    fertig_am = models.DateTimeField("fertig am", null=True, blank=True)
    meldung = models.CharField("Meldung", max_length=500, blank=True)

    class Meta:
        verbose_name = "Akten-Export"
        verbose_name_plural = "Akten-Exporte"
        ordering = ["-angelegt_am", "-id"]

    def __str__(self):
        return f"Akte {self.kommune} {self.foerderjahr} (ZIP, {self.get_status_display()})"

    @property
    def prozent(self):
        if self.status == ExportStatus.FERTIG:
            return 100
        return int(self.erledigt * 100 / self.gesamt) if self.gesamt else 0
