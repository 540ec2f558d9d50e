"""Master data: the 54 Zuwendungsempfänger (Nr. 3.1), kreisangehörige Kommunen (Nr. 3.2, 4.3) and Träger."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def iban_pruefen(value):
    if not value:
        return
    try:
        IBAN(value)
    except SchwiftyException:
        raise ValidationError(
            "Die IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge (DE: 22 Stellen).",
            code="iban",
        )


def iban_normalisieren(value):
    return "".join((value or "").split()).upper()


class KommunenArt(models.TextChoices):
    KREIS = "kreis", "Kreis"
    STAEDTEREGION = "staedteregion", "Städteregion"
    KREISFREIE_STADT = "kreisfreie_stadt", "Kreisfreie Stadt"


class Regierungsbezirk(models.TextChoices):
    ARNSBERG = "Arnsberg", "Arnsberg"
    DETMOLD = "Detmold", "Detmold"
    DUESSELDORF = "Düsseldorf", "Düsseldorf"
    KOELN = "Köln", "Köln"
    MUENSTER = "Münster", "Münster"


ags_validator = RegexValidator(r"^\d{8}$", "Der AGS besteht aus genau acht Ziffern.")


def sortierschluessel(text):
    """German sort key by DIN 5007-1 (dictionary order): umlauts as their base letter, ß as ss, case ignored."""
    import unicodedata

    text = text.replace("ß", "ss").replace("ẞ", "ss")
    zerlegt = unicodedata.normalize("NFKD", text)
    return "".join(z for z in zerlegt if not unicodedata.combining(z)).casefold()


class Kommune(models.Model):
    """A Zuwendungsempfänger: a Kreis, the Städteregion Aachen or a kreisfreie Stadt (Nr. 3.1)."""

    KOMMUNE_PFAD = "pk"

    ags = models.CharField("AGS", max_length=8, unique=True, validators=[ags_validator])
    name = models.CharField("Name", max_length=120)
    art = models.CharField("Art", max_length=20, choices=KommunenArt.choices)
    regierungsbezirk = models.CharField("Regierungsbezirk", max_length=20, choices=Regierungsbezirk.choices)
    verwaltungsgericht = models.CharField(
        "Verwaltungsgericht",
        max_length=60,
        help_text="Zuständiges Verwaltungsgericht für die Klage gegen einen Bescheid (§ 52 Nr. 3 Satz 2 VwGO).",
    )
    # Postal address of the administration (Kreisverwaltung, Rathaus): the recipient address of every letter.
    strasse = models.CharField("Straße und Hausnummer der Verwaltung", max_length=200, blank=True)
    plz = models.CharField(
        "PLZ der Verwaltung", max_length=5, blank=True,
        validators=[RegexValidator(r"^\d{5}$", "Die PLZ hat fünf Ziffern.")],
    )
    ort = models.CharField("Ort der Verwaltung", max_length=100, blank=True)
    ki_name = models.CharField("Name des KI", max_length=200, blank=True)
    ki_strasse = models.CharField("Straße und Hausnummer des KI", max_length=200, blank=True)
    ki_plz = models.CharField(
        "PLZ des KI", max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", "Die PLZ hat fünf Ziffern.")]
    )
    ki_ort = models.CharField("Ort des KI", max_length=100, blank=True)
    ansprechperson = models.CharField("Ansprechperson", max_length=120, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    telefon = models.CharField("Telefon", max_length=40, blank=True)
    kontoinhaber = models.CharField("Kontoinhaber", max_length=140, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True, validators=[iban_pruefen])
    bic = models.CharField("BIC", max_length=11, blank=True)
    # Worklists (issue 12): the Sachbearbeiterin of the Bezirksregierung responsible for this Kommune. Every
    # object of the Kommune shows her as "Bearbeiter/in"; "Meine Vorgänge" lists the cases of her Kommunen.
    bearbeiterin = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="zustaendig_fuer",
        limit_choices_to={"ist_sachbearbeitung": True, "is_active": True}, verbose_name="Bearbeiter/in",
        help_text="Sachbearbeiterin der Bezirksregierung, die die Vorgänge dieser Kommune bearbeitet.",
    )
    # Lists sort by this key of the sort name ("Borken, Kreis" → "borken, kreis"; ö as o, ü as u, DIN 5007-1),
    # kept by save() – the same order on SQLite and PostgreSQL, whatever collation the database has.
    sortierschluessel = models.CharField("Sortierschlüssel", max_length=140, editable=False, db_index=True,
                                         default="")

    class Meta:
        verbose_name = "Kommune"
        verbose_name_plural = "Kommunen"
        ordering = ["sortierschluessel"]

    def __str__(self):
        return self.anzeigename

    def save(self, *args, **kwargs):
        self.sortierschluessel = sortierschluessel(self.sortname)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sortierschluessel"}
        super().save(*args, **kwargs)

    @property
    def sortname(self):
        """The name as a list sorts it: "Borken, Kreis", "Aachen, Städteregion", "Köln"; Kreise named
        "Rhein-Erft-Kreis" or "Oberbergischer Kreis" stay as they are."""
        for praefix in ("Kreis ", "Städteregion "):
            if self.name.startswith(praefix):
                return f"{self.name[len(praefix):]}, {praefix.strip()}"
        return self.name

    @property
    def anzeigename(self):
        if self.art == KommunenArt.KREIS:
            return self.name if "kreis" in self.name.lower() else f"Kreis {self.name}"
        if self.art == KommunenArt.STAEDTEREGION:
            return self.name if self.name.startswith("Städteregion") else f"Städteregion {self.name}"
        return f"Stadt {self.name}"

    @property
    def gericht(self):
        """The Verwaltungsgericht with seat and postal address (kim_foerderung.stammdaten.gerichte), or None."""
        from .gerichte import verwaltungsgericht

        return verwaltungsgericht(self.verwaltungsgericht)

    @property
    def ist_kreis(self):
        return self.art in (KommunenArt.KREIS, KommunenArt.STAEDTEREGION)

    def clean(self):
        self.iban = iban_normalisieren(self.iban)
        if self.iban and not self.bic:
            try:
                bic = IBAN(self.iban).bic
            except SchwiftyException:
                bic = None
            if bic:
                self.bic = str(bic)
        if self.ags and not self.ags.startswith("05"):
            raise ValidationError({"ags": "Der AGS einer Kommune in Nordrhein-Westfalen beginnt mit 05."})
        if self.verwaltungsgericht and self.gericht is None:
            from .gerichte import VERWALTUNGSGERICHTE

            raise ValidationError({"verwaltungsgericht": "Bitte nennen Sie eines der sieben Verwaltungsgerichte in "
                                                         f"Nordrhein-Westfalen: {', '.join(VERWALTUNGSGERICHTE)}."})

    def qualifizierte_kreisangehoerige_anzahl(self):
        """Nr. 4.3: one more Koordinationsstelle per qualifying kreisangehörige Kommune (Kreise only)."""
        if not self.ist_kreis:
            return 0
        return sum(1 for k in self.kreisangehoerige.all() if k.qualifiziert)


class KreisangehoerigeKommune(models.Model):
    """A kreisangehörige Kommune of a Kreis; qualifies under Nr. 4.3 with all three institutions."""

    KOMMUNE_PFAD = "kreis"

    kreis = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        related_name="kreisangehoerige",
        limit_choices_to={"art__in": [KommunenArt.KREIS, KommunenArt.STAEDTEREGION]},
        verbose_name="Kreis",
    )
    ags = models.CharField("AGS", max_length=8, unique=True, validators=[ags_validator])
    name = models.CharField("Name", max_length=120)
    eigene_auslaenderbehoerde = models.BooleanField("eigene Ausländerbehörde", default=False)
    eigenes_jugendamt = models.BooleanField("eigenes Jugendamt", default=False)
    integrationsrat = models.BooleanField("Integrationsrat oder -ausschuss", default=False)

    class Meta:
        verbose_name = "kreisangehörige Kommune"
        verbose_name_plural = "kreisangehörige Kommunen"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def qualifiziert(self):
        """Nr. 4.3: Ausländerbehörde, Jugendamt and Integrationsrat/-ausschuss are all located there."""
        return self.eigene_auslaenderbehoerde and self.eigenes_jugendamt and self.integrationsrat

    qualifiziert.fget.short_description = "qualifiziert nach Nr. 4.3"

    def clean(self):
        if self.kreis_id and not self.kreis.ist_kreis:
            raise ValidationError({"kreis": "Eine kreisangehörige Kommune gehört zu einem Kreis oder der Städteregion."})


class Traeger(models.Model):
    """A Träger der Freien Wohlfahrtspflege receiving a Weiterleitung for Case Management (Nr. 3.2)."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="traeger", verbose_name="Kommune (Weiterleitende)"
    )
    name = models.CharField("Name", max_length=200)
    verband = models.CharField("Spitzenverband", max_length=120, blank=True)
    strasse = models.CharField("Straße und Hausnummer", max_length=200, blank=True)
    plz = models.CharField("PLZ", max_length=5, blank=True)
    ort = models.CharField("Ort", max_length=100, blank=True)
    iban = models.CharField("IBAN", max_length=34, blank=True, validators=[iban_pruefen])

    class Meta:
        verbose_name = "Träger der Freien Wohlfahrtspflege"
        verbose_name_plural = "Träger der Freien Wohlfahrtspflege"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kommune", "name"], name="traeger_einmal_je_kommune")]

    def __str__(self):
        return self.name

    def clean(self):
        self.iban = iban_normalisieren(self.iban)


