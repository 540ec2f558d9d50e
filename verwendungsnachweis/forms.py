from decimal import Decimal

from django import forms

from antraege.forms import BetragField, VzaeField
from kim_foerderung.eingabe import OhneSteuerzeichen

from .models import MONATE, STELLEN_ARTEN, BelegKategorie


class BasiszinssatzForm(OhneSteuerzeichen, forms.Form):
    gueltig_ab = forms.DateField(label="gültig ab (1. Januar oder 1. Juli)", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                                 widget=forms.DateInput(attrs={"placeholder": "01.07.2026", "autocomplete": "off"}))
    prozent = forms.DecimalField(label="Basiszinssatz in Prozent", max_digits=5, decimal_places=2, localize=True,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "1,27"}))
    quelle = forms.CharField(label="Quelle (Bekanntmachung der Deutschen Bundesbank)", max_length=200,
                             required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prozent"].error_messages["invalid"] = "Bitte geben Sie eine Zahl an, z. B. 1,27 oder -0,88."
        self.fields["gueltig_ab"].error_messages["invalid"] = "Bitte geben Sie ein Datum an, z. B. 01.07.2026."


# --- Verwendungsnachweis sections ----------------------------------------------------------------------


class SachberichtForm(OhneSteuerzeichen, forms.Form):
    """Structured Sachbericht (issue 11 Nr. 2; Nr. 6 d–g of the Richtlinie's Auflagen)."""

    strategische_steuerung = forms.CharField(
        label="Tätigkeiten der strategischen Steuerung (Nr. 2.1)", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}))
    cm_faelle = forms.IntegerField(label="Case Management: Zahl der Fälle", min_value=0, max_value=1_000_000)
    cm_abgeschlossen = forms.IntegerField(label="davon abgeschlossen", min_value=0, max_value=1_000_000,
                                          required=False)
    zusammenarbeit_behoerden = forms.CharField(
        label="Zusammenarbeit mit Ausländer- und Einbürgerungsbehörden (Nr. 6 f)", max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    lenkungsgruppe_sitzungen = forms.IntegerField(label="Sitzungen der Lenkungsgruppe", min_value=0, max_value=366,
                                                  required=False)
    konzept_fortgeschrieben = forms.BooleanField(label="KIM-Konzept fortgeschrieben (Nr. 6 g)", required=False)
    fachdatenerhebung = forms.BooleanField(label="an der Fachdatenerhebung teilgenommen (Nr. 6 d)", required=False)
    kim_datenbank = forms.BooleanField(label="KIM-Datenbank genutzt (Nr. 6 e)", required=False)

    def clean(self):
        daten = super().clean()
        faelle, abgeschlossen = daten.get("cm_faelle"), daten.get("cm_abgeschlossen")
        if faelle is not None and abgeschlossen is not None and abgeschlossen > faelle:
            self.add_error("cm_abgeschlossen", "Es können nicht mehr Fälle abgeschlossen als geführt sein.")
        return daten


class StelleForm(OhneSteuerzeichen, forms.Form):
    kennung = forms.CharField(label="Stelle", max_length=10)
    art = forms.ChoiceField(label="Art", choices=STELLEN_ARTEN)
    vzae = VzaeField(label="tatsächliche VZÄ")
    von_monat = forms.TypedChoiceField(label="besetzt von", choices=MONATE, coerce=int)
    bis_monat = forms.TypedChoiceField(label="besetzt bis", choices=MONATE, coerce=int)
    personalausgaben = BetragField(label="Personalausgaben (€)")
    sachausgaben = BetragField(label="Sachausgaben (€)", required=False)
    besetzt_durch = forms.CharField(label="besetzt durch", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, feld in self.fields.items():
            klasse = "form-select" if isinstance(feld, forms.ChoiceField) else "form-control"
            feld.widget.attrs["class"] = klasse + (" is-invalid" if self.is_bound and name in self.errors else "")
            if isinstance(feld.widget, forms.TextInput) and name in ("kennung",):
                feld.widget.attrs["size"] = 5

    def clean(self):
        daten = super().clean()
        if daten.get("von_monat") and daten.get("bis_monat") and daten["von_monat"] > daten["bis_monat"]:
            self.add_error("bis_monat", "Das Ende liegt vor dem Beginn.")
        if daten.get("sachausgaben") is None:
            daten["sachausgaben"] = Decimal("0.00")
        return daten


StellenFormSet = forms.formset_factory(StelleForm, extra=0, can_delete=True)


class BegleitForm(OhneSteuerzeichen, forms.Form):
    veranstaltungen = BetragField(label="Veranstaltungsformate: tatsächliche Ausgaben (€, Nr. 5.4.2 a)")
    schnittstellen = BetragField(label="Schnittstellen-Maßnahmen: tatsächliche Ausgaben (€, Nr. 5.4.2 b)")

    def __init__(self, *args, weiterleitungen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.weiterleitungen = list(weiterleitungen)
        for i, w in enumerate(self.weiterleitungen):
            self.fields[f"ausgegeben_{i}"] = BetragField(label=f"{w.get('empfaenger')}: ausgegeben (€)")
            self.initial.setdefault(f"ausgegeben_{i}", w.get("ausgegeben") or None)

    def weiterleitungsfelder(self):
        return [self[f"ausgegeben_{i}"] for i in range(len(self.weiterleitungen))]

    def weiterleitungen_ergebnis(self):
        return [{**w, "ausgegeben": str(self.cleaned_data[f"ausgegeben_{i}"])}
                for i, w in enumerate(self.weiterleitungen)]


class EinreichenForm(forms.Form):
    versicherung = forms.BooleanField(
        label="Ich versichere, dass die Ausgaben notwendig waren, wirtschaftlich und sparsam verfahren worden ist und "
              "die Angaben mit den Büchern und Belegen übereinstimmen.",
        error_messages={"required": "Bitte bestätigen Sie die Versicherung."})


class BelegForm(OhneSteuerzeichen, forms.Form):
    """One Beleg typed in the browser; checked by the same rules as a row of an imported file."""

    kategorie = forms.ChoiceField(label="Kategorie", choices=BelegKategorie.choices)
    stelle = forms.CharField(label="Stelle (bei Personal- und Sachausgaben)", max_length=10, required=False)
    datum = forms.DateField(label="Datum", input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"placeholder": "TT.MM.JJJJ", "autocomplete": "off"}),
                            error_messages={"invalid": "Bitte geben Sie ein Datum an, z. B. 15.03.2026."})
    empfaenger = forms.CharField(label="Empfänger/in", max_length=200)
    zweck = forms.CharField(label="Zweck", max_length=300)
    betrag = BetragField(label="Betrag (€)")


class BelegImportForm(forms.Form):
    datei = forms.FileField(label="Belegliste als Excel (.xlsx) oder CSV (.csv)",
                            error_messages={"required": "Bitte wählen Sie eine Datei aus."})


# --- Prüfung, Anhörung, Erstattung ---------------------------------------------------------------------

DATUM = {"input_formats": ["%d.%m.%Y", "%Y-%m-%d"],
         "error_messages": {"invalid": "Bitte geben Sie ein Datum an, z. B. 15.04.2027."}}


def _datumsfeld(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(
        attrs={"placeholder": "TT.MM.JJJJ", "autocomplete": "off"}), **DATUM)


class NachforderungForm(OhneSteuerzeichen, forms.Form):
    fragen = forms.CharField(label="Rückfragen an die Kommune", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    frist = _datumsfeld("Antwort bis")


class PruefungForm(OhneSteuerzeichen, forms.Form):
    def __init__(self, *args, pruefpunkte=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pruefpunkte = list(pruefpunkte)
        for code, text in self.pruefpunkte:
            self.fields[f"ok_{code}"] = forms.ChoiceField(
                label=text, choices=[("ja", "erfüllt"), ("nein", "nicht erfüllt")], widget=forms.RadioSelect,
                error_messages={"required": "Bitte entscheiden Sie diesen Prüfpunkt."})
            self.fields[f"notiz_{code}"] = forms.CharField(label=f"Notiz: {text}", max_length=1000, required=False)
        self.fields["vermerk"] = forms.CharField(label="Prüfvermerk (was sachlich und rechnerisch geprüft wurde)",
                                                 max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))

    def punkte(self):
        return {code: {"ok": self.cleaned_data[f"ok_{code}"] == "ja", "notiz": self.cleaned_data[f"notiz_{code}"]}
                for code, _ in self.pruefpunkte}


class AnhoerungForm(forms.Form):
    frist = _datumsfeld("Stellungnahme bis (leer: zwei Wochen)", required=False)


class StellungnahmeForm(OhneSteuerzeichen, forms.Form):
    text = forms.CharField(label="Ihre Stellungnahme zur beabsichtigten Erstattung", max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ErstattungForm(OhneSteuerzeichen, forms.Form):
    unwirksam_ab = _datumsfeld("Bescheid unwirksam geworden am (Beginn der Verzinsung)")
    zahlungsfrist = _datumsfeld("zu zahlen bis")
    zinsverzicht = forms.BooleanField(label="auf Zinsen verzichten (§ 49a Abs. 3 Satz 2 VwVfG NRW)", required=False)
    verzicht_grund = forms.CharField(label="Grund des Verzichts", max_length=500, required=False)


class RueckzahlungForm(forms.Form):
    eingang_am = _datumsfeld("Rückzahlung eingegangen am")
    betrag = BetragField(label="eingegangener Betrag (€)")
