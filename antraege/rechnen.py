"""The live summary: the rules' result for unsaved form data (Antrag page and Förderrechner page)."""
from django import forms

from kim_foerderung import regeln

from . import services
from .forms import BetragField, StelleForm

KENNUNG_PRAEFIX = {"koordination": "K", "verwaltungsassistenz": "VA", "case_management": "CM"}

StellenRechnerFormSet = forms.formset_factory(StelleForm, can_delete=True, extra=0, max_num=40)


def kennungen_vergeben(arten):
    """K1, K2, VA1, CM1 … in row order, as stellen_speichern numbers them."""
    zaehler = {}
    kennungen = []
    for art in arten:
        zaehler[art] = zaehler.get(art, 0) + 1
        kennungen.append(f"{KENNUNG_PRAEFIX[art]}{zaehler[art]}")
    return kennungen


def zeilen_aus_post(data, prefix="stellen"):
    """(zeilen, zeilenfehler): valid rows as StellenZeile, and a German sentence per invalid row."""
    formset = StellenRechnerFormSet(data, prefix=prefix)
    gueltige, fehler = [], []
    try:
        formulare = formset.forms
    except forms.ValidationError:
        return [], ["Die Stellentabelle ist unvollständig übertragen worden. Bitte laden Sie die Seite neu."]
    for nummer, form in enumerate(formulare, start=1):
        if form.is_valid():
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue  # an untouched new row, or one marked for removal
            gueltige.append(form.cleaned_data)
        elif form.data.get(f"{form.prefix}-DELETE") in ("on", "true", "1"):
            continue
        else:
            texte = []
            for feld, meldungen in form.errors.items():
                name = form.fields[feld].label if feld in form.fields else ""
                texte += [f"{name}: {m}" if name else m for m in meldungen]
            fehler.append(f"Zeile {nummer}: " + " ".join(texte))
    kennungen = kennungen_vergeben([d["art"] for d in gueltige])
    zeilen = [
        services.StellenZeile(
            kennung=kennung, art=d["art"], vzae=d["vzae"], von_monat=int(d["von_monat"]),
            bis_monat=int(d["bis_monat"]), besetzt=d.get("besetzt", False),
            personalausgaben=d.get("personalausgaben"), sachausgaben=d.get("sachausgaben"),
            name=d.get("name") or "", qualifikation=d.get("qualifikation") or "",
        )
        for kennung, d in zip(kennungen, gueltige)
    ]
    return zeilen, fehler


def betrag_aus_post(data, name, ersatz):
    if name not in data:
        return ersatz, None
    try:
        wert = BetragField(required=False).clean(data.get(name))
    except forms.ValidationError as fehler:
        return ersatz, fehler.messages[0]
    return wert, None


def zusammenfassung_aus_post(data, *, foerderjahr, begleit_prefix, kommune=None, gespeichert=None,
                             qualifizierte=None, kommune_art=None):
    zeilen, zeilenfehler = zeilen_aus_post(data)
    ersatz_v = gespeichert.veranstaltungen_betrag if gespeichert else None
    ersatz_s = gespeichert.schnittstellen_betrag if gespeichert else None
    veranstaltungen, f1 = betrag_aus_post(data, f"{begleit_prefix}-veranstaltungen_betrag", ersatz_v)
    schnittstellen, f2 = betrag_aus_post(data, f"{begleit_prefix}-schnittstellen_betrag", ersatz_s)
    zeilenfehler += [f"Begleitmaßnahmen: {f}" for f in (f1, f2) if f]
    fall = services.fall_bauen(
        kommune=kommune, kommune_art=kommune_art, foerderjahr=foerderjahr, zeilen=zeilen,
        veranstaltungen=veranstaltungen, schnittstellen=schnittstellen, qualifizierte=qualifizierte,
    )
    return {"ergebnis": regeln.berechne(fall), "zeilenfehler": zeilenfehler, "zeilen": zeilen,
            "veranstaltungen": veranstaltungen, "schnittstellen": schnittstellen}
