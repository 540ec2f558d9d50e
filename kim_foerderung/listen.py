"""Sortable, paginated lists without per-cell machinery: the columns are plain data, the template writes the
table (issue 13: django-tables2 rendered each cell through its own template round-trip).

A column is ``Spalte(schluessel, titel, order_by)``; ``order_by`` None means not sortable. The query parameter
``sort`` names a column (``-`` for descending), as django-tables2 did, so bookmarked links keep working.
"""
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse


@dataclass(frozen=True)
class Spalte:
    schluessel: str
    titel: str
    order_by: tuple | None = None
    klasse: str = ""


def sortieren(queryset, get, spalten, standard):
    """``(queryset ordered as asked, key of the sorted column or "", descending)``; unknown keys: ``standard``."""
    wert = (get.get("sort") or "").strip()
    absteigend = wert.startswith("-")
    schluessel = wert.lstrip("-")
    spalte = next((s for s in spalten if s.schluessel == schluessel and s.order_by), None)
    if spalte is None:
        return queryset.order_by(*standard), "", False
    felder = [f"-{f}" if absteigend else f for f in spalte.order_by]
    return queryset.order_by(*felder, "pk"), schluessel, absteigend


def kopfzeile(get, spalten, aktuell, absteigend):
    """The header cells: title, the link that sorts by this column (toggling the direction of the sorted one),
    and aria-sort for the sorted column."""
    zellen = []
    for s in spalten:
        zelle = {"titel": s.titel, "klasse": s.klasse, "link": None, "aria_sort": None}
        if s.order_by:
            query = get.copy() if isinstance(get, QueryDict) else QueryDict(mutable=True)
            query._mutable = True
            query.pop("page", None)
            query["sort"] = f"-{s.schluessel}" if s.schluessel == aktuell and not absteigend else s.schluessel
            zelle["link"] = "?" + query.urlencode()
            if s.schluessel == aktuell:
                zelle["aria_sort"] = "descending" if absteigend else "ascending"
        zellen.append(zelle)
    return zellen


def seite(queryset, get, pro_seite=25, parameter="page", anzahl=None):
    """The page of ``queryset`` asked for; ``anzahl``: its number of rows if the caller counted them already (one
    query less)."""
    paginator = Paginator(queryset, pro_seite)
    if anzahl is not None:
        paginator.count = anzahl  # a cached_property: Paginator would ask the database the same
    return paginator.get_page(get.get(parameter))


def query_ohne(get, *namen, **werte):
    """The query string of ``get`` without ``namen`` and with ``werte`` set (for page links and exports)."""
    query = get.copy() if isinstance(get, QueryDict) else QueryDict(mutable=True)
    query._mutable = True
    for name in namen:
        query.pop(name, None)
    for k, v in werte.items():
        query[k] = v
    return query.urlencode()


def url_vorlage(name, platzhalter, *weitere):
    """``reverse(name, args=[wert, *weitere])`` for every row of a table, resolved once (issue 13: a reverse per row
    cost more than the row). ``platzhalter`` has the shape the URL's first argument accepts – an int for ``<int:pk>``
    (any digits fit), an 8-digit string for an AGS (only 8 digits fit); another value is reversed on its own."""
    vorlage = reverse(name, args=[platzhalter, *weitere])
    text = str(platzhalter)
    beliebig_lang = isinstance(platzhalter, int)

    def url(wert):
        wert = str(wert)
        if wert.isdigit() and (beliebig_lang or len(wert) == len(text)):
            return vorlage.replace(text, wert, 1)
        return reverse(name, args=[wert, *weitere])

    return url
