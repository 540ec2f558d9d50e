"""Auszahlung (Nr. 7.3 mit Nr. 7.4 VVG zu § 44 LHO): Mittelanforderung, Tranchen, Zahlungsläufe nach vier Augen,
SEPA-Datei, Buchung aus dem Kontoauszug, Rückforderung bei Überzahlung.

Every amount, status and Zahltag of a Tranche comes from ``kim_foerderung.regeln.auszahlung.auszahlungsplan``
(auszahlung.services.tranchen_abgleichen stores its result). A Tranche is in at most one released run
(database constraint on Zahlungsposten) and in at most one run that is not cancelled.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from kim_foerderung.stammdaten.models import iban_pruefen


class Einstellung(models.Model):
    """The paying account (debtor of the SEPA file) and the lead time of the Zahlungslauf; one row, edited in the
    admin (auszahlung.services.einstellung creates it with defaults)."""

    kontoinhaber = models.CharField("Auftraggeber (Kontoinhaber)", max_length=70,
                                    default="Land NRW - Bezirksregierung Arnsberg")
    iban = models.CharField("IBAN des zahlenden Kontos", max_length=34, default="DE02370501980001802057",
                            validators=[iban_pruefen])
    bic = models.CharField("BIC", max_length=11, default="COLSDE33XXX")
    vorlauf_target_tage = models.PositiveSmallIntegerField(
        "Vorlauf in TARGET-Tagen", default=5,
        help_text="So viele TARGET-Bankarbeitstage vor dem Zahltag bereitet der Zeitplan den Zahlungslauf vor.")

    class Meta:
        verbose_name = "Einstellung der Auszahlung"
        verbose_name_plural = "Einstellungen der Auszahlung"

    def __str__(self):
        return f"Zahlendes Konto {self.iban}"


class Mittelanforderung(models.Model):
    """Nr. 7.3: one per Bescheid and Förderjahr (per Antrag), with the bank account from Stammdaten."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.OneToOneField("antraege.Antrag", on_delete=models.PROTECT, related_name="mittelanforderung")
    bescheid = models.ForeignKey("bescheide.Bescheid", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="Bescheid bei Anforderung")
    kontoinhaber = models.CharField("Kontoinhaber", max_length=140)
    iban = models.CharField("IBAN", max_length=34, validators=[iban_pruefen])
    bic = models.CharField("BIC", max_length=11, blank=True)
    erklaerung = models.BooleanField("Erklärung abgegeben", default=False)
    angefordert_am = models.DateField("angefordert am")
    gestellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gestellt_am = models.DateTimeField("gestellt am")
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = "Mittelanforderung"
        verbose_name_plural = "Mittelanforderungen"
        ordering = ["-gestellt_am"]

    def __str__(self):
        return f"Mittelanforderung {self.antrag.kommune} {self.antrag.foerderjahr}"


class TranchenStatus(models.TextChoices):
    GESPERRT = "gesperrt", "gesperrt"
    GEPLANT = "geplant", "geplant"
    FAELLIG = "faellig", "fällig"
    ENTFAELLT = "entfaellt", "entfällt"
    ANGEWIESEN = "angewiesen", "angewiesen"
    AUSGEZAHLT = "ausgezahlt", "ausgezahlt"


#: The Rate number of the one Nachzahlung after the Verwendungsnachweis (never part of the Tranchenplan).
NACHZAHLUNG_NUMMER = 3

#: A Tranche in one of these states is paid (its amount never changes again): the money has left with the run.
GEZAHLT = [TranchenStatus.ANGEWIESEN, TranchenStatus.AUSGEZAHLT]