class Haushaltsmittel(models.Model):
    """Available budget per Förderjahr (Nr. 1.3: Bewilligung only within the available Haushaltsmittel)."""

    foerderjahr = models.PositiveSmallIntegerField("Förderjahr", unique=True)
    betrag = models.DecimalField("verfügbare Haushaltsmittel (€)", max_digits=14, decimal_places=2)
    bemerkung = models.CharField("Bemerkung", max_length=200, blank=True)

    class Meta:
        verbose_name = "Haushaltsmittel"
        verbose_name_plural = "Haushaltsmittel"
        ordering = ["foerderjahr"]

    def __str__(self):
        return f"Haushaltsmittel {self.foerderjahr}"

    def clean(self):
        if self.foerderjahr is not None and not 2025 <= self.foerderjahr <= 2028:
            raise ValidationError({"foerderjahr": "Förderjahre sind nur 2025 bis 2028 (Nr. 8)."})
        if self.betrag is not None and self.betrag < 0:
            raise ValidationError({"betrag": "Der Betrag darf nicht negativ sein."})


class CMKontingent(models.Model):
    """Optional cap on simultaneous Case-Management VZÄ of one Kommune in one Förderjahr (Nr. 2.2)."""

    KOMMUNE_PFAD = "kommune"

    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="cm_kontingente")
    foerderjahr = models.PositiveSmallIntegerField("Förderjahr")
    vzae = models.DecimalField("Kontingent (VZÄ)", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "CM-Kontingent"
        verbose_name_plural = "CM-Kontingente"
        ordering = ["foerderjahr", "kommune__name"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "foerderjahr"], name="cm_kontingent_einmal_je_jahr")
        ]

    def __str__(self):
        return f"CM-Kontingent {self.kommune} {self.foerderjahr}"

    def clean(self):
        if self.foerderjahr is not None and not 2025 <= self.foerderjahr <= 2028:
            raise ValidationError({"foerderjahr": "Förderjahre sind nur 2025 bis 2028 (Nr. 8)."})
        if self.vzae is not None and self.vzae < 0:
            raise ValidationError({"vzae": "Das Kontingent darf nicht negativ sein."})
