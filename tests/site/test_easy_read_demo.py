"""Whoever tries the demo sees easy-read versions: on the answered proposals, on the
finished round's advice and on a proeftuin's outcome. Each is shorter than the full text
it makes easy (an easy-read version longer than its full text helps no one)."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform import demo
from burgerplatform.consultations.models import Phase, ProgressUpdate, Recommendation, Round
from burgerplatform.core.readability import measure
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeEvent
from burgerplatform.proeftuinen.models import Topic
from burgerplatform.zones.models import Zone


def _words(text: str) -> int:
    result = measure(text, "nl")
    return result.words if result else 0


def test_the_demo_shows_short_easy_read_versions_where_the_issue_promises_them(
    app, client, monkeypatch
):
    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["initiatives", "consultations", "proeftuinen"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        answered = db.session.scalars(
            select(Initiative)
            .join(Zone)
            .where(Zone.slug == "meetjesland", Initiative.answer_kind.is_not(None))
        ).all()
        assert len(answered) >= 2
        assert all(i.answer_easy for i in answered), [i.id for i in answered if not i.answer_easy]
        finished = db.session.scalars(select(Round).where(Round.phase == Phase.FOLLOW_UP)).all()
        assert finished
        advice = db.session.scalars(
            select(Recommendation).where(Recommendation.round_id.in_([r.id for r in finished]))
        ).all()
        assert advice and all(r.body_easy for r in advice)
        outcomes = db.session.scalars(select(Topic).where(Topic.outcome_easy != "")).all()
        assert outcomes
        pairs = (
            [(i.answer_reason, i.answer_easy) for i in answered]
            + [
                (e.text, e.text_easy)
                for e in db.session.scalars(
                    select(InitiativeEvent).where(InitiativeEvent.text_easy != "")
                )
            ]
            + [(r.body, r.body_easy) for r in db.session.scalars(select(Recommendation))]
            + [(u.body, u.body_easy) for u in db.session.scalars(select(ProgressUpdate))]
            + [(t.outcome or "", t.outcome_easy) for t in outcomes]
            + [(r.question, r.question_easy) for r in db.session.scalars(select(Round))]
        )
        longer = [(easy, full) for full, easy in pairs if easy and _words(easy) >= _words(full)]
        assert not longer, f"easy-read versions longer than their full text: {longer}"
        ids = [i.id for i in answered]
        db.session.remove()
    for ini in ids:
        page = client.get(f"/meetjesland/initiatives/{ini}").get_data(as_text=True)
        assert '<details class="full-text">' in page, ini
