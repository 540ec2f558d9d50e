"""Documents of the Auszahlung, rendered once and stored with SHA-256 through kim_foerderung.dokumente: the
Mittelanforderung (for the Kommune and the file) and the Auszahlungsliste of a released run (internal)."""
from kim_foerderung.dokumente.briefkopf import briefkopf_an_behoerde
from kim_foerderung.dokumente.services import pdf_erzeugen

from . import services


def mittelanforderung_kontext(anforderung):
    """The template context of the Mittelanforderung's letter (also timed by scripts/lastprobe.py)."""
    antrag = anforderung.antrag
    return {"anforderung": anforderung, "antrag": antrag, "kommune": antrag.kommune,
            "bescheid": anforderung.bescheid, "erklaerung": services.ERKLAERUNG,
            "brief": briefkopf_an_behoerde(
                antrag.kommune, foerderjahr=antrag.foerderjahr, datum=anforderung.angefordert_am,
                absender=anforderung.gestellt_von,
                zeilen=[("Bezug", f"Zuwendungsbescheid {anforderung.bescheid.nummer}")])}


def mittelanforderung_pdf_erzeugen(anforderung, benutzer):
    antrag = anforderung.antrag
    return pdf_erzeugen(
        schluessel=f"mittelanforderung-{anforderung.pk}",
        template_name="pdf/mittelanforderung.html",
        context=mittelanforderung_kontext(anforderung),
        bezug=anforderung, kommune=antrag.kommune, benutzer=benutzer,
        titel=f"Mittelanforderung {antrag.kommune} {antrag.foerderjahr}", art="mittelanforderung",
        dateiname=f"Mittelanforderung-{antrag.kommune.ags}-{antrag.foerderjahr}.pdf",
    )


def auszahlungsliste_erzeugen(lauf, posten, benutzer):
    return pdf_erzeugen(
        schluessel=f"zahlungslauf-{lauf.pk}-auszahlungsliste",
        template_name="pdf/auszahlungsliste.html",
        context={"lauf": lauf, "posten": posten},
        bezug=lauf, kommune=None, benutzer=benutzer,
        titel=f"Auszahlungsliste {lauf.nummer}", art="auszahlungsliste",
        dateiname=f"{lauf.nummer}-Auszahlungsliste.pdf",
    )
