# One image for the web process (gunicorn), the Celery worker and Celery beat.

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY scripts/build-assets.sh scripts/build-assets.sh
COPY static/css static/css
RUN bash scripts/build-assets.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    KINDPORTAAL_ENV=production
# Pango and fonts for WeasyPrint, gettext for the translations, curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libffi8 fonts-dejavu-core \
        gettext curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 kindportaal
WORKDIR /app

# The Python packages exactly as locked, with their hashes checked.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes --no-deps -r requirements/base.txt
COPY kindportaal kindportaal
COPY partners partners
COPY kindcentra kindcentra
COPY agenda agenda
COPY budgets budgets
COPY reports reports
COPY manage.py ./
COPY templates templates
COPY static static
COPY locale locale
COPY --from=assets /build/static/vendor/kindportaal.css static/vendor/kindportaal.css
COPY --from=assets /build/static/vendor/htmx.min.js static/vendor/htmx.min.js
COPY --from=assets /build/static/vendor/tom-select.min.js static/vendor/tom-select.min.js

# Build-time only: collectstatic and compilemessages need settings, not a real secret.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v 0 \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compilemessages -v 0 \
    && mkdir -p /app/media && chown kindportaal /app/media

USER kindportaal
EXPOSE 8000
CMD ["gunicorn", "kindportaal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
