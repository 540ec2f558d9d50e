"""The Briefkopf of every letter of the Bezirksregierung (DIN 5008, issue 14 Nr. 3): one context, one include
(templates/pdf/_briefkopf.html) for the Bescheide (Zuwendungs-, Änderungs-, Ablehnungs-, Erstattungsbescheid)
and the letters of the money half (Anhörung, Mahnung); the Mittelanforderung is the Kommune's letter to the
Bezirksregierung with the same layout (``briefkopf_an_behoerde``).

- Anschriftfeld: the Rücksendeangabe (the Behörde in one line) over the recipient address in lines – the Kommune's
  name, the KI, street, PLZ Ort (``anschrift_zeilen``: the administration's address, else the KI's).
- Informationsblock: Geschäftszeichen (``KIM-<Förderjahr>-<AGS>``, the file of this Kommune and year), the
  reference of the letter (Bescheid-Nr., Antrag), the Sachbearbeiterin with phone and e-mail from her user profile
  (the Kommune's Bearbeiter/in, else the person who prepared the letter) and the Datum.
"""
from django.conf import settings

from .templatetags.kim_format import datum_de


def geschaeftszeichen(kommune, foerderjahr):
    return f"KIM-{foerderjahr}-{kommune.ags}"


def anschrift_zeilen(kommune, *, abteilung="", ersatz_anschrift=""):
    """The recipient address in lines: the Kommune, the department (the KI), street, PLZ Ort. Street and Ort are
    the administration's (master data); without them the address the Antrag gave for the KI (``ersatz_anschrift``,
    "Straße 1, 12345 Ort" or one line each), else the KI's address in the master data."""
    zeilen = [kommune.anzeigename]
    abteilung = abteilung or kommune.ki_name
    if abteilung and abteilung != kommune.anzeigename:
        zeilen.append(abteilung)
    if kommune.strasse or kommune.ort:
        zeilen += [kommune.strasse, f"{kommune.plz} {kommune.ort}".strip()]
    elif ersatz_anschrift.strip():
        zeilen += [t.strip() for t in ersatz_anschrift.replace("\n", ",").split(",")]
    else:
        zeilen += [kommune.ki_strasse, f"{kommune.ki_plz} {kommune.ki_ort}".strip()]
    return [z for z in zeilen if z]


def briefkopf(kommune, *, foerderjahr, datum, bearbeitung=None, zeilen=(), abteilung="", ersatz_anschrift=""):
    """The context ``brief`` of pdf/_briefkopf.html. ``zeilen``: further (label, value) rows of the
    Informationsblock after the Geschäftszeichen (e.g. ("Bescheid-Nr.", …)); ``bearbeitung``: the person who
    prepared the letter, named when the Kommune has no Bearbeiter/in; ``abteilung`` and ``ersatz_anschrift``: the
    KI as the Antrag names it (see anschrift_zeilen)."""
    person = kommune.bearbeiterin or bearbeitung
    info = [("Geschäftszeichen", geschaeftszeichen(kommune, foerderjahr)), *[(k, w) for k, w in zeilen if w]]
    if person is not None:
        info.append(("Bearbeitung", person.anzeigename))
        if person.telefon:
            info.append(("Telefon", person.telefon))
        if person.email:
            info.append(("E-Mail", person.email))
    info.append(("Datum", datum_de(datum)))
    return {
        "ruecksendung": f"{settings.KIM_BEWILLIGUNGSBEHOERDE} · {settings.KIM_BEHOERDE_ANSCHRIFT}",
        "anschrift": anschrift_zeilen(kommune, abteilung=abteilung, ersatz_anschrift=ersatz_anschrift),
        "info": info,
    }


def briefkopf_an_behoerde(kommune, *, foerderjahr, datum, absender=None, zeilen=()):
    """The Kommune writes to the Bezirksregierung (Mittelanforderung): the Kommune's address as Rücksendeangabe,
    the Behörde as recipient in lines, the Kommune's contact person in the Informationsblock."""
    absender_zeilen = anschrift_zeilen(kommune)
    behoerde = [settings.KIM_BEWILLIGUNGSBEHOERDE, *[t.strip() for t in settings.KIM_BEHOERDE_ANSCHRIFT.split("·")]]
    info = [("Geschäftszeichen", geschaeftszeichen(kommune, foerderjahr)), *[(k, w) for k, w in zeilen if w]]
    if absender is not None:
        info.append(("Ansprechperson", absender.anzeigename))
        if absender.email:
            info.append(("E-Mail", absender.email))
    info.append(("Datum", datum_de(datum)))
    return {"ruecksendung": " · ".join(z for z in absender_zeilen if z != kommune.ki_name),
            "anschrift": [z for z in behoerde if z], "info": info}
