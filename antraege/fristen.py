"""Antragsfristen (Nr. 7.1.2): the regular Frist of a Förderjahr from kim_foerderung.regeln, replaced for a Kommune
by its Fristausnahme. Reads only."""
from django.conf import settings

from kim_foerderung import regeln, zeit

from .models import Fristausnahme


def antragsfrist(foerderjahr):
    return regeln.antragsfrist(foerderjahr, settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG)


def frist_fuer(kommune, foerderjahr):
    """(Frist, Fristausnahme or None) for this Kommune: an exception replaces the regular Frist."""
    ausnahme = Fristausnahme.objects.filter(kommune=kommune, foerderjahr=foerderjahr).first()
    if ausnahme:
        return ausnahme.neue_frist, ausnahme
    return antragsfrist(foerderjahr), None


def fristen_der_kommune(kommune):
    """{Förderjahr: (Frist, Fristausnahme or None)} for every Förderjahr, with one query for the exceptions
    (lists call this once instead of frist_fuer per row). Without a Kommune: the regular Fristen."""
    ausnahmen = {}
    if kommune is not None:
        ausnahmen = {a.foerderjahr: a for a in Fristausnahme.objects.filter(kommune=kommune)}
    return {
        jahr: (ausnahmen[jahr].neue_frist, ausnahmen[jahr]) if jahr in ausnahmen else (antragsfrist(jahr), None)
        for jahr in regeln.FOERDERJAHRE
    }


def naechste_antragsfrist(kommune=None, fristen=None, ausser=()):
    """The next Antragsfrist from today (Nr. 7.1.2) for this Kommune, its exception included, as
    {"foerderjahr", "datum", "tage", "ausnahme"}; Förderjahre in ``ausser`` are skipped. None if none is left."""
    fristen = fristen if fristen is not None else fristen_der_kommune(kommune)
    heute = zeit.heute()
    for jahr in regeln.FOERDERJAHRE:
        frist, ausnahme = fristen[jahr]
        if jahr not in ausser and frist >= heute:
            return {"foerderjahr": jahr, "datum": frist, "tage": (frist - heute).days, "ausnahme": ausnahme}
    return None


def antragsjahre(fristen, belegte=()):
    """The Förderjahre a Kommune can still open an Antrag for today (``regeln.antrag_noch_moeglich``; Förderjahre in
    ``belegte`` – an Antrag that is not zurückgezogen – are left out) and the one to propose: the first whose Frist
    (or exception) is still running, else the first left. ``fristen`` from :func:`fristen_der_kommune`. Returns
    ``(proposal or None, [{"foerderjahr", "frist", "verspaetet"}])``."""
    heute = zeit.heute()
    jahre = [{"foerderjahr": jahr, "frist": fristen[jahr][0], "verspaetet": fristen[jahr][0] < heute}
             for jahr in regeln.FOERDERJAHRE
             if jahr not in belegte and regeln.antrag_noch_moeglich(jahr, fristen[jahr][0], heute)]
    vorschlag = next((j["foerderjahr"] for j in jahre if not j["verspaetet"]),
                     jahre[0]["foerderjahr"] if jahre else None)
    return vorschlag, jahre


def entscheidungsjahr():
    """The Förderjahr whose Anträge are being decided today (Haushalt, Fristausnahme; regeln.entscheidungsjahr)."""
    return regeln.entscheidungsjahr(zeit.heute(), settings.KIM_RICHTLINIE_VEROEFFENTLICHUNG)
