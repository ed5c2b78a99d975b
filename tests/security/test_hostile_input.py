"""Oversized or malformed input is a 4xx, never a 500: ids in URLs, Unicode digits in
forms, files sent where text is expected. Each test walks the whole class (every route
with an id, every form with a number, every form field), not one instance.
"""

from __future__ import annotations

import io
import re
import types
from urllib.parse import quote

import pytest
import wtforms
from werkzeug.datastructures import MultiDict

from burgerplatform.core.http import IdConverter, Parameters
from tests.security import forms as discovery
from tests.security import matrix
from tests.security.test_fuzz import (  # noqa: F401 - `discovered` is a fixture
    DUTCH_400,
    REPORT,
    allowed_actor,
    discovered,
    post_cases,
    url,
)
from tests.security.world import client_for

# Past the 32-bit and 64-bit integer columns, negative, and digits that Python's `int`
# reads as 4 (Arabic-Indic and full-width): never a server error, never the object 4.
BAD_IDS = {
    "2^63": str(2**63),
    "10^30": str(10**30),
    "2^31": str(2**31),
    "-1": "-1",
    "arabic-indic 4": "\u0664",
    "full-width 4": "\uff14",
}
NOT_ASCII = {"arabic-indic 4", "full-width 4"}
UNICODE_DIGITS = ("\u0664", "\uff14", "\u0662", "\u0661\u0662")


def id_arguments(rule) -> list[str]:
    return [name for name, conv in rule._converters.items() if isinstance(conv, IdConverter)]


def path_with(rule, args: dict, name: str, value: str) -> str:
    def part(match):
        arg = match.group(1)
        return quote(value if arg == name else str(args[arg]), safe="")

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", part, rule.rule)


def test_every_route_with_an_id_answers_a_huge_negative_or_non_ascii_id_with_a_4xx(app, world):
    built, sessions, rollback = world
    rules = {r.endpoint: r for r in app.url_map.iter_rules() if id_arguments(r)}
    assert len(rules) > 50
    seen = set()
    wrong, tried = [], 0
    for case in matrix.cases(app, built):
        rule = rules.get(case.endpoint)
        if rule is None or (case.endpoint, case.method) in seen:
            continue
        if case.method == "GET" or "GET" not in rule.methods:
            seen.add((case.endpoint, case.method))
        else:
            continue  # a route that has GET is tried with GET
        for actor in ("anonymous", "staff_a"):
            session = sessions[actor]
            for name in id_arguments(rule):
                for label, value in BAD_IDS.items():
                    path = path_with(rule, case.args, name, value)
                    with rollback.undone():
                        client = client_for(app, session)
                        if case.method == "GET":
                            response = client.get(path)
                        else:
                            response = client.post(path, data={"csrf_token": session.token})
                        response.close()
                    tried += 1
                    status = response.status_code
                    if status >= 500 or (label in NOT_ASCII and status < 300):
                        wrong.append(f"{case.method} {path} as {actor}: {status}")
                    elif status < 400 and not matrix.to_login(response):
                        wrong.append(f"{case.method} {path} as {actor}: {status}")
    REPORT.append(f"ids in URLs: {tried} requests with a bad id on {len(seen)} routes")
    assert tried > 500
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong[:40])


def test_the_initiative_page_is_not_found_for_an_id_past_64_bits_or_in_arabic_digits(app, world):
    built, sessions, rollback = world
    slug, initiative = built.ids["zone_slug"], built.ids["initiative_id"]
    client = client_for(app, sessions["anonymous"])
    with rollback.undone():
        assert client.get(f"/{slug}/initiatives/{initiative}").status_code == 200
        for value in (str(2**63), str(2**31), quote(chr(0x0660 + initiative))):
            assert client.get(f"/{slug}/initiatives/{value}").status_code == 404


# Numbers in query strings (filters, cursors, page numbers) no database column holds.
BAD_QUERY_NUMBERS = [str(2**63), str(2**63 - 1), str(10**30), str(2**31), str(-(2**63)), "\u0664"]


