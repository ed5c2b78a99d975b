"""One pagination: every list that can grow pages by cursor, forwards and back, and shows
each item exactly once, also where items share a sort key (same time, same count)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from burgerplatform.core.pagination import Cursors, decode_key, encode_key
from burgerplatform.extensions import db

PACKAGE = Path(__file__).resolve().parents[2] / "burgerplatform"
SAME_TIME = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_no_list_query_skips_rows_with_offset():
    """OFFSET reads and throws away every row before the page (page 500 would cost 500
    pages). Only core/pagination.py may use it, for the page numbers the public API
    documented before it had cursors."""
    allowed = PACKAGE / "core" / "pagination.py"
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path == allowed or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "offset":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if " OFFSET " in f" {node.value.upper()} " and "offset" in node.value.lower():
                    if "select" in node.value.lower():
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} (SQL)")
    assert not found, found


def test_a_cursor_that_was_tampered_with_reads_as_none():
    good = encode_key((SAME_TIME, 7))
    assert decode_key(good, (datetime, int)) == (SAME_TIME, 7)
    for cursor in ("", "x", "W10", "WyJ4IiwxXQ", "%00", encode_key((1, 2, 3)), encode_key([1])):
        assert decode_key(cursor, (datetime, int)) is None, cursor
    assert decode_key(encode_key((5, 2**40)), (int, int)) is None  # no row has that id
    assert decode_key(encode_key((True, 3)), (int, int)) is None


def walk(fetch) -> tuple[list[int], list[int]]:
    """Every item id, page by page forwards (next cursors), then back from the last page
    (prev cursors); each page must say whether there is more."""
    forward, after, pages = [], None, 0
    while True:
        page = fetch(Cursors(after=after))
        forward += [item.id for item in page.items]
        pages += 1
        assert pages < 100
        if page.next_cursor is None:
            break
        after = page.next_cursor
    backward, before = [item.id for item in page.items], page.prev_cursor
    while before is not None:
        page = fetch(Cursors(before=before))
        backward = [item.id for item in page.items] + backward
        before = page.prev_cursor
    assert pages > 2, "the test needs several pages"
    return forward, backward


def assert_each_once(forward: list[int], backward: list[int], expected: list[int]) -> None:
    assert len(forward) == len(set(forward)), "an item showed twice"
    assert sorted(forward) == sorted(expected), "an item went missing"
    assert backward == forward, "paging back gives another order"


def test_paging_through_a_zones_rounds_shows_each_round_once(app, make_zone):
    from burgerplatform.consultations import queries
    from burgerplatform.consultations.models import Round
    from burgerplatform.zones.models import Zone

    zone = make_zone()
    with app.app_context():
        rounds = [Round(zone_id=zone.id, title=f"R{i}", question_draft="?") for i in range(11)]
        db.session.add_all(rounds)
        db.session.flush()
        z = db.session.get(Zone, zone.id)
        forward, backward = walk(lambda at: queries.rounds_of(z, at, per_page=4))
        assert_each_once(forward, backward, [r.id for r in rounds])
        assert forward == sorted(forward, reverse=True)  # newest first
        db.session.rollback()


def test_paging_through_meetings_that_start_at_the_same_time_shows_each_once(app):
    from burgerplatform.meetings import planning
    from burgerplatform.meetings.models import Meeting, MeetingKind

    kind = next(iter(MeetingKind))
    with app.app_context():
        meetings = [
            Meeting(
                kind=kind,
                space="zone:1",
                title=f"M{i}",
                starts_at=SAME_TIME + timedelta(days=i // 4),
                ends_at=SAME_TIME + timedelta(days=i // 4, hours=2),
            )
            for i in range(13)
        ]
        db.session.add_all(meetings)
        db.session.flush()
        forward, backward = walk(lambda at: planning.in_space("zone:1", at, per_page=3))
        assert_each_once(forward, backward, [m.id for m in meetings])
        starts = [db.session.get(Meeting, i).starts_at for i in forward]
        assert starts == sorted(starts, reverse=True)  # the latest first
        db.session.rollback()


def test_paging_through_proeftuinen_and_their_topics_shows_each_once(app, make_user):
    from burgerplatform.proeftuinen import discussion, services
    from burgerplatform.proeftuinen.models import Proeftuin, Topic, Visibility

    with app.test_request_context():
        visitor = make_user()
        from burgerplatform.accounts.models import User

        person = db.session.get(User, visitor.id)
        gardens = [Proeftuin(name=f"P{i}", visibility=Visibility.PUBLIC) for i in range(9)]
        db.session.add_all(gardens)
        db.session.flush()
        forward, backward = walk(lambda at: services.visible_list(person, at, per_page=2))
        assert_each_once(forward, backward, [p.id for p in gardens])

        topics = [
            Topic(
                proeftuin_id=gardens[0].id,
                title=f"T{i}",
                last_post_at=SAME_TIME + timedelta(hours=i // 5),
                pinned_at=SAME_TIME if i in (3, 7, 11) else None,
            )
            for i in range(14)
        ]
        db.session.add_all(topics)
        db.session.flush()
        forward, backward = walk(lambda at: discussion.topics(gardens[0], at, per_page=3))
        assert_each_once(forward, backward, [t.id for t in topics])
        pinned = {t.id for t in topics if t.pinned_at is not None}
        assert set(forward[:3]) == pinned  # pinned topics first
        db.session.rollback()


def test_paging_through_notifications_and_the_audit_log_shows_each_once(app, make_user):
    from burgerplatform.accounts.models import User
    from burgerplatform.audit import services as audit
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.notifications import services as notifications
    from burgerplatform.notifications.models import Notification

    owner = make_user()
    with app.test_request_context():
        person = db.session.get(User, owner.id)
        notes = [
            Notification(user_id=owner.id, kind="test.news", params={"title": "x"}, url="/")
            for _ in range(10)
        ]
        db.session.add_all(notes)
        db.session.flush()
        forward, backward = walk(lambda at: notifications.page_for(person, at, per_page=3))
        assert_each_once(forward, backward, [n.id for n in notes])

        for i in range(9):
            audit.record("test.paging", target_type="thing", target_id=i)
        db.session.flush()
        expected = list(
            db.session.scalars(select(AuditEvent.id).where(AuditEvent.action == "test.paging"))
        )
        filters = audit.Filters(action="test.paging")
        seen, after = [], None
        while True:
            page = audit.page(filters, Cursors(after=after))
            seen += [e.id for e in page.items]
            if not page.has_more:
                break
            after = page.next_cursor
        assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
        db.session.rollback()


@pytest.mark.parametrize("cursor", ["nonsense", "%00%01", "W10", "WyJ4IiwxXQ", "eyJhIjoxfQ"])
def test_a_mangled_cursor_in_any_list_shows_the_first_page(client, make_zone, make_user, cursor):
    zone = make_zone()
    admin = make_user(is_admin=True)
    client.login(admin.email)
    for path in (
        f"/{zone.slug}/rounds/",
        f"/{zone.slug}/meetings/",
        "/proeftuinen/",
        "/notifications/",
        f"/{zone.slug}/initiatives/",
        "/admin/audit/",
    ):
        for name in ("after", "before"):
            response = client.get(f"{path}?{name}={cursor}")
            assert response.status_code == 200, (path, name, response.status_code)


def test_a_long_list_of_rounds_pages_by_links_a_screen_reader_can_name(app, make_zone):
    """The one nav: a named landmark in Dutch, rel=next/prev links that carry a cursor,
    and following them shows every round once."""
    import re
    from html import unescape

    from burgerplatform.consultations.models import Round
    from tests.conftest import Client

    client = Client(app, language="nl")  # Dutch, the default language
    zone = make_zone()
    with app.app_context():
        db.session.add_all(
            Round(zone_id=zone.id, title=f"Ronde {i:02d}", question_draft="?") for i in range(45)
        )
        db.session.commit()
    seen, url, html = [], f"/{zone.slug}/rounds/", ""
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"Ronde (\d\d)", html)
        nav = re.search(
            r'<nav class="pagination" aria-label="Pagina(?:&#39;|\')s">(.*?)</nav>', html, re.S
        )
        assert nav, "the list has no named pagination landmark"
        found = re.search(r'<a href="([^"]+)" rel="next">Oudere</a>', nav.group(1))
        url = unescape(found.group(1)) if found else None
        assert url is None or "after=" in url
    assert seen == [f"{i:02d}" for i in reversed(range(45))]
    back = re.search(r'<a href="([^"]+)" rel="prev">Nieuwere</a>', html)
    assert back and "before=" in back.group(1)
