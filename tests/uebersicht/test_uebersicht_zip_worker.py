"""The ZIP of an Akte is built by a real Celery worker process (Redis broker, PostgreSQL), with its progress on
the order; running the task twice builds it once (issue 12 Nr. 2)."""
import hashlib
import io
import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from kim_foerderung.arbeitsliste import services
from kim_foerderung.arbeitsliste.models import Aktenexport, ExportStatus
from kim_foerderung.protokoll.models import Protokolleintrag
from uebersicht import tasks
from uebersicht.akte import akte_fuer

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def kommunen(transactional_db):
    """An earlier transactional test may have emptied the tables: the 54 Kommunen again (idempotent)."""
    from kim_foerderung.stammdaten.services import kommunen_laden

    kommunen_laden()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_echter_worker_baut_das_zip_mit_fortschritt(kommunen, bestandskraeftiger_bescheid, kommune_user, client_als):
    from kim_foerderung.celery import app

    unna = bestandskraeftiger_bescheid.antrag.kommune
    auftrag = services.export_beauftragen(benutzer=kommune_user, kommune=unna, foerderjahr=2026)
    # The status page polls (htmx) while the order waits.
    client = client_als(kommune_user)
    teil = client.get(reverse("akte_export", args=[auftrag.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in teil and "<html" not in teil

    queue = f"kim-test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=_database_url(), KIM_TESTING="1",
               KIM_DOKUMENTE_ROOT=str(settings.MEDIA_ROOT))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kim_foerderung", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        app.conf.task_always_eager = False
        tasks.akte_zip_erstellen.apply_async(args=[auftrag.pk], queue=queue)
        frist = time.monotonic() + 120
        while time.monotonic() < frist:
            auftrag.refresh_from_db()
            if auftrag.status in (ExportStatus.FERTIG, ExportStatus.FEHLER):
                break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
        assert auftrag.status == ExportStatus.FERTIG, auftrag.meldung
        assert auftrag.erledigt == auftrag.gesamt == len(akte_fuer(kommune_user, unna, 2026).dokumente) + 2
        erster = auftrag.sha256
        # The same task again (a retry, a second worker): nothing is built twice.
        tasks.akte_zip_erstellen.apply_async(args=[auftrag.pk], queue=queue)
        time.sleep(4)
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    auftrag.refresh_from_db()
    assert auftrag.sha256 == erster
    assert Protokolleintrag.objects.filter(object_id=str(auftrag.pk), aktion="Akte als ZIP erstellt").count() == 1
    assert Aktenexport.objects.count() == 1
    antwort = client.get(reverse("akte_export_datei", args=[auftrag.pk]))
    inhalt = b"".join(antwort.streaming_content)
    assert hashlib.sha256(inhalt).hexdigest() == erster
    assert "index.pdf" in zipfile.ZipFile(io.BytesIO(inhalt)).namelist()
