# Schakel's container image: `docker build -t schakel .`, then see compose.yaml.
# Multi-stage: the build stage installs the locked dependencies and compiles what can be compiled
# once; the runtime stage carries only the virtual environment and the source, as a non-root user.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements/base.txt /tmp/base.txt
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/base.txt
WORKDIR /app
COPY manage.py gunicorn.conf.py ./
COPY bin ./bin
COPY src ./src
# Build-time values only: production settings refuse to start without real secrets, which the
# container receives at run time (compose.yaml).
ENV DJANGO_SETTINGS_MODULE=schakel.config.settings.production \
    SECRET_KEY=build-time-only-not-a-secret-0123456789abcdef \
    SCHAKEL_AUDIT_KEY=build-time-only-not-a-secret-0123456789abcdef \
    STATIC_ROOT=/app/staticfiles
RUN cd src/schakel && /opt/venv/bin/python ../../manage.py compilemessages \
    && cd /app && /opt/venv/bin/python manage.py collectstatic --noinput -v 0

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=schakel.config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    PY=/opt/venv/bin/python GUNICORN=/opt/venv/bin/gunicorn \
    SCHAKEL_BIND=0.0.0.0:8000 SCHAKEL_PREPARE_ARGS=--no-static
# Pango and a font: WeasyPrint lays out the report PDFs (web/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app schakel
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=schakel:schakel /app /app
WORKDIR /app
# Mount points of compose's volumes, owned by the user so that a new volume is writable.
RUN mkdir -p /app/var /jobs /audit-checkpoints && chown schakel:schakel /app/var /jobs /audit-checkpoints
USER schakel
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD /opt/venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4)"
ENTRYPOINT ["bin/serve"]
CMD ["all"]
