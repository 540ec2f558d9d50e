"""Das Regelmodul der KIM-Förderung: reines Python (kein Django, keine App), Decimal statt float.

Höchstbeträge nach Nr. 5.4, Fristen nach Nr. 7.x, Geltungsdauer nach Nr. 8, Erstattungszinsen nach
§ 49a Abs. 3 VwVfG NRW und der JSON-Vertrag des Förderrechners (shared/rechner/CONTRACT.md).
"""
from .basis import FOERDERJAHRE, MONATSNAMEN, RICHTLINIE_DATUM, Monat, RegelFehler, monate_zwischen
from .foerderung import (
    ARTEN,
    BEFUND_REGELN,
    BLOCKIERENDE_CODES,
    CASE_MANAGEMENT,
    JAHRESBETRAG,
    KOMMUNE_ARTEN,
    KOORDINATION,
    KOORDINATION_VZAE,
    KREIS,
    KREISFREIE_STADT,
    MAX_VZAE_JE_STELLE,
    MINDEST_VZAE,
    SACHAUSGABEN_JAHRESBETRAG,
    SCHNITTSTELLEN_HOECHSTBETRAG,
    STAEDTEREGION,
    VERANSTALTUNGEN_HOECHSTBETRAG,
    VERWALTUNGSASSISTENZ,
    VERWALTUNGSASSISTENZ_VZAE,
    WEITERE_KOORDINATION_VZAE,
    Befund,
    Begleitmassnahmen,
    Ergebnis,
    Fall,
    StelleEingabe,
    StelleErgebnis,
    Summen,
    berechne,
    foerderfaehiger_betrag,
    ist_foerderfaehige_vzae,
    koordination_obergrenze_vzae,
    personalausgaben_obergrenze,
    sachausgaben_obergrenze,
)
from .fristen import (
    BEKANNTGABE_TAGE,
    antrag_noch_moeglich,
    antragsfrist,
    auszahlungstermine,
    bekanntgabe,
    bestandskraeftig_ab,
    entscheidungsjahr,
    feiertag_nrw,
    ist_target_tag,
    ist_werktag_nrw,
    klagefrist_ende,
    monat_frist_ende,
    NACHFORDERUNG_WOCHEN,
    nachforderung_frist,
    nachforderung_frist_pruefen,
    naechster_werktag,
    tranchen,
    verwendungsnachweis_frist,
    zahltag,
    zahltage,
)
from .geld import aufteilen, betrag_de, cent, zahl_de
from .kuerzung import Kuerzungsvorschlag, StelleVorschlag, kuerzung_vorschlagen
from .rechner import (
    EingabeFehler,
    bekanntgabe_zeitraum,
    ergebnis_als_json,
    fall_aus_json,
    fristen_als_json,
    parse_fall,
    rechne_json,
)
from .verteilung import Verteilung, VerteilungAntrag, verteilungsvorschlag
from .verwendungsnachweis import BescheidStelle, IstStelle, Nachweis, Pruefergebnis, pruefe_nachweis
from .zinsen import (
    BASISZINSSAETZE,
    ZINSAUFSCHLAG_PROZENTPUNKTE,
    FehlenderBasiszinssatz,
    ZinsAbschnitt,
    Zinsberechnung,
    basiszinssatz_am,
    erstattungszinsen,
    fehlende_halbjahre,
    halbjahr_beginn,
    halbjahr_name,
    zinsberechnung,
)
