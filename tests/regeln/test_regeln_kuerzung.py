"""Kürzungsvorschlag (issue 9 Nr. 3): Obergrenzen je Monat nach Nr. 5.4.1 (Koordination 3,5/2,5 VZÄ, Nr. 4.3
+1,0, Verwaltungsassistenz 0,5) und Nr. 2.2 (CM-Kontingent); zuerst unbesetzte, dann besetzte Stellen (Nr. 5.4.1
„vorrangig besetzte Stellen“), innerhalb jeder Gruppe die zuletzt aufgeführte zuerst."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kim_foerderung.regeln import (
    CASE_MANAGEMENT,
    KOORDINATION,
    VERWALTUNGSASSISTENZ,
    Fall,
    Monat,
    RegelFehler,
    StelleEingabe,
    berechne,
)
from kim_foerderung.regeln.kuerzung import kuerzung_vorschlagen

D = Decimal
OBERGRENZEN = {"KOORDINATION_OBERGRENZE", "VERWALTUNGSASSISTENZ_OBERGRENZE", "CM_KONTINGENT_UEBERSCHRITTEN"}


def stelle(sid, vzae="1.0", von=1, bis=12, art=KOORDINATION, besetzt=True):
    return StelleEingabe(id=sid, art=art, vzae=D(vzae), von=Monat(2026, von), bis=Monat(2026, bis),
                         besetzt=besetzt)


def vorschlag(stellen, kommune_art="kreis", qualifizierte=0, kontingent=None):
    return kuerzung_vorschlagen(stellen, foerderjahr=2026, kommune_art=kommune_art,
                                qualifizierte_kreisangehoerige=qualifizierte, cm_kontingent_vzae=kontingent)


def als_stellen(ergebnis):
    return [StelleEingabe(id=s.id, art=s.art, vzae=s.vzae, von=s.von, bis=s.bis, besetzt=s.besetzt)
            for s in ergebnis.stellen if not s.entfaellt]


def obergrenzen_befunde(stellen, kommune_art="kreis", qualifizierte=0, kontingent=None):
    fall = Fall(foerderjahr=2026, kommune_art=kommune_art, qualifizierte_kreisangehoerige=qualifizierte,
                cm_kontingent_vzae=kontingent, stellen=tuple(stellen))
    return {b.code for b in berechne(fall).befunde} & OBERGRENZEN


# --- Beispiele ---------------------------------------------------------------------------------------

def test_nr_5_4_1_unbesetzte_stelle_im_ueberschrittenen_halbjahr():
    """Nr. 5.4.1: Kreis mit 3 besetzten Koordinationsstellen und einer unbesetzten ab Juli → 4,0 VZÄ im
    Juli–Dezember; die unbesetzte wird auf 0,5 VZÄ gesenkt (nur so viel wie nötig), die besetzten bleiben;
    bei 4,5 VZÄ entfällt sie."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4", von=7, besetzt=False)])
    assert [s.id for s in ergebnis.geaenderte] == ["K4"]
    k4 = ergebnis.stelle("K4")
    assert (k4.vzae, k4.von, k4.bis) == (D("0.5"), Monat(2026, 7), Monat(2026, 12))
    assert k4.gruende == ("Nr. 5.4.1: Koordination im Juli–Dezember auf 3,5 VZÄ begrenzt; Stelle K4 "
                          "(unbesetzt) von 1,0 auf 0,5 VZÄ gesenkt.",)
    assert all(not ergebnis.stelle(k).geaendert and ergebnis.stelle(k).gruende == () for k in ("K1", "K2", "K3"))

    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K5", "0.5"),
                          stelle("K4", von=7, besetzt=False)])
    k4 = ergebnis.stelle("K4")
    assert k4.entfaellt and (k4.vzae, k4.von, k4.bis) == (None, None, None)
    assert k4.gruende == ("Nr. 5.4.1: Koordination im Juli–Dezember auf 3,5 VZÄ begrenzt; Stelle K4 "
                          "(unbesetzt) entfällt.",)
    assert [s.id for s in ergebnis.geaenderte] == ["K4"]