class Tranche(models.Model):
    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey("antraege.Antrag", on_delete=models.PROTECT, related_name="tranchen")
    bescheid = models.ForeignKey("bescheide.Bescheid", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="geltender Bescheid")
    nummer = models.PositiveSmallIntegerField("Rate")  # 1 = 1. Mai, 2 = 1. Oktober, 3 = Nachzahlung
    nachzahlung = models.BooleanField(
        "Nachzahlung nach dem Verwendungsnachweis", default=False,
        help_text="Keine Rate des Tranchenplans: der Betrag stammt aus der Prüfung des Verwendungsnachweises "
                  "(Nr. 7.4); mit ihr ist die Zuwendung abgerechnet, offene Raten entfallen.")
    termin = models.DateField("Termin")
    zahltag = models.DateField("Zahltag", null=True, blank=True,
                               help_text="Leer: im nächsten Zahlungslauf (Termin vor Bestandskraft verstrichen).")
    betrag = models.DecimalField("Betrag (€)", max_digits=14, decimal_places=2)
    status = models.CharField("Status", max_length=20, choices=TranchenStatus.choices)
    ende_zu_ende_id = models.CharField("EndToEndId", max_length=35, unique=True)
    ausgezahlt_am = models.DateField("ausgezahlt am", null=True, blank=True)
    ausgezahlt_grund = models.CharField("Grund der manuellen Buchung", max_length=500, blank=True)
    aktualisiert_am = models.DateTimeField("berechnet am")

    class Meta:
        verbose_name = "Tranche"
        verbose_name_plural = "Tranchen"
        ordering = ["antrag_id", "nummer"]
        constraints = [models.UniqueConstraint(fields=["antrag", "nummer"], name="eine_tranche_je_rate")]
        indexes = [models.Index(fields=["status", "termin"], name="tranche_status_termin_idx")]

    def __str__(self):
        return f"{self.nummer}. Rate {self.antrag.foerderjahr} – {self.antrag.kommune}"

    @property
    def gezahlt(self):
        return self.status in GEZAHLT

    @property
    def bezeichnung(self):
        return "Nachzahlung (Verwendungsnachweis)" if self.nachzahlung else f"{self.nummer}. Rate"


class LaufStatus(models.TextChoices):
    VORBEREITET = "vorbereitet", "vorbereitet"
    FESTGESTELLT = "festgestellt", "sachlich und rechnerisch richtig"
    ANGEORDNET = "angeordnet", "angeordnet (freigegeben)"
    STORNIERT = "storniert", "storniert"


class Zahlungslauf(models.Model):
    """A payout run: prepared (by the schedule or a person), stated "sachlich und rechnerisch richtig" by one
    Finanzen person, released ("Anordnung") by a different one; only then the SEPA file exists."""

    nummer = models.CharField("Nummer (MsgId)", max_length=35, unique=True)
    zahltag = models.DateField("Zahltag (Ausführung)")
    termin = models.DateField("Termin", null=True, blank=True)
    anlass = models.CharField("Anlass", max_length=200)
    status = models.CharField("Status", max_length=20, choices=LaufStatus.choices, default=LaufStatus.VORBEREITET)
    vorbereitet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="vorbereitet von")
    vorbereitet_am = models.DateTimeField("vorbereitet am")
    festgestellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="sachlich und rechnerisch richtig")
    festgestellt_am = models.DateTimeField("festgestellt am", null=True, blank=True)
    angeordnet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="angeordnet von")
    angeordnet_am = models.DateTimeField("angeordnet am", null=True, blank=True)
    storniert_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    storniert_am = models.DateTimeField("storniert am", null=True, blank=True)
    rueckgabe_notiz = models.TextField("Notiz der Rückgabe", blank=True)
    summe = models.DecimalField("Summe (€)", max_digits=16, decimal_places=2, default=0)
    anzahl = models.PositiveIntegerField("Zahl der Zahlungen", default=0)
    sepa_datei = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="SEPA-Datei (pain.001.001.09)")
    auszahlungsliste = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name="Auszahlungsliste (PDF/A)")

    class Meta:
        verbose_name = "Zahlungslauf"
        verbose_name_plural = "Zahlungsläufe"
        ordering = ["-zahltag", "-id"]

    def __str__(self):
        return f"Zahlungslauf {self.nummer}"

    @property
    def offen(self):
        return self.status in (LaufStatus.VORBEREITET, LaufStatus.FESTGESTELLT)


class Zahlungsposten(models.Model):
    """One payment of a run: a Tranche with the account, amount and purpose as prepared (frozen at Anordnung)."""

    lauf = models.ForeignKey(Zahlungslauf, on_delete=models.PROTECT, related_name="posten")
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="posten")
    betrag = models.DecimalField("Betrag (€)", max_digits=14, decimal_places=2)
    kontoinhaber = models.CharField("Empfänger", max_length=140)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11, blank=True)
    verwendungszweck = models.CharField("Verwendungszweck", max_length=140)
    ende_zu_ende_id = models.CharField("EndToEndId", max_length=35)
    # aktiv: the run is not cancelled; freigegeben: the run is released. Both are kept in step by the services.
    aktiv = models.BooleanField(default=True)
    freigegeben = models.BooleanField(default=False)

    class Meta:
        verbose_name = "Zahlungsposten"
        verbose_name_plural = "Zahlungsposten"
        ordering = ["lauf_id", "kontoinhaber", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tranche"], condition=Q(freigegeben=True),
                                    name="tranche_in_hoechstens_einem_freigegebenen_lauf"),
            models.UniqueConstraint(fields=["tranche"], condition=Q(aktiv=True),
                                    name="tranche_in_hoechstens_einem_offenen_lauf"),
        ]

    def __str__(self):
        return f"{self.verwendungszweck} ({self.lauf.nummer})"


