"""Prüfung and Bescheid (Anlage 2): Zuwendungs-, Änderungs- and Ablehnungsbescheid with four-eyes release,
Bekanntgabe and Bestandskraft."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from antraege.models import MONATE, Antrag, StellenArt


class BescheidArt(models.TextChoices):
    ZUWENDUNG = "zuwendung", "Zuwendungsbescheid"
    AENDERUNG = "aenderung", "Änderungsbescheid"
    ABLEHNUNG = "ablehnung", "Ablehnungsbescheid"


class Entscheidung(models.TextChoices):
    VOLL = "voll", "bewilligen (in voller Höhe)"
    TEILWEISE = "teilweise", "teilweise bewilligen"
    ABLEHNUNG = "ablehnung", "ablehnen"


# The decision as a noun for headers and lists ("Entscheidung: Bewilligung in voller Höhe"); the choices above are
# the verbs the Sachbearbeitung picks in the form (issue 14 Nr. 7).
ENTSCHEIDUNG_TEXT = {
    "voll": "Bewilligung in voller Höhe",
    "teilweise": "teilweise Bewilligung",
    "ablehnung": "Ablehnung",
}


class BescheidStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    ZUR_ZEICHNUNG = "zur_zeichnung", "zur Zeichnung"
    FREIGEGEBEN = "freigegeben", "gezeichnet – noch zu versenden"
    VERSANDT = "versandt", "versandt"
    BESTANDSKRAEFTIG = "bestandskraeftig", "bestandskräftig"
    VERWORFEN = "verworfen", "verworfen"


# Named status sets, one meaning each (use these, never a hand-written list or a substring test on a status).
#: The text may still change (draft PDF only, one per Antrag).
ENTWURFS_STATUS = [BescheidStatus.ENTWURF, BescheidStatus.ZUR_ZEICHNUNG]
#: Released: in force once it is the newest of its Antrag (bescheide.selectors.wirksamer_bescheid).
WIRKSAME_STATUS = [BescheidStatus.FREIGEGEBEN, BescheidStatus.VERSANDT, BescheidStatus.BESTANDSKRAEFTIG]
#: Sent to the Kommune: the Kommune sees it; before that it stays inside the Bezirksregierung.
FUER_KOMMUNE_SICHTBARE_STATUS = [BescheidStatus.VERSANDT, BescheidStatus.BESTANDSKRAEFTIG]

#: The one wording of each state is its label above (get_status_display, the Protokoll reads the same choices);
#: what comes next in it, and who does it, is said here once (Issue 14 Nr. 5) – on the Bescheid page and on every
#: start page (bescheide.selectors.naechster_schritt). A Bescheid not listed has no next step.
NAECHSTER_SCHRITT = {
    BescheidStatus.ENTWURF: ("Entwurf prüfen und zur Zeichnung vorlegen", "Sachbearbeitung"),
    BescheidStatus.ZUR_ZEICHNUNG: ("zeichnen und freigeben oder zur Überarbeitung zurückgeben",
                                   "Zeichnung – eine andere Person als die vorbereitende"),
    BescheidStatus.FREIGEGEBEN: ("Versand vermerken; ab ihm laufen Bekanntgabe und Klagefrist", "Sachbearbeitung"),
    BescheidStatus.VERSANDT: ("Empfang bestätigen oder Rechtsbehelfsverzicht erklären – sonst wird er mit Ablauf der "
                              "Klagefrist bestandskräftig", "Kommune"),
    BescheidStatus.BESTANDSKRAEFTIG: ("Auszahlung auf Mittelanforderung zum 1. Mai und 1. Oktober (Nr. 7.3); "
                                      "der Stand steht bei der Auszahlung", "Kommune, dann Finanzen"),
}


class Pruefung(models.Model):
    """The caseworker's checklist of Nr. 4.1 a–f, 4.2, 4.4 and the rules' findings, with a note per item."""

    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.OneToOneField(Antrag, on_delete=models.CASCADE, related_name="pruefung")
    punkte = models.JSONField("Prüfpunkte", default=dict)
    vermerk = models.TextField("Prüfvermerk", blank=True)
    bearbeitet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                       related_name="+")
    bearbeitet_am = models.DateTimeField("bearbeitet am", null=True)

    class Meta:
        verbose_name = "Prüfung"
        verbose_name_plural = "Prüfungen"

    def __str__(self):
        return f"Prüfung {self.antrag}"


class Bescheid(models.Model):
    KOMMUNE_PFAD = "antrag__kommune"

    antrag = models.ForeignKey(Antrag, on_delete=models.PROTECT, related_name="bescheide")
    art = models.CharField("Art", max_length=20, choices=BescheidArt.choices, default=BescheidArt.ZUWENDUNG)
    entscheidung = models.CharField("Entscheidung", max_length=20, choices=Entscheidung.choices,
                                    default=Entscheidung.VOLL)
    status = FSMField("Status", default=BescheidStatus.ENTWURF, choices=BescheidStatus.choices)
    nummer = models.CharField("Bescheidnummer", max_length=40, unique=True, null=True, blank=True)
    ersetzt = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="aenderungen", verbose_name="ändert Bescheid")
    gilt_ab_monat = models.PositiveSmallIntegerField("gilt ab Monat", choices=MONATE, null=True, blank=True)
    begruendung = models.TextField("Begründung (Ablehnung oder Änderung)", blank=True)
    veranstaltungen = models.DecimalField("Veranstaltungsformate höchstens (€)", max_digits=12, decimal_places=2,
                                          default=0)
    schnittstellen = models.DecimalField("Schnittstellen-Maßnahmen höchstens (€)", max_digits=12,
                                         decimal_places=2, default=0)
    begleit_grund = models.CharField("Grund der Kürzung der Begleitmaßnahmen", max_length=500, blank=True)
    # Amounts from kim_foerderung.regeln, stored when the draft is saved (the PDF shows exactly these).
    hoechstbetrag = models.DecimalField("Höchstbetrag (€)", max_digits=14, decimal_places=2, default=0)
    summen = models.JSONField("Summen je Kategorie", default=dict)
    befunde = models.JSONField("Befunde der Berechnung", default=list)
    vorbereitet_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                        related_name="+", verbose_name="vorbereitet von")
    # Four-eyes by person: everyone who created, edited or submitted the draft (vorbereitet_von is only the
    # last one who submitted it); none of them may sign or return it.
    bearbeiter = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True,
                                        verbose_name="bearbeitet von")
    vorgelegt_am = models.DateTimeField("zur Zeichnung vorgelegt am", null=True, blank=True)
    freigegeben_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="gezeichnet von")
    freigegeben_am = models.DateTimeField("gezeichnet am", null=True, blank=True)
    rueckgabe_notiz = models.TextField("Notiz der Zeichnung", blank=True)
    dokument = models.ForeignKey("dokumente.Dokument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    abgesandt_am = models.DateField("abgesandt am", null=True, blank=True)
    # A record of the Kommune only; it never moves the Bekanntgabe earlier (§ 41 Abs. 2 VwVfG NRW).
    empfang_bestaetigt_am = models.DateField("Empfang bestätigt am", null=True, blank=True)
    empfang_bestaetigt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="+", verbose_name="Empfang bestätigt von")
    # A receipt shown to be later than the fourth day, recorded by the Sachbearbeitung with its reason.
    spaeterer_empfang_am = models.DateField("späterer Empfang am", null=True, blank=True)
    spaeterer_empfang_grund = models.TextField("Grund des späteren Empfangs", blank=True)
    bekanntgabe_am = models.DateField("Bekanntgabe am", null=True, blank=True)
    verzicht_am = models.DateField("Rechtsbehelfsverzicht am", null=True, blank=True)
    klagefrist_ende = models.DateField("Klagefrist endet am", null=True, blank=True)
    bestandskraeftig_ab = models.DateField("bestandskräftig ab", null=True, blank=True)
    angelegt_am = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "Bescheid"
        verbose_name_plural = "Bescheide"
        ordering = ["-angelegt_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["antrag"], condition=Q(status__in=["entwurf", "zur_zeichnung"]),
                name="ein_bescheidentwurf_je_antrag",
            )
        ]

    def __str__(self):
        return f"{self.get_art_display()} {self.nummer or '(Entwurf)'} – {self.antrag.kommune}"

    @property
    def foerderjahr(self):
        return self.antrag.foerderjahr

    @property
    def entscheidung_text(self):
        return ENTSCHEIDUNG_TEXT.get(self.entscheidung, self.get_entscheidung_display())

    @property
    def fuer_kommune_sichtbar(self):
        """Drafts and signed but unsent Bescheide stay inside the Bezirksregierung (kim_foerderung.zugang)."""
        return self.status in FUER_KOMMUNE_SICHTBARE_STATUS

    @property
    def ist_ablehnung(self):
        return self.art == BescheidArt.ABLEHNUNG

    @transition(field=status, source=BescheidStatus.ENTWURF, target=BescheidStatus.ZUR_ZEICHNUNG)
    def vorlegen(self):
        pass

    @transition(field=status, source=BescheidStatus.ZUR_ZEICHNUNG, target=BescheidStatus.ENTWURF)
    def zurueckgeben(self):
        pass

    @transition(field=status, source=BescheidStatus.ZUR_ZEICHNUNG, target=BescheidStatus.FREIGEGEBEN)
    def freigeben(self):
        pass

    @transition(field=status, source=BescheidStatus.FREIGEGEBEN, target=BescheidStatus.VERSANDT)
    def versenden(self):
        pass

    @transition(field=status, source=BescheidStatus.VERSANDT, target=BescheidStatus.BESTANDSKRAEFTIG)
    def bestandskraft_eintreten(self):
        pass

    @transition(field=status, source=[BescheidStatus.ENTWURF], target=BescheidStatus.VERWORFEN)
    def verwerfen(self):
        pass


class BescheidStelle(models.Model):
    """A Stelle as decided: the caseworker may shorten the period, reduce VZÄ or cap the Ausgaben, each cut
    with a reason that appears in the Bescheid. Amounts are always computed by kim_foerderung.regeln."""

    KOMMUNE_PFAD = "bescheid__antrag__kommune"

    bescheid = models.ForeignKey(Bescheid, on_delete=models.CASCADE, related_name="stellen")
    kennung = models.CharField("Stelle", max_length=10)
    zeile = models.PositiveSmallIntegerField(default=0)
    art = models.CharField("Art", max_length=20, choices=StellenArt.choices)
    besetzt = models.BooleanField("besetzt", default=False)
    bewilligt = models.BooleanField("bewilligt", default=True)
    # Änderungsbescheid: months before its "gilt ab" stay as decided and cannot be changed.
    gesperrt = models.BooleanField("unverändert (vor Wirksamwerden der Änderung)", default=False)
    vzae = models.DecimalField("VZÄ", max_digits=4, decimal_places=2)
    von_monat = models.PositiveSmallIntegerField("von", choices=MONATE)
    bis_monat = models.PositiveSmallIntegerField("bis", choices=MONATE)
    personalausgaben = models.DecimalField("Personalausgaben höchstens (€)", max_digits=12, decimal_places=2,
                                           null=True, blank=True)
    sachausgaben = models.DecimalField("Sachausgaben höchstens (€)", max_digits=12, decimal_places=2, null=True,
                                       blank=True)
    kuerzung_grund = models.CharField("Grund der Kürzung", max_length=500, blank=True)
    # Result of the rules for this Stelle, stored with the draft.
    betrag_personal = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    betrag_sach = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    beantragt_personal = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    beantragt_sach = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = "Stelle im Bescheid"
        verbose_name_plural = "Stellen im Bescheid"
        ordering = ["zeile", "id"]

    def __str__(self):
        return f"{self.kennung} ({self.bescheid})"

    @property
    def beantragt_gesamt(self):
        return self.beantragt_personal + self.beantragt_sach

    @property
    def betrag_gesamt(self):
        return self.betrag_personal + self.betrag_sach

    @property
    def gekuerzt(self):
        return (self.betrag_personal + self.betrag_sach) < (self.beantragt_personal + self.beantragt_sach)

    @property
    def art_name(self):
        return dict(StellenArt.choices)[self.art]

    @property
    def monate(self):
        return self.bis_monat - self.von_monat + 1 if self.bewilligt else 0


class Textbaustein(models.Model):
    """Texts the Admin may edit, e.g. the Rechtsbehelfsbelehrung. Placeholders: {verwaltungsgericht}, {sitz},
    {anschrift} (bescheide.texte.PLATZHALTER)."""

    schluessel = models.SlugField("Schlüssel", unique=True)
    titel = models.CharField("Titel", max_length=200)
    text = models.TextField("Text")

    class Meta:
        verbose_name = "Textbaustein"
        verbose_name_plural = "Textbausteine"

    def __str__(self):
        return self.titel


class Aenderungsantrag(models.Model):
    """The Kommune asks for a change during the year (a Stelle starts later, ends early, changes VZÄ)."""

    KOMMUNE_PFAD = "bescheid__antrag__kommune"

    bescheid = models.ForeignKey(Bescheid, on_delete=models.PROTECT, related_name="aenderungsantraege")
    ab_monat = models.PositiveSmallIntegerField("Änderung ab Monat", choices=MONATE)
    beschreibung = models.TextField("Was ändert sich?")
    gestellt_von = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gestellt_am = models.DateTimeField("gestellt am")
    erledigt_durch = models.ForeignKey(Bescheid, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="erledigte_aenderungsantraege")

    class Meta:
        verbose_name = "Änderungsantrag"
        verbose_name_plural = "Änderungsanträge"
        ordering = ["-gestellt_am"]

    def __str__(self):
        return f"Änderungsantrag zu {self.bescheid}"