def test_every_page_reading_a_number_from_its_query_string_survives_a_huge_one(
    app, world, monkeypatch
):
    """Every GET page, as someone allowed to see it: the numbers it reads from its query
    string (found by watching `args.get(..., type=int)`, e.g. the groups' `municipality`
    filter) set past 64 bits, past 32 bits, negative or in Arabic digits: never a 500."""
    built, sessions, rollback = world
    read: dict[str, set[str]] = {}
    plain_get = Parameters.get

    def watching(self, key, default=None, type=None):  # noqa: A002
        from flask import request

        if type is int and request.endpoint:
            read.setdefault(request.endpoint, set()).add(key)
        return plain_get(self, key, default, type)

    cases = [c for c in matrix.cases(app, built) if c.method == "GET"]
    monkeypatch.setattr(Parameters, "get", watching)
    for case in cases:
        session = sessions[allowed_actor(app, case) or "admin"]
        with rollback.undone():
            client_for(app, session).get(url(app, case)).close()
    monkeypatch.undo()
    assert {"groups.index", "initiatives.index", "notifications.index"} <= set(read)
    wrong, tried = [], 0
    for case in cases:
        session = sessions[allowed_actor(app, case) or "admin"]
        for name in sorted(read.get(case.endpoint, ())):
            for value in BAD_QUERY_NUMBERS:
                path = f"{url(app, case)}?{name}={quote(value)}"
                with rollback.undone():
                    response = client_for(app, session).get(path)
                    response.close()
                tried += 1
                if response.status_code >= 500:
                    wrong.append(f"GET {path}: {response.status_code}")
    REPORT.append(f"numbers in query strings: {tried} requests on {len(read)} routes")
    assert tried > 50
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong[:40])


def test_a_groups_filter_past_64_bits_shows_the_list_unfiltered(app, world):
    built, sessions, rollback = world
    slug = built.ids["zone_slug"]
    client = client_for(app, sessions["anonymous"])
    with rollback.undone():
        for value in (2**63, 2**63 - 1, 10**30, 2**31):
            assert client.get(f"/{slug}/groups/?municipality={value}").status_code == 200


# --- Numbers in forms -------------------------------------------------------------------


