"""/api/v1/cases: the library as open data, described in the OpenAPI document."""

from __future__ import annotations

from tests.library.conftest import case_form


def _publish(closed_proeftuin, make_client, **overrides) -> tuple[dict, str]:
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form(**overrides))
    assert sent.status_code == 302
    return setup, sent.headers["Location"]


def test_the_api_lists_cases_with_their_texts_themes_and_zone(app, closed_proeftuin, make_client):
    setup, url = _publish(closed_proeftuin, make_client)
    body = make_client().get("/api/v1/cases").get_json()
    assert body["total"] == 1 and body["next"] is None
    case = body["items"][0]
    assert case["zone"] == setup["zone"].slug
    assert case["themes"] == ["community", "volunteering"]
    assert case["topic"] == "loneliness"
    assert case["participant_count"] == 15
    assert case["texts"]["nl"]["title"] == "Buurtsoep in Eeklo"
    assert "fr" not in case["texts"]
    case_id = int(url.rsplit("/", 1)[1])
    one = make_client().get(f"/api/v1/cases/{case_id}").get_json()
    assert one["id"] == case_id
    assert make_client().get("/api/v1/cases/999999").status_code == 404


def test_the_api_filters_and_pages_with_a_cursor(app, closed_proeftuin, make_client):
    first, _ = _publish(closed_proeftuin, make_client)
    _publish(closed_proeftuin, make_client, themes=["voice"], topic="carers")
    reader = make_client()
    assert reader.get("/api/v1/cases?theme=voice").get_json()["total"] == 1
    assert reader.get("/api/v1/cases?topic=loneliness").get_json()["total"] == 1
    in_zone = reader.get(f"/api/v1/cases?zone={first['zone'].slug}").get_json()
    assert [c["zone"] for c in in_zone["items"]] == [first["zone"].slug]
    page = reader.get("/api/v1/cases?per_page=1").get_json()
    assert len(page["items"]) == 1 and page["next"]
    rest = reader.get(page["next"]).get_json()
    assert len(rest["items"]) == 1 and rest["items"][0]["id"] < page["items"][0]["id"]
    assert rest["next"] is None


def test_the_api_refuses_bad_parameters_with_a_json_error(app, make_client):
    reader = make_client()
    for query in ("theme=nonsense", "per_page=0", "after=x", "colour=red", "theme=a&theme=b"):
        response = reader.get(f"/api/v1/cases?{query}")
        assert response.status_code == 400, query
        assert response.get_json()["error"]["details"], query
    assert reader.get("/api/v1/cases?zone=nowhere").status_code == 404


def test_the_openapi_document_describes_the_library(app, make_client):
    spec = make_client().get("/api/v1/openapi.json").get_json()
    assert {"/cases", "/cases/{id}"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/cases"]["get"]["parameters"]}
    assert names == {"after", "per_page", "theme", "topic", "zone"}
    assert "Case" in spec["components"]["schemas"]
