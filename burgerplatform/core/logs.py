"""Logs an operator can search: one line per event on stdout (the journal or the
container's log), as JSON with LOG_FORMAT=json, each carrying the request id that nginx
sent (X-Request-ID) or one made here, which the response repeats. One line per request
with its status and duration replaces gunicorn's access log."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from burgerplatform.core import metrics

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
log = logging.getLogger("burgerplatform.request")


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "ms", "job", "kind")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry |= {k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def handler(log_format: str) -> logging.Handler:
    stream = logging.StreamHandler(sys.stdout)
    stream.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    stream.addFilter(_RequestIdFilter())
    stream.set_name("burgerplatform")
    return stream


def configure(app: Flask) -> None:
    """Once per process: the tests keep pytest's own capture."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.testing:
        return
    root = logging.getLogger()
    if any(h.get_name() == "burgerplatform" for h in root.handlers):
        return
    root.addHandler(handler(app.config.get("LOG_FORMAT", "text")))
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))


def _start() -> None:
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
    started = g.get("request_started")
    if started is not None and request.endpoint != "static":
        seconds = time.perf_counter() - started
        metrics.observe_request(request.method, request.endpoint, response.status_code, seconds)
        ms = round(seconds * 1000, 1)
        log.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": ms,
            },
        )
    return response
