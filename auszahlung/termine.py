"""The Finanzen start page's panel of the Auszahlungstermine (Nr. 7.3) with their Zahltage, all from
kim_foerderung.regeln (registered in AuszahlungConfig.ready)."""
from kim_foerderung import regeln, zeit


def auszahlungstermine(request):
    jahr = min(max(zeit.heute().year, min(regeln.FOERDERJAHRE)), max(regeln.FOERDERJAHRE))
    termine = [{"termin": termin, "zahltag": regeln.zahltag(termin)} for termin in regeln.auszahlungstermine(jahr)]
    return {"titel": f"Auszahlungstermine {jahr} (Nr. 7.3)", "template": "auszahlung/_panel_termine.html",
            "termine": termine}
