"""The authorisation matrix: every route x every actor, on zone A's objects.

One world per module (tests/security/world.py); each request runs in a transaction that
is rolled back, so a delete or a logout in one cell leaves the next cell the same world.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import pytest

from tests.security import matrix
from tests.security.world import (
    ACTORS,
    ZONE_B_ACTORS,
    client_for,
)

# The start of core.forms.SESSION_EXPIRED, as the English pages (Accept-Language: en) say it.
TOKEN_REFUSED = "Your session had expired"


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""
    # The page says the form's token was refused: the cell did not test what it meant to.
    token_refused: bool = False

    @property
    def to_login(self) -> bool:
        return self.status in (302, 303) and self.location.split("?")[0] == "/login"


def request(app, world, case, actor, path_for=None) -> Answer:
    built, sessions, rollback = world
    with app.test_request_context():
        from flask import url_for

        url = url_for(case.endpoint, **(path_for or case.args))
    session = sessions[actor]
    with rollback.undone():
        client = client_for(app, session)
        if case.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": session.token})
        # Read and close inside the transaction: a streamed body (CSV) still queries, and
        # an unclosed stream would keep its request context (and user) alive.
        body = response.get_data().decode("utf-8", "replace")  # a download may be binary (XLSX)
        response.close()
    return Answer(
        response.status_code,
        response.headers.get("Location", ""),
        TOKEN_REFUSED in body,
    )


def verdict(app, case, actor, answer: Answer) -> str | None:
    """None when the answer matches the expectation, else what went wrong."""
    if answer.token_refused:
        return "the valid CSRF token was refused"
    if matrix.allowed(app, case, actor):
        if answer.status in matrix.ALLOWED_STATUSES and (
            not answer.to_login or case.endpoint in matrix.LOGIN_IS_THE_ANSWER
        ):
            return None
        return f"allowed but got {answer.status} {answer.location}"
    if answer.status in (403, 404):
        return None
    if actor == "anonymous" and matrix.needs_login(app, case.endpoint) and answer.to_login:
        return None
    return f"refused but got {answer.status} {answer.location}"


@pytest.fixture(scope="module")
def cells(app, world):
    """Every route x every actor, requested once for this module's tests."""
    started = time.perf_counter()
    cases = matrix.cases(app, world[0])
    unknown = set()
    for case in cases:
        try:
            matrix.allowed(app, case, "anonymous")
        except matrix.UnknownRule as error:
            unknown.add(str(error))
    answers = {}
    if not unknown:
        for case in cases:
            for actor in ACTORS:
                try:
                    answers[case, actor] = request(app, world, case, actor)
                except Exception as error:  # noqa: BLE001 - a crash is one more wrong cell
                    answers[case, actor] = repr(error)
    endpoints = {c.endpoint for c in cases}
    statuses = Counter(a.status for a in answers.values() if isinstance(a, Answer))
    _report(
        f"authorisation matrix: {len(endpoints)} endpoints, {len(cases)} routes x methods "
        f"x variants, x {len(ACTORS)} actors = {len(answers)} requests "
        f"in {time.perf_counter() - started:.1f} s; statuses "
        + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
    )
    return cases, answers, unknown


def test_every_route_answers_every_actor_exactly_as_declared(app, cells):
    cases, answers, unknown = cells
    assert not unknown, "rules unknown to the matrix (add them to RULES): " + "; ".join(
        sorted(unknown)
    )
    wrong = []
    for (case, actor), answer in answers.items():
        if isinstance(answer, str):
            wrong.append(f"{case.label} as {actor}: server error {answer}")
            continue
        problem = verdict(app, case, actor, answer)
        if problem:
            wrong.append(f"{case.label} as {actor}: {problem}")
    assert len(answers) == len(cases) * len(ACTORS)
    assert not wrong, f"{len(wrong)} of {len(answers)} cells differ:\n" + "\n".join(wrong)


def test_zone_b_people_get_nothing_from_zone_a_objects_that_the_public_cannot_get(app, cells):
    """Zone B's staff is a stranger in zone A: on every route with an object of zone A,
    zone B's staff and citizens are refused wherever a citizen without a role is."""
    cases, answers, _ = cells
    wrong = []
    object_routes = [c for c in cases if set(c.args) - {"zone_slug", "slug"}]
    for case in object_routes:
        if matrix.allowed(app, case, "citizen_b"):
            continue  # public, or open to every logged-in person
        for actor in ZONE_B_ACTORS:
            answer = answers[case, actor]
            if isinstance(answer, str) or answer.status not in (403, 404):
                wrong.append(f"{case.label} as {actor}: {answer}")
    assert len(object_routes) > 100
    assert not wrong, "\n".join(wrong)


def test_zone_a_objects_do_not_exist_under_zone_b_urls(app, world):
    """No object is looked up by id without its zone: zone A's ids under zone B's URL are
    404 for everyone, zone B's staff and platform admins included."""
    built = world[0]
    wrong = []
    checked = 0
    for case in matrix.cases(app, built):
        zone_arg = next((a for a in ("zone_slug", "slug") if a in case.args), None)
        if zone_arg is None or not (set(case.args) - {zone_arg}):
            continue
        args = {**case.args, zone_arg: built.extra["zone_b_slug"]}
        for actor in ("staff_b", "admin", "citizen_b", "anonymous"):
            checked += 1
            try:
                answer = request(app, world, case, actor, path_for=args)
            except Exception as error:  # noqa: BLE001 - a crash is one more wrong cell
                wrong.append(f"{case.label} under zone B as {actor}: {error!r}")
                continue
            if answer.status == 404:
                continue
            if answer.status == 403 and actor in ("citizen_b", "anonymous"):
                continue
            if actor == "anonymous" and answer.to_login:
                continue
            wrong.append(f"{case.label} under zone B as {actor}: {answer.status}")
    assert checked > 100
    assert not wrong, "\n".join(wrong)


REPORT: list[str] = []


def _report(line: str) -> None:
    """Shown in pytest's terminal summary (see tests/security/conftest.py), no -s needed."""
    REPORT.append(line)
