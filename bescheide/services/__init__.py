"""Writes of Prüfung and Bescheid, by sub-domain: one function per transition, atomic, checked by role, person and
state, audited; amounts always from kim_foerderung.regeln. Callers import the package (``from bescheide import
services``); the modules are pruefung, entwurf, zeichnung, bekanntgabe, aenderung and gemeinsam (what they share)."""
from .gemeinsam import (  # noqa: F401
    NULL,
    BescheidFehler,
    _wirksam_melden,
    _sachbearbeitung,
    _zeichnung_ausser,
    _kommune_benutzer,
    _link,
    _bearbeitet,
    _vier_augen,
    _sperren,
    _pruefe_kommune,
)
from .pruefung import (  # noqa: F401
    _pruefe_rolle,
    pruefung_speichern,
)
from .entwurf import (  # noqa: F401
    _neu_berechnen,
    haushalt_pruefen,
    entwurf_anlegen,
    _stellen_uebernehmen,
    _pruefe_entwurf,
    entwurf_speichern,
    verwerfen,
)
from .zeichnung import (  # noqa: F401
    _antrag_entscheidbar,
    _blockierende_befunde,
    vorlegen,
    zurueckgeben,
    _naechste_nummer,
    freigeben,
)
from .bekanntgabe import (  # noqa: F401
    _fristen_setzen,
    versenden,
    empfang_bestaetigen,
    spaeteren_empfang_erfassen,
    _bestandskraft,
    rechtsbehelfsverzicht_erklaeren,
    bestandskraft_eintreten_lassen,
)
from .aenderung import (  # noqa: F401
    aenderungsantrag_stellen,
    aenderungsbescheid_anlegen,
)
# Reads that used to live here, re-exported for callers that still use the old names.
from ..berechnung import _zeile, ergebnis_fuer  # noqa: F401,E402
from ..selectors import bearbeiter_ids, selbst_bearbeitet  # noqa: F401,E402
