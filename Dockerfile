# Production image: the service on PostgreSQL (DATABASE_URL) or its embedded SQLite file in /data.
# Build: docker build -t precursor-screening .   Run: docker run -p 8000:8000 -v screening-data:/data precursor-screening
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir --upgrade pip && /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
# OpenCV (the photo recogniser's image library) needs the system's GL and GLib libraries; Tesseract with its
# Russian model reads the Russian lines of photos
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 tesseract-ocr tesseract-ocr-rus \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 screening && mkdir /data && chown screening /data
COPY --from=build /venv /venv
WORKDIR /srv
COPY alembic.ini ./
COPY migrations ./migrations
# SECRET_KEY_FILE is where the generated cookie-signing key is kept (a path, not a secret); set SECRET_KEY to share
# one key between containers.
# hadolint ignore=DL3064
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/screening.db \
    CACHE_DIR=/data/cache \
    SECRET_KEY_FILE=/data/secret_key
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# `serve` applies the migrations, then starts uvicorn.
CMD ["python", "-m", "app", "serve", "--host", "0.0.0.0", "--port", "8000"]
