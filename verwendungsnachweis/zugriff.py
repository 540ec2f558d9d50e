"""Object first, role second (copy of bescheide.zugriff): every URL of a Verwendungsnachweis resolves it through
kim_foerderung.zugang (selectors.nachweis_fuer) before the role is checked, so another Kommune gets 404 on every
such URL and method; only a user who may see it but lacks the role gets 403."""
from kim_foerderung.zugang.zugriff import objekt_vor_rolle

from . import selectors


def nachweis_ansicht(*rollen):
    return objekt_vor_rolle("pk", selectors.nachweis_fuer, *rollen, seite="vn_detail")
