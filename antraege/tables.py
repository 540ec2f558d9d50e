import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from kim_foerderung import regeln

from .models import Antrag


class AntragTabelle(tables.Table):
    kommune = tables.Column(verbose_name="Kommune", order_by=("kommune__name",))
    foerderjahr = tables.Column(verbose_name="Förderjahr")
    status = tables.Column(verbose_name="Status")
    anzahl_stellen = tables.Column(verbose_name="Stellen", attrs={"td": {"class": "betrag"}})
    beantragt = tables.Column(verbose_name="beantragt", attrs={"td": {"class": "betrag"}, "th": {"class": "betrag"}})
    eingereicht_am = tables.DateTimeColumn(verbose_name="eingereicht", format="d.m.Y")

    class Meta:
        model = Antrag
        fields = ["kommune", "foerderjahr", "status", "anzahl_stellen", "beantragt", "eingereicht_am"]
        attrs = {"class": "table table-striped align-middle"}
        empty_text = "Keine Anträge passen zu diesem Filter."
        orderable = True

    def render_kommune(self, record):
        return format_html('<a href="{}">{}</a>', reverse("antrag_detail", args=[record.pk]), record.kommune)

    def render_status(self, record):
        return record.get_status_display()

    def render_beantragt(self, value):
        return regeln.betrag_de(value)
