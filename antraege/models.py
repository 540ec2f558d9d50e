"""Antrag (Anlage 1): one per Kommune and Förderjahr, with Stellen, Begleitmaßnahmen and Weiterleitungen."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from kim_foerderung import regeln
from kim_foerderung.stammdaten.models import Kommune, KreisangehoerigeKommune, Traeger

MONATE = [(i, regeln.MONATSNAMEN[i - 1]) for i in range(1, 13)]


class AntragStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    EINGEREICHT = "eingereicht", "eingereicht"
    IN_PRUEFUNG = "in_pruefung", "in Prüfung"
    NACHFORDERUNG = "nachforderung", "Nachforderung"
    ZURUECKGEZOGEN = "zurueckgezogen", "zurückgezogen"
    BEWILLIGT = "bewilligt", "bewilligt"
    TEILWEISE_BEWILLIGT = "teilweise_bewilligt", "teilweise bewilligt"
    ABGELEHNT = "abgelehnt", "abgelehnt"


# Named status sets, one meaning each (use these, never a hand-written list or a substring test on a status).
#: Not decided and not withdrawn (Entwurf included): the Kommune may still withdraw it.
OFFENE_STATUS = [
    AntragStatus.ENTWURF,
    AntragStatus.EINGEREICHT,
    AntragStatus.IN_PRUEFUNG,
    AntragStatus.NACHFORDERUNG,
]
#: Submitted at least once, not decided, not withdrawn: the undecided requests of a year (Verteilung, Nr. 5.4.1).
UNENTSCHIEDENE_STATUS = [AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG, AntragStatus.NACHFORDERUNG]
#: A Bescheid can be drafted and signed about it now (no open Nachforderung).
ENTSCHEIDBARE_STATUS = [AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG]
ENTSCHIEDENE_STATUS = [AntragStatus.BEWILLIGT, AntragStatus.TEILWEISE_BEWILLIGT, AntragStatus.ABGELEHNT]
#: Decided with a grant: an Änderungsbescheid can change it.
BEWILLIGTE_STATUS = [AntragStatus.BEWILLIGT, AntragStatus.TEILWEISE_BEWILLIGT]
#: Its amount counts as "beantragt": submitted at least once and not withdrawn.
BEANTRAGT_STATUS = UNENTSCHIEDENE_STATUS + ENTSCHIEDENE_STATUS
# States in which the Kommune may change the content of its Antrag.
BEARBEITBARE_STATUS = [AntragStatus.ENTWURF, AntragStatus.NACHFORDERUNG]

#: The one wording of each state is its label above; what comes next in it, and who does it, is said here once
#: (Issue 14 Nr. 5) – on the Antrag page and on every start page (antraege.selectors.naechster_schritt). A decided
#: Antrag goes on with its Bescheid; a withdrawn one has no next step.
NAECHSTER_SCHRITT = {
    AntragStatus.ENTWURF: ("vervollständigen, prüfen und einreichen", "Kommune"),
    AntragStatus.EINGEREICHT: ("Prüfung beginnen", "Sachbearbeitung"),
    AntragStatus.IN_PRUEFUNG: ("prüfen und entscheiden (Bescheid entwerfen) oder nachfordern", "Sachbearbeitung"),
    AntragStatus.NACHFORDERUNG: ("Nachforderung beantworten und den Antrag erneut einreichen", "Kommune"),
}


class Vorfoerderung(models.TextChoices):
    KEINE = "keine", "keine frühere Förderung"
    KIM_2024 = "kim_2024", "Förderung nach dem Runderlass KIM vom 24. April 2024"
    CM_PAUSCHALE_2024 = "cm_pauschale_2024", "CM-Pauschale nach § 29 Haushaltsgesetz 2024"
    BEIDES = "beides", "beides"


class Antrag(models.Model):
    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="antraege", verbose_name="Kommune")
    foerderjahr = models.PositiveSmallIntegerField(
        "Förderjahr", validators=[MinValueValidator(2025), MaxValueValidator(2028)]
    )
    status = FSMField("Status", default=AntragStatus.ENTWURF, choices=AntragStatus.choices)
    angelegt_am = models.DateTimeField("angelegt am", auto_now_add=True)
    geaendert_am = models.DateTimeField("geändert am", auto_now=True)
    angelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="angelegt von"
    )
    eingereicht_am = models.DateTimeField("eingereicht am", null=True, blank=True)
    eingereicht_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name="eingereicht von",
    )
    version = models.PositiveSmallIntegerField("Version der Anlage 1", default=0)
    # § 24 Abs. 3 VwVfG NRW: a late Antrag is received, not refused; it carries the day it came in and the Frist it
    # missed, for the Sachbearbeitung to grant a Fristausnahme afterwards or to reject it.
    verspaetet_eingegangen_am = models.DateField("verspätet eingegangen am", null=True, blank=True)
    versaeumte_frist = models.DateField("versäumte Antragsfrist", null=True, blank=True)
    # Denormalised from kim_foerderung.regeln on every save of the Antrag's content (services.neu_berechnen),
    # so lists can sort and sum without computing each row.
    beantragt = models.DecimalField("beantragte Zuwendung (€)", max_digits=14, decimal_places=2, default=0)
    blockierende_befunde = models.PositiveSmallIntegerField("blockierende Befunde", default=0)
    # Issue 14 item 9: the Antrag of an earlier year whose Stellen, Begleitmaßnahmen, Weiterleitungen and
    # Lenkungsgruppe this one took over (services.antrag_uebernehmen); its uploads are to be uploaded anew.
    uebernommen_aus = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="übernommen aus dem Antrag",
    )

    # Antragsteller
    ansprechperson = models.CharField("Ansprechperson", max_length=120, blank=True)
    email = models.EmailField("E-Mail der Ansprechperson", blank=True)
    telefon = models.CharField("Telefon", max_length=40, blank=True)
    ki_name = models.CharField("Name des Kommunalen Integrationszentrums", max_length=200, blank=True)
    ki_anschrift = models.CharField("Anschrift des KI", max_length=250, blank=True)
    kontoinhaber = models.CharField("Kontoinhaber", max_length=140, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True)
    bic = models.CharField("BIC", max_length=11, blank=True)

    # Zuwendungsvoraussetzungen Nr. 4.1 a–f, 4.2, 3.2, 4.4
    ki_gefoerdert = models.BooleanField(
        "Nr. 4.1 a: Wir betreiben ein KI, das nach der Richtlinie vom 10. März 2023 gefördert wird.", default=False
    )
    angliederung_ki = models.BooleanField(
        "Nr. 4.1 b: Die Koordinationsstellen sind an das KI angegliedert.", default=False
    )
    lenkungsgruppe = models.BooleanField(
        "Nr. 4.1 c: Eine Lenkungsgruppe auf Leitungsebene ist eingerichtet.", default=False
    )
    lenkungsgruppe_mitglieder = models.TextField("Mitglieder der Lenkungsgruppe", blank=True)
    qualifikation_bestaetigt = models.BooleanField(
        "Nr. 4.1 e: Die Beschäftigten haben einschlägige fachliche Abschlüsse.", default=False
    )
    keine_doppelfoerderung = models.BooleanField(
        "Nr. 4.2: Für die beantragten Ausgaben wird keine weitere Förderung in Anspruch genommen.", default=False
    )
    cm_ausserhalb_jmd_mbe = models.BooleanField(
        "Nr. 3.2: Die Case-Management-Stellen liegen außerhalb der Personaltableaus von JMD und MBE.",
        default=False,
    )
    vorfoerderung = models.CharField(
        "Nr. 4.4: Frühere Förderung", max_length=20, choices=Vorfoerderung.choices, default=Vorfoerderung.KEINE
    )
    kim_konzept = models.ForeignKey(
        "dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Nr. 4.1 d: KIM-Konzept",
    )
    cm_konzept = models.ForeignKey(
        "dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Nr. 4.1 f: Case-Management-Konzept",
    )

    # Begleitmaßnahmen Nr. 5.4.2 a und b
    veranstaltungen_beschreibung = models.TextField("Veranstaltungsformate (Nr. 5.4.2 a)", blank=True)
    veranstaltungen_betrag = models.DecimalField(
        "Ausgaben Veranstaltungsformate (€)", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    schnittstellen_beschreibung = models.TextField("Schnittstellen-Maßnahmen (Nr. 5.4.2 b)", blank=True)
    schnittstellen_betrag = models.DecimalField(
        "Ausgaben Schnittstellen-Maßnahmen (€)", max_digits=12, decimal_places=2, default=Decimal("0.00")
    )

    class Meta:
        verbose_name = "Antrag"
        verbose_name_plural = "Anträge"
        ordering = ["-foerderjahr", "kommune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "foerderjahr"],
                condition=~Q(status="zurueckgezogen"),
                name="ein_offener_antrag_je_kommune_und_jahr",
            ),
            models.CheckConstraint(
                condition=Q(foerderjahr__gte=2025, foerderjahr__lte=2028), name="antrag_foerderjahr_2025_2028"
            ),
        ]

    def __str__(self):
        return f"Antrag {self.foerderjahr} – {self.kommune}"

    @property
    def nummer(self):
        return f"A-{self.foerderjahr}-{self.kommune.ags}-{self.pk}"

    @property
    def verspaetet(self):
        return self.verspaetet_eingegangen_am is not None

    @property
    def bearbeitbar(self):
        return self.status in BEARBEITBARE_STATUS

    @property
    def hat_case_management(self):
        return any(s.art == regeln.CASE_MANAGEMENT for s in self.stellen.all())

    # --- transitions (called only from antraege.services) ---
    @transition(field=status, source=[AntragStatus.ENTWURF, AntragStatus.NACHFORDERUNG],
                target=AntragStatus.EINGEREICHT)
    def einreichen(self):
        pass

    @transition(field=status, source=AntragStatus.EINGEREICHT, target=AntragStatus.IN_PRUEFUNG)
    def pruefung_beginnen(self):
        pass

    @transition(field=status, source=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG],
                target=AntragStatus.NACHFORDERUNG)
    def nachfordern(self):
        pass

    @transition(field=status, source=OFFENE_STATUS, target=AntragStatus.ZURUECKGEZOGEN)
    def zurueckziehen(self):
        pass

    @transition(field=status, source=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG],
                target=AntragStatus.BEWILLIGT)
    def bewilligen(self):
        pass

    @transition(field=status, source=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG],
                target=AntragStatus.TEILWEISE_BEWILLIGT)
    def teilweise_bewilligen(self):
        pass

    @transition(field=status, source=[AntragStatus.EINGEREICHT, AntragStatus.IN_PRUEFUNG],
                target=AntragStatus.ABGELEHNT)
    def ablehnen(self):
        pass


class StellenArt(models.TextChoices):
    KOORDINATION = regeln.KOORDINATION, "Koordination"
    VERWALTUNGSASSISTENZ = regeln.VERWALTUNGSASSISTENZ, "Verwaltungsassistenz"
    CASE_MANAGEMENT = regeln.CASE_MANAGEMENT, "Case Management"


class Stelle(models.Model):
    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="stellen")
    zeile = models.PositiveSmallIntegerField("Zeile in der Tabelle", default=0)
    position = models.PositiveSmallIntegerField("Nr. innerhalb der Art", default=1)
    art = models.CharField("Art", max_length=20, choices=StellenArt.choices)
    vzae = models.DecimalField("VZÄ", max_digits=4, decimal_places=2)
    von_monat = models.PositiveSmallIntegerField("von (Monat)", choices=MONATE, default=1)
    bis_monat = models.PositiveSmallIntegerField("bis (Monat)", choices=MONATE, default=12)
    besetzt = models.BooleanField("besetzt", default=False)
    name = models.CharField("Name (freiwillig)", max_length=120, blank=True)
    qualifikation = models.CharField("Qualifikation (Nr. 4.1 e)", max_length=200, blank=True)
    personalausgaben = models.DecimalField(
        "geplante Personalausgaben (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    sachausgaben = models.DecimalField(
        "geplante Sachausgaben (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "Stelle"
        verbose_name_plural = "Stellen"
        ordering = ["zeile", "id"]

    def __str__(self):
        return f"{self.kennung} {self.get_art_display()} {self.vzae} VZÄ"

    @property
    def kennung(self):
        praefix = {"koordination": "K", "verwaltungsassistenz": "VA", "case_management": "CM"}[self.art]
        return f"{praefix}{self.position}"


class WeiterleitungZweck(models.TextChoices):
    KOORDINATION = "koordination", "Koordination (Nr. 3.2 Satz 1, Nr. 4.3)"
    CASE_MANAGEMENT = "case_management", "Case Management (Nr. 3.2 Satz 2)"


class Weiterleitung(models.Model):
    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="weiterleitungen")
    zweck = models.CharField("Zweck", max_length=20, choices=WeiterleitungZweck.choices)
    kreisangehoerige = models.ForeignKey(
        KreisangehoerigeKommune, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="an kreisangehörige Kommune",
    )
    traeger = models.ForeignKey(
        Traeger, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="an Träger der Freien Wohlfahrtspflege",
    )
    betrag = models.DecimalField("Betrag (€)", max_digits=12, decimal_places=2)
    stellen = models.CharField("Stellen (Kennungen, z. B. K4, CM1)", max_length=200, blank=True)
    vertrag = models.ForeignKey(
        "dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="Weiterleitungsvertrag (Anlage 4)",
    )

    class Meta:
        verbose_name = "Weiterleitung"
        verbose_name_plural = "Weiterleitungen"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kreisangehoerige__isnull=False) & Q(traeger__isnull=True))
                | (Q(kreisangehoerige__isnull=True) & Q(traeger__isnull=False)),
                name="weiterleitung_genau_ein_empfaenger",
            )
        ]

    def __str__(self):
        return f"Weiterleitung an {self.empfaenger}"

    @property
    def empfaenger(self):
        return self.kreisangehoerige or self.traeger


class Fristausnahme(models.Model):
    """Sachbearbeitung allows one Kommune to submit after the Antragsfrist (Nr. 7.1.2), with a reason."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="fristausnahmen")
    foerderjahr = models.PositiveSmallIntegerField("Förderjahr")
    neue_frist = models.DateField("neue Frist")
    begruendung = models.TextField("Begründung")
    erteilt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erteilt_am = models.DateTimeField("erteilt am")

    class Meta:
        verbose_name = "Fristausnahme"
        verbose_name_plural = "Fristausnahmen"
        constraints = [
            models.UniqueConstraint(fields=["kommune", "foerderjahr"], name="eine_fristausnahme_je_jahr")
        ]

    def __str__(self):
        return f"Fristausnahme {self.kommune} {self.foerderjahr} bis {self.neue_frist:%d.%m.%Y}"


