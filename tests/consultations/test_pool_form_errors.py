"""The pool form says everything that is wrong in one go, each in the summary as a link to
its question (outside review: one error per send, and entries that led nowhere)."""

from __future__ import annotations

import html as html_lib
import re

from sqlalchemy import select

from burgerplatform.consultations import pool
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone
from tests.conftest import Client


def _questions(app, slug: str) -> dict[str, tuple[int, dict[str, int]]]:
    """Every question of the zone's pool form by key: its id and its answers' ids. A
    second question staff added with its own "None of these"."""
    with app.test_request_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        pool.add_category(zone, "Hoe kom je naar een vergadering?", True, False,
                          ["Met de bus", "Met de fiets", "None of these"])  # fmt: skip
        found = {c.key: (c.id, {v.label: v.id for v in c.values}) for c in pool.categories(zone)}
        db.session.commit()
        return found


def summary_links(page: str) -> list[tuple[str, str]]:
    """(href id, text) of each entry of the error summary."""
    (summary,) = re.findall(r'<div class="error-summary".*?</div>', page, re.S)
    return [
        (href, html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip())
        for href, text in re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary, re.S)
    ]


def summary_entries(page: str) -> int:
    (summary,) = re.findall(r'<div class="error-summary".*?</div>', page, re.S)
    return len(re.findall(r"<li>", summary))


def element_with_id(page: str, element_id: str) -> str:
    tags = re.findall(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', page)
    assert len(tags) == 1, (element_id, tags)
    return tags[0]


def test_every_mistake_of_the_pool_form_is_listed_at_once_each_linked_to_its_question(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    an = make_user(zone_id=zone.id, email="an@example.org")
    questions = _questions(app, "meetjesland")
    lived_id, lived = questions["lived_experience"]
    added_id = next(i for key, (i, _values) in questions.items() if key.startswith("c"))
    added = questions[next(k for k in questions if k.startswith("c"))][1]
    none_lived = lived["None of these"]
    client = Client(app, language="nl")
    client.login(an.email)

    # No tick to agree, and "None of these" with another answer in two questions.
    response = client.post(
        "/meetjesland/pool/",
        {
            f"cat_{lived_id}": [str(lived["I have a chronic illness"]), str(none_lived)],
            f"cat_{added_id}": [str(added["Met de bus"]), str(added["None of these"])],
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    links = summary_links(page)
    assert summary_entries(page) == len(links) == 3, links
    texts = " ".join(text for _href, text in links)
    assert "Vink het vakje aan" in texts
    assert texts.count("kan “Geen van deze” niet samen met een ander antwoord") == 2
    # Each entry leads to its question: the first box of a group, the box to agree.
    targets = {href for href, _text in links}
    assert targets == {f"cat_{lived_id}-0", f"cat_{added_id}-0", "consent"}
    for href in targets:
        assert element_with_id(page, href).startswith("<input"), href
    # And each question says it too, next to its answers.
    assert f'id="cat_{lived_id}-error"' in page and f'id="cat_{added_id}-error"' in page
    assert 'id="consent-error"' in page
    with app.app_context():
        assert db.session.scalar(select(PoolMember.id)) is None

    # All fixed in one go: joined.
    fixed = client.post(
        "/meetjesland/pool/",
        {"consent": "y", f"cat_{lived_id}": [str(lived["None of these"])]},
    )
    assert fixed.status_code == 302


def test_two_answers_to_several_single_choice_questions_are_all_refused_in_one_go(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    an = make_user(zone_id=zone.id, email="an@example.org")
    with app.test_request_context():
        z = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        single = [
            (c.id, [v.id for v in c.values][:2])
            for c in pool.categories(z)
            if not c.multiple and len(c.values) >= 2
        ]
        db.session.commit()
    client = Client(app, language="nl")
    client.login(an.email)
    response = client.post(
        "/meetjesland/pool/",
        {f"cat_{i}": [str(first), str(second)] for i, (first, second) in single},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    links = summary_links(page)
    # Every tampered question and the missing tick, each linked to where it is answered.
    assert {href for href, _text in links} == {f"cat_{i}-0" for i, _ in single} | {"consent"}
    assert summary_entries(page) == len(links)
