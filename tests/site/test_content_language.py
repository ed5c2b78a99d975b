"""What people wrote on the platform (a proposal, a round's question, an advice, a post, a
meeting's agenda) is Dutch. On a French or English page its element says lang="nl", so a
screen reader or read-aloud pronounces it as Dutch; the page's own words stay French."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client

# A piece of text shorter than this could be a word of the page itself ("Meetjesland").
LONG_ENOUGH = 15
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"}


class LanguageOfText(HTMLParser):
    """Every piece of text in <main>, with the language its nearest lang attribute says;
    and the whole text of each element with a lang attribute of its own (a short text
    such as "De zorgraad" is split in pieces where the glossary explains a word)."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        # tag, language, and the text inside when the element says its own language
        self.stack: list[tuple[str, str, list[str] | None]] = [("html", page_language, None)]
        self.in_main = False
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag in VOID:
            return
        own = dict(attrs).get("lang")
        self.stack.append((tag, own or self.stack[-1][1], [] if own else None))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                for _tag, lang, inside in self.stack[i:]:
                    whole = " ".join("".join(inside or []).split())
                    if self.in_main and whole:
                        self.texts.append((whole, lang))
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_main and data.strip():
            self.texts.append((" ".join(data.split()), self.stack[-1][1]))
            for _tag, _lang, inside in self.stack:
                if inside is not None:
                    inside.append(data)


def _texts(html: str, language: str) -> list[tuple[str, str]]:
    reader = LanguageOfText(language)
    reader.feed(html)
    return reader.texts


