from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from kim_foerderung.stammdaten.models import Kommune


class Benutzer(AbstractUser):
    """A person. A Kommune user is bound to exactly one Kommune and holds no role of the Bezirksregierung."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benutzer",
        verbose_name="Kommune",
        help_text="Nur für Beschäftigte einer Kommune: sie sehen ausschließlich die Daten dieser Kommune.",
    )
    ist_sachbearbeitung = models.BooleanField("Sachbearbeitung", default=False)
    ist_zeichnung = models.BooleanField("Zeichnung", default=False)
    ist_finanzen = models.BooleanField("Finanzen", default=False)
    ist_admin = models.BooleanField("Admin (Stammdaten, Benutzer)", default=False)
    # The Briefkopf of every letter names the Sachbearbeiterin with phone and e-mail (DIN 5008, issue 14 Nr. 3).
    telefon = models.CharField("Telefon (Durchwahl)", max_length=40, blank=True,
                               help_text="Steht mit der E-Mail-Adresse im Briefkopf der Bescheide und Schreiben.")

    class Meta:
        verbose_name = "Benutzer"
        verbose_name_plural = "Benutzer"
        constraints = [
            models.CheckConstraint(
                name="kommune_ohne_landesrolle",
                condition=models.Q(kommune__isnull=True)
                | models.Q(
                    ist_sachbearbeitung=False,
                    ist_zeichnung=False,
                    ist_finanzen=False,
                    ist_admin=False,
                    is_staff=False,
                    is_superuser=False,
                ),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.kommune_id and (
            self.ist_sachbearbeitung
            or self.ist_zeichnung
            or self.ist_finanzen
            or self.ist_admin
            or self.is_staff
            or self.is_superuser
        ):
            raise ValidationError(
                "Beschäftigte einer Kommune dürfen keine Rolle der Bezirksregierung haben. "
                "Entfernen Sie die Kommune oder die übrigen Rollen."
            )

    @property
    def anzeigename(self):
        return self.get_full_name() or self.username
