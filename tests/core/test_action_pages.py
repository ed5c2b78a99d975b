"""A URL only a button posts to, opened as a page, leads up to the page it belongs to
(core.http.action_page); every such route is walked in
tests/security/test_action_url_as_page.py."""

from __future__ import annotations


def test_a_post_only_url_of_a_thing_that_does_not_exist_leads_up_not_to_an_error(app, client):
    """The rule holds before any object is looked up: routing, not each view, answers."""
    response = client.get("/nergens/initiatives/999999/support")
    assert response.status_code == 303
    assert response.headers["Location"] == "/nergens/initiatives/999999"
    assert client.get("/nergens/pool/consent").headers["Location"] == "/nergens/pool/"
    # Not the look-alike above it: "/logout/" and "/my-seats/" would be zones of that name.
    assert client.get("/logout").headers["Location"] == "/"
    assert client.get("/my-seats/3/hide-my-name").headers["Location"] == "/"
    # Other methods keep the 405 (with `Allow`): no browser sends them by itself.
    refused = client.raw.put("/logout")
    assert refused.status_code == 405 and "POST" in refused.headers["Allow"]