def _citizen_reading(app, language: str, email: str | None = None) -> Client:
    """The demo's citizen (or another of its people), logged in, with pages in
    `language` (their own setting wins over the browser's)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.demo import DEMO_PASSWORD

    email = email or CITIZEN
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).locale = language
        db.session.commit()
        db.session.remove()
    client = Client(app, language=language)
    client.login(email, DEMO_PASSWORD)
    return client


CITIZEN = "jef@example.org"


def _written(app) -> dict[str, tuple[str, list[str]]]:
    """Per main citizen detail page of the demo: its URL and texts people wrote on it."""
    from flask import url_for

    from burgerplatform import demo
    from burgerplatform.consultations.models import Phase, Recommendation, Round
    from burgerplatform.initiatives.models import Initiative
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.proeftuinen.models import Post, Proeftuin, Topic
    from burgerplatform.proeftuinen.services import public_in_zone
    from burgerplatform.seats.models import CitizenSeat
    from burgerplatform.zones.models import Zone

    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        zone = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        slug = {"zone_slug": zone.slug}
        proposal = db.session.scalar(
            select(Initiative)
            .where(Initiative.zone_id == zone.id, Initiative.answer_easy != "")
            .order_by(Initiative.id)
        )
        round_ = db.session.scalar(
            select(Round).where(Round.zone_id == zone.id, Round.phase == Phase.FOLLOW_UP)
        )
        advice = db.session.scalar(
            select(Recommendation).where(Recommendation.round_id == round_.id)
        )
        topic = db.session.scalar(select(Topic).where(Topic.outcome_easy != ""))
        post = db.session.scalar(
            select(Post).where(Post.topic_id == topic.id, Post.hidden_at.is_(None))
        )
        proeftuin = db.session.get(Proeftuin, topic.proeftuin_id)
        meeting = db.session.scalar(
            select(Meeting)
            .where(Meeting.space == f"zone:{zone.id}")
            .order_by(Meeting.agenda == "", Meeting.id)
        )
        seat = db.session.scalar(
            select(CitizenSeat)
            .where(
                CitizenSeat.zone_id == zone.id,
                CitizenSeat.body_name != "",
                CitizenSeat.public_consent.is_(True),
            )
            .order_by(CitizenSeat.id)
        )
        listed = public_in_zone(zone.id)
        pages = {
            "zones.show": (
                url_for("zones.show", **slug),
                [zone.description, seat.body_name, *(p.name for p in listed)],
            ),
            "site.participation (seats)": (url_for("site.participation"), [seat.body_name]),
            "initiatives.show": (
                url_for("initiatives.show", initiative_id=proposal.id, **slug),
                [proposal.title, proposal.body, proposal.answer_easy],
            ),
            "consultations.show": (
                url_for("consultations.show", round_id=round_.id, **slug),
                [round_.title, round_.question_easy or round_.question],
            ),
            "consultations.recommendation": (
                url_for(
                    "consultations.recommendation", round_id=round_.id, rec_id=advice.id, **slug
                ),
                [advice.title, advice.body_easy or advice.body],
            ),
            "proeftuinen.show": (
                url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
                [proeftuin.name, proeftuin.description],
            ),
            "proeftuinen.topic": (
                url_for("proeftuinen.topic", proeftuin_id=proeftuin.id, topic_id=topic.id),
                [proeftuin.name, topic.title, topic.outcome_easy, post.body],
            ),
            "meetings.show": (
                url_for("meetings.show", uid=meeting.uid),
                [meeting.title] + ([meeting.agenda] if meeting.agenda else []),
            ),
        }
        pages.update(_written_elsewhere(zone, slug))
        pages.update(_written_in_lists(zone, slug, proeftuin))
        db.session.remove()
    return pages


def _written_elsewhere(zone, slug) -> dict[str, tuple[str, list[str]]]:
    """The groups register and a group's moderation, a meeting named on a proposal, and
    who asked a round's question: what people wrote there, in the zone of the demo."""
    from flask import url_for

    from burgerplatform.consultations.models import Round
    from burgerplatform.groups.models import Group
    from burgerplatform.initiatives.models import Initiative
    from burgerplatform.moderation.registry import get_type

    group = db.session.scalar(
        select(Group)
        .where(Group.zone_id == zone.id, Group.other_languages != "", Group.hidden_at.is_(None))
        .order_by(Group.id)
    )
    group_texts = [
        text
        for text in (group.purpose, group.audience, group.accessibility, group.how_to_join)
        if text
    ]
    with_meeting = db.session.scalar(
        select(Initiative)
        .where(Initiative.zone_id == zone.id, Initiative.meeting_id.is_not(None))
        .order_by(Initiative.id)
    )
    asked = db.session.scalar(
        select(Round).where(Round.zone_id == zone.id, Round.asked_by != "").order_by(Round.id)
    )
    return {
        "groups.index": (url_for("groups.index", **slug), [group.name]),
        "groups.show": (
            url_for("groups.show", group_id=group.id, **slug),
            [group.name, *group_texts, group.other_languages],  # "Arabisch"
        ),
        "moderation.report (group)": (
            url_for("moderation.report", target_type="group", target_id=group.id),
            [get_type("group").excerpt(group)],
        ),
        "initiatives.show (meeting)": (
            url_for("initiatives.show", initiative_id=with_meeting.id, **slug),
            [with_meeting.meeting.title],
        ),
        "consultations.show (asked by)": (
            url_for("consultations.show", round_id=asked.id, **slug),
            [asked.asked_by],
        ),
    }


def _written_in_lists(zone, slug, proeftuin) -> dict[str, tuple[str, list[str]]]:
    """Lists that name what people wrote: the zone's meetings, the proeftuinen and a
    proeftuin's meetings, search results, and the titles quoted in notifications."""
    from flask import url_for

    from burgerplatform.accounts.models import User
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.notifications.models import Notification
    from burgerplatform.search.registry import Terms
    from burgerplatform.search.services import search

    zone_meeting = db.session.scalar(
        select(Meeting).where(Meeting.space == f"zone:{zone.id}").order_by(Meeting.id)
    )
    proeftuin_meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.space == f"proeftuin:{proeftuin.id}", Meeting.starts_at > utcnow())
        .order_by(Meeting.starts_at)
    )
    citizen = db.session.scalar(select(User).where(User.email == CITIZEN))
    hits = search(Terms(SEARCHED), citizen).page.items
    written_hits = [hit for hit in hits if hit.kind != "help"]
    # The newest notifications (the first page) that quote a title.
    quoted = [
        value
        for note in db.session.scalars(
            select(Notification)
            .where(Notification.user_id == citizen.id)
            .order_by(Notification.id.desc())
            .limit(10)
        )
        for key, value in note.params.items()
        if key in ("title", "meeting")
    ]
    return {
        "zone_meetings.index": (
            url_for("zone_meetings.index", **slug),
            [zone_meeting.title],
        ),
        "proeftuinen.index": (url_for("proeftuinen.index"), [proeftuin.name]),
        "proeftuinen.show (meetings)": (
            url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
            [proeftuin_meeting.title],
        ),
        "search.index": (
            url_for("search.index", q=SEARCHED),
            [hit.title for hit in written_hits]
            + [hit.snippet for hit in written_hits if hit.snippet and hit.snippet_written],
        ),
        "notifications.index": (url_for("notifications.index"), sorted(set(quoted))),
    }


