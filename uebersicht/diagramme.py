"""Charts of the Programmübersicht with pygal: server-side SVG, embedded as data: URI images (no script, no CDN:
``js=[]``), each with a German text alternative; the page shows the same numbers in a table beside each chart.
Each picture is drawn once per set of numbers (kim_foerderung.diagramm, issue 13)."""
import base64
from decimal import Decimal

import pygal
from pygal.style import Style

from kim_foerderung import diagramm, regeln

STIL = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#212529", foreground_strong="#212529",
    foreground_subtle="#495057", colors=("#0b5394", "#38761d", "#b45f06", "#990000", "#674ea7", "#45818e"),
    font_family="DejaVu Sans, Arial, sans-serif", label_font_size=13, major_label_font_size=13,
    legend_font_size=13, title_font_size=16, value_font_size=12,
)


def _euro(wert):
    return regeln.betrag_de(Decimal(str(wert))) if wert is not None else "–"


def _zahl(wert):
    return regeln.zahl_de(Decimal(str(wert)))


def _anzahl(wert):
    return f"{wert:.0f}"


def _basis(art, titel, **optionen):
    return art(style=STIL, js=[], explicit_size=False, width=800, height=400,
               title=titel, legend_at_bottom=True, print_values=False, **optionen)


def _uri(art, titel, x_labels, reihen, **optionen):
    """The chart as a data: URI, drawn once per (kind, title, labels, series, options)."""
    x_labels, reihen = list(x_labels), [(name, list(werte)) for name, werte in reihen]

    def zeichnen():
        chart = _basis(art, titel, **optionen)
        chart.x_labels = x_labels
        for name, werte in reihen:
            chart.add(name, werte)
        svg = chart.render()  # bytes with the XML declaration
        return "data:image/svg+xml;charset=utf-8;base64," + base64.b64encode(svg).decode("ascii")

    return diagramm.gezeichnet(
        ("uebersicht", art.__name__, titel, x_labels, reihen,
         sorted((k, getattr(v, "__qualname__", v)) for k, v in optionen.items())), zeichnen)


def geld_je_bezirk(uebersicht):
    reihen = [(name, [float(getattr(b, spalte)) for b in uebersicht.bezirke])
              for spalte, name in (("beantragt", "beantragt"), ("bewilligt", "bewilligt"),
                                   ("ausgezahlt", "ausgezahlt"))]
    uri = _uri(pygal.Bar, f"Beantragt, bewilligt und ausgezahlt {uebersicht.foerderjahr} je Regierungsbezirk",
               [b.titel for b in uebersicht.bezirke], reihen, value_formatter=_euro, x_label_rotation=20)
    return {"uri": uri, "alt": "Balkendiagramm: beantragte, bewilligte und ausgezahlte Beträge je "
                                        "Regierungsbezirk; die Zahlen stehen in der Tabelle daneben."}


def vzae_je_art(uebersicht):
    reihen = [("bewilligt", [float(v["bewilligt"]) for v in uebersicht.vzae]),
              ("davon besetzt", [float(v["besetzt"]) for v in uebersicht.vzae])]
    uri = _uri(pygal.HorizontalBar, "VZÄ bewilligt und besetzt je Art der Stelle",
               [v["art"] for v in uebersicht.vzae], reihen, value_formatter=_zahl)
    return {"uri": uri, "alt": "Balkendiagramm: bewilligte und besetzte Vollzeitäquivalente je Art der "
                                        "Stelle; die Zahlen stehen in der Tabelle daneben."}


def antraege_je_status(uebersicht):
    uri = _uri(pygal.Bar, f"Anträge {uebersicht.foerderjahr} je Status", [s["status"] for s in uebersicht.status],
               [("Anträge", [s["anzahl"] for s in uebersicht.status])], value_formatter=_anzahl,
               show_legend=False, x_label_rotation=20)
    return {"uri": uri, "alt": "Balkendiagramm: Zahl der Anträge je Status; die Zahlen stehen in der "
                                        "Tabelle daneben."}


def geldfluss(uebersicht):
    reihen = [(name, [float(v[f"{spalte}_kumuliert"]) for v in uebersicht.verlauf])
              for spalte, name in (("bewilligt", "bewilligt"), ("geplant", "Auszahlung geplant (Nr. 7.3)"),
                                   ("ausgezahlt", "ausgezahlt"), ("erstattet", "erstattet"))]
    uri = _uri(pygal.Line, f"Geldfluss {uebersicht.foerderjahr} (kumuliert)", [v["name"] for v in uebersicht.verlauf],
               reihen, value_formatter=_euro, x_label_rotation=20, show_dots=True)
    return {"uri": uri, "alt": "Liniendiagramm: bewilligte, zur Auszahlung geplante, ausgezahlte und "
                                        "erstattete Beträge je Monat, aufsummiert; die Zahlen stehen in der Tabelle "
                                        "daneben."}
