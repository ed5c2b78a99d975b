# Burgerplatform as a container image: the same wheel, commands and environment variables
# as the systemd recipe (deploy/systemd/, README "Production"); tests/ops/test_deploy.py
# keeps the two in step.
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    INSTANCE_PATH=/var/lib/burgerplatform PATH=/opt/burgerplatform/bin:$PATH
COPY --from=build /dist /dist
# DejaVu Sans for the allowance statements (PDF): every name prints as written.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/burgerplatform \
    && /opt/burgerplatform/bin/pip install --no-cache-dir "$(ls /dist/burgerplatform-*.whl)[production]" \
    && rm -rf /dist \
    && useradd --system --home-dir /var/lib/burgerplatform --create-home burgerplatform
USER burgerplatform
WORKDIR /var/lib/burgerplatform
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz/live', timeout=4)"
CMD ["gunicorn", "--workers", "4", "--bind", "0.0.0.0:8000", "burgerplatform:create_app()"]