class Nachforderung(models.Model):
    """One round of questions from Sachbearbeitung and the Kommune's answer."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="nachforderungen")
    runde = models.PositiveSmallIntegerField("Runde")
    fragen = models.TextField("Fragen und Hinweise")
    gestellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gestellt_am = models.DateTimeField("gestellt am")
    # Issue 14 item 10: the answer is asked for by this day (default regeln.nachforderung_frist, four weeks);
    # empty only for rounds asked before the Frist existed.
    antwort_frist = models.DateField("Antwort erbeten bis", null=True, blank=True)
    antwort = models.TextField("Antwort", blank=True)
    beantwortet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    beantwortet_am = models.DateTimeField("beantwortet am", null=True, blank=True)

    class Meta:
        verbose_name = "Nachforderung"
        verbose_name_plural = "Nachforderungen"
        ordering = ["runde"]
        constraints = [models.UniqueConstraint(fields=["antrag", "runde"], name="nachforderung_runde_eindeutig")]

    def __str__(self):
        return f"Nachforderung {self.runde} zu {self.antrag}"


class Anlage1(models.Model):
    """Each submitted version of the Antrag keeps its rendered Anlage-1 PDF (earlier versions stay)."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey(Antrag, on_delete=models.CASCADE, related_name="anlagen")
    version = models.PositiveSmallIntegerField("Version")
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, related_name="+")
    gesamt = models.DecimalField("beantragte Zuwendung (€)", max_digits=14, decimal_places=2)
    eingereicht_am = models.DateTimeField("eingereicht am")

    class Meta:
        verbose_name = "Anlage 1 (eingereichte Fassung)"
        verbose_name_plural = "Anlagen 1 (eingereichte Fassungen)"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["antrag", "version"], name="anlage1_version_eindeutig")]
