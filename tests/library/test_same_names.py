"""Two participants who chose the same display name (two "Chloé G.") are told apart in
the list of people a case may name (the same rule as the register and allowances:
tests/allowances/test_same_names.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db

CHLOE = "Chloé G."


def test_the_library_lists_two_participants_named_chloe_g_apart(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    with app.app_context():
        for member, day in zip(setup["members"], (4, 5), strict=True):
            user = db.session.get(User, member.id)
            user.display_name = CHLOE
            user.created_at = datetime(2025, 3, day, 10, tzinfo=UTC)
        db.session.commit()
    coach = make_client()
    coach.login(setup["coach"].email)
    page = unescape(coach.get(f"/library/proeftuinen/{setup['id']}/publish").get_data(as_text=True))
    assert f"{CHLOE} (account since 4 March 2025)" in page
    assert f"{CHLOE} (account since 5 March 2025)" in page
