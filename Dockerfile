# KIM-Förderung: one image for web (gunicorn), Celery worker, Celery beat and the one-off migrate job.
# Build: docker compose build   (see docker-compose.yml and docker/env.beispiel)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=kim_foerderung.settings

# WeasyPrint (PDF documents) needs Pango and HarfBuzz from Debian; DejaVu is the font the PDFs embed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first (cached layer): the [project] dependencies of pyproject.toml, not the project itself
# ([tool.setuptools] packages = []: the code runs from /app).
WORKDIR /app
COPY pyproject.toml /app/pyproject.toml
RUN python -m venv "$VIRTUAL_ENV" \
    && python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Non-root user. /app stays owned by root (read-only for the app); documents live on a volume outside /app.
RUN groupadd --system --gid 10001 kim \
    && useradd --system --uid 10001 --gid kim --create-home --home-dir /home/kim kim \
    && mkdir -p /data/dokumente \
    && chown kim:kim /data/dokumente
ENV KIM_DOKUMENTE_ROOT=/data/dokumente

COPY . /app

# Static files with the production storage (whitenoise, hashed names + compressed). The secret key here is a
# throw-away value that exists only for this RUN line; it never reaches the image's environment.
RUN DJANGO_SECRET_KEY="build-only-dummy-for-collectstatic-never-used-at-runtime-kim-foerderung" \
    DJANGO_DEBUG=0 \
    DATABASE_URL="sqlite:////tmp/build-only.sqlite3" \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build-only.sqlite3

USER kim
EXPOSE 8000

CMD ["gunicorn", "kim_foerderung.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
