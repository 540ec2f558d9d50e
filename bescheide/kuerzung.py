"""The Kürzungsvorschlag for a draft whose Stellen exceed a monthly ceiling (Nr. 5.4.1 with Nr. 4.3, Nr. 2.2): the
rules (``regeln.kuerzung_vorschlagen``) propose, this module only feeds them the draft and turns their answer into
values for the draft form, which the caseworker can change before saving (services.entwurf_speichern). Reads
only; nothing is stored here."""
from antraege import selectors as antrag_selectors
from kim_foerderung import regeln

GRUND_MAX = 500  # max_length of BescheidStelle.kuerzung_grund


def kuerzungsvorschlag(bescheid):
    """{BescheidStelle.pk: form values ("bewilligt", "vzae", "von_monat", "bis_monat", "kuerzung_grund")} for
    every Stelle the rules propose to cut; {} when no ceiling is exceeded. Locked months of an Änderungsbescheid
    count towards the ceilings but are never changed."""
    antrag = bescheid.antrag
    kommune, jahr = antrag.kommune, antrag.foerderjahr
    stellen = [s for s in bescheid.stellen.all() if s.bewilligt]
    if not stellen:
        return {}
    vorschlag = regeln.kuerzung_vorschlagen(
        [regeln.StelleEingabe(id=s.kennung, art=s.art, vzae=s.vzae, von=regeln.Monat(jahr, s.von_monat),
                              bis=regeln.Monat(jahr, s.bis_monat), besetzt=s.besetzt) for s in stellen],
        foerderjahr=jahr, kommune_art=kommune.art,
        qualifizierte_kreisangehoerige=kommune.qualifizierte_kreisangehoerige_anzahl(),
        cm_kontingent_vzae=antrag_selectors.cm_kontingent(kommune, jahr),
    )
    werte = {}
    for s in stellen:
        v = vorschlag.stelle(s.kennung)
        if not v.geaendert or s.gesperrt:
            continue
        grund = " ".join(v.gruende)[:GRUND_MAX]
        if v.entfaellt:
            werte[s.pk] = {"bewilligt": False, "kuerzung_grund": grund}
        else:
            werte[s.pk] = {"bewilligt": True, "vzae": v.vzae, "von_monat": v.von.monat, "bis_monat": v.bis.monat,
                           "kuerzung_grund": grund}
    return werte