def test_nr_5_4_1_nur_so_viel_wie_noetig_vzae_gesenkt():
    """Nr. 5.4.1: 4,0 VZÄ das ganze Jahr bei 3,5 → die zuletzt aufgeführte Stelle auf 0,5 VZÄ gesenkt."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4")])
    k4 = ergebnis.stelle("K4")
    assert (k4.vzae, k4.von, k4.bis) == (D("0.5"), Monat(2026, 1), Monat(2026, 12))
    assert k4.gruende == ("Nr. 5.4.1: Koordination im Januar–Dezember auf 3,5 VZÄ begrenzt; Stelle K4 "
                          "(besetzt) von 1,0 auf 0,5 VZÄ gesenkt.",)
    assert len(ergebnis.geaenderte) == 1


def test_nr_5_4_1_verkuerzen_statt_senken_wenn_mehr_bleibt():
    """Nr. 5.4.1: Überschreitung um 0,75 nur im Oktober–Dezember: 1,0 VZÄ bis September (9 VZÄ-Monate) behält
    mehr als 0,25 VZÄ (unter 0,5, also keine gültige Stelle) – die Stelle endet im September."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4", vzae="0.75", von=10),
                          stelle("K5", vzae="0.5")])
    # Oktober–Dezember: 1+1+1+0,75+0,5 = 4,25 → 0,75 zu viel; K5 (zuletzt) kann nur 0,5 abgeben → entfällt dort:
    # K5 endet im September; danach 3,75 → K4 (0,75) muss 0,25 abgeben → 0,5 VZÄ
    k5, k4 = ergebnis.stelle("K5"), ergebnis.stelle("K4")
    assert (k5.vzae, k5.von, k5.bis) == (D("0.5"), Monat(2026, 1), Monat(2026, 9))
    assert "endet im September statt im Dezember" in k5.gruende[0]
    assert (k4.vzae, k4.von, k4.bis) == (D("0.50"), Monat(2026, 10), Monat(2026, 12))
    assert obergrenzen_befunde(als_stellen(ergebnis)) == set()


def test_nr_5_4_1_unbesetzte_vor_besetzten_auch_wenn_frueher_aufgefuehrt():
    """Nr. 5.4.1 „vorrangig besetzte Stellen“: die unbesetzte K1 wird vor der zuletzt aufgeführten besetzten
    gekürzt."""
    ergebnis = vorschlag([stelle("K1", besetzt=False), stelle("K2"), stelle("K3"), stelle("K4")])
    assert [s.id for s in ergebnis.geaenderte] == ["K1"]
    assert ergebnis.stelle("K1").vzae == D("0.5")
    assert "(unbesetzt) von 1,0 auf 0,5 VZÄ gesenkt" in ergebnis.stelle("K1").gruende[0]


def test_nr_5_4_1_innerhalb_der_gruppe_die_zuletzt_aufgefuehrte_zuerst():
    """Nr. 5.4.1: zwei unbesetzte Stellen – die zuletzt aufgeführte (K4) zuerst, K3 bleibt."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3", besetzt=False), stelle("K4", besetzt=False)])
    assert [s.id for s in ergebnis.geaenderte] == ["K4"]


def test_nr_5_4_1_kreisfreie_stadt_2_5_und_nr_4_3_weitere_koordination():
    """Nr. 5.4.1: kreisfreie Stadt 2,5 VZÄ; Nr. 4.3: Kreis mit zwei qualifizierten Kommunen 5,5 VZÄ."""
    stellen = [stelle(f"K{i}") for i in range(1, 6)]
    stadt = vorschlag(stellen[:3], kommune_art="kreisfreie_stadt")
    assert stadt.stelle("K3").vzae == D("0.5")
    assert "auf 2,5 VZÄ begrenzt" in stadt.stelle("K3").gruende[0]
    assert not vorschlag(stellen, qualifizierte=2).noetig  # 5,0 ≤ 5,5
    kreis = vorschlag(stellen + [stelle("K6")], qualifizierte=2)
    assert kreis.stelle("K6").vzae == D("0.5") and "auf 5,5 VZÄ begrenzt" in kreis.stelle("K6").gruende[0]


def test_nr_5_4_1_verwaltungsassistenz_halbe_stelle():
    """Nr. 5.4.1: Verwaltungsassistenz höchstens 0,5 VZÄ je Monat; zwei halbe Stellen im März–Mai → die
    zuletzt aufgeführte beginnt im Juni."""
    ergebnis = vorschlag([stelle("VA1", "0.5", bis=5, art=VERWALTUNGSASSISTENZ),
                          stelle("VA2", "0.5", von=3, art=VERWALTUNGSASSISTENZ)])
    va2 = ergebnis.stelle("VA2")
    assert (va2.vzae, va2.von, va2.bis) == (D("0.5"), Monat(2026, 6), Monat(2026, 12))
    assert va2.gruende == ("Nr. 5.4.1: Verwaltungsassistenz im März–Mai auf 0,5 VZÄ begrenzt; Stelle VA2 "
                           "(besetzt) beginnt im Juni statt im März.",)


def test_nr_2_2_cm_kontingent():
    """Nr. 2.2: CM-Kontingent 1,5 VZÄ; ohne Kontingent wird Case Management nie gekürzt."""
    stellen = [stelle("CM1", art=CASE_MANAGEMENT), stelle("CM2", art=CASE_MANAGEMENT, besetzt=False)]
    assert not vorschlag(stellen).noetig
    ergebnis = vorschlag(stellen, kontingent=D("1.5"))
    assert ergebnis.stelle("CM2").vzae == D("0.5")
    assert ergebnis.stelle("CM2").gruende[0].startswith(
        "Nr. 2.2: Case Management im Januar–Dezember auf das Kontingent von 1,5 VZÄ begrenzt; ")
    assert vorschlag(stellen, kontingent=D("0")).stelle("CM1").entfaellt


def test_nr_5_4_1_stellen_unter_halb_ohne_ueberschreitung_bleiben():
    """Nr. 5.4.1: eine Stelle unter 0,5 VZÄ zählt nicht zur Obergrenze und bleibt; andere Arten bleiben."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K4", "0.25"),
                          stelle("VA1", "0.5", art=VERWALTUNGSASSISTENZ)])
    assert not ergebnis.noetig


