#!/usr/bin/env bash
# One machine, production shape: gunicorn (WEB_WORKERS) + one Celery worker against the local
# PostgreSQL and Redis. Stops both on Ctrl-C. See docs/deployment.md for scaling out.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export OPENEXPO_PROFILE=prod
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/openexpo_prod}
export OPENEXPO_REDIS_URL=${OPENEXPO_REDIS_URL:-redis://127.0.0.1:6379/0}
export OPENEXPO_ALLOWED_HOSTS=${OPENEXPO_ALLOWED_HOSTS:-127.0.0.1,localhost}
mkdir -p var
# Plain HTTP on this machine (put TLS on the load balancer and set OPENEXPO_HTTPS=1 there).
export OPENEXPO_HTTPS=${OPENEXPO_HTTPS:-0}
# Secrets: kept in var/ so sessions and badges survive a restart on this one machine; a real
# deployment passes them from its secret store.
for name in OPENEXPO_SECRET_KEY OPENEXPO_ID_HASH_KEY OPENEXPO_BADGE_KEY_SECRET OPENEXPO_WEBHOOK_SECRET; do
  if [ -z "${!name:-}" ]; then
    file="var/${name,,}"
    [ -s "$file" ] || "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(48))" > "$file"
    export "$name=$(cat "$file")"
  fi
done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -u "$OPENEXPO_REDIS_URL" ping >/dev/null || { echo "Redis is not running" >&2; exit 1; }
dbname=${DATABASE_URL##*/}
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$dbname'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$dbname"
"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py collectstatic --noinput -v 0
if [ -n "${DEMO_SCALE:-}" ]; then "$BIN/python" manage.py demo --if-missing --scale "$DEMO_SCALE"; fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM
"$BIN/celery" -A openexpo worker --loglevel "${CELERY_LOGLEVEL:-warning}" \
  --concurrency "${CELERY_WORKERS:-1}" --hostname "openexpo@%h" &
pids+=($!)
"$BIN/gunicorn" openexpo.wsgi:application --bind "${HOST:-127.0.0.1}:${PORT:-8000}" \
  --workers "${WEB_WORKERS:-3}" --threads "${WEB_THREADS:-1}" --timeout 60 \
  --graceful-timeout 20 --max-requests 5000 --max-requests-jitter 500 \
  --access-logfile "${ACCESS_LOG:--}" &
pids+=($!)
wait -n "${pids[@]}"
