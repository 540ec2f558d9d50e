"""Integration: the beat service's command and healthcheck from docker-compose.yml against the real Redis.

A running beat (remote control on) answers the healthcheck's `celery inspect ping`; once it is gone, the same
healthcheck fails. Beat runs in production mode with the DatabaseScheduler on its own SQLite file.
"""
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def compose_dienst(name):
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"][name]


def healthcheck_befehl(dienst):
    """The healthcheck as the container's shell runs it: CMD-SHELL string, compose's "$$" → "$"."""
    test = dienst["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    return ["sh", "-c", test[1].replace("$$", "$")]


@pytest.mark.redis
def test_beat_healthcheck_gesund_solange_beat_laeuft(tmp_path):
    beat = compose_dienst("beat")
    knoten = f"kim-test-{uuid.uuid4().hex[:8]}-{socket.gethostname()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KIM_")) and k != "DATABASE_URL"}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="kim.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'beat.sqlite3'}",
        KIM_VAR_DIR=str(tmp_path / "var"),
        HOSTNAME=knoten,  # in the container, $HOSTNAME is the host name beat's node is named after
    )
    migration = subprocess.run([sys.executable, "manage.py", "migrate", "django_celery_beat", "--noinput"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert migration.returncode == 0, migration.stdout + migration.stderr

    healthcheck = healthcheck_befehl(beat)

    def gesund():
        return subprocess.run(healthcheck, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    # Nobody answers for this node before beat runs.
    assert gesund().returncode != 0

    befehl = [str(teil) for teil in beat["command"]] + ["--hostname", f"celerybeat@{knoten}"]
    prozess = subprocess.Popen(befehl, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        frist = time.monotonic() + 60
        while True:
            ergebnis = gesund()
            if ergebnis.returncode == 0:
                break
            assert prozess.poll() is None, prozess.stdout.read()
            assert time.monotonic() < frist, ergebnis.stdout + ergebnis.stderr
            time.sleep(1)
    finally:
        prozess.terminate()
        try:
            prozess.wait(timeout=30)
        except subprocess.TimeoutExpired:
            prozess.kill()
            prozess.wait()

    # beat is gone: the same healthcheck fails.
    assert gesund().returncode != 0