def test_nr_5_4_1_besetzte_wird_nicht_gekuerzt_wo_unbesetzte_noch_vzae_hat():
    """Nr. 5.4.1: Überschreitung nur im März–April (kreisfreie Stadt, 2,5); die besetzte K3 müsste sonst im
    Januar–Februar gekürzt werden, wo die unbesetzte K9 noch läuft → K9 entfällt dort, K3 behält Mai–Dezember."""
    stellen = [stelle("K4", von=3, bis=4), stelle("K1"), stelle("K2", "0.5"),
               stelle("K9", "0.5", bis=2, besetzt=False), stelle("K3", "0.5")]
    ergebnis = vorschlag(stellen, kommune_art="kreisfreie_stadt")
    k3, k9 = ergebnis.stelle("K3"), ergebnis.stelle("K9")
    assert (k3.vzae, k3.von, k3.bis) == (D("0.5"), Monat(2026, 5), Monat(2026, 12))
    assert k9.entfaellt
    assert "vorrangig besetzte Stellen (Stelle K3): Stelle K9 (unbesetzt) entfällt" in k9.gruende[0]
    assert obergrenzen_befunde(als_stellen(ergebnis), "kreisfreie_stadt") == set()


def test_nr_5_4_1_unbesetzte_unter_halb_entfaellt_wo_besetzte_gekuerzt_wird():
    """Nr. 5.4.1: eine unbesetzte Stelle unter 0,5 VZÄ zählt nicht und ist nicht zuwendungsfähig; wo eine besetzte
    gekürzt wird, entfällt sie; sonst bleibt sie."""
    ergebnis = vorschlag([stelle("VA0", "0.25", art=VERWALTUNGSASSISTENZ, besetzt=False),
                          stelle("VA1", "0.6", art=VERWALTUNGSASSISTENZ)])
    assert ergebnis.stelle("VA1").vzae == D("0.5")
    assert ergebnis.stelle("VA0").entfaellt
    assert "unter 0,5 VZÄ nicht zuwendungsfähig: Stelle VA0 (unbesetzt) entfällt" in ergebnis.stelle("VA0").gruende[0]
    assert not vorschlag([stelle("VA0", "0.25", art=VERWALTUNGSASSISTENZ, besetzt=False),
                          stelle("VA1", "0.5", art=VERWALTUNGSASSISTENZ)]).noetig


def test_nr_5_4_1_mehrere_zeitraeume_im_grund():
    """Nr. 5.4.1: die Monate der Überschreitung werden als Zeiträume genannt („Januar–Februar und Mai“)."""
    ergebnis = vorschlag([stelle("K1"), stelle("K2"), stelle("K3"), stelle("K5", "0.5", bis=2),
                          stelle("K6", "0.5", von=5, bis=5), stelle("K7", "0.5", besetzt=False)])
    assert ergebnis.stelle("K7").gruende == (
        "Nr. 5.4.1: Koordination im Januar–Februar und Mai auf 3,5 VZÄ begrenzt; Stelle K7 (unbesetzt) beginnt "
        "im Juni statt im Januar.",)


def test_kuerzung_fehlerhafte_eingabe():
    """Nr. 5.4.1/2.2: unbekannte Kommunenart, negatives Kontingent, doppelte Kennung → RegelFehler."""
    with pytest.raises(RegelFehler):
        vorschlag([stelle("K1")], kommune_art="dorf")
    with pytest.raises(RegelFehler):
        vorschlag([stelle("K1")], kontingent=D("-1"))
    with pytest.raises(RegelFehler, match="mehrfach"):
        vorschlag([stelle("K1"), stelle("K1")])


