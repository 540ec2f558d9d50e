"""Integration: a real Celery worker process takes a task from Redis and writes to PostgreSQL."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from kim_foerderung.protokoll.models import Lebenszeichen

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_echter_worker_schreibt_lebenszeichen_in_postgres():
    from kim_foerderung.celery import app
    from kim_foerderung.protokoll.tasks import taeglicher_check

    queue = f"kim-test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=_database_url(), KIM_TESTING="1")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kim_foerderung", "worker", "--pool=solo", "--concurrency=1",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        app.conf.task_always_eager = False
        assert app.conf.broker_url.startswith("redis://")
        ergebnis = taeglicher_check.apply_async(kwargs={"quelle": "worker"}, queue=queue)
        assert ergebnis.id
        frist = time.monotonic() + 60
        while time.monotonic() < frist and not Lebenszeichen.objects.filter(quelle="worker").exists():
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
        assert Lebenszeichen.objects.filter(quelle="worker").count() == 1
        # Idempotent: the same task again changes nothing.
        taeglicher_check.apply_async(kwargs={"quelle": "worker-2"}, queue=queue)
        time.sleep(3)
        assert Lebenszeichen.objects.count() == 1
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
