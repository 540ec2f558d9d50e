"""Verwendungsnachweis (Anlage 3, Nr. 7.4), its Prüfung and Erstattung (Nr. 7.5), and the Basiszinssatz table
(§ 247 BGB) the interest of an Erstattung is computed with (§ 49a Abs. 3 VwVfG NRW)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from kim_foerderung.regeln import ZINSAUFSCHLAG_PROZENTPUNKTE


def _halbjahresbeginn(wert):
    if wert is not None and (wert.day != 1 or wert.month not in (1, 7)):
        raise ValidationError("Ein Basiszinssatz gilt ab dem 1. Januar oder dem 1. Juli (§ 247 Abs. 2 BGB).")


class Basiszinssatz(models.Model):
    """One half-year's Basiszinssatz as published by the Deutsche Bundesbank; maintained by the Admin."""

    gueltig_ab = models.DateField("gültig ab", unique=True, validators=[_halbjahresbeginn],
                                  help_text="1. Januar oder 1. Juli; der Satz gilt für dieses Halbjahr.")
    prozent = models.DecimalField("Basiszinssatz (%)", max_digits=5, decimal_places=2,
                                  help_text="Kann negativ sein, z. B. -0,88.")
    quelle = models.CharField("Quelle", max_length=200, blank=True,
                              help_text="z. B. Bekanntmachung der Deutschen Bundesbank vom …")
    erfasst_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="erfasst von")
    geaendert_am = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        verbose_name = "Basiszinssatz"
        verbose_name_plural = "Basiszinssätze"
        ordering = ["-gueltig_ab"]

    @property
    def zinssatz(self):
        """§ 49a Abs. 3 VwVfG NRW: drei Prozentpunkte über dem Basiszinssatz."""
        return self.prozent + ZINSAUFSCHLAG_PROZENTPUNKTE

    def __str__(self):
        halbjahr = 1 if self.gueltig_ab.month == 1 else 2
        return f"Basiszinssatz {halbjahr}. Halbjahr {self.gueltig_ab.year}: {self.prozent} %"
