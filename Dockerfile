# One image for the web server, the Celery worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Share cards: Noto fonts (Latin and Arabic script) and FriBiDi for Pillow's libraqm text layout.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core libfribidi0 \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected at build time; whitenoise serves them with hashed names.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --system --uid 10001 --home-dir /app claimcheck && mkdir -p /app/var && chown -R claimcheck /app/var
USER claimcheck

EXPOSE 8000
CMD ["gunicorn", "claimcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