# A word that finds proposals, topics and meetings of the demo, and no help page by title.
SEARCHED = "soepmoment"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_what_people_wrote_is_marked_dutch_on_french_and_english_detail_pages(app, language):
    pages = _written(app)
    client = _citizen_reading(app, language)
    assert pages["search.index"][1], "the search found nothing people wrote"
    assert pages["notifications.index"][1], "the demo's citizen has no notifications"
    _check_marked(client, pages, language)


def _check_marked(client, pages, language: str) -> None:
    for endpoint, (url, written) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (endpoint, url)
        texts = _texts(response.get_data(as_text=True), language)
        for stored in written:
            assert stored, (endpoint, "the demo wrote nothing here")
            stored = " ".join(stored.split())
            shown = [
                (text, lang)
                for text, lang in texts
                if len(text) >= min(LONG_ENOUGH, len(stored)) and text in stored
            ]
            assert shown, (endpoint, stored[:60], "not on the page")
            not_dutch = [text for text, lang in shown if lang != "nl"]
            assert not not_dutch, (endpoint, language, not_dutch)
            # Nor inside a sentence of the page ("On the agenda of the meeting “…”").
            if len(stored) >= LONG_ENOUGH:
                quoted = [text for text, lang in texts if lang != "nl" and stored in text]
                assert not quoted, (endpoint, language, quoted)
        # The page's own words keep the reader's language.
        assert any(lang == language for _text, lang in texts), endpoint
        assert all(lang == language for text, lang in texts if text in UI_WORDS[language])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_coach_overview_marks_names_topics_and_meetings_dutch(app, language):
    from flask import url_for

    from burgerplatform import demo
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.proeftuinen.models import Proeftuin

    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        proeftuin = db.session.scalar(select(Proeftuin).order_by(Proeftuin.id))
        meetings = db.session.scalars(
            select(Meeting.title).where(Meeting.space.like("proeftuin:%"))
        ).all()
        url = url_for("proeftuinen.dashboard")
        db.session.remove()
    client = _citizen_reading(app, language, "coach@example.org")
    page = client.get(url).get_data(as_text=True)
    texts = _texts(page, language)
    shown = [lang for text, lang in texts if text == proeftuin.name]
    assert shown and set(shown) == {"nl"}, (proeftuin.name, shown)
    listed = [(text, lang) for text, lang in texts if text in meetings]
    assert listed, "no meeting on the coach's overview"
    assert {lang for _text, lang in listed} == {"nl"}, listed
    assert any(lang == language for _text, lang in texts)


# Words of the page around what people wrote (the easy-read label, the glossary's line).
UI_WORDS = {
    "fr": {"Facile à lire", "Lire le texte complet", "Mots de cette page :"},
    "en": {"Easy to read", "Read the full text", "Words on this page:"},
}


def test_a_dutch_page_does_not_repeat_its_language_on_what_people_wrote(app):
    pages = _written(app)
    client = _citizen_reading(app, "nl")
    for endpoint in ("initiatives.show", "consultations.show", "proeftuinen.topic"):
        page = client.get(pages[endpoint][0]).get_data(as_text=True)
        main = page.split("<main", 1)[1]
        assert 'lang="nl"' not in main, endpoint
