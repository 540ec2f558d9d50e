"""Charts drawn once per picture (issue 13, "Schnell unter Last").

Drawing a pygal chart costs about as much as the rest of its page (pygal lays out every label in Python), while
the picture is a pure function of what it shows. So a chart is kept in Django's cache (Redis in production, local
memory embedded) under a hash of exactly its inputs – kind, title, labels, numbers, options: new numbers give a new
key, so there is nothing to invalidate and never a stale chart.
"""
import hashlib

from django.core.cache import cache

ZEITRAUM = 24 * 3600  # seconds; a key is only ever reused for the identical picture


def gezeichnet(fingerabdruck, zeichnen):
    """``zeichnen()``'s result (an SVG or data: URI), drawn once per ``fingerabdruck`` (a repr-able value that
    names every input of the picture)."""
    schluessel = "kim:diagramm:" + hashlib.sha256(repr(fingerabdruck).encode()).hexdigest()
    bild = cache.get(schluessel)
    if bild is None:
        bild = zeichnen()
        cache.set(schluessel, bild, ZEITRAUM)
    return bild
