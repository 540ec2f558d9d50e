"""The checklist of the Prüfung: the Zuwendungsvoraussetzungen (Nr. 4.1 a–f, 4.2, 3.2, 4.4, 5.4), each beside what
the Kommune declared or uploaded, and one point per finding of kim_foerderung.regeln (Nr. 5.4, 2.2, 8), so the
caseworker notes on every finding, not on the calculation as a whole."""
import re
from dataclasses import dataclass

from kim_foerderung import regeln

FESTE_PUNKTE = [
    ("4.1a", "Nr. 4.1 a: Betrieb eines geförderten KI"),
    ("4.1b", "Nr. 4.1 b: Angliederung der Koordinationsstellen an das KI"),
    ("4.1c", "Nr. 4.1 c: Lenkungsgruppe auf Leitungsebene"),
    ("4.1d", "Nr. 4.1 d: KIM-Konzept liegt vor und ist schlüssig"),
    ("4.1e", "Nr. 4.1 e: einschlägige fachliche Abschlüsse"),
    ("4.1f", "Nr. 4.1 f: Case-Management-Konzept (bei CM)"),
    ("4.2", "Nr. 4.2: keine Doppelförderung"),
    ("3.2", "Nr. 3.2: CM außerhalb der JMD/MBE-Tableaus, Weiterleitungen zulässig"),
    ("4.4", "Nr. 4.4: frühere Förderung berücksichtigt (Nr. 1.3.4 VVG)"),
    ("5.4", "Nr. 5.4: Berechnung ohne blockierende Befunde"),
]
BEFUND_PRAEFIX = "befund:"


@dataclass(frozen=True)
class Pruefpunkt:
    code: str
    text: str
    angabe: str = ""  # what the Antrag says on this point, in German
    dokument: object = None  # an uploaded Dokument to open beside it
    befund: bool = False
    blockierend: bool = False

    @property
    def feld(self):
        """A form field name for the code ("4.1a" → "4_1a", "befund:X:K1" → "befund_X_K1")."""
        return re.sub(r"\W", "_", self.code)


def _erklaert(wert, ja="erklärt", nein="nicht erklärt"):
    return ja if wert else nein


def _kurz(text, laenge=160):
    text = " ".join((text or "").split())
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


def _zeilen(text, laenge=2000):
    """Like _kurz, but keeps the lines (one member of the Lenkungsgruppe per line, issue 14 item 10); the
    template shows them with linebreaksbr."""
    zeilen = [" ".join(z.split()) for z in (text or "").splitlines()]
    text = "\n".join(z for z in zeilen if z)
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


def pruefpunkte(antrag, ergebnis):
    """[Pruefpunkt] for this Antrag and its rules' result (``antraege.services.berechnung(antrag)``)."""
    stellen = list(antrag.stellen.all())
    hat_cm = any(s.art == regeln.CASE_MANAGEMENT for s in stellen)
    qualifikationen = "; ".join(f"{s.kennung}: {s.qualifikation}" for s in stellen if s.qualifikation.strip())
    weiterleitungen = list(antrag.weiterleitungen.all())
    blockierend = sum(1 for b in ergebnis.befunde if b.blockierend)
    angaben = {
        "4.1a": (_erklaert(antrag.ki_gefoerdert), None),
        "4.1b": (_erklaert(antrag.angliederung_ki), None),
        "4.1c": (_erklaert(antrag.lenkungsgruppe) + (f"; Mitglieder:\n{_zeilen(antrag.lenkungsgruppe_mitglieder)}"
                                                     if antrag.lenkungsgruppe_mitglieder.strip() else ""), None),
        "4.1d": ("hochgeladen" if antrag.kim_konzept_id else "fehlt", antrag.kim_konzept),
        "4.1e": (_erklaert(antrag.qualifikation_bestaetigt) + (f"; {_kurz(qualifikationen, 300)}"
                                                               if qualifikationen else ""), None),
        "4.1f": (("hochgeladen" if antrag.cm_konzept_id else "fehlt") if hat_cm
                 else "kein Case Management beantragt", antrag.cm_konzept if hat_cm else None),
        "4.2": (_erklaert(antrag.keine_doppelfoerderung), None),
        "3.2": ((_erklaert(antrag.cm_ausserhalb_jmd_mbe) if hat_cm else "kein Case Management beantragt")
                + "; " + (", ".join(f"{w.empfaenger}: {regeln.betrag_de(w.betrag)} ({w.stellen})"
                                    for w in weiterleitungen) or "keine Weiterleitung"), None),
        "4.4": (antrag.get_vorfoerderung_display(), None),
        "5.4": (f"{blockierend} blockierende{'r' if blockierend == 1 else ''} Befund{'e' if blockierend != 1 else ''}"
                if blockierend else "keine blockierenden Befunde", None),
    }
    punkte = [Pruefpunkt(code, text, *angaben[code]) for code, text in FESTE_PUNKTE]
    for b in ergebnis.befunde:
        code = f"{BEFUND_PRAEFIX}{b.code}:{b.stelle or ''}"
        punkte.append(Pruefpunkt(code, b.text,
                                 "blockiert die Bewilligung" if b.blockierend else "Hinweis",
                                 befund=True, blockierend=b.blockierend))
    return punkte


def pruefung_stand(antrag, pruefung, ergebnis):
    """[(Pruefpunkt, {"ok": bool, "notiz": str})] for every point of the Antrag's checklist as recorded in
    ``pruefung`` (a Pruefung or None); a point never saved counts as not decided."""
    gespeichert = pruefung.punkte if pruefung else {}
    return [(p, {"ok": bool(gespeichert.get(p.code, {}).get("ok")), "notiz": gespeichert.get(p.code, {}).get("notiz", "")})
            for p in pruefpunkte(antrag, ergebnis)]


def offene_pruefpunkte(antrag, pruefung, ergebnis):
    """German sentences for what keeps the Prüfung from being complete: each Prüfpunkt not decided, a missing
    Prüfvermerk. Empty when the Prüfung is complete (the condition to submit a draft for Zeichnung)."""
    offen = [f"Prüfpunkt nicht abgehakt: {p.text}" for p, eintrag in pruefung_stand(antrag, pruefung, ergebnis)
             if not eintrag["ok"]]
    if pruefung is None or not pruefung.vermerk.strip():
        offen.append("Der Prüfvermerk fehlt.")
    return offen
