"""The open-data API keeps to its OpenAPI document, whatever a client sends.

Every query parameter is declared once per route (accountability/params.py) and read
strictly: unknown, repeated, malformed or out-of-range values are a 400 with a JSON error,
never a 500 or a silent "first page". Schemathesis (every check) then fuzzes the whole
API in process against the demo data: a few examples per operation in `make test`, many
in `make fuzz` (API_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import re

import pytest
from openapi_spec_validator import validate

from burgerplatform.extensions import db

API = "/api/v1"


@pytest.fixture
def zone(make_zone):
    return make_zone(slug="meetjesland", name="ELZ Meetjesland")


def api_get_routes(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API + "/") and "GET" in rule.methods
    )


def concrete(rule: str, slug: str) -> str:
    """A route's URL with its variables filled in (`<slug>`, `<int:…>`)."""
    url = rule.replace("<slug>", slug)
    return re.sub(r"<int:[^>]+>", "1", url)


def assert_json_error(response, status: int, mentions: str = "") -> None:
    assert response.status_code == status, (response.request.url, response.status_code)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["code"] == status and error["message"]
    if mentions:
        assert any(mentions in detail for detail in error["details"]), error


def test_a_cursor_too_large_for_the_database_is_refused_not_a_server_error(client, zone):
    response = client.get(f"{API}/zones/meetjesland/rounds?after=1981266239643363833685380956160")
    assert_json_error(response, 400, "`after`")


def test_a_negative_page_and_a_word_for_a_cursor_are_refused(client, zone):
    response = client.get(f"{API}/zones/meetjesland/rounds?page=-1732992006105&after=true")
    assert_json_error(response, 400, "`page`")
    assert any("`after`" in d for d in response.get_json()["error"]["details"])


def test_a_cursor_inside_a_list_link_that_names_a_huge_row_is_refused(client, zone):
    from burgerplatform.core.pagination import decode_cursor, encode_cursor

    assert decode_cursor(encode_cursor("2026-01-01T00:00:00+00:00", 10**40)) is None
    assert decode_cursor(encode_cursor(10**40, 1), int) is None
    response = client.get(f"{API}/zones/meetjesland/initiatives?after={10**40}")
    assert_json_error(response, 400, "`after`")
    assert client.get(f"{API}/zones/meetjesland/initiatives/{10**40}").status_code == 404


@pytest.mark.parametrize(
    "query, mentions",
    [
        ("page=1&page=2", "`page`"),
        ("unknown=1", "`unknown`"),
        ("after=1&after=1", "`after`"),
        ("page=", "`page`"),
        ("page=1.5", "`page`"),
        ("page=0x10", "`page`"),
    ],
)
def test_every_api_route_refuses_an_unknown_repeated_or_malformed_parameter(
    app, client, zone, query, mentions
):
    routes = api_get_routes(app)
    assert len(routes) >= 5, routes
    for rule in routes:
        # Routes without paging refuse `page` too: as an unknown parameter.
        response = client.get(f"{concrete(rule, zone.slug)}?{query}")
        assert_json_error(response, 400)
        details = " ".join(response.get_json()["error"]["details"])
        assert mentions in details, (rule, query, details)


def test_a_method_the_api_does_not_take_is_refused_with_the_allowed_ones(app, client, zone):
    for rule in api_get_routes(app):
        response = client.raw.delete(concrete(rule, zone.slug))
        assert_json_error(response, 405)
        assert "GET" in response.headers["Allow"], rule


def test_the_openapi_document_is_valid_and_describes_every_api_route(app, client):
    spec = client.get(f"{API}/openapi.json").get_json()
    validate(spec)  # raises on an invalid OpenAPI 3.1 document
    documented = {re.sub(r"\{[^}]+\}", "{}", path) for path in spec["paths"]}
    served = {re.sub(r"<[^>]+>", "{}", rule[len(API) :]) for rule in api_get_routes(app)}
    assert documented == served
    for path, item in spec["paths"].items():
        answers = item["get"]["responses"]
        assert "400" in answers, path  # strict parameters everywhere, and documented
        assert answers["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


# --- schemathesis --------------------------------------------------------------------


@pytest.fixture
def demo_data(app, monkeypatch):
    """The demo's zones, initiatives (every status, timelines) and rounds (quotas, a drawn
    group, recommendations with answers): the fuzzer reaches real objects through the
    slugs in /zones and the ids in each list (schemathesis follows those values)."""
    from burgerplatform import demo

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["initiatives", "consultations"])
    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        db.session.remove()


def run_schemathesis(app, max_examples: int, seed: int | None) -> tuple[int, list[str]]:
    """Every phase and every check of `schemathesis run --checks all`, in process: the
    number of scenarios run and a line per failed check."""
    import schemathesis
    from schemathesis import engine
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events

    config = SchemathesisConfig()
    if seed is not None:
        config.update(seed=seed, max_failures=None)
    project = config.projects.override
    project.checks.update(included_check_names=["all"])
    project.generation.update(max_examples=max_examples, database="none")
    # The test client does not undo compression as an HTTP client does: ask for none.
    project.update(headers={"Accept-Encoding": "identity"})
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app, config=config)
    scenarios, failures = 0, []
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"error: {event}")
        if not isinstance(event, events.ScenarioFinished):
            continue
        scenarios += 1
        recorder = event.recorder
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                case = recorder.cases[case_id].value
                failures.append(
                    f"{check.name}: {case.method} {case.formatted_path} query={case.query!r} "
                    f"-> {check.failure_info.failure.title}: "
                    f"{check.failure_info.failure.message[:300]}"
                )
    return scenarios, failures


def test_the_open_data_api_passes_schemathesis_with_every_check(app, demo_data):
    examples = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
    seed = os.environ.get("API_FUZZ_SEED", "20261204")
    scenarios, failures = run_schemathesis(app, examples, int(seed) if seed else None)
    assert scenarios >= 5, scenarios
    assert not failures, "\n".join(sorted(set(failures)))


def test_a_number_too_large_for_the_database_in_a_page_filter_gives_a_page_not_an_error(
    client, zone
):
    huge = 10**25
    for url in (
        f"/meetjesland/what-happened?theme={huge}",
        f"/meetjesland/what-happened?municipality={huge}",
        f"/meetjesland/rounds/?page={huge}",
    ):
        assert client.get(url).status_code == 200, url
