"""Every form, fuzzed: random Unicode, control characters, NUL, 1 MB strings, wrong types,
missing, extra and repeated fields. Never a server error; a refusal is a 4xx page in the
user's language that keeps what they typed; a refused post writes nothing.

Forms are found by walking the app: every GET route is rendered as a few actors and each
<form method=post> is read (tests/security/forms.py). Every POST route is fuzzed as an
actor allowed to use it (from the matrix's expectations), with the fields of its form.
CI runs FUZZ_EXAMPLES=5 examples per form; `make fuzz` runs 200.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from burgerplatform.extensions import db
from tests.security import forms as discovery
from tests.security import matrix
from tests.security.world import ACTORS, client_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
REPORT: list[str] = []
# Actors tried first: the one a rule names beats one who passes everything.
PREFERENCE = ("author", "member", "coach_x", "staff_a", "zorgraad_a", "citizen_a", "admin")
CRAWLERS = ("admin", "author", "member", "coach_x", "staff_a", "anonymous")
# What the error page says in Dutch when a request as a whole is refused.
DUTCH_400 = "Er klopte iets niet"
PRESS_AGAIN_NL = "Druk nog eens op de knop"
KEPT_NL = "We hebben bewaard wat je typte"
# The page a button was pressed on: where a refused press sends the person back to.
REFERER = "http://localhost/privacy"
MEGABYTE = 1024 * 1024

CONTROL = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(32)] + ["\x7f", "\u2028", "\ufeff"]),
    min_size=1,
    max_size=20,
)
TEXT = st.one_of(
    st.text(max_size=200),  # any Unicode, surrogates excluded by the form encoder
    st.builds(lambda a, b: a + b, st.text(max_size=20), CONTROL),
    st.sampled_from(["", " ", "\x00", "<script>x</script>", "' OR 1=1 --", "é" * 300]),
    st.integers(min_value=1, max_value=4).map(lambda n: "x" * (MEGABYTE // 4 * n)),
)
WRONG_TYPE = st.sampled_from(
    ["", "abc", "-1", "0", "99999999999999999999", "1.5", "2026-13-45", "nan", "true", "[]", "\x00"]
)


def _clean(value: str) -> str:
    # Surrogates cannot be encoded in a form post at all (the client refuses them).
    return value.encode("utf-8", "replace").decode("utf-8")


def field_values(form: discovery.Form):
    """A strategy for a MultiDict: each field valid-ish, fuzzed, of the wrong type, left
    out or repeated; sometimes fields the form does not have."""
    per_field = []
    for f in form.fields.values():
        if f.name == "csrf_token":
            continue
        options = [o for o in f.options if o]
        good = st.sampled_from(options) if options else TEXT
        value = st.one_of(good, TEXT, WRONG_TYPE)
        per_field.append(st.tuples(st.just(f.name), st.lists(value, min_size=0, max_size=3)))
    extra = st.lists(
        st.tuples(st.text(min_size=1, max_size=12), st.lists(TEXT, min_size=1, max_size=2)),
        max_size=2,
    )
    return st.tuples(st.tuples(*per_field) if per_field else st.just(()), extra).map(
        lambda parts: [
            (_clean(name), _clean(v)) for name, values in (*parts[0], *parts[1]) for v in values
        ]
    )


def allowed_actor(app, case) -> str | None:
    for actor in (*PREFERENCE, "anonymous", *ACTORS):
        if matrix.allowed(app, case, actor):
            return actor
    return None


@pytest.fixture(scope="module")
def discovered(app, world):
    """Forms by action path, from every GET page as the crawling actors."""
    built, sessions, rollback = world
    found: dict[str, discovery.Form] = {}
    gets = [c for c in matrix.cases(app, built) if c.method == "GET"]
    for actor in CRAWLERS:
        for case in gets:
            if not matrix.allowed(app, case, actor):
                continue
            path = url(app, case)
            with rollback.undone():
                response = client_for(app, sessions[actor]).get(path)
                html = response.get_data().decode(
                    "utf-8", "replace"
                )  # a download may be binary (XLSX)
                response.close()
            if response.status_code == 200 and "text/html" in response.content_type:
                discovery.merge(found, discovery.forms_on(html, path))
    return found


def url(app, case, **args) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(case.endpoint, **(args or case.args))


def post_cases(app, built):
    return [c for c in matrix.cases(app, built) if c.method == "POST"]


def row_counts(connection) -> dict[str, int]:
    # The audit log is left out: it records refused attempts too (failed logins), by design.
    tables = [t for t in db.metadata.sorted_tables if not t.name.startswith("audit")]
    row = connection.execute(
        select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    ).one()
    return dict(zip([t.name for t in tables], row, strict=True))


def typed_text(data: MultiDict, form: discovery.Form, html: str) -> list[str]:
    """What a person typed into the form's text fields that the page shows again, as it
    shows it: the first value of each field (a form reads only that one), stripped."""
    from burgerplatform.core.forms import without_format_characters

    typed = []
    for f in form.text_fields:
        if f'name="{f.name}"' not in html:
            continue  # this page has another form (e.g. for someone logged in)
        # Invisible format characters are taken out and the text given back without them.
        value = without_format_characters(data.get(f.name) or "").strip()
        # Very long texts are refused before they are shown; line ends are normalised.
        if value and len(value) < 10_000 and "\r" not in value:
            typed.append(value)
    return typed


def check_answer(response, data: MultiDict, form: discovery.Form) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status < 400 or status in (403, 404, 405, 413, 429) or response.is_json:
        return None
    html = response.get_data(as_text=True)
    if 'lang="nl"' not in html:
        return f"{status} page not in Dutch"
    if DUTCH_400 in html:
        return None  # the request as a whole was refused (translated error page)
    lost = [v for v in typed_text(data, form, html) if str(escape(v)) not in html]
    if lost:
        return f"{status} page lost what was typed: {lost!r:.200}"
    return None


def fuzz_route(app, rollback, case, actor, session, path, form, problems: list[str]) -> None:
    """Post EXAMPLES fuzzed bodies to one route; add what went wrong to `problems`."""

    @FUZZ
    @given(values=field_values(form))
    def fuzz(values):
        data = MultiDict([("csrf_token", session.token), *values])
        with rollback.undone():
            before = row_counts(rollback.connection)
            client = client_for(app, session, language="nl")
            try:
                response = client.post(path, data=data)
            except Exception as error:  # noqa: BLE001 - reported with the input
                problems.append(f"{case.label} as {actor}: {error!r} on {values!r:.300}")
                return
            problem = check_answer(response, data, form)
            if problem is None and response.status_code >= 400:
                after = row_counts(rollback.connection)
                if after != before:
                    changed = {k for k in after if after[k] != before[k]}
                    problem = f"refused ({response.status_code}) but wrote {changed}"
            response.close()
        if problem:
            problems.append(f"{case.label} as {actor}: {problem} on {values!r:.300}")

    fuzz()


def test_every_form_survives_fuzzing(app, world, discovered):
    built, sessions, rollback = world
    started = time.perf_counter()
    problems: list[str] = []
    fuzzed = with_form = 0
    for case in post_cases(app, built):
        actor = allowed_actor(app, case)
        if actor is None:
            continue  # nobody may post here (e.g. editing a published initiative)
        path = url(app, case)
        form = discovered.get(path) or discovery.Form(path)
        fuzz_route(app, rollback, case, actor, sessions[actor], path, form, problems)
        fuzzed += 1
        with_form += path in discovered
    REPORT.append(
        f"fuzzing: {fuzzed} POST routes x {EXAMPLES} examples each ({with_form} with the "
        f"fields of a form found on a page) in {time.perf_counter() - started:.1f} s"
    )
    assert fuzzed > 80
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_a_post_without_a_valid_token_is_refused_and_keeps_the_input(app, world, discovered):
    """Every POST route, as someone allowed to use it, without a CSRF token: nothing
    written, and either a form page comes back (400) with what was typed and a fresh
    token, or a button sends back to its page (303) with a Dutch message to press again.
    Never a 400 with a Location (Werkzeug's English "Redirecting..." dead end)."""
    built, sessions, rollback = world
    wrong = []
    checked = buttons = 0
    for case in post_cases(app, built):
        actor = allowed_actor(app, case) or "admin"
        path = url(app, case)
        form = discovered.get(path) or discovery.Form(path)
        typed = {f.name: f"Bewaard {i} {f.name}" for i, f in enumerate(form.text_fields)}
        session = sessions[actor]
        for token in (None, "expired-or-forged"):
            data = dict(typed)
            if token:
                data["csrf_token"] = token
            with rollback.undone():
                before = row_counts(rollback.connection)
                client = client_for(app, session, language="nl")
                response = client.post(path, data=data, headers={"Referer": REFERER})
                html = response.get_data(as_text=True)
                after = row_counts(rollback.connection)
                response.close()
                back = ""
                if response.status_code == 303:  # a button: back to its page, told why
                    back = client.get(response.headers["Location"], follow_redirects=True).get_data(
                        as_text=True
                    )
            checked += 1
            label = f"{case.label} as {actor} ({'bad' if token else 'no'} token)"
            if response.status_code >= 400 and (
                "Location" in response.headers or "Redirecting..." in html
            ):
                # A browser never follows a 400's Location: an English dead end.
                wrong.append(f"{label}: {response.status_code} with a Location")
                continue
            if not matrix.allowed(app, case, actor):
                # Nobody may post here: refused as without a token (never a 500).
                if response.status_code not in (403, 404) and not matrix.to_login(response):
                    wrong.append(f"{label}: {response.status_code}")
                continue
            if after != before:
                wrong.append(f"{label}: wrote {[k for k in after if after[k] != before[k]]}")
            if response.status_code == 303:
                buttons += 1
                if response.headers["Location"] not in ("/privacy", path):
                    wrong.append(f"{label}: back to {response.headers['Location']}")
                elif PRESS_AGAIN_NL not in back and not (typed and KEPT_NL in back):
                    # A form with text: told that what was typed is kept (the test
                    # below checks it is back on the form's own page).
                    wrong.append(f"{label}: back on the page without a Dutch message")
                continue
            if response.status_code != 400:
                wrong.append(f"{label}: {response.status_code}")
                continue
            if "Bad Request" in html or '<html lang="nl">' not in html:
                wrong.append(f"{label}: a 400 page not in Dutch")
            if 'name="csrf_token"' in html and typed and form.fields:
                lost = [
                    v
                    for name, v in typed.items()
                    if f'name="{name}"' in html and str(escape(v)) not in html
                ]
                if lost and DUTCH_400 not in html:
                    wrong.append(f"{label}: lost {lost}")
                if not re.search(r'name="csrf_token"[^>]*value="[^"]{20,}"', html):
                    wrong.append(f"{label}: no fresh token")
    REPORT.append(f"CSRF: {checked} posts without a valid token, {buttons} of them buttons")
    assert checked > 150
    assert buttons > 30
    assert not wrong, "\n".join(wrong)


def test_a_text_sent_with_an_expired_token_comes_back_on_its_form(app, world, discovered):
    """Every form with a text field, sent from its page with an expired or forged token
    as someone allowed to use it: nothing is written, and what was typed is on the page
    the person sees next, be it the form again (400) or the page it is sent back to (303),
    with a Dutch message saying it was kept."""
    built, sessions, rollback = world
    wrong = []
    checked = sent_back = 0
    for case in post_cases(app, built):
        path = url(app, case)
        form = discovered.get(path)
        if form is None or not form.text_fields:
            continue
        typed = {f.name: f"Bewaard {i} {f.name} ŁÅ" for i, f in enumerate(form.text_fields)}
        found = form_in_sight(app, world, case, form, typed)
        if found is None:
            continue  # nobody allowed to send it sees it (e.g. a login form, logged in)
        actor, page = found
        with rollback.undone():
            before = row_counts(rollback.connection)
            client = client_for(app, sessions[actor], language="nl")
            response = client.post(
                path,
                data={**typed, "csrf_token": "expired-or-forged"},
                headers={"Referer": f"http://localhost{page}"},
            )
            html = response.get_data(as_text=True)
            after = row_counts(rollback.connection)
            response.close()
            if response.status_code == 303:
                sent_back += 1
                html = client.get(response.headers["Location"], follow_redirects=True).get_data(
                    as_text=True
                )
        label = f"{case.label} as {actor} from {page} ({response.status_code})"
        if after != before:
            wrong.append(f"{label}: wrote {[k for k in after if after[k] != before[k]]}")
        if response.status_code not in (303, 400):
            continue  # refused as a whole (e.g. 403 for this actor's page): other tests
        checked += 1
        shown = [name for name in typed if f'name="{name}"' in html]
        lost = [typed[name] for name in shown if str(escape(typed[name])) not in html]
        if not shown:
            wrong.append(f"{label}: the next page has none of the form's fields")
        elif lost:
            wrong.append(f"{label}: lost {lost}")
        elif KEPT_NL not in html:
            wrong.append(f"{label}: no Dutch message that the text was kept")
    REPORT.append(f"expired token: {checked} text forms, {sent_back} of them sent back")
    assert checked > 60
    assert not wrong, f"{len(wrong)} forms:\n" + "\n".join(wrong)


def form_in_sight(app, world, case, form, typed) -> tuple[str, str] | None:
    """Someone allowed to send `form` and a page of it they see its text fields on."""
    built, sessions, rollback = world
    for actor in (*PREFERENCE, "anonymous", *ACTORS):
        if not matrix.allowed(app, case, actor):
            continue
        for page in form.pages:
            with rollback.undone():
                response = client_for(app, sessions[actor]).get(page)
                html = response.get_data(as_text=True)
                response.close()
            if response.status_code == 200 and any(f'name="{n}"' in html for n in typed):
                return actor, page
    return None


# Numbers no field holds: past PostgreSQL's integer (2**31 - 1), and the 18 digits the
# ASCII check lets through.
HUGE_NUMBERS = ("2147483648", "999999999999999999", "-999999999999999999")


def test_a_number_too_large_for_its_field_is_refused_on_the_form(app, world, discovered):
    """Every form with a number field, as the page shows it, sent with a number no such
    field can hold: never a server error nor a save; the form comes back (400) with the
    number as typed and a Dutch error at that field. Every whole-number box is a text box
    with a numeric keyboard, never `<input type="number">` (see test_whole_numbers)."""
    from tests.core.test_every_edit_form import form_values

    built, sessions, rollback = world
    wrong = []
    checked = 0
    for case in post_cases(app, built):
        path = url(app, case)
        form = discovered.get(path)
        numbers = [f for f in form.fields.values() if f.whole_number] if form else []
        if not numbers:
            continue
        # A whole-number box is a text box (the browser must not rewrite what is typed:
        # core.forms.IntegerField), so it has no `min` and `max`; an `<input
        # type="number">` still says its bounds.
        wrong += [f"{path} {f.name}: type=number" for f in numbers if f.kind == "number"]
        found = form_in_sight(app, world, case, form, {f.name: "" for f in numbers})
        if found is None:
            continue
        actor, page = found
        for f in numbers:
            for huge in HUGE_NUMBERS:
                with rollback.undone():
                    client = client_for(app, sessions[actor], language="nl")
                    shown = client.get(page).get_data(as_text=True)
                    data = form_values(shown, path, page)
                    data[f.name] = [huge]
                    before = row_counts(rollback.connection)
                    response = client.post(path, data=data)
                    html = response.get_data(as_text=True)
                    after = row_counts(rollback.connection)
                    response.close()
                checked += 1
                label = f"{case.label} as {actor}, {f.name}={huge}"
                if response.status_code != 400:
                    wrong.append(f"{label}: {response.status_code}")
                    continue
                if after != before:
                    wrong.append(f"{label}: wrote {[k for k in after if after[k] != before[k]]}")
                tag = re.search(rf'<input[^>]*name="{re.escape(f.name)}"[^>]*>', html)
                if tag is None or f'value="{huge}"' not in tag.group(0):
                    wrong.append(f"{label}: the number as typed is not on the form")
                elif 'aria-invalid="true"' not in tag.group(0):
                    wrong.append(f"{label}: no error at the field")
                if '<html lang="nl">' not in html:
                    wrong.append(f"{label}: not in Dutch")
    REPORT.append(f"numbers: {checked} sends of a number too large")
    assert checked >= 18  # the zone's settings, the admin's new zone, the library, ceilings
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong)
