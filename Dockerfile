# The factstore API.  `docker compose up` runs it next to PostgreSQL 16 (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FACTSTORE_DATA_DIR=/var/lib/factstore

WORKDIR /srv/factstore
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install . \
    && useradd --system --create-home --home-dir /var/lib/factstore factstore

USER factstore
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
# The same command as on a developer's machine; migrations run before it serves.
ENTRYPOINT ["factstore"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
