"""An operator can end a login pause (issue 21, item 4), and two installations sharing
one Redis keep their own counters."""

from __future__ import annotations

import pytest

from burgerplatform.accounts.services import ACCOUNT_LIMIT, FAILED_LOGINS
from burgerplatform.core import limits
from burgerplatform.extensions import limiter

ACCOUNT = "account:an@example.org"


@pytest.fixture(autouse=True)
def fresh_counters(app):
    yield
    with app.app_context():
        limiter.reset()  # no pause left for the next test


def pause(app) -> None:
    with app.test_request_context():
        for _ in range(10):
            limits.count_failure(ACCOUNT_LIMIT, FAILED_LOGINS, ACCOUNT)
        assert limits.paused(ACCOUNT_LIMIT, FAILED_LOGINS, ACCOUNT)


def test_unlock_account_ends_the_pause_after_failed_logins(app, make_user, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", True)
    make_user(email="an@example.org")
    pause(app)
    result = app.test_cli_runner().invoke(args=["unlock-account", "--email", " An@Example.org"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        assert not limits.paused(ACCOUNT_LIMIT, FAILED_LOGINS, ACCOUNT)
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.extensions import db

    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="account.unlocked_by_cli").count()


def test_another_installation_on_the_same_storage_has_its_own_counters(app, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", True)
    pause(app)
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "bp:other.example.be:")
    with app.test_request_context():
        assert not limits.paused(ACCOUNT_LIMIT, FAILED_LOGINS, ACCOUNT)


def test_the_prefix_names_the_installation_by_its_address(app):
    assert app.config["RATELIMIT_KEY_PREFIX"] == "bp:localhost:"
