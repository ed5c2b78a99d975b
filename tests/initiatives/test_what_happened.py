"""The public side: "What happened with your input?", the Atom feed and the open data API."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative

PAGE = "/meetjesland/what-happened"


def test_the_page_lists_public_initiatives_only_with_a_chart_and_its_table(
    client, world, make_initiative
):
    make_initiative("draft", title="Geheim concept")
    make_initiative("published", title="Vervoer naar het ziekenhuis")
    make_initiative("answered", title="Respijtzorg voor mantelzorgers")
    html = client.get(PAGE).get_data(as_text=True)
    assert "Geheim concept" not in html
    assert "Vervoer naar het ziekenhuis" in html and "Respijtzorg voor mantelzorgers" in html
    assert '<div class="chart bar-chart"' in html and 'class="chart-label"' in html
    assert "<caption>" in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_search_filters_and_sorting(client, app, world, make_initiative):
    bus = make_initiative("published", title="Vervoer naar het ziekenhuis")
    meet = make_initiative("published", title="Een ontmoetingsplek", body="Koffie en babbel")
    answered = make_initiative("answered", title="Respijtzorg")
    with app.app_context():
        db.session.get(Initiative, meet).supports_count = 7
        db.session.commit()
        db.session.remove()
    html = client.get(PAGE + "?q=babbel").get_data(as_text=True)
    assert "Een ontmoetingsplek" in html and "Vervoer naar" not in html
    html = client.get(PAGE + "?status=answered").get_data(as_text=True)
    assert "Respijtzorg" in html and "Een ontmoetingsplek" not in html
    html = client.get(PAGE + "?sort=supported").get_data(as_text=True)
    assert html.index("Een ontmoetingsplek") < html.index("Vervoer naar")
    html = client.get(PAGE + "?sort=waiting").get_data(as_text=True)
    assert "Vervoer naar" in html
    # Odd input never breaks the page.
    for query in ("?status=nonsense", "?theme=abc", "?sort=%27;drop", "?q=%25_%5C", "?page=2"):
        assert client.get(PAGE + query).status_code == 200, query
    assert client.get(PAGE + "?page=0").status_code == 404
    assert bus and answered


def test_the_list_is_paginated(client, app, world, make_initiative):
    for n in range(21):
        make_initiative("published", title=f"Voorstel {n:02d}")
    first = client.get(PAGE).get_data(as_text=True)
    second = client.get(PAGE + "?page=2").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first.count("initiative-list") == second.count("initiative-list") == 1


def test_filtering_by_theme_and_municipality(client, app, world):
    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives.services import DraftData, save_draft
    from burgerplatform.initiatives.themes import themes_for
    from burgerplatform.initiatives.workflow import approve, submit
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, world.zone.id)
        author = db.session.get(User, world.author.id)
        staff = db.session.get(User, world.staff.id)
        theme = themes_for(zone)[0]
        eeklo = zone.municipalities[0]
        ini = save_draft(
            zone,
            author,
            DraftData(
                title="Busje Eeklo",
                summary="kort",
                body="lang",
                theme_ids=[theme.id],
                municipality_ids=[eeklo.id],
            ),
        )
        submit(ini, author)
        approve(ini, staff)
        other = save_draft(zone, author, DraftData(title="Iets anders", summary="k", body="l"))
        submit(other, author)
        approve(other, staff)
        db.session.commit()
        theme_id, eeklo_id = theme.id, eeklo.id
        db.session.remove()
    html = client.get(f"{PAGE}?theme={theme_id}").get_data(as_text=True)
    assert "Busje Eeklo" in html and "Iets anders" not in html
    html = client.get(f"{PAGE}?municipality={eeklo_id}").get_data(as_text=True)
    assert "Busje Eeklo" in html and "Iets anders" not in html


def test_the_promise_kept_figure(client, app, world, make_initiative):
    on_time = make_initiative("answered", title="Op tijd")
    late = make_initiative("answered", title="Te laat")
    with app.app_context():
        ini = db.session.get(Initiative, late)
        ini.answer_due_at = ini.answered_at - timedelta(days=1)
        db.session.commit()
        db.session.remove()
    html = client.get(PAGE).get_data(as_text=True)
    assert "50%" in html
    assert on_time


def test_the_atom_feed_has_new_initiatives_and_answers(client, world, make_initiative):
    make_initiative("answered", title="Respijtzorg <voor> mantelzorgers")
    make_initiative("draft", title="Geheim")
    response = client.get(PAGE + "/feed.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own feed, in a test
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert len(titles) == 2  # published, answered
    assert all("Respijtzorg <voor> mantelzorgers" in t for t in titles)


def test_the_api_lists_published_initiatives_with_paging(client, world, make_initiative):
    make_initiative("draft", title="Geheim")
    make_initiative("published", title="Vervoer")
    data = client.get("/api/v1/zones/meetjesland/initiatives").get_json()
    assert data["total"] == 1 and data["page"] == 1 and data["per_page"] == 20
    (item,) = data["items"]
    assert {"id", "title", "status", "summary", "supports", "created_at", "answer_due_at"} <= set(
        item
    )
    assert item["status"] == "published"
    assert client.get("/api/v1/zones/nope/initiatives").status_code == 404


def test_the_api_gives_one_initiative_with_its_timeline_and_answer(client, world, make_initiative):
    ini = make_initiative("answered")
    draft = make_initiative("sent_back")
    data = client.get(f"/api/v1/zones/meetjesland/initiatives/{ini}").get_json()
    assert [e["kind"] for e in data["timeline"]] == [
        "submitted",
        "published",
        "on_agenda",
        "answered",
    ]
    assert all({"at", "kind", "text"} <= set(e) for e in data["timeline"])
    assert data["answer"]["kind"] == "adopted"
    assert data["answer"]["meeting"]["title"] == "Zorgraad december"
    assert client.get(f"/api/v1/zones/meetjesland/initiatives/{draft}").status_code == 404
    assert client.get(f"/api/v1/zones/kbv/initiatives/{ini}").status_code == 404


def test_the_openapi_document_describes_the_initiatives(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/zones/{slug}/initiatives" in doc["paths"]
    assert "/zones/{slug}/initiatives/{id}" in doc["paths"]
    assert "InitiativeDetail" in doc["components"]["schemas"]


def test_an_overdue_initiative_is_marked_late(client, app, world, make_initiative):
    ini = make_initiative("on_agenda", title="Wacht te lang")
    with app.app_context():
        db.session.get(Initiative, ini).answer_due_at = utcnow() - timedelta(days=3)
        db.session.commit()
        db.session.remove()
    html = client.get(PAGE).get_data(as_text=True)
    assert 'class="overdue"' in html


def count_queries(app, client, url) -> int:
    from sqlalchemy import event

    seen = []

    def listener(*args):
        seen.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_pages_do_not_make_more_queries_with_more_initiatives(client, app, world, make_initiative):
    make_initiative("answered", title="Eerste")
    first = make_initiative("published", title="Tweede")
    client.get(PAGE)  # the first visit creates the zone's default themes
    few = count_queries(app, client, PAGE)
    show_few = count_queries(app, client, f"/meetjesland/initiatives/{first}")
    for n in range(6):
        make_initiative("answered" if n % 2 else "published", title=f"Meer {n}")
    assert count_queries(app, client, PAGE) == few
    assert count_queries(app, client, f"/meetjesland/initiatives/{first}") == show_few


def test_an_answer_still_missing_past_its_date_counts_as_a_broken_promise(
    client, app, world, make_initiative
):
    make_initiative("answered", title="Op tijd")
    waiting = make_initiative("on_agenda", title="Wacht te lang")
    with app.app_context():
        db.session.get(Initiative, waiting).answer_due_at = utcnow() - timedelta(days=3)
        db.session.commit()
        db.session.remove()
    html = client.get(PAGE).get_data(as_text=True)
    assert "50%" in html and "(1 of 2)" in html
