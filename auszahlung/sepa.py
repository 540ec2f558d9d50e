"""The SEPA credit-transfer file of a released run: pain.001.001.09 through sepaxml, validated against the XSD
sepaxml ships, stored once through kim_foerderung.dokumente (never re-rendered).

Names and purposes are transliterated for the SEPA character set first (ä→ae, ö→oe, ü→ue, ß→ss; DK/EPC
"Latin character set": a–z A–Z 0–9 / - ? : ( ) . , ' + and space), so "Düsseldorf" stays "Duesseldorf" and is not
cut down to "Dusseldorf" by sepaxml's own unidecode.
"""
import re

from django.utils import timezone
from text_unidecode import unidecode

from kim_foerderung import zeit
from kim_foerderung.dokumente.services import datei_ablegen

SCHEMA = "pain.001.001.09"
_ERSETZUNGEN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
                "&": "+", "–": "-", "—": "-", "„": "", "“": "", "”": "", "‚": "", "‘": "'", "’": "'", "_": "-"}
_UNERLAUBT = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


def sepa_text(text, laenge=140):
    """Text in the SEPA character set: German umlauts and ß spelled out, other accents dropped, the rest a space."""
    text = "".join(_ERSETZUNGEN.get(z, z) for z in str(text or ""))
    text = unidecode(text)  # other letters: é→e, Œ→OE (text_unidecode, a dependency of sepaxml)
    text = " ".join(_UNERLAUBT.sub(" ", text).split())
    return text[:laenge]


def cent(betrag):
    return int((betrag * 100).to_integral_value())


def sepa_xml(lauf, posten, konto):
    """The pain.001.001.09 bytes of ``lauf`` (``posten`` as frozen at Anordnung); raises on XSD errors."""
    from sepaxml import SepaTransfer

    datei = SepaTransfer({"name": sepa_text(konto.kontoinhaber, 70), "IBAN": konto.iban, "BIC": konto.bic,
                          "batch": True, "currency": "EUR"}, schema=SCHEMA, clean=False)
    kopf = datei._xml.find("CstmrCdtTrfInitn/GrpHdr")
    kopf.find("MsgId").text = lauf.nummer  # unique per run (sepaxml would draw a random one)
    kopf.find("CreDtTm").text = timezone.localtime(zeit.jetzt()).strftime("%Y-%m-%dT%H:%M:%S")
    for p in posten:
        zahlung = {"name": sepa_text(p.kontoinhaber, 70), "IBAN": p.iban, "amount": cent(p.betrag),
                   "execution_date": lauf.zahltag, "description": sepa_text(p.verwendungszweck),
                   "endtoend_id": p.ende_zu_ende_id}
        if p.bic:
            zahlung["BIC"] = p.bic
        datei.add_payment(zahlung)
    return datei.export(validate=True)


def sepa_datei_erzeugen(lauf, posten, konto, benutzer):
    inhalt = sepa_xml(lauf, posten, konto)
    return datei_ablegen(
        schluessel=f"zahlungslauf-{lauf.pk}-sepa", inhalt=inhalt, bezug=lauf, kommune=None, benutzer=benutzer,
        titel=f"SEPA-Überweisungsdatei {lauf.nummer} (pain.001.001.09)", art="sepa",
        dateiname=f"{lauf.nummer}-pain.001.001.09.xml", mime_typ="application/xml")
