"""Two members who chose the same display name (two "Chloé G.") are told apart on the
lists staff work with: the attendance register, a meeting's allowances, the zone's
payments and the people a library case may name. Only where the name is shown twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from tests.allowances.conftest import ceilings, consent, days_year, present
from tests.allowances.test_views import pay

CHLOE = "Chloé G."


def _rename(app, group, joined: dict[str, datetime]) -> None:
    """An and Bert become two "Chloé G.", with accounts made on the given days."""
    with app.app_context():
        for name, at in joined.items():
            user = db.session.get_one(User, group.members[name])
            user.display_name = CHLOE
            user.created_at = at
        db.session.commit()


def _names(html: str, tag: str) -> list[str]:
    return [unescape(n).strip() for n in re.findall(rf"<{tag}>(.*?)</{tag}>", html)]


def test_two_members_named_chloe_g_are_told_apart_by_the_day_they_joined(app, client, group):
    _rename(
        app,
        group,
        {"An": datetime(2025, 3, 4, 10, tzinfo=UTC), "Bert": datetime(2025, 6, 10, 10, tzinfo=UTC)},
    )
    ceilings(app, group)
    consent(app, group, "An", "Bert", "Carla")
    present(app, group, "morning", "An", "Bert", "Carla")
    client.login(group.staff)
    first = f"{CHLOE} (account since 4 March 2025)"
    second = f"{CHLOE} (account since 10 June 2025)"

    uid = group.meetings["morning"]
    register = client.get(f"/meetings/{uid}/register").get_data(as_text=True)
    assert sorted(_names(register, "legend")) == sorted([first, second, "Carla"])

    allowances = client.get(f"/meetings/{uid}/allowances").get_data(as_text=True)
    assert sorted(_names(allowances, "h2")) == sorted([first, second, "Carla"])
    assert f"Save the allowance of {second}" in unescape(allowances)

    assert pay(client, group, "morning", "An", "10").status_code == 302
    assert pay(client, group, "morning", "Bert", "12").status_code == 302
    assert pay(client, group, "morning", "Carla", "5").status_code == 302
    year = days_year(group)
    overview = client.get(f"/{group.zone_slug}/allowances/?first={year}-01-01&last={year}-12-31")
    cells = unescape(overview.get_data(as_text=True))
    assert first in cells and second in cells
    assert "Carla (account" not in cells  # a name shown once gets no detail


def test_two_chloes_who_joined_on_the_same_day_get_their_account_number(app, client, group):
    same_day = datetime(2025, 3, 4, 10, tzinfo=UTC)
    _rename(app, group, {"An": same_day, "Bert": same_day.replace(hour=15)})
    present(app, group, "morning", "An", "Bert")
    client.login(group.staff)
    register = client.get(f"/meetings/{group.meetings['morning']}/register")
    names = _names(register.get_data(as_text=True), "legend")
    assert len(set(names)) == len(names) == 3
    for member in ("An", "Bert"):
        assert f"{CHLOE} (account since 4 March 2025, no. {group.members[member]})" in names


def test_the_dutch_register_says_since_when_each_chloe_has_an_account(app, client, group):
    _rename(
        app,
        group,
        {"An": datetime(2025, 3, 4, 10, tzinfo=UTC), "Bert": datetime(2025, 6, 10, 10, tzinfo=UTC)},
    )
    with app.app_context():
        db.session.scalar(db.select(User).where(User.email == group.staff)).locale = "nl"
        db.session.commit()
    client.login(group.staff)
    register = client.get(f"/meetings/{group.meetings['morning']}/register")
    names = _names(register.get_data(as_text=True), "legend")
    assert f"{CHLOE} (account sinds 4 maart 2025)" in names
    assert f"{CHLOE} (account sinds 10 juni 2025)" in names
