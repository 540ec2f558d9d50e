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