def _form_classes():
    """Every form class of the app, with the forms built per request (quotas) made once."""
    from burgerplatform.consultations import forms as consultation_forms
    from burgerplatform.core.forms import BaseForm

    found, todo = set(), [BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    value = types.SimpleNamespace(id=7, display_label="Value")
    category = types.SimpleNamespace(for_quotas=True, values=[value], display_label="Category")
    round_ = types.SimpleNamespace(
        group_size=12, rotation_rounds=0, rotation_months=0, rotation_fallback=False
    )
    round_.reply_days, round_.quotas = 7, []
    return found, (consultation_forms.group_form, (round_, [category]))


def number_fields(cls) -> list[tuple[str, object]]:
    """(name, unbound field) of each field that reads a whole number from the post."""
    fields = []
    for name in dir(cls):
        unbound = getattr(cls, name, None)
        if not isinstance(unbound, wtforms.fields.core.UnboundField):
            continue
        kind = unbound.field_class
        coerce = unbound.kwargs.get("coerce")
        if issubclass(kind, wtforms.IntegerField) or (coerce is not None and coerce is not str):
            fields.append((name, unbound))
    return fields


def test_every_number_in_every_form_refuses_unicode_digits(app, world):
    # (`world` only so that the security conftest leaves the shared tables alone.)
    from burgerplatform.core.forms import BaseForm

    classes, (factory, factory_args) = _form_classes()
    with app.test_request_context(method="POST"):
        classes.add(type(factory(*factory_args, formdata=None)))
    checked, wrong = 0, []
    for cls in sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        for name, unbound in number_fields(cls):
            for digits in UNICODE_DIGITS:
                # The field exactly as the form declares it, alone in a bare form.
                probe = type("Probe", (BaseForm,), {name: unbound})
                with app.test_request_context(method="POST"):
                    form = probe(formdata=MultiDict({name: digits}), meta={"csrf": False})
                    field = form[name]
                    if getattr(field, "choices", False) is None:
                        field.choices = [(n, str(n)) for n in range(13)]
                    valid = form.validate()
                checked += 1
                # Refused with an error on that field (its data may keep its default).
                if valid or not field.errors:
                    label = f"{cls.__module__}.{cls.__qualname__}.{name}"
                    wrong.append(f"{label} took {digits!r} as {field.data!r}")
    assert checked >= 4 * 15, checked
    assert not wrong, "\n".join(wrong)


def test_choosing_zone_two_in_arabic_digits_on_the_account_page_is_refused(app, world):
    built, sessions, rollback = world
    session = sessions["citizen_a"]
    zone = built.ids["zone_id"]
    answers = {}
    for digits in (str(zone), "".join(chr(0x0660 + int(d)) for d in str(zone))):
        with rollback.undone():
            client = client_for(app, session)
            html = client.get("/account").get_data(as_text=True)
            form = next(f for f in discovery.forms_on(html, "/account") if "zone" in f.fields)
            data = {f.name: (f.options or [""])[0] for f in form.fields.values()}
            data.update(csrf_token=session.token, display_name="Citizen A", zone=digits)
            data.update(locale="nl")
            response = client.post(form.action, data=data)
            answers[digits] = response.status_code
            response.close()
    assert list(answers.values()) == [302, 400], answers


# --- Files where text is expected -------------------------------------------------------


def test_a_file_sent_in_any_text_field_of_any_form_is_refused_and_the_form_shown(
    app,
    world,
    discovered,  # noqa: F811
):
    """Every POST route, as someone allowed to use it: each field of its form sent as a
    file part. A 4xx (the form re-rendered or refused as a whole), never a server error."""
    built, sessions, rollback = world
    wrong, posts = [], 0
    for case in post_cases(app, built):
        actor = allowed_actor(app, case)
        if actor is None:
            continue
        path = url(app, case)
        form = discovered.get(path)
        if form is None:
            continue
        session = sessions[actor]
        fields = [f for f in form.fields.values() if f.name != "csrf_token"]
        for target in fields:
            data = {}
            for f in fields:
                if f.name != target.name:
                    data[f.name] = f.options[0] if f.options and f.options[0] else "Tekst"
            data[target.name] = (io.BytesIO(b"hostname\n"), "hostname")
            data["csrf_token"] = session.token
            with rollback.undone():
                client = client_for(app, session, language="nl")
                response = client.post(path, data=data, content_type="multipart/form-data")
                html = response.get_data(as_text=True)
                response.close()
            posts += 1
            status = response.status_code
            label = f"{case.label} as {actor}, {target.name} as a file"
            if status >= 500:
                wrong.append(f"{label}: {status}")
            elif status == 400 and 'lang="nl"' not in html:
                wrong.append(f"{label}: 400 page not in Dutch")
            elif status == 400 and DUTCH_400 not in html and 'name="csrf_token"' not in html:
                wrong.append(f"{label}: 400 without the form")
    REPORT.append(f"files in text fields: {posts} posts, each field of each form as a file")
    assert posts > 150, posts
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login", {"email": None, "password": "x"}),
        ("/register", {"email": None, "display_name": "An", "password": "x" * 12}),
        ("/login/link", {"email": None}),
        ("/password/forgot", {"email": None}),
    ],
)
def test_logging_in_with_a_file_as_the_address_shows_the_form_again(app, world, path, data):
    built, sessions, rollback = world
    session = sessions["anonymous"]
    with rollback.undone():
        client = client_for(app, session)
        body = {k: v or (io.BytesIO(b"hostname\n"), "hostname") for k, v in data.items()}
        body["csrf_token"] = session.token
        response = client.post(path, data=body, content_type="multipart/form-data")
        html = response.get_data(as_text=True)
        response.close()
    assert response.status_code == 400
    assert 'name="email"' in html
