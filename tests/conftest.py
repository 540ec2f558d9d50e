"""Shared fixtures. Services: PostgreSQL and Redis tests fail under CI=true when the service is missing."""
import os

import pytest

os.environ.setdefault("KIM_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests import factories  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _auf_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def _redis_erreichbar():
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


def _transaktional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                             or (marker.args and marker.args[0])))
            or "transactional_db" in fixtures or "live_server" in fixtures)


def _serialisiert(item):
    marker = item.get_closest_marker("django_db")
    return (bool(marker and marker.kwargs.get("serialized_rollback"))
            or "django_db_serialized_rollback" in getattr(item, "fixturenames", ()))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Among the transactional tests (pytest-django runs them after the others), those with serialized_rollback
    first. A transactional test without it flushes the database *with* post_migrate, which creates the content
    types anew under new ids; a serialized test after it then fails restoring the original ones (duplicate key on
    django_content_type). The others keep their order."""
    stellen = [i for i, item in enumerate(items) if _transaktional(item)]
    geordnet = sorted((items[i] for i in stellen), key=lambda item: 0 if _serialisiert(item) else 1)
    for i, item in zip(stellen, geordnet):
        items[i] = item


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not _auf_postgres():
        if IN_CI:
            pytest.fail("Dieser Test braucht PostgreSQL (DATABASE_URL=postgres://…), in CI ist das Pflicht.")
        pytest.skip("PostgreSQL nicht konfiguriert (DATABASE_URL setzen).")
    if item.get_closest_marker("redis") and not _redis_erreichbar():
        if IN_CI:
            pytest.fail("Dieser Test braucht Redis (REDIS_URL), in CI ist das Pflicht.")
        pytest.skip("Redis nicht erreichbar (REDIS_URL setzen).")


@pytest.fixture(autouse=True)
def _nach_serialisiertem_flush(request):
    """Transactional tests start with the content types the database really has.

    - Django caches content type ids in the process; a content type created lazily inside a rolled-back TestCase
      (or removed by a flush) stays in that cache with an id the database no longer has. So the cache is emptied.
    - The serialized transactional tests run first (see above); the flush after the last of them leaves out
      post_migrate, so the first other transactional test gets what a normal flush gives: post_migrate once more
      (content types, permissions, the Datenstand triggers)."""
    if not _transaktional(request.node):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    ContentType.objects.clear_cache()
    if not _serialisiert(request.node) and not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    yield


@pytest.fixture(autouse=True)
def _dokumente_im_tmp(settings, tmp_path):
    """Every test stores documents in its own folder outside the project."""
    settings.MEDIA_ROOT = tmp_path / "dokumente"
    settings.KIM_DOKUMENTE_ROOT = settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _leerer_cache():
    """Every test starts with an empty cache (local memory in tests, see settings.CACHES)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Unit tests run tasks in-process; the worker integration test switches this off explicitly."""
    from kim_foerderung.celery import app

    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def unna(db):
    from kim_foerderung.stammdaten.models import Kommune

    return Kommune.objects.get(ags="05978000")


@pytest.fixture
def bielefeld(db):
    from kim_foerderung.stammdaten.models import Kommune

    return Kommune.objects.get(ags="05711000")


@pytest.fixture
def kommune_user(unna):
    return factories.BenutzerFactory(username="kommune", kommune=unna)


@pytest.fixture
def kommune2_user(bielefeld):
    return factories.BenutzerFactory(username="kommune2", kommune=bielefeld)


@pytest.fixture
def sachbearbeitung_user(db):
    return factories.SachbearbeitungFactory(username="sachbearbeitung")


@pytest.fixture
def sachbearbeitung2_user(db):
    return factories.SachbearbeitungFactory(username="sachbearbeitung2")


@pytest.fixture
def zeichnung_user(db):
    return factories.ZeichnungFactory(username="zeichnung")


@pytest.fixture
def finanzen_user(db):
    return factories.FinanzenFactory(username="finanzen")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="admin")


@pytest.fixture
def client_als(client):
    """client_als(user) → a test client logged in as user (force_login: axes needs a request otherwise)."""

    def anmelden(user):
        client.force_login(user)
        return client

    return anmelden


@pytest.fixture
def bestandskraeftiger_bescheid(kommune_user, sachbearbeitung_user, zeichnung_user, time_machine,
                                django_capture_on_commit_callbacks):
    """Kreis Unna's Zuwendungsbescheid 2026 (Höchstbetrag 333.862,50 €), built through the services,
    bestandskräftig since 10.02.2026; the clock stands at 10.02.2026 06:00 and the BESCHEID_WIRKSAM hooks have
    run (tests/factories.py ``bestandskraeftigen_bescheid_bauen``)."""
    return factories.bestandskraeftigen_bescheid_bauen(
        kommune_user=kommune_user, sachbearbeitung=sachbearbeitung_user, zeichnung=zeichnung_user,
        time_machine=time_machine, on_commit=django_capture_on_commit_callbacks,
    )
