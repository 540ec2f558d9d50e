"""Charts of the Programmübersicht with pygal: server-side SVG, embedded as data: URI images (no script, no CDN:
``js=[]``), each with a German text alternative; the page shows the same numbers in a table beside each chart."""
import base64
from decimal import Decimal

import pygal
from pygal.style import Style

from kim_foerderung import regeln

STIL = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#212529", foreground_strong="#212529",
    foreground_subtle="#495057", colors=("#0b5394", "#38761d", "#b45f06", "#990000", "#674ea7", "#45818e"),
    font_family="DejaVu Sans, Arial, sans-serif", label_font_size=13, major_label_font_size=13,
    legend_font_size=13, title_font_size=16, value_font_size=12,
)


def _euro(wert):
    return regeln.betrag_de(Decimal(str(wert))) if wert is not None else "–"


def _basis(art, titel, **optionen):
    return art(style=STIL, js=[], explicit_size=False, width=800, height=400,
               title=titel, legend_at_bottom=True, print_values=False, **optionen)


def _uri(chart):
    svg = chart.render()  # bytes with the XML declaration
    return "data:image/svg+xml;charset=utf-8;base64," + base64.b64encode(svg).decode("ascii")


def geld_je_bezirk(uebersicht):
    chart = _basis(pygal.Bar, f"Beantragt, bewilligt und ausgezahlt {uebersicht.foerderjahr} je Regierungsbezirk",
                   value_formatter=_euro, x_label_rotation=20)
    chart.x_labels = [b.titel for b in uebersicht.bezirke]
    for spalte, name in (("beantragt", "beantragt"), ("bewilligt", "bewilligt"), ("ausgezahlt", "ausgezahlt")):
        chart.add(name, [float(getattr(b, spalte)) for b in uebersicht.bezirke])
    return {"uri": _uri(chart), "alt": "Balkendiagramm: beantragte, bewilligte und ausgezahlte Beträge je "
                                        "Regierungsbezirk; die Zahlen stehen in der Tabelle daneben."}


def vzae_je_art(uebersicht):
    chart = _basis(pygal.HorizontalBar, "VZÄ bewilligt und besetzt je Art der Stelle",
                   value_formatter=lambda v: regeln.zahl_de(Decimal(str(v))))
    chart.x_labels = [v["art"] for v in uebersicht.vzae]
    chart.add("bewilligt", [float(v["bewilligt"]) for v in uebersicht.vzae])
    chart.add("davon besetzt", [float(v["besetzt"]) for v in uebersicht.vzae])
    return {"uri": _uri(chart), "alt": "Balkendiagramm: bewilligte und besetzte Vollzeitäquivalente je Art der "
                                        "Stelle; die Zahlen stehen in der Tabelle daneben."}


def antraege_je_status(uebersicht):
    chart = _basis(pygal.Bar, f"Anträge {uebersicht.foerderjahr} je Status", value_formatter=lambda v: f"{v:.0f}",
                   show_legend=False, x_label_rotation=20)
    chart.x_labels = [s["status"] for s in uebersicht.status]
    chart.add("Anträge", [s["anzahl"] for s in uebersicht.status])
    return {"uri": _uri(chart), "alt": "Balkendiagramm: Zahl der Anträge je Status; die Zahlen stehen in der "
                                        "Tabelle daneben."}


def geldfluss(uebersicht):
    chart = _basis(pygal.Line, f"Geldfluss {uebersicht.foerderjahr} (kumuliert)", value_formatter=_euro,
                   x_label_rotation=20, show_dots=True)
    chart.x_labels = [v["name"] for v in uebersicht.verlauf]
    for spalte, name in (("bewilligt", "bewilligt"), ("geplant", "Auszahlung geplant (Nr. 7.3)"),
                         ("ausgezahlt", "ausgezahlt"), ("erstattet", "erstattet")):
        chart.add(name, [float(v[f"{spalte}_kumuliert"]) for v in uebersicht.verlauf])
    return {"uri": _uri(chart), "alt": "Liniendiagramm: bewilligte, zur Auszahlung geplante, ausgezahlte und "
                                        "erstattete Beträge je Monat, aufsummiert; die Zahlen stehen in der Tabelle "
                                        "daneben."}
