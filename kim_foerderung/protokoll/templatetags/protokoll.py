from django import template

from kim_foerderung.protokoll.selectors import protokoll_fuer
from kim_foerderung.statusnamen import modell_des_eintrags, statusname

register = template.Library()


@register.inclusion_tag("includes/protokoll.html")
def protokoll(obj):
    # The table shows the name as recorded (benutzername), never the Benutzer row: no join (issue 13).
    return {"eintraege": list(protokoll_fuer(obj).select_related(None)[:200])}


@register.filter
def statustext(code, eintrag=None):
    """A state code as its German name. With the Protokoll entry (``{{ e.von_status|statustext:e }}``) the name
    comes from the choices of its model's status field (kim_foerderung.statusnamen, the one place); without, a
    readable fallback (in_pruefung → in Prüfung)."""
    if not code:
        return "–"
    if eintrag is not None:
        return statusname(modell_des_eintrags(eintrag), code)
    text = code.replace("_", " ").replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
    return text.replace("prüfung", "Prüfung").replace("zeichnung", "Zeichnung")
