"""Forms of the Antrag, one per section, in German. Amounts accept German input ("57.000,00")."""
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from kim_foerderung import regeln
from kim_foerderung.eingabe import OhneSteuerzeichen
from kim_foerderung.stammdaten.models import iban_normalisieren

from . import services
from .models import Antrag, Stelle, StellenArt, Weiterleitung, WeiterleitungZweck

_NUR_TAUSENDERPUNKTE = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


# Longer than any amount or VZÄ of the programme; beyond it Decimal's context (28 digits) cannot even round it.
HOECHSTE_STELLEN_VOR_KOMMA = 12
HOECHSTE_NACHKOMMASTELLEN = 10


def deutsche_zahl(text, beispiel="57.000,00"):
    """Parse "57.000,00", "57000,5", "57000", "0,75" or "0.75" into Decimal; None for empty. Hostile input (1e30,
    1e309, 27 digits, NaN, ∞) is a German field error, never an InvalidOperation."""
    wert = (text or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not wert:
        return None
    if "," in wert:
        wert = wert.replace(".", "").replace(",", ".")
    elif _NUR_TAUSENDERPUNKTE.match(wert):
        wert = wert.replace(".", "")
    if len(wert) > 40:
        raise ValidationError(f"Die Zahl ist zu lang. Bitte geben Sie sie wie z. B. {beispiel} ein.", code="zahl")
    try:
        zahl = Decimal(wert)
    except InvalidOperation:
        raise ValidationError(f"Bitte geben Sie eine Zahl ein, z. B. {beispiel}.", code="zahl")
    if not zahl.is_finite():
        raise ValidationError(f"Bitte geben Sie eine Zahl ein, z. B. {beispiel}.", code="zahl")
    if zahl and zahl.adjusted() >= HOECHSTE_STELLEN_VOR_KOMMA:
        raise ValidationError("Die Zahl ist unplausibel hoch. Bitte prüfen Sie die Eingabe.", code="hoch")
    if zahl.as_tuple().exponent < -HOECHSTE_NACHKOMMASTELLEN:
        raise ValidationError("Die Zahl hat zu viele Nachkommastellen. Bitte runden Sie auf Cent.", code="cent")
    return zahl


def betrag_ohne_waehrung(wert):
    """57000 → "57.000,00" for an input field."""
    return regeln.betrag_de(wert).replace("\u00a0€", "").replace(" €", "")


class BetragWidget(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "form-control betrag", "autocomplete": "off",
                          **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return betrag_ohne_waehrung(value)
        return value


class VzaeWidget(BetragWidget):
    def format_value(self, value):
        if isinstance(value, Decimal):
            return regeln.zahl_de(value)
        return value


class BetragField(forms.Field):
    """A money amount in euros: German input, two decimals, never negative."""

    widget = BetragWidget

    def __init__(self, *, max_betrag=Decimal("99999999.99"), **kwargs):
        self.max_betrag = max_betrag
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        zahl = deutsche_zahl(value)
        if zahl is None:
            return None
        if zahl < 0:
            raise ValidationError("Der Betrag darf nicht negativ sein.", code="negativ")
        if zahl != zahl.quantize(Decimal("0.01")):
            raise ValidationError("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an.", code="cent")
        if zahl > self.max_betrag:
            raise ValidationError("Der Betrag ist unplausibel hoch.", code="hoch")
        return zahl.quantize(Decimal("0.01")) + Decimal("0.00")  # "-0" → 0.00


class VzaeField(forms.Field):
    widget = VzaeWidget

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        try:
            zahl = deutsche_zahl(value, beispiel="0,5")
        except ValidationError as fehler:
            if fehler.code != "hoch":
                raise
            zahl = regeln.MAX_VZAE_JE_STELLE + 1  # "1e309" VZÄ: the VZÄ message with its example, not the money one
        if zahl is None:
            return None
        if zahl <= 0 or zahl > regeln.MAX_VZAE_JE_STELLE:
            raise ValidationError("Die VZÄ müssen größer als 0 und höchstens 1,0 sein (z. B. 0,5).", code="vzae")
        if zahl != zahl.quantize(Decimal("0.01")):
            raise ValidationError("Bitte geben Sie die VZÄ mit höchstens zwei Nachkommastellen an.", code="vzae")
        return zahl


class AntragstellerForm(OhneSteuerzeichen, forms.ModelForm):
    abschnitt = "antragsteller"
    titel = "Antragsteller und Bankverbindung"

    class Meta:
        model = Antrag
        fields = ["ansprechperson", "email", "telefon", "ki_name", "ki_anschrift", "kontoinhaber", "iban", "bic"]
        widgets = {"iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def clean_iban(self):
        iban = iban_normalisieren(self.cleaned_data.get("iban"))
        if iban:
            try:
                IBAN(iban)
            except SchwiftyException:
                raise ValidationError(
                    "Die IBAN ist ungültig. Bitte prüfen Sie Länderkennung, Prüfziffer und Länge "
                    "(eine deutsche IBAN hat 22 Stellen, z. B. DE89 3704 0044 0532 0130 00)."
                )
        return iban

    def clean(self):
        daten = super().clean()
        if daten.get("iban") and not daten.get("bic"):
            try:
                bic = IBAN(daten["iban"]).bic
            except SchwiftyException:
                bic = None
            if bic:
                daten["bic"] = str(bic)
        return daten


class VoraussetzungenForm(OhneSteuerzeichen, forms.ModelForm):
    abschnitt = "voraussetzungen"
    titel = "Zuwendungsvoraussetzungen (Nr. 4.1, 4.2, 3.2, 4.4)"

    class Meta:
        model = Antrag
        fields = [
            "ki_gefoerdert",
            "angliederung_ki",
            "lenkungsgruppe",
            "lenkungsgruppe_mitglieder",
            "qualifikation_bestaetigt",
            "keine_doppelfoerderung",
            "cm_ausserhalb_jmd_mbe",
            "vorfoerderung",
        ]
        widgets = {"lenkungsgruppe_mitglieder": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "lenkungsgruppe_mitglieder": "Bitte nennen Sie Funktion und Institution, eine Zeile je Mitglied.",
            "cm_ausserhalb_jmd_mbe": "Nur erforderlich, wenn Case Management beantragt wird.",
        }


class BegleitmassnahmenForm(OhneSteuerzeichen, forms.ModelForm):
    abschnitt = "begleitmassnahmen"
    titel = "Begleitmaßnahmen (Nr. 5.4.2 a und b)"

    veranstaltungen_betrag = BetragField(label="Ausgaben Veranstaltungsformate (€)", required=False,
                                         help_text="Höchstens 5.000,00 € pro Jahr werden gefördert.")
    schnittstellen_betrag = BetragField(label="Ausgaben Schnittstellen-Maßnahmen (€)", required=False,
                                        help_text="Höchstens 10.000,00 € pro Jahr werden gefördert.")

    class Meta:
        model = Antrag
        fields = ["veranstaltungen_beschreibung", "veranstaltungen_betrag", "schnittstellen_beschreibung",
                  "schnittstellen_betrag"]
        widgets = {
            "veranstaltungen_beschreibung": forms.Textarea(attrs={"rows": 2}),
            "schnittstellen_beschreibung": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        daten = super().clean()
        for feld in ("veranstaltungen_betrag", "schnittstellen_betrag"):
            if daten.get(feld) is None and feld not in self.errors:
                daten[feld] = Decimal("0.00")
        return daten


class StelleForm(OhneSteuerzeichen, forms.ModelForm):
    vzae = VzaeField(label="VZÄ")
    personalausgaben = BetragField(label="geplante Personalausgaben (€)", required=False)
    sachausgaben = BetragField(label="geplante Sachausgaben (€)", required=False)

    class Meta:
        model = Stelle
        fields = ["art", "vzae", "von_monat", "bis_monat", "besetzt", "name", "qualifikation", "personalausgaben",
                  "sachausgaben"]

    def clean(self):
        daten = super().clean()
        von, bis = daten.get("von_monat"), daten.get("bis_monat")
        if von and bis and int(von) > int(bis):
            self.add_error("bis_monat", "Der Endmonat liegt vor dem Beginn. Bitte prüfen Sie „von“ und „bis“.")
        if daten.get("art") == StellenArt.CASE_MANAGEMENT and daten.get("sachausgaben"):
            # Not an error: regeln reports SACHAUSGABEN_CM_NICHT_FOERDERFAEHIG and uses 0.
            pass
        return daten


VERALTETE_TABELLE = (
    "Die Stellentabelle passt nicht zum gespeicherten Stand des Antrags (sie wurde z. B. in einem anderen Fenster "
    "geändert). Bitte laden Sie die Seite neu; Ihre Eingaben werden danach wiederhergestellt."
)


class BaseStellenFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # The rows already saved must be exactly the Antrag's Stellen: a tampered or stale hidden id (another
        # Antrag's Stelle, a removed one, a row left out) would otherwise add or keep rows nobody sees.
        if self.is_bound and self.queryset is not None:
            gespeichert = {s.pk for s in self.get_queryset()}
            gepostet = []
            for form in self.forms[: self.initial_form_count()]:
                wert = form.data.get(f"{form.prefix}-id")
                gepostet.append(int(wert) if str(wert or "").isdigit() else None)
            if len(set(gepostet)) != len(gepostet) or set(gepostet) != gespeichert:
                raise ValidationError(VERALTETE_TABELLE, code="veraltet")
        if any(self.errors):
            return
        anzahl = sum(1 for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE"))
        if anzahl > 40:
            raise ValidationError("Bitte beantragen Sie höchstens 40 Stellen in einem Antrag.")


StellenFormSet = forms.modelformset_factory(
    Stelle, form=StelleForm, formset=BaseStellenFormSet, extra=0, can_delete=True, max_num=40, validate_max=True
)


class WeiterleitungForm(OhneSteuerzeichen, forms.ModelForm):
    betrag = BetragField(label="Betrag (€)")
    vertrag_datei = forms.FileField(
        label="Weiterleitungsvertrag (Anlage 4, PDF)", required=False,
        help_text="Pflicht bei Weiterleitung an einen Träger der Freien Wohlfahrtspflege (Nr. 3.2).",
    )

    class Meta:
        model = Weiterleitung
        fields = ["zweck", "kreisangehoerige", "traeger", "betrag", "stellen"]

    def __init__(self, *args, antrag, **kwargs):
        super().__init__(*args, **kwargs)
        self.antrag = antrag
        kommune = antrag.kommune
        self.fields["kreisangehoerige"].queryset = kommune.kreisangehoerige.all()
        self.fields["traeger"].queryset = kommune.traeger.all()
        self.fields["kreisangehoerige"].required = False
        self.fields["traeger"].required = False
        # "bitte wählen" instead of Django's "---------" (issue 14 item 7).
        self.fields["kreisangehoerige"].empty_label = "bitte wählen"
        self.fields["traeger"].empty_label = "bitte wählen"
        self.fields["zweck"].choices = [("", "bitte wählen"), *WeiterleitungZweck.choices]
        vorhanden = getattr(kommune, "_prefetched_objects_cache", {}).get("kreisangehoerige")
        if vorhanden is not None:
            # The list shows the kreisangehörige Kommunen antrag_fuer already fetched (the same query and order);
            # the field still checks a choice against the database.
            feld = self.fields["kreisangehoerige"]
            feld.widget.choices = [("", feld.empty_label), *(
                (forms.models.ModelChoiceIteratorValue(k.pk, k), feld.label_from_instance(k)) for k in vorhanden)]

    def clean(self):
        daten = super().clean()
        zweck, kreisangehoerige, traeger = daten.get("zweck"), daten.get("kreisangehoerige"), daten.get("traeger")
        if bool(kreisangehoerige) == bool(traeger):
            raise ValidationError(
                "Bitte wählen Sie genau einen Empfänger: eine kreisangehörige Kommune oder einen Träger."
            )
        if zweck == WeiterleitungZweck.KOORDINATION:
            if not self.antrag.kommune.ist_kreis:
                raise ValidationError(
                    "Nr. 3.2: Nur Kreise können Koordinationsstellen an kreisangehörige Kommunen weiterleiten."
                )
            if traeger:
                raise ValidationError("Nr. 3.2: Koordinationsstellen können nicht an Träger weitergeleitet werden.")
            if kreisangehoerige and not kreisangehoerige.qualifiziert:
                self.add_error(
                    "kreisangehoerige",
                    "Nr. 3.2, 4.3: Diese Kommune hat nicht Ausländerbehörde, Jugendamt und Integrationsrat; "
                    "eine Koordinationsstelle kann nicht an sie weitergeleitet werden.",
                )
        if traeger and not daten.get("vertrag_datei") and not (self.instance.pk and self.instance.vertrag_id):
            self.add_error("vertrag_datei", "Nr. 3.2: Bitte fügen Sie den Weiterleitungsvertrag nach Anlage 4 bei.")
        if zweck and "stellen" not in self.errors:
            betrag = daten.get("betrag") if "betrag" not in self.errors else None
            fehler = services.weiterleitung_fehler(self.antrag, zweck, daten.get("stellen"), betrag)
            for feld, texte in fehler.items():
                for text in texte:
                    self.add_error(feld, text)
            if not fehler:
                daten["stellen"] = ", ".join(services.kennungen_lesen(daten.get("stellen"))[0])  # "cm1 cm2" → "CM1, CM2"
        return daten


class UploadForm(OhneSteuerzeichen, forms.Form):
    datei = forms.FileField(label="PDF-Datei (höchstens 20 MB)")


class NachforderungForm(OhneSteuerzeichen, forms.Form):
    fragen = forms.CharField(
        label="Fragen und Hinweise an die Kommune", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        error_messages={"required": "Bitte schreiben Sie die Fragen an die Kommune auf.",
                        "max_length": "Die Fragen dürfen höchstens 5.000 Zeichen lang sein."},
    )
    # Issue 14 item 10: the answer Frist, prefilled with four weeks (regeln.nachforderung_frist) and editable.
    antwort_frist = forms.DateField(
        label="Antwort erbeten bis", required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": "Bitte geben Sie die Antwortfrist als Datum an (TT.MM.JJJJ)."},
    )

    def __init__(self, *args, heute=None, **kwargs):
        super().__init__(*args, **kwargs)
        if heute is not None and not self.is_bound:
            self.initial.setdefault("antwort_frist", regeln.nachforderung_frist(heute))


class AntwortForm(OhneSteuerzeichen, forms.Form):
    antwort = forms.CharField(
        label="Ihre Antwort", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ZurueckziehenForm(OhneSteuerzeichen, forms.Form):
    grund = forms.CharField(label="Grund (freiwillig)", required=False, max_length=500)


class NeuerAntragForm(OhneSteuerzeichen, forms.Form):
    foerderjahr = forms.TypedChoiceField(
        label="Förderjahr", coerce=int, choices=[(j, str(j)) for j in regeln.FOERDERJAHRE],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, jahre=None, **kwargs):
        """``jahre`` (from selectors.antragsjahre) narrows the offered Förderjahre to those the Kommune can still
        apply for; the service decides on what is posted."""
        super().__init__(*args, **kwargs)
        if jahre is not None:
            self.fields["foerderjahr"].choices = [
                (j["foerderjahr"], f"{j['foerderjahr']} (Frist abgelaufen – wird als verspätet vermerkt)"
                 if j["verspaetet"] else str(j["foerderjahr"])) for j in jahre]


class UebernahmeForm(forms.Form):
    """"Neuer Antrag": the Antrag of an earlier year to take over (issue 14 item 9); empty = a blank Antrag. The
    view resolves the id scoped to the user (another Kommune's Antrag: 404)."""

    uebernehmen_aus = forms.IntegerField(
        label="Angaben übernehmen aus", required=False, min_value=1, max_value=2**31 - 1,
        error_messages={k: "Bitte wählen Sie einen Ihrer früheren Anträge oder „nichts übernehmen“."
                        for k in ("invalid", "min_value", "max_value")},
    )


class NachtraeglicheFristausnahmeForm(OhneSteuerzeichen, forms.Form):
    begruendung = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                                  error_messages={"required": "Bitte begründen Sie die Ausnahme von der Frist."})


class FristausnahmeForm(OhneSteuerzeichen, forms.Form):
    kommune = forms.ModelChoiceField(label="Kommune", queryset=None, empty_label="bitte wählen")
    foerderjahr = forms.TypedChoiceField(
        label="Förderjahr", coerce=int, choices=[(j, str(j)) for j in regeln.FOERDERJAHRE]
    )
    neue_frist = forms.DateField(
        label="neue Frist", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    begruendung = forms.CharField(label="Begründung", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kim_foerderung.stammdaten.models import Kommune

        self.fields["kommune"].queryset = Kommune.objects.order_by("sortierschluessel")