# --- Eigenschaften ---------------------------------------------------------------------------------

VZAE = st.sampled_from(["0.25", "0.5", "0.6", "0.75", "0.8", "1.0"]).map(D)


@st.composite
def stellen_listen(draw):
    anzahl = draw(st.integers(1, 9))
    stellen = []
    for i in range(anzahl):
        von = draw(st.integers(1, 12))
        bis = draw(st.integers(von, 12))
        art = draw(st.sampled_from([KOORDINATION, KOORDINATION, VERWALTUNGSASSISTENZ, CASE_MANAGEMENT]))
        stellen.append(StelleEingabe(id=f"S{i}", art=art, vzae=draw(VZAE), von=Monat(2026, von),
                                     bis=Monat(2026, bis), besetzt=draw(st.booleans())))
    return stellen


@settings(max_examples=400, deadline=None)
@given(stellen_listen(), st.sampled_from(["kreis", "staedteregion", "kreisfreie_stadt"]), st.integers(0, 2),
       st.one_of(st.none(), st.sampled_from(["0", "0.5", "1.0", "1.5", "2.5"]).map(D)))
def test_nr_5_4_1_eigenschaft_keine_obergrenze_und_besetzte_zuletzt(stellen, kommune_art, qualifizierte,
                                                                      kontingent):
    """Nr. 5.4.1, 4.3, 2.2: nach dem Vorschlag ist keine Obergrenze je Monat überschritten; keine besetzte Stelle
    ist in einem Monat gekürzt, in dem eine unbesetzte derselben Art noch VZÄ hat; jede Stelle bleibt gültig
    (≥ 0,5 VZÄ, zusammenhängend, innerhalb des bisherigen Zeitraums) oder entfällt (auch eine unbesetzte unter
    0,5 VZÄ, wo eine besetzte gekürzt wird); ohne Überschreitung bleibt
    alles, wie es ist, und eine besetzte Stelle ohne überschrittenen Monat bleibt immer unverändert."""
    ergebnis = vorschlag(stellen, kommune_art, qualifizierte, kontingent)
    assert [s.id for s in ergebnis.stellen] == [s.id for s in stellen]
    assert obergrenzen_befunde(als_stellen(ergebnis), kommune_art, qualifizierte, kontingent) == set()

    vorher = {s.id: s for s in stellen}
    for s in ergebnis.stellen:
        alt = vorher[s.id]
        if not s.geaendert:
            assert s.gruende == ()
            continue
        assert s.gruende and all(g.startswith("Nr. ") and g.endswith(".") for g in s.gruende)
        # Eine Stelle unter 0,5 VZÄ wird nur gestrichen (unbesetzt, wo eine besetzte gekürzt wird), nie verändert
        assert alt.vzae >= D("0.5") or (s.entfaellt and not s.besetzt)
        if not s.entfaellt:
            assert D("0.5") <= s.vzae <= alt.vzae
            assert alt.von <= s.von <= s.bis <= alt.bis

    monate = [Monat(2026, m) for m in range(1, 13)]
    for art in (KOORDINATION, VERWALTUNGSASSISTENZ, CASE_MANAGEMENT):
        gruppe = [s for s in ergebnis.stellen if s.art == art]
        for monat in monate:
            besetzte_gekuerzt = any(s.besetzt and s.vzae_in(monat) < (vorher[s.id].vzae if vorher[s.id].aktiv_in(
                monat) else 0) for s in gruppe)
            if besetzte_gekuerzt:
                assert all(s.vzae_in(monat) == 0 for s in gruppe if not s.besetzt), (art, monat)

    if not obergrenzen_befunde(stellen, kommune_art, qualifizierte, kontingent):
        assert not ergebnis.noetig
    # Eine besetzte Stelle, die in keinem Monat mit Überschreitung läuft, wird nie gekürzt.
    grenze = {KOORDINATION: None, VERWALTUNGSASSISTENZ: D("0.5"), CASE_MANAGEMENT: kontingent}
    from kim_foerderung.regeln import koordination_obergrenze_vzae
    grenze[KOORDINATION] = koordination_obergrenze_vzae(kommune_art, qualifizierte)
    for s in stellen:
        if not s.besetzt or grenze[s.art] is None:
            continue
        zaehlend = [t for t in stellen if t.art == s.art and t.vzae >= D("0.5")]
        ueber = any(sum((t.vzae for t in zaehlend if t.aktiv_in(m)), D(0)) > grenze[s.art]
                    for m in monate if s.aktiv_in(m))
        if not ueber:
            assert not ergebnis.stelle(s.id).geaendert
