"""Round input is limited per account: a script is stopped, a person never notices, and
what was typed comes back on the page."""

from __future__ import annotations

from burgerplatform.consultations.models import Contribution
from tests.conftest import count_rows
from tests.consultations.test_moderation import logged_in, scene


def test_input_after_the_limit_is_refused_and_kept_and_others_go_on(
    app, make_client, make_zone, make_user, rate_limits
):
    s = scene(app, make_zone, make_user)
    rate_limits(ROUND_INPUT_RATE_LIMIT="2 per minute")
    url = f"/{s.slug}/rounds/{s.round_id}/contributions"
    author = logged_in(make_client, s.author)
    assert author.post(url, {"body": "Een belbus."}).status_code == 302
    assert author.post(url, {"body": "Een taxicheque."}).status_code == 302
    refused = author.post(url, {"body": "Vrijwilligers die rijden."})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Vrijwilligers die rijden.</textarea>" in html
    assert "Wait a minute, then send it again" in html
    assert count_rows(app, Contribution.id) == 2
    citizen = logged_in(make_client, s.citizen)
    assert citizen.post(url, {"body": "Een deelauto."}).status_code == 302
    assert count_rows(app, Contribution.id) == 3
