"""Limits on what citizens write, per account: generous for people, firm for scripts."""

from __future__ import annotations

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeComment, Support
from config import Config
from tests.conftest import count_rows, speak_english

BASE = "/meetjesland/initiatives"


def test_the_comment_after_the_limit_is_refused_kept_and_not_stored(
    app, make_client, world, make_initiative, rate_limits
):
    ini = make_initiative("published")
    speak_english(app, world.supporter)
    rate_limits(COMMENT_RATE_LIMIT="3 per minute;200 per day")
    jef = make_client()
    jef.login(world.supporter.email)
    for n in range(3):
        response = jef.post(f"{BASE}/{ini}/comments", {"body": f"Reactie nummer {n}"})
        assert response.status_code == 302
    refused = jef.post(f"{BASE}/{ini}/comments", {"body": "Mijn vierde reactie, met zorg getypt"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Mijn vierde reactie, met zorg getypt</textarea>" in html
    assert "Wait a minute, then send it again" in html
    assert count_rows(app, InitiativeComment.id) == 3
    # Another person at the same computer (the same address) is not held back.
    mia = make_client()
    mia.login(world.neighbour.email)
    assert mia.post(f"{BASE}/{ini}/comments", {"body": "Ik ook!"}).status_code == 302
    assert count_rows(app, InitiativeComment.id) == 4


def test_supporting_and_withdrawing_over_and_over_is_paused_with_a_clear_page(
    app, make_client, world, make_initiative, rate_limits
):
    ini = make_initiative("published")
    speak_english(app, world.supporter)
    rate_limits(SUPPORT_RATE_LIMIT="2 per minute")
    jef = make_client()
    jef.login(world.supporter.email)
    assert jef.post(f"{BASE}/{ini}/support").status_code == 302
    assert jef.post(f"{BASE}/{ini}/support", {"withdraw": "1"}).status_code == 302
    refused = jef.post(f"{BASE}/{ini}/support")
    assert refused.status_code == 429
    assert "Wait a minute, then try again" in refused.get_data(as_text=True)
    assert count_rows(app, Support.id) == 0
    with app.app_context():
        assert db.session.get(Initiative, ini).supports_count == 0
        db.session.remove()


def test_the_default_limits_are_generous_and_come_from_the_settings(app):
    for name in (
        "COMMENT_RATE_LIMIT",
        "SUPPORT_RATE_LIMIT",
        "ROUND_INPUT_RATE_LIMIT",
        "PROEFTUIN_POST_RATE_LIMIT",
    ):
        per_minute = int(app.config[name].split(" per minute")[0])
        assert per_minute >= 20, name


def test_limits_are_counted_in_memory_in_tests_and_in_redis_when_it_is_set(
    app, monkeypatch, tmp_path
):
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setattr(Config, "REDIS_URL", "redis://cache.internal:6379/0")
    monkeypatch.setenv("SECRET_KEY", "x")
    assert Config.load(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
