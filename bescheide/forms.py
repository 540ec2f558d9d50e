from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from antraege.forms import BetragField, VzaeField, deutsche_zahl
from antraege.models import MONATE
from kim_foerderung.eingabe import OhneSteuerzeichen



class PruefungForm(OhneSteuerzeichen, forms.Form):
    """One "erfüllt"/"geprüft" box and one note per Prüfpunkt (bescheide.pruefpunkte), and the Prüfvermerk."""

    vermerk = forms.CharField(label="Prüfvermerk", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=5000)

    def __init__(self, *args, pruefpunkte, pruefung=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pruefpunkte = pruefpunkte
        gespeichert = pruefung.punkte if pruefung else {}
        for punkt in pruefpunkte:
            self.fields[f"ok_{punkt.feld}"] = forms.BooleanField(
                label=punkt.text, required=False, initial=gespeichert.get(punkt.code, {}).get("ok", False))
            kurz = punkt.text.split(":")[0] if not punkt.befund else punkt.text
            self.fields[f"notiz_{punkt.feld}"] = forms.CharField(
                label=f"Notiz zu {kurz}", required=False, max_length=1000,
                initial=gespeichert.get(punkt.code, {}).get("notiz", ""))
        if pruefung:
            self.fields["vermerk"].initial = pruefung.vermerk

    def zeilen(self):
        for punkt in self.pruefpunkte:
            yield punkt, self[f"ok_{punkt.feld}"], self[f"notiz_{punkt.feld}"]

    def punkte(self):
        return {
            punkt.code: {"ok": self.cleaned_data[f"ok_{punkt.feld}"], "notiz": self.cleaned_data[f"notiz_{punkt.feld}"]}
            for punkt in self.pruefpunkte
        }


class BescheidStelleForm(OhneSteuerzeichen, forms.Form):
    bewilligt = forms.BooleanField(label="bewilligt", required=False)
    vzae = VzaeField(label="VZÄ")
    von_monat = forms.TypedChoiceField(label="von", choices=MONATE, coerce=int)
    bis_monat = forms.TypedChoiceField(label="bis", choices=MONATE, coerce=int)
    personalausgaben = BetragField(label="Personalausgaben höchstens (€)", required=False)
    sachausgaben = BetragField(label="Sachausgaben höchstens (€)", required=False)
    kuerzung_grund = forms.CharField(label="Grund der Kürzung", required=False, max_length=500)

    def clean(self):
        daten = super().clean()
        if daten.get("von_monat") and daten.get("bis_monat") and daten["von_monat"] > daten["bis_monat"]:
            self.add_error("bis_monat", "Der Endmonat liegt vor dem Beginn.")
        return daten


def stellen_formulare(bescheid, data=None, vorschlag=None):
    """One form per Stelle of the draft; ``vorschlag`` {BescheidStelle.pk: values} prefills a proposal (e.g. the
    Kürzungsvorschlag) over the stored values, unsaved."""
    formulare = []
    for s in bescheid.stellen.all():
        initial = {"bewilligt": s.bewilligt, "vzae": s.vzae, "von_monat": s.von_monat, "bis_monat": s.bis_monat,
                   "personalausgaben": s.personalausgaben, "sachausgaben": s.sachausgaben,
                   "kuerzung_grund": s.kuerzung_grund}
        initial.update((vorschlag or {}).get(s.pk, {}))
        form = BescheidStelleForm(data, initial=initial, prefix=f"stelle-{s.pk}")
        form.stelle = s
        formulare.append(form)
    return formulare


class EntwurfForm(OhneSteuerzeichen, forms.Form):
    begruendung = forms.CharField(label="Begründung (bei Ablehnung oder Änderung Pflicht)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    veranstaltungen = BetragField(label="Veranstaltungsformate höchstens (€)", required=False)
    schnittstellen = BetragField(label="Schnittstellen-Maßnahmen höchstens (€)", required=False)
    begleit_grund = forms.CharField(label="Grund einer Kürzung der Begleitmaßnahmen", required=False,
                                    max_length=500)


class NotizForm(OhneSteuerzeichen, forms.Form):
    notiz = forms.CharField(label="Was ist zu ändern?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class VersandForm(OhneSteuerzeichen, forms.Form):
    abgesandt_am = forms.DateField(label="abgesandt am", widget=forms.DateInput(attrs={"type": "date"},
                                                                                 format="%Y-%m-%d"),
                                   input_formats=["%Y-%m-%d", "%d.%m.%Y"])


class SpaeterEmpfangForm(OhneSteuerzeichen, forms.Form):
    """§ 41 Abs. 2 Satz 3 VwVfG NRW: a receipt shown to be later than the fourth day, with its reason."""
    empfangen_am = forms.DateField(label="Empfangen am", widget=forms.DateInput(attrs={"type": "date"},
                                                                                 format="%Y-%m-%d"),
                                   input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    grund = forms.CharField(label="Beleg des späteren Empfangs", widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=1000, help_text="z. B. Eingangsstempel der Kommune vom …, Rückschein")


class AenderungsantragForm(OhneSteuerzeichen, forms.Form):
    ab_monat = forms.TypedChoiceField(label="Änderung ab Monat", choices=MONATE[1:], coerce=int)
    beschreibung = forms.CharField(label="Was ändert sich?", widget=forms.Textarea(attrs={"rows": 3}),
                                   max_length=3000, help_text="z. B. „K3 beginnt erst im April“ oder "
                                                              "„CM1 reduziert ab Juli auf 0,5 VZÄ“")


class AenderungsbescheidForm(OhneSteuerzeichen, forms.Form):
    ab_monat = forms.TypedChoiceField(label="Änderung gilt ab", choices=MONATE[1:], coerce=int)


# --- Haushaltsmittel and CM-Kontingente entered by Admin (Nr. 1.3, 2.2; issue 14 item 10) ---------------------


class HaushaltsmittelForm(OhneSteuerzeichen, forms.Form):
    betrag = BetragField(label="verfügbare Haushaltsmittel (€)", max_betrag=Decimal("999999999999.99"),
                         error_messages={"required": "Bitte geben Sie die Haushaltsmittel an, z. B. 20.000.000,00."})
    bemerkung = forms.CharField(label="Bemerkung (freiwillig)", required=False, max_length=200,
                                widget=forms.TextInput(attrs={"class": "form-control"}),
                                error_messages={"max_length": "Die Bemerkung darf höchstens 200 Zeichen lang sein."})


class KontingentVzaeField(forms.Field):
    """A CM-Kontingent in VZÄ (German input "2,5"); may exceed 1,0, unlike one Stelle."""

    widget = VzaeField.widget

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        zahl = deutsche_zahl(value, beispiel="2,5")
        if zahl is None:
            return None
        if zahl < 0:
            raise ValidationError("Das Kontingent darf nicht negativ sein.", code="negativ")
        if zahl != zahl.quantize(Decimal("0.01")) or zahl >= 1000:
            raise ValidationError("Bitte geben Sie das Kontingent mit höchstens zwei Nachkommastellen und unter "
                                  "1.000 VZÄ an, z. B. 2,5.", code="vzae")
        return zahl.quantize(Decimal("0.01"))


class CMKontingentForm(OhneSteuerzeichen, forms.Form):
    kommune = forms.ModelChoiceField(label="Kommune", queryset=None, empty_label="bitte wählen",
                                     widget=forms.Select(attrs={"class": "form-select"}),
                                     error_messages={"required": "Bitte wählen Sie die Kommune.",
                                                     "invalid_choice": "Bitte wählen Sie eine Kommune aus der Liste."})
    vzae = KontingentVzaeField(label="Kontingent (VZÄ)", required=False,
                               help_text="Leer lassen oder „entfernen“ hebt das Kontingent auf.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kim_foerderung.stammdaten.models import Kommune

        self.fields["kommune"].queryset = Kommune.objects.order_by("sortierschluessel")
