#!/bin/sh
# One-off job before web, worker and beat start (service "migrate" in docker-compose.yml):
# apply migrations, then load/update the 54 Kommunen (kommunen_laden must be idempotent).
set -eu
cd /app
python manage.py migrate --noinput
python manage.py kommunen_laden
