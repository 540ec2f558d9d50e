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


MONATE = [(m, name) for m, name in enumerate(
    ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
     "Dezember"), start=1)]

STELLEN_ARTEN = [("koordination", "Koordination"), ("verwaltungsassistenz", "Verwaltungsassistenz"),
                 ("case_management", "Case Management")]


class NachweisStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "eingereicht, wartet auf Prüfung"
    NACHFORDERUNG = "nachforderung", "Rückfragen der Bezirksregierung"
    UEBERZAHLUNG = "ueberzahlung", "geprüft: Überzahlung, Anhörung vorzubereiten"
    ANHOERUNG = "anhoerung", "Anhörung (§ 28 VwVfG NRW)"
    ERSTATTUNG = "erstattung", "Erstattungsbescheid"
    ABGESCHLOSSEN = "abgeschlossen", "abgeschlossen"


#: States in which the Kommune may change the Verwendungsnachweis.
BEARBEITBAR = (NachweisStatus.ENTWURF, NachweisStatus.NACHFORDERUNG)


class Verwendungsnachweis(models.Model):
    """Anlage 3 of one Antrag's Bescheid in force (Nr. 7.4), opened after the Bewilligungszeitraum (31 December),
    due at the VN-Frist. The Kommune fills it section by section; submitted, it is stored as a PDF/A."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.OneToOneField("antraege.Antrag", on_delete=models.PROTECT, related_name="verwendungsnachweis",
                                  verbose_name="Antrag")
    bescheid = models.ForeignKey("bescheide.Bescheid", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="Bescheid (bei Eröffnung in Kraft)")
    status = models.CharField("Status", max_length=20, choices=NachweisStatus.choices, default=NachweisStatus.ENTWURF)
    frist = models.DateField("vorzulegen bis (Nr. 7.4)")
    eroeffnet_am = models.DateTimeField("eröffnet am")
    sachbericht = models.JSONField("Sachbericht", default=dict, blank=True)
    veranstaltungen = models.DecimalField("Veranstaltungsformate, tatsächliche Ausgaben (€)", max_digits=12,
                                          decimal_places=2, default=0)
    schnittstellen = models.DecimalField("Schnittstellen-Maßnahmen, tatsächliche Ausgaben (€)", max_digits=12,
                                         decimal_places=2, default=0)
    weiterleitungen = models.JSONField("Weiterleitungen: was jeder Letztempfänger ausgegeben hat", default=list,
                                       blank=True)
    versicherung = models.BooleanField("Versicherung abgegeben", default=False)
    eingereicht_am = models.DateTimeField("eingereicht am", null=True, blank=True)
    eingereicht_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="eingereicht von")
    ergebnis = models.JSONField("Ergebnis der Berechnung bei Einreichung", default=dict, blank=True)
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="Anlage 3 (PDF)")
    fassung = models.PositiveSmallIntegerField("Fassung", default=0)
    # Prüfung (VV Nr. 11 zu § 44 LHO)
    pruefpunkte = models.JSONField("Prüfpunkte", default=dict, blank=True)
    pruefvermerk = models.TextField("Prüfvermerk", blank=True)
    nachforderung = models.TextField("Rückfragen", blank=True)
    nachforderung_frist = models.DateField("Antwort bis", null=True, blank=True)
    geprueft_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="geprüft von")
    geprueft_am = models.DateTimeField("geprüft am", null=True, blank=True)
    anerkannt = models.DecimalField("anerkannt (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    ueberzahlung = models.DecimalField("Überzahlung (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    nachzahlung = models.DecimalField("Nachzahlung (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    pruefvermerk_dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                              related_name="+", verbose_name="Prüfvermerk (PDF)")
    rueckforderungen = models.JSONField(
        "übernommene Rückforderungen nach Änderungsbescheid (Nr. 7.5)", default=list, blank=True,
        help_text="von der Auszahlung übergeben (auszahlung.Rueckforderung): Bescheid, Betrag, festgestellt am")
    # Anhörung (§ 28 VwVfG NRW)
    anhoerung_frist = models.DateField("Stellungnahme bis", null=True, blank=True)
    anhoerung_dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name="Anhörungsschreiben (PDF)")
    stellungnahme = models.TextField("Stellungnahme der Kommune", blank=True)
    stellungnahme_am = models.DateTimeField("Stellungnahme am", null=True, blank=True)
    abgeschlossen_am = models.DateTimeField("abgeschlossen am", null=True, blank=True)
    # Mahnung after the VN-Frist (Nr. 7.4)
    mahnung_am = models.DateField("gemahnt am", null=True, blank=True)
    mahnung_frist = models.DateField("neue Frist nach Mahnung", null=True, blank=True)
    mahnung_dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="Mahnung (PDF)")

    class Meta:
        verbose_name = "Verwendungsnachweis"
        verbose_name_plural = "Verwendungsnachweise"
        ordering = ["frist", "antrag__kommune__name"]

    def __str__(self):
        return f"Verwendungsnachweis {self.antrag.foerderjahr} – {self.antrag.kommune}"

    @property
    def foerderjahr(self):
        return self.antrag.foerderjahr

    @property
    def bearbeitbar(self):
        return self.status in BEARBEITBAR

    @property
    def status_fuer_kommune(self):
        """The state as the Kommune may read it: whether an Erstattungsbescheid is being prepared or waits for the
        Zeichnung is internal until it is bekanntgegeben (its own section shows it then)."""
        if self.status == NachweisStatus.ERSTATTUNG:
            return "Entscheidung über die Erstattung"
        return self.get_status_display()


class NachweisStelle(models.Model):
    """Zahlenmäßiger Nachweis of one Stelle: actual VZÄ, months, Personal- and Sachausgaben, filled by whom."""

    KOMMUNE_PFAD = "nachweis__antrag__kommune"

    nachweis = models.ForeignKey(Verwendungsnachweis, on_delete=models.CASCADE, related_name="stellen")
    zeile = models.PositiveSmallIntegerField(default=0)
    kennung = models.CharField("Stelle", max_length=10)
    art = models.CharField("Art", max_length=20, choices=STELLEN_ARTEN)
    vzae = models.DecimalField("tatsächliche VZÄ", max_digits=4, decimal_places=2)
    von_monat = models.PositiveSmallIntegerField("besetzt von", choices=MONATE)
    bis_monat = models.PositiveSmallIntegerField("besetzt bis", choices=MONATE)
    personalausgaben = models.DecimalField("Personalausgaben (€)", max_digits=12, decimal_places=2, default=0)
    sachausgaben = models.DecimalField("Sachausgaben (€)", max_digits=12, decimal_places=2, default=0)
    besetzt_durch = models.CharField("besetzt durch (Name, Qualifikation)", max_length=200, blank=True)

    class Meta:
        verbose_name = "Stelle im Verwendungsnachweis"
        verbose_name_plural = "Stellen im Verwendungsnachweis"
        ordering = ["zeile", "id"]
        constraints = [models.UniqueConstraint(fields=["nachweis", "kennung"], name="vn_stelle_kennung_einmal")]

    def __str__(self):
        return f"{self.kennung} ({self.nachweis})"


class BelegKategorie(models.TextChoices):
    PERSONAL = "personal", "Personalausgaben"
    SACH = "sach", "Sachausgaben"
    VERANSTALTUNGEN = "veranstaltungen", "Veranstaltungsformate"
    SCHNITTSTELLEN = "schnittstellen", "Schnittstellen-Maßnahmen"


class Beleg(models.Model):
    """One line of the Belegliste (kept by the Kommune, the receipts themselves are not uploaded)."""

    KOMMUNE_PFAD = "nachweis__antrag__kommune"

    nachweis = models.ForeignKey(Verwendungsnachweis, on_delete=models.CASCADE, related_name="belege")
    zeile = models.PositiveIntegerField(default=0)
    kategorie = models.CharField("Kategorie", max_length=20, choices=BelegKategorie.choices)
    stelle = models.CharField("Stelle", max_length=10, blank=True,
                              help_text="bei Personal- und Sachausgaben die Kennung der Stelle, z. B. K1")
    datum = models.DateField("Datum")
    empfaenger = models.CharField("Empfänger/in", max_length=200)
    zweck = models.CharField("Zweck", max_length=300)
    betrag = models.DecimalField("Betrag (€)", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "Beleg"
        verbose_name_plural = "Belegliste"
        ordering = ["zeile", "id"]

    def __str__(self):
        return f"Beleg {self.zeile}: {self.zweck} ({self.betrag} €)"


class ErstattungStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    ZUR_ZEICHNUNG = "zur_zeichnung", "zur Zeichnung vorgelegt"
    FREIGEGEBEN = "freigegeben", "gezeichnet und bekanntgegeben"
    ERSTATTET = "erstattet", "Rückzahlung eingegangen"


#: The Kommune sees an Erstattungsbescheid only once it is signed and bekanntgegeben (like a Bescheid once sent):
#: a draft or one waiting for the Zeichnung is internal.
ERSTATTUNG_FUER_KOMMUNE_SICHTBAR = (ErstattungStatus.FREIGEGEBEN, ErstattungStatus.ERSTATTET)


class Erstattungsbescheid(models.Model):
    """Partial revocation with effect for the past and refund (Nr. 7.5, §§ 49, 49a VwVfG NRW), prepared by
    Sachbearbeitung and released by another person (Zeichnung), like every Bescheid."""

    KOMMUNE_PFAD = "nachweis__antrag__kommune"

    nachweis = models.OneToOneField(Verwendungsnachweis, on_delete=models.PROTECT, related_name="erstattung")
    status = models.CharField("Status", max_length=20, choices=ErstattungStatus.choices,
                              default=ErstattungStatus.ZUR_ZEICHNUNG)
    nummer = models.CharField("Bescheidnummer", max_length=40, unique=True, null=True, blank=True)
    betrag = models.DecimalField("Erstattungsbetrag (€)", max_digits=14, decimal_places=2)
    unwirksam_ab = models.DateField("Bescheid unwirksam geworden am (Zinsbeginn)")
    zahlungsfrist = models.DateField("zu zahlen bis")
    zinsverzicht = models.BooleanField("auf Zinsen verzichtet (§ 49a Abs. 3 Satz 2 VwVfG NRW)", default=False)
    verzicht_grund = models.CharField("Grund des Verzichts", max_length=500, blank=True)
    zinsen_bis_frist = models.DecimalField("Zinsen bis zur Zahlungsfrist (€)", max_digits=12, decimal_places=2,
                                           default=0)
    zinsaufstellung = models.JSONField("Zinsaufstellung", default=dict, blank=True)
    verwendungszweck = models.CharField("Verwendungszweck der Rückzahlung", max_length=140, blank=True)
    vorbereitet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                        verbose_name="vorbereitet von")
    vorbereitet_am = models.DateTimeField("vorbereitet am")
    freigegeben_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="gezeichnet von")
    freigegeben_am = models.DateTimeField("gezeichnet am", null=True, blank=True)
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="Erstattungsbescheid (PDF)")
    eingang_am = models.DateField("Rückzahlung eingegangen am", null=True, blank=True)
    eingang_betrag = models.DecimalField("eingegangen (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    zinsen_endgueltig = models.DecimalField("Zinsen bis zum Eingang (€)", max_digits=12, decimal_places=2,
                                            null=True, blank=True)

    class Meta:
        verbose_name = "Erstattungsbescheid"
        verbose_name_plural = "Erstattungsbescheide"

    def __str__(self):
        return f"Erstattungsbescheid {self.nummer or '(Entwurf)'} – {self.nachweis.antrag.kommune}"

    @property
    def fuer_kommune_sichtbar(self):
        return self.status in ERSTATTUNG_FUER_KOMMUNE_SICHTBAR


class Erinnerung(models.Model):
    """One reminder or Mahnung that was sent; the unique ``schluessel`` makes every kind go out once, however often
    or concurrently the daily task runs."""

    schluessel = models.CharField("Schlüssel", max_length=100, unique=True)
    art = models.CharField("Art", max_length=40)
    kommune = models.ForeignKey("stammdaten.Kommune", on_delete=models.PROTECT, related_name="+", null=True)
    nachweis = models.ForeignKey(Verwendungsnachweis, on_delete=models.CASCADE, related_name="erinnerungen",
                                 null=True, blank=True)
    gesendet_am = models.DateTimeField("gesendet am")

    class Meta:
        verbose_name = "Erinnerung"
        verbose_name_plural = "Erinnerungen"

    def __str__(self):
        return self.schluessel
