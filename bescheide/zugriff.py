"""Object first, role second: every URL of a Bescheid or of the Prüfung of an Antrag resolves its object through
kim_foerderung.zugang.zugriff (``sichtbar`` / ``objekt_oder_404``, via the selectors) before the role is checked.

So a user of another Kommune gets 404 on every such URL – whether the action is meant for the Kommune or only
for the Bezirksregierung, and whatever the HTTP method – and learns nothing about the object. Only a user who
may see the object but lacks the role gets 403.
"""
from antraege import selectors as antrag_selectors
from kim_foerderung.zugang.zugriff import objekt_vor_rolle

from . import selectors


def bescheid_ansicht(*rollen):
    """For URLs with ``<int:pk>`` of a Bescheid (a Kommune sees only its own, and only once sent)."""
    return objekt_vor_rolle("pk", selectors.bescheid_fuer, *rollen, seite="bescheid_detail")


def pruefung_ansicht(*rollen):
    """For URLs with ``<int:antrag_pk>`` (the Prüfung of an Antrag and the draft it starts)."""
    return objekt_vor_rolle("antrag_pk", antrag_selectors.antrag_fuer, *rollen, seite="pruefung")
