"""Two workers render the same document at once (DESIGN.md: every task idempotent; unique constraint decides)."""
import io
import threading

import pytest
from django.db import connections
from pypdf import PdfWriter

from kim_foerderung.dokumente import services
from kim_foerderung.dokumente.models import Dokument
from kim_foerderung.protokoll.models import Protokolleintrag
from tests import factories


def _pdf(text):
    schreiber = PdfWriter()
    schreiber.add_blank_page(width=595, height=842)
    schreiber.add_metadata({"/Subject": text})
    puffer = io.BytesIO()
    schreiber.write(puffer)
    return puffer.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_zwei_worker_gleicher_schluessel_ein_dokument(monkeypatch, settings):
    # Own Kommune: a transactional test may run after another one that flushed the migrated master data.
    kommune = factories.KommuneFactory()
    schranke = threading.Barrier(2, timeout=20)

    def rendern_nach_schranke(html):
        schranke.wait()  # both workers have looked and found nothing before either one stores
        return _pdf(html[:40])

    monkeypatch.setattr(services, "pdf_aus_html", rendern_nach_schranke)
    monkeypatch.setattr(services, "html_rendern", lambda name, kontext: f"Fassung {kontext['absatz']}")
    ergebnisse, fehler = {}, []

    def worker(nummer):
        try:
            ergebnisse[nummer] = services.pdf_erzeugen(
                schluessel="wettlauf-1", template_name="pdf/muster.html", context={"absatz": str(nummer)},
                bezug=kommune, kommune=kommune, benutzer=None, titel="Wettlauf", art="muster", dateiname="w.pdf",
            )
        except Exception as exc:  # noqa: BLE001
            fehler.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert not fehler, fehler
    assert ergebnisse[1].pk == ergebnisse[2].pk
    assert Dokument.objects.count() == 1
    dokument = Dokument.objects.get()
    assert services.pruefsumme_gueltig(dokument)
    dateien = [p for p in settings.KIM_DOKUMENTE_ROOT.rglob("*") if p.is_file()]
    assert len(dateien) == 1  # the loser's file was removed
    assert Protokolleintrag.objects.filter(aktion="Dokument erzeugt: Wettlauf").count() == 1
