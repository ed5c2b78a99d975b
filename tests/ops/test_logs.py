"""Logs an operator can search (issue 21, item 4): one JSON line per request with the
request id that the response repeats, and the id nginx sent kept when it is sane."""

from __future__ import annotations

import io
import json
import logging

import pytest

from burgerplatform.core import logs


@pytest.fixture
def captured(app):
    stream = io.StringIO()
    handler = logs.handler("json")
    handler.stream = stream
    logger = logging.getLogger("burgerplatform.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # A migration test in the same process ran Alembic's fileConfig, which disables the
    # loggers that exist then.
    logger.disabled = False
    yield stream
    logger.removeHandler(handler)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_is_one_json_line_with_the_id_the_response_gives(client, captured):
    response = client.get("/healthz/live")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    (entry,) = [e for e in lines(captured) if e["path"] == "/healthz/live"]
    assert entry["request_id"] == request_id
    assert entry["status"] == 200 and entry["method"] == "GET"
    assert entry["level"] == "info" and isinstance(entry["ms"], float)


def test_the_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client, captured):
    sent = client.get("/healthz/live", headers={"X-Request-ID": "abc123-nginx"})
    assert sent.headers["X-Request-ID"] == "abc123-nginx"
    odd = client.get("/healthz/live", headers={"X-Request-ID": "x\u202e<script>" * 20})
    assert odd.headers["X-Request-ID"] != "" and "<" not in odd.headers["X-Request-ID"]
    assert [e["request_id"] for e in lines(captured)] == [
        "abc123-nginx",
        odd.headers["X-Request-ID"],
    ]
