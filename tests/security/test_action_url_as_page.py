"""A URL only a button posts to, opened as a page (Back or Reload onto it, the language
switched on the page a refused form showed there, a link shared or typed), leads to the
page the action belongs to: never a bare 404 or 405 (outside review: Back after leaving
the pool showed "Page not found")."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException

from tests.security import matrix
from tests.security.test_fuzz import REPORT, allowed_actor, url
from tests.security.world import client_for


def post_only_rules(app) -> list:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.methods - {"HEAD", "OPTIONS"} == {"POST"} and not rule.rule.startswith("/api/")
    ]


def test_every_post_only_url_opened_as_a_page_leads_to_the_page_it_belongs_to(app, world):
    built, sessions, rollback = world
    adapter = app.url_map.bind("localhost")
    endpoints = {rule.endpoint for rule in post_only_rules(app)}
    assert len(endpoints) > 80
    wrong, seen = [], set()
    for case in matrix.cases(app, built):
        if case.method != "POST" or case.endpoint not in endpoints:
            continue
        seen.add(case.endpoint)
        path = url(app, case)
        try:
            adapter.match(path, method="GET")
            continue  # another route answers GET here (a file called "remove"): its page
        except HTTPException:
            pass
        actor = allowed_actor(app, case) or "anonymous"
        for method in ("GET", "HEAD"):
            with rollback.undone():
                client = client_for(app, sessions[actor], language="nl")
                response = client.open(path, method=method)
                location = response.headers.get("Location", "")
                page = client.get(location) if response.status_code == 303 else None
            label = f"{method} {path} as {actor}"
            if response.status_code != 303:
                wrong.append(f"{label}: {response.status_code}, not the page it belongs to")
                continue
            target = urlsplit(location).path
            try:
                adapter.match(target, method="GET")
            except HTTPException as error:
                wrong.append(f"{label}: sent to {target}, which answers GET with {error.code}")
                continue
            # The action's own page: the path it is under (an action under its thing).
            if not path.startswith(target.rstrip("/")):
                wrong.append(f"{label}: sent to {target}, not a page above it")
            # Someone allowed to press the button may see the page it is on.
            if page.status_code in (404, 405) or page.status_code >= 500:
                wrong.append(f"{label}: its page {target} answers {page.status_code}")
    assert seen == endpoints, endpoints - seen
    REPORT.append(f"action URLs opened as a page: {len(seen)} POST-only routes, GET and HEAD")
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong[:60])
