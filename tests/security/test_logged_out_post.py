"""A form sent after the session ended never leads, after logging in, to a 405 page: for
every POST route that needs a login, `next` is a page that answers GET."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.security import matrix
from tests.security.world import client_for


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/login", location
    return parse_qs(parts.query)["next"][0]


def test_a_form_sent_while_logged_out_never_leads_to_a_405_after_login(app, world):
    built, sessions, rollback = world
    anonymous = sessions["anonymous"]
    adapter = app.url_map.bind("localhost")
    checked = []
    for case in matrix.cases(app, built):
        if case.method != "POST" or not matrix.needs_login(app, case.endpoint):
            continue
        with app.test_request_context():
            from flask import url_for

            url = url_for(case.endpoint, **case.args)
        for referer in (None, "http://localhost/privacy"):
            headers = {"Referer": referer} if referer else {}
            with rollback.undone():
                client = client_for(app, anonymous)
                response = client.post(
                    url, data={"csrf_token": anonymous.token, "body": "x"}, headers=headers
                )
            if response.status_code not in (302, 303):
                continue  # refused otherwise (e.g. not found): no login under way
            target = _next_of(response.headers["Location"])
            try:
                adapter.match(urlsplit(target).path, method="GET")
            except MethodNotAllowed:
                raise AssertionError(f"{url} sends to {target}: a 405 after login") from None
            except NotFound:
                raise AssertionError(f"{url} sends to {target}: a 404 after login") from None
            if referer:
                assert target in (url, "/privacy"), (url, target)
            checked.append(url)
    assert len(checked) > 50
