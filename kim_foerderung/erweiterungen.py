"""The one hook registry: later stages plug into earlier pages and figures without being imported by them
(DESIGN.md: an earlier stage never imports a later one; the core imports no stage). Each stage registers its
contributions in its ``AppConfig.ready()``.

Slots and what a registered ``funktion`` is called with / returns:

- ``STARTSEITE``: ``funktion(request)`` → None or ``{"titel": str, "template": str, **context}`` (registered
  with ``rolle=``; the start page of that role shows the panel).
- ``ANTRAG_SEITE``: ``funktion(request, antrag)`` → None or ``{"template": str, **context}``.
- ``BESCHEID_SEITE``: ``funktion(request, bescheid)`` → None or ``{"template": str, **context}``.
- ``PROGRAMMZAHLEN``: ``funktion(foerderjahr, *, kommune=None)`` → dict of columns such as
  ``{"ausgezahlt": {kommune_pk: Decimal}, "erstattet": {...}}``.
- ``FRISTEN``: ``funktion(request)`` → list of ``{"datum": date, "text": str, "link": str, "schritt": str}``: the
  Fristen a stage knows for the user's Kommune (Verwendungsnachweis, Anhörung …); the Kommune's start page shows
  the next one that matters beside the Antragsfrist.
- ``BESCHEID_WIRKSAM``: ``funktion(bescheid)``, called after commit when a Bescheid becomes bestandskräftig or
  an Änderungsbescheid becomes wirksam. A hook can be missed (crash between commit and call): receivers must
  also catch up idempotently on their own.
- ``ZAHLUNGSEINGANG``: ``funktion(eintrag, *, benutzer, quelle)`` for each credit (Haben, CRDT) of a bank
  statement the Auszahlung imports (camt.053/054), inside the import's transaction; ``eintrag`` has
  ``ende_zu_ende_id``, ``betrag``, ``buchungstag``, ``name``, ``verwendungszweck``. Returns None (not mine) or
  ``{"status": "zugeordnet" | "bereits_gebucht" | "abweichend", "zuordnung": str}``; the first answer counts, an
  entry nobody claims is a finding ("nicht zuzuordnen").
"""
STARTSEITE = "startseite"
ANTRAG_SEITE = "antrag_seite"
BESCHEID_SEITE = "bescheid_seite"
PROGRAMMZAHLEN = "programmzahlen"
BESCHEID_WIRKSAM = "bescheid_wirksam"
ZAHLUNGSEINGANG = "zahlungseingang"
FRISTEN = "fristen"

SLOTS = (STARTSEITE, ANTRAG_SEITE, BESCHEID_SEITE, PROGRAMMZAHLEN, BESCHEID_WIRKSAM, ZAHLUNGSEINGANG, FRISTEN)

_REGISTER = {slot: [] for slot in SLOTS}


def _pruefe_slot(slot):
    if slot not in _REGISTER:
        raise ValueError(f"Unbekannter Erweiterungs-Slot {slot!r}; bekannt sind {', '.join(SLOTS)}.")


def registrieren(slot, funktion, *, rolle=None, reihenfolge=50):
    """Register ``funktion`` for ``slot``. Idempotent: the same function for the same slot and role is one
    entry (ready() may run twice); lower ``reihenfolge`` comes first, ties keep the order of registration."""
    _pruefe_slot(slot)
    eintraege = _REGISTER[slot]
    if any(f is funktion and r == rolle for _, r, f in eintraege):
        return funktion
    eintraege.append((reihenfolge, rolle, funktion))
    eintraege.sort(key=lambda eintrag: eintrag[0])  # stable: ties keep registration order
    return funktion


def beitraege(slot, *args, rolle=None, **kwargs):
    """Call every function registered for ``slot`` (and, if given, for ``rolle``; entries without a role are
    called for every role) and return the results that are not None, in order."""
    _pruefe_slot(slot)
    ergebnisse = []
    for _, r, funktion in list(_REGISTER[slot]):
        if r is not None and r != rolle:
            continue
        ergebnis = funktion(*args, **kwargs)
        if ergebnis is not None:
            ergebnisse.append(ergebnis)
    return ergebnisse


def registriert(slot):
    """The registered functions of ``slot`` in order (for tests and the README)."""
    _pruefe_slot(slot)
    return [funktion for _, _, funktion in _REGISTER[slot]]


def entfernen(slot, funktion):
    """Remove ``funktion`` from ``slot`` (tests that register a temporary hook clean up with it)."""
    _pruefe_slot(slot)
    _REGISTER[slot][:] = [e for e in _REGISTER[slot] if e[2] is not funktion]