class Kontoauszug(models.Model):
    """An uploaded camt.054 / camt.053 file; the same file (SHA-256) is imported once."""

    art = models.CharField("Art", max_length=20)
    msg_id = models.CharField("Nachrichten-ID", max_length=35, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    hochgeladen_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hochgeladen_am = models.DateTimeField("hochgeladen am")

    class Meta:
        verbose_name = "Kontoauszug"
        verbose_name_plural = "Kontoauszüge"
        ordering = ["-hochgeladen_am"]

    def __str__(self):
        return f"{self.art} {self.msg_id or self.pk}"


class BuchungStatus(models.TextChoices):
    ZUGEORDNET = "zugeordnet", "zugeordnet"
    BEREITS_GEBUCHT = "bereits_gebucht", "bereits gebucht"
    ABWEICHEND = "abweichend", "Betrag weicht ab"
    UNBEKANNT = "unbekannt", "nicht zuzuordnen"
    ERLEDIGT = "erledigt", "von Hand erledigt"


#: Entries a person has to resolve.
ZU_KLAEREN = [BuchungStatus.ABWEICHEND, BuchungStatus.UNBEKANNT]


class Buchung(models.Model):
    kontoauszug = models.ForeignKey(Kontoauszug, on_delete=models.PROTECT, related_name="buchungen")
    position = models.PositiveIntegerField()
    ende_zu_ende_id = models.CharField("EndToEndId", max_length=35, blank=True)
    betrag = models.DecimalField("Betrag (€)", max_digits=14, decimal_places=2)
    buchungstag = models.DateField("Buchungstag")
    empfaenger = models.CharField("Empfänger", max_length=140, blank=True)
    verwendungszweck = models.CharField("Verwendungszweck", max_length=500, blank=True)
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, null=True, blank=True, related_name="buchungen")
    haben = models.BooleanField("Gutschrift (Zahlungseingang)", default=False)
    zuordnung = models.CharField("zugeordnet zu / Befund", max_length=300, blank=True,
                                 help_text="bei einem Zahlungseingang: was ihn gebucht hat oder warum nicht")
    status = models.CharField("Status", max_length=20, choices=BuchungStatus.choices)
    erledigt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    erledigt_notiz = models.CharField("Klärung", max_length=500, blank=True)

    class Meta:
        verbose_name = "Buchung"
        verbose_name_plural = "Buchungen"
        ordering = ["kontoauszug_id", "position"]
        constraints = [models.UniqueConstraint(fields=["kontoauszug", "position"], name="buchung_einmal_je_auszug")]

    def __str__(self):
        return f"Buchung {self.ende_zu_ende_id or '?'} {self.betrag} €"


class RueckforderungStatus(models.TextChoices):
    OFFEN = "offen", "offen"
    UEBERNOMMEN = "uebernommen", "von der Erstattung übernommen"


class Rueckforderung(models.Model):
    """Nr. 7.5: paid above the Höchstbetrag of the Bescheid in force (an Änderungsbescheid lowered it). The
    Erstattung of the Verwendungsnachweis stage takes it over (auszahlung.selectors.offene_rueckforderungen)."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey("antraege.Antrag", on_delete=models.PROTECT, related_name="rueckforderungen")
    bescheid = models.OneToOneField("bescheide.Bescheid", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="auslösender Bescheid")
    betrag = models.DecimalField("Betrag (€)", max_digits=14, decimal_places=2)
    festgestellt_am = models.DateField("festgestellt am")
    status = models.CharField("Status", max_length=20, choices=RueckforderungStatus.choices,
                              default=RueckforderungStatus.OFFEN)

    class Meta:
        verbose_name = "Rückforderung"
        verbose_name_plural = "Rückforderungen"
        ordering = ["-festgestellt_am"]

    def __str__(self):
        return f"Rückforderung {self.antrag.kommune} {self.antrag.foerderjahr}"
