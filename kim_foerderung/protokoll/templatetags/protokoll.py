from django import template

from kim_foerderung.protokoll.selectors import protokoll_fuer

register = template.Library()


@register.inclusion_tag("includes/protokoll.html")
def protokoll(obj):
    return {"eintraege": list(protokoll_fuer(obj)[:200])}


@register.filter
def statustext(code):
    """A state code as readable German (in_pruefung → in Prüfung) without knowing the stage apps."""
    if not code:
        return "–"
    text = code.replace("_", " ").replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
    return text.replace("prüfung", "Prüfung").replace("zeichnung", "Zeichnung")
