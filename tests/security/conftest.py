"""Security tests print their figures (matrix size, fuzz examples) in the summary."""

from __future__ import annotations

import pytest

from burgerplatform.extensions import db, limiter
from tests.security.world import ACTORS, Rollback, build_world, open_session


def pytest_terminal_summary(terminalreporter):
    import sys

    lines = []
    for name in ("tests.security.test_matrix", "tests.security.test_fuzz"):
        module = sys.modules.get(name)
        lines += getattr(module, "REPORT", [])
    if lines:
        terminalreporter.section("security figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def clean_db(request, app, smtp):
    """As the root conftest's, except for tests on the shared `world`: it lives for the
    whole module and empties the tables itself."""
    from tests.conftest import _empty_tables

    limiter.enabled = False
    yield
    if "world" in request.fixturenames:
        return
    smtp[1].messages.clear()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()


@pytest.fixture(scope="module")
def world(app):
    from tests.conftest import _empty_tables

    limiter.enabled = False
    factories = _factories(app)
    built = build_world(app, *factories)
    with app.app_context():
        from burgerplatform.core import health

        health.beat()  # a running worker, as on a live site: /healthz answers 200
    stale_after = app.config["WORKER_STALE_SECONDS"]
    app.config["WORKER_STALE_SECONDS"] = 24 * 3600  # however long the matrix takes
    sessions = {
        actor: open_session(app, None if actor == "anonymous" else built.users[actor][1])
        for actor in ACTORS
    }
    rollback = Rollback(app)
    yield built, sessions, rollback
    app.config["WORKER_STALE_SECONDS"] = stale_after
    rollback.close()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()


def _factories(app):
    """The conftest factories are function-scoped; call their bodies for this module."""
    import tests.conftest as conftest

    return (
        conftest.make_zone.__wrapped__(app),
        conftest.make_user.__wrapped__(app),
    )
