"""Nie doppelt (Nr. 7.3, public money): two real Celery worker processes against PostgreSQL and Redis prepare and
release runs for the same due date at once – every Tranche ends in exactly one released run and in exactly one SEPA
file. And with Redis down the web app keeps working; the command prepares the run later, nothing lost or twice."""
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from lxml import etree

from auszahlung import services
from auszahlung.models import LaufStatus, Tranche, TranchenStatus, Zahlungslauf, Zahlungsposten
from tests import factories
from tests.auszahlung.conftest import zahlbare_antraege

ROOT = Path(__file__).resolve().parents[2]
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


def _database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(queue, name):
    from django.conf import settings

    env = dict(os.environ, DATABASE_URL=_database_url(), KIM_TESTING="1",
               KIM_DOKUMENTE_ROOT=str(settings.MEDIA_ROOT))  # the test's own folder (tests/conftest.py)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kim_foerderung", "worker", "--pool=solo", "--concurrency=1",
         "--prefetch-multiplier=1", "-Q", queue, "-n", f"{name}-{queue}@%h", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _warten(bedingung, worker, sekunden=120):
    frist = time.monotonic() + sekunden
    while time.monotonic() < frist:
        if bedingung():
            return True
        for w in worker:
            assert w.poll() is None, w.stdout.read()
        time.sleep(0.5)
    return False


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_zwei_echte_worker_bereiten_vor_und_ordnen_an_jede_tranche_genau_einmal():
    from kim_foerderung.celery import app
    from auszahlung.tasks import zahlungslauf_anordnen, zahlungslauf_vorbereiten

    antraege = zahlbare_antraege(12)  # Förderjahr 2026: both Termine passed today → all 24 Tranchen due
    services.einstellung()
    services.tranchen_synchronisieren()
    alle = set(Tranche.objects.values_list("pk", flat=True))
    assert len(alle) == 24 and set(Tranche.objects.values_list("status", flat=True)) == {TranchenStatus.FAELLIG}
    finanzen = factories.FinanzenFactory(username="finanzen")
    finanzen2 = factories.FinanzenFactory(username="finanzen2")

    queue = f"kim-wettlauf-{uuid.uuid4().hex[:8]}"
    worker = [_worker(queue, "w1"), _worker(queue, "w2")]
    try:
        app.conf.task_always_eager = False
        assert app.conf.broker_url.startswith("redis://")
        # Both workers prepare for the same due date at once (and the catch-up beat fires twice more).
        for _ in range(6):
            zahlungslauf_vorbereiten.apply_async(kwargs={"nur_termin": False}, queue=queue)

        def alle_im_lauf():
            return set(Zahlungsposten.objects.filter(aktiv=True).values_list("tranche_id", flat=True)) == alle

        assert _warten(alle_im_lauf, worker), "nicht alle Tranchen in einem Lauf"
        time.sleep(3)  # let the remaining prepare tasks finish: they must find nothing
        posten = Counter(Zahlungsposten.objects.filter(aktiv=True).values_list("tranche_id", flat=True))
        assert set(posten.values()) == {1}
        laeufe = list(Zahlungslauf.objects.all())
        for lauf in laeufe:
            services.feststellen(lauf=lauf, benutzer=finanzen)
        # Both workers release every run at once (a double click, a retried task).
        for lauf in laeufe:
            for _ in range(3):
                zahlungslauf_anordnen.apply_async(args=[lauf.pk, finanzen2.pk], queue=queue)

        def alle_angeordnet():
            return not Zahlungslauf.objects.exclude(status=LaufStatus.ANGEORDNET).exists()

        assert _warten(alle_angeordnet, worker), "nicht alle Läufe angeordnet"
        time.sleep(3)
    finally:
        app.conf.task_always_eager = True
        for w in worker:
            w.terminate()
        for w in worker:
            try:
                w.wait(timeout=20)
            except subprocess.TimeoutExpired:
                w.kill()

    freigegeben = Counter(Zahlungsposten.objects.filter(freigegeben=True).values_list("tranche_id", flat=True))
    assert set(freigegeben) == alle and set(freigegeben.values()) == {1}
    assert set(Tranche.objects.values_list("status", flat=True)) == {TranchenStatus.ANGEWIESEN}
    ende_zu_ende = Counter()
    for lauf in Zahlungslauf.objects.select_related("sepa_datei"):
        assert lauf.sepa_datei is not None and lauf.auszahlungsliste_id is not None
        baum = etree.fromstring(lauf.sepa_datei.datei.open("rb").read())
        assert baum.findtext(".//p:GrpHdr/p:MsgId", namespaces=NS) == lauf.nummer
        ende_zu_ende.update(e.text for e in baum.iterfind(".//p:EndToEndId", namespaces=NS))
    assert set(ende_zu_ende) == set(Tranche.objects.values_list("ende_zu_ende_id", flat=True))
    assert set(ende_zu_ende.values()) == {1}
    from kim_foerderung.dokumente.models import Dokument

    assert Dokument.objects.filter(art="sepa").count() == Zahlungslauf.objects.count()
    assert len({a.pk for a in antraege}) == 12


@pytest.mark.postgres
@pytest.mark.django_db
def test_redis_aus_web_app_arbeitet_weiter_kommando_bereitet_spaeter_vor(settings, client_als, kommune_user,
                                                                          finanzen_user, bescheid, time_machine):
    """With the broker unreachable (Redis down) every page and every step of the web app works – nothing of it
    needs the queue; the beat cannot run, so ``manage.py zahlungslauf`` prepares the run later, once; a second call
    and the beat task when Redis is back change nothing."""
    from datetime import date

    from kim_foerderung.celery import app
    from tests.auszahlung.test_auszahlung_ablauf import uhr

    tot = "redis://127.0.0.1:1/0"
    alt = app.conf.broker_url  # read before the settings change (the app loads its conf lazily from them)
    settings.CELERY_BROKER_URL = tot
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = tot
    app.conf.task_always_eager = False
    try:
        uhr(time_machine, date(2026, 2, 16))
        kommune = client_als(kommune_user)
        antwort = kommune.post(reverse("mittelanforderung_stellen", args=[bescheid.antrag.pk]),
                               {"erklaerung": "on"}, follow=True)
        assert antwort.status_code == 200 and "Ihre Mittelanforderung ist eingegangen" in antwort.content.decode()
        uhr(time_machine, date(2026, 4, 24))
        finanzen = client_als(finanzen_user)
        for url in (reverse("start_finanzen"), reverse("auszahlung_uebersicht"), reverse("zahlungslauf_liste"),
                    reverse("buchungen")):
            assert finanzen.get(url).status_code == 200, url
        assert not Zahlungslauf.objects.exists()  # the beat did not run (no broker)
        call_command("zahlungslauf")
        call_command("zahlungslauf")
        assert Zahlungslauf.objects.count() == 1
        lauf = Zahlungslauf.objects.get()
        assert lauf.anzahl == 1 and Zahlungsposten.objects.count() == 1
        assert finanzen.get(reverse("zahlungslauf_detail", args=[lauf.pk])).status_code == 200
    finally:
        app.conf.broker_url = alt
        app.conf.task_always_eager = True
    # Redis back: the beat's task finds nothing to do.
    from auszahlung.tasks import zahlungslauf_vorbereiten

    assert zahlungslauf_vorbereiten.apply().get() is None
    assert Zahlungslauf.objects.count() == 1
