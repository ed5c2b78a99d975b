"""One world for the security tests: zone A with an object of every kind, zone B, and the
actors of the authorisation matrix. Built through the real services where they exist, so
objects look like the ones users make; phases are set directly where walking a round
through every step would only slow the test down.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import create_engine, event
from sqlalchemy.orm import scoped_session, sessionmaker

from burgerplatform.extensions import db

# The columns of the matrix. "author" wrote the initiatives, the proeftuin post and the
# correction and gets the notification; "member" sits in every round's klankbordgroep.
ACTORS = (
    "anonymous",
    "citizen_a",
    "citizen_b",
    "staff_a",
    "staff_b",
    "zorgraad_a",
    "coach_x",
    "coach_y",
    "admin",
    "author",
    "member",
)
ZONE_B_ACTORS = ("citizen_b", "staff_b")


@dataclass
class World:
    ids: dict = field(default_factory=dict)  # URL argument values of zone A's objects
    users: dict = field(default_factory=dict)  # actor -> (user id, e-mail)
    extra: dict = field(default_factory=dict)


def build_world(app, make_zone, make_user) -> World:
    from burgerplatform.accounts.models import User, ZoneRole
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import (
        ContactMethod,
        Contribution,
        DrawRecord,
        DrawStatus,
        Outcome,
        Phase,
        Recommendation,
        RecommendationComment,
        RecommendationVersion,
        ReviewKind,
        ReviewResponse,
        Suggestion,
    )
    from burgerplatform.consultations.services import create_round
    from burgerplatform.core.db import utcnow
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.initiatives import workflow
    from burgerplatform.initiatives.participation import add_comment
    from burgerplatform.initiatives.themes import themes_for
    from burgerplatform.meetings import services as meetings
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.moderation import registry
    from burgerplatform.moderation import services as moderation
    from burgerplatform.moderation.models import ReportReason
    from burgerplatform.notifications.services import notify
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Visibility
    from burgerplatform.zones.models import Role, Zone
    from burgerplatform.zones.services import pzon_cluster
    from tests.consultations.conftest import accepted_seat

    world = World()
    zone_a = make_zone(slug="zone-a", name="ELZ A", support_threshold=50)
    zone_b = make_zone(slug="zone-b", name="ELZ B")
    people = {
        "citizen_a": make_user(zone_id=zone_a.id),
        "citizen_b": make_user(zone_id=zone_b.id),
        "staff_a": make_user(roles=[(zone_a.id, Role.STAFF)]),
        "staff_b": make_user(roles=[(zone_b.id, Role.STAFF)]),
        "zorgraad_a": make_user(zone_id=zone_a.id),
        "coach_x": make_user(roles=[(zone_a.id, Role.COACH)]),
        "coach_y": make_user(roles=[(zone_a.id, Role.COACH)]),
        "admin": make_user(is_admin=True),
        "author": make_user(zone_id=zone_a.id),
        "member": make_user(zone_id=zone_a.id),
    }
    world.users = {name: (u.id, u.email) for name, u in people.items()}
    ids = world.ids
    ids["zone_slug"] = zone_a.slug
    ids["slug"] = zone_a.slug
    ids["zone_id"] = zone_a.id
    world.extra["zone_b_slug"] = zone_b.slug
    world.extra["zone_b_id"] = zone_b.id

    with app.test_request_context(base_url="http://localhost"):

        def user(name):
            return db.session.get(User, people[name].id)

        zone = db.session.get(Zone, zone_a.id)
        # The zorgraad member sits in the PZON cluster, as in the demo (may open rounds).
        db.session.add(
            ZoneRole(
                user=user("zorgraad_a"),
                zone=zone,
                role=Role.ZORGRAAD_MEMBER,
                cluster=pzon_cluster(zone),
            )
        )
        ids["role_id"] = db.session.scalar(
            db.select(ZoneRole.id).where(ZoneRole.user_id == people["staff_a"].id)
        )

        # Initiatives: a published one (with a comment) and a draft with a co-author invite.
        author = user("author")
        staff = user("staff_a")
        data = initiatives.DraftData(
            title="Vervoer naar het ziekenhuis",
            summary="Wie geen auto heeft, raakt moeilijk in het ziekenhuis.",
            body="De bus rijdt maar één keer per uur.",
        )
        published = initiatives.save_draft(zone, author, data)
        workflow.submit(published, author)
        workflow.approve(published, staff)
        comment = add_comment(published, author, "Goed plan.")
        draft = initiatives.save_draft(zone, author, data)
        # The member is invited: only the invited address may accept (see VIEW_CHECKS).
        coauthor, coauthor_token = initiatives.invite_coauthor(
            draft, author, people["member"].email
        )
        ids["initiative_id"] = published.id
        world.extra["draft_id"] = draft.id
        ids["coauthor_id"] = coauthor.id
        world.extra["coauthor_token"] = coauthor_token
        world.extra["comment_id"] = comment.id
        # The zone's themes (the defaults), kept by its staff.
        ids["theme_id"] = themes_for(zone)[-1].id

        # The citizen pool and one round per phase, each with the member seated.
        member = user("member")
        pool_member = pool.join_or_update(zone, member, set(), consent=True)
        ids["category_id"] = pool.categories(zone)[0].id
        rounds = {}
        for phase in Phase:
            round_ = create_round(
                zone,
                staff,
                f"Ronde {phase.value}",
                "Hoe geraken we bij de huisarts?",
                "",
                "PZON-cluster",
                None,
                False,
            )
            round_.phase = phase
            round_.question_final = round_.question_draft
            accepted_seat(pool_member, round_=round_)
            db.session.flush()
            rounds[phase] = round_
        world.extra["rounds"] = {phase.value: r.id for phase, r in rounds.items()}
        gather = rounds[Phase.GATHER]
        draw = DrawRecord(
            round_id=gather.id,
            status=DrawStatus.DONE,
            seed=7,
            group_size=1,
            finished_at=utcnow(),
        )
        suggestion = Suggestion(
            round_id=rounds[Phase.CO_DEFINE].id, author_id=member.id, proposal="Ook de apotheek?"
        )
        # Input gathered on paper, from someone who wants a letter: it has a follow-up letter.
        contribution = Contribution(
            round_id=gather.id,
            zone_id=zone.id,
            body="De bus is te duur.",
            offline=True,
            entered_by_id=staff.id,
            source_event="Markt",
            source_place="Eeklo",
            contact_name="Maria",
            contact_method=ContactMethod.POST,
            contact_detail="Markt 1, 9900 Eeklo",
        )
        review = ReviewResponse(
            round_id=rounds[Phase.REVIEW].id,
            user_id=member.id,
            kind=ReviewKind.CORRECTION,
            body="Zet er de belbus bij.",
        )
        # Input the author gave online: moderated by zone A's staff.
        online = Contribution(
            round_id=gather.id, zone_id=zone.id, author_id=author.id, body="Een belbus!"
        )
        db.session.add_all([draw, suggestion, contribution, online, review])
        recs = {}
        for phase in (Phase.CO_DRAFT, Phase.REVIEW, Phase.SUBMITTED, Phase.FOLLOW_UP):
            rec = Recommendation(
                round_id=rounds[phase].id, title="Een belbus", body="Rijdt op vraag."
            )
            rec.versions.append(
                RecommendationVersion(number=1, title=rec.title, body=rec.body, author_id=member.id)
            )
            if phase is Phase.FOLLOW_UP:
                rec.outcome, rec.outcome_reason, rec.answered_at = (
                    Outcome.ADOPTED,
                    "Goed idee.",
                    utcnow(),
                )
            db.session.add(rec)
            recs[phase.value] = rec
        db.session.flush()
        world.extra["recs"] = {phase: rec.id for phase, rec in recs.items()}
        # The author's comment on the recommendation being written.
        note = RecommendationComment(
            recommendation_id=recs["co_draft"].id, author_id=author.id, body="Ook 's avonds?"
        )
        db.session.add(note)
        db.session.flush()
        # Other moderated kinds, for the moderation routes' variants (see matrix.VARIANTS).
        for name, item in (("round_contribution", online), ("recommendation_comment", note)):
            world.extra[f"{name}_type"] = name
            world.extra[f"{name}_id"] = item.id
        world.extra["draw_id"] = draw.id
        # A draw discarded before it had a public list: its record address is a 404.
        discarded = DrawRecord(
            round_id=gather.id,
            status=DrawStatus.DISCARDED,
            seed=6,
            group_size=1,
            discarded_at=utcnow(),
            discard_reason="De pool was niet volledig.",
        )
        db.session.add(discarded)
        db.session.flush()
        world.extra["discarded_draw_id"] = discarded.id
        ids["round_id"] = gather.id
        ids["draw_id"] = draw.id
        ids["contribution_id"] = contribution.id
        ids["suggestion_id"] = suggestion.id
        ids["response_id"] = review.id
        ids["rec_id"] = recs["co_draft"].id
        # The gathering round's questionnaire (for citizens of the zone; results not
        # public) with one optional open question.
        from burgerplatform.questionnaires import services as questionnaires
        from burgerplatform.questionnaires.models import Audience, QuestionKind

        questionnaire = questionnaires.create_questionnaire(gather, staff, "", Audience.ZONE, False)
        ids["question_id"] = questionnaires.add_question(
            questionnaire,
            questionnaires.question_data(QuestionKind.OPEN, False, {"text_nl": "Wat denk je?"}),
        ).id
        # A theme in the gathering round's input, holding the author's online input.
        from burgerplatform.themes.models import InputTheme, ThemeItem

        input_theme = InputTheme(round_id=gather.id, zone_id=zone.id, name="Belbus")
        input_theme.items.append(ThemeItem(round_id=gather.id, contribution_id=online.id))
        db.session.add(input_theme)
        db.session.flush()
        ids["input_theme_id"] = input_theme.id
        ids["item_id"] = input_theme.items[0].id

        # Proeftuin X (public: coach X, the author as member, a topic, a reported post) and
        # proeftuin Y (members only: coach Y).
        x = proeftuinen.create_proeftuin(
            user("coach_x"), "Zorgzame buurt", "Samen zorgen.", zone.id, Visibility.PUBLIC
        )
        y = proeftuinen.create_proeftuin(
            user("coach_y"), "PZON-cluster", "Alleen leden.", zone.id, Visibility.MEMBERS_ONLY
        )
        membership = proeftuinen.join(x, author)
        topic = discussion.start_topic(x, author, "Buurtsoep", "Wie helpt er mee?")
        post = discussion.reply(topic, author, "Ik breng soep mee.")
        report = moderation.report(
            registry.get_type("proeftuin_post"), post, user("citizen_a"), ReportReason.SPAM
        )
        invitation_token = proeftuinen.invite(x, user("coach_x"), "new@example.org")
        ids["proeftuin_id"] = x.id
        ids["topic_id"] = topic.id
        ids["post_id"] = post.id
        ids["membership_id"] = membership.id
        ids["target_type"] = "proeftuin_post"
        ids["target_id"] = post.id
        ids["report_id"] = report.id
        world.extra["proeftuin_y"] = y.id
        world.extra["proeftuin_token"] = invitation_token

        # A meeting of proeftuin X with minutes open for corrections, and one correction.
        start = utcnow() + timedelta(days=10)
        meeting = meetings.create_meeting(
            kind=MeetingKind.PROEFTUIN,
            space=f"proeftuin:{x.id}",
            zone_id=zone.id,
            title="Buurtoverleg",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=user("coach_x"),
            location="Eeklo",
        )
        minutes = meetings.save_minutes(meeting, user("coach_x"), "We spraken over soep.")
        meetings.open_review(minutes, utcnow() + timedelta(days=5))
        correction = meetings.propose_correction(minutes, author, "Over linzensoep.", "Juister.")
        ids["uid"] = meeting.uid
        ids["space"] = f"proeftuin:{x.id}"
        ids["correction_id"] = correction.id
        ids["user_id"] = author.id  # a member of the meeting (allowances.pay)
        ids["year"] = 2026  # a year of allowances (nobody was paid in the world)

        # A document of proeftuin X (public) and one of Y (members only); a citizen's seat
        # of zone A, held by the member.
        from datetime import date

        from burgerplatform.documents.models import DocumentKind
        from burgerplatform.documents.services import add_document
        from burgerplatform.seats import services as seats
        from burgerplatform.seats.models import Body, ChosenBy

        pdf = b"%PDF-1.4\n%%EOF\n"
        doc_x, doc_y = (
            add_document(
                f"proeftuin:{p.id}",
                zone.id,
                None,
                "Verslag",
                DocumentKind.MINUTES,
                "verslag.pdf",
                pdf,
            )
            for p in (x, y)
        )
        ids["owner"] = f"proeftuin:{x.id}"
        ids["document_id"] = doc_x.id
        ids["name"] = doc_x.filename
        world.extra["document_y"] = doc_y.id
        world.extra["document_y_name"] = doc_y.filename
        seat = seats.add_seat(
            zone.id,
            seats.SeatDetails(
                user("member").email,
                Body.ZORGRAAD,
                "",
                ChosenBy.ELECTED,
                None,
                date(2026, 1, 1),
                None,
            ),
        )
        ids["seat_id"] = seat.id

        # A case in the library of good practice, of proeftuin X.
        from burgerplatform.library.models import Case, CaseSource, CaseText, CaseTopic

        case = Case(
            zone_id=zone.id,
            source=CaseSource.PROEFTUIN,
            proeftuin_id=x.id,
            topic=CaseTopic.LONELINESS,
            participant_count=12,
        )
        case.texts.append(
            CaseText(lang="nl", title="Buurtsoep", asked="Wie?", done="Soep.", changed="Meer.")
        )
        db.session.add(case)
        db.session.flush()
        ids["case_id"] = case.id
        # A listed group of zone A (the author is its contact), invited to the gathering
        # round, with a request for a coach's support and a hand-over to the member open.
        from burgerplatform.groups import services as groups
        from burgerplatform.groups.models import RoundGroup, RoundPart

        group = groups.register_group(zone, author, groups.Entry(name="Stappers"), True)
        db.session.add(
            RoundGroup(round_id=ids["round_id"], group_id=group.id, part=RoundPart.INPUT)
        )
        support = groups.ask_support(group, author, "Meer leden", "", "Een plan")
        ids["group_id"] = group.id
        ids["request_id"] = support.id
        world.extra["group_token"] = groups.hand_over(group, author, user("member").email)

        # A notification for the author.
        (note,) = notify(
            [author],
            "proeftuin.reply",
            {"author": "Ilse", "title": "Buurtsoep"},
            "/proeftuinen/",
            zone.id,
        )
        ids["notification_id"] = note.id
        ids["token"] = "not-a-valid-token"  # public token pages: an unknown token
        db.session.commit()
        db.session.remove()
    return world


# --- Requests whose effects are undone -------------------------------------------------


class Rollback:
    """Runs requests inside one outer transaction that is rolled back afterwards, so one
    world serves every cell of the matrix. The app's session is swapped for one bound to
    that connection; its commits only release a SAVEPOINT."""

    def __init__(self, app):
        with app.app_context():
            url = db.engine.url
        if url.get_backend_name() == "sqlite":
            # pysqlite starts transactions lazily and so breaks SAVEPOINT; the workaround
            # from the SQLAlchemy docs: no driver transactions, we emit BEGIN ourselves.
            self.engine = create_engine(url)

            @event.listens_for(self.engine, "connect")
            def _connect(dbapi_connection, _record):
                dbapi_connection.isolation_level = None
                dbapi_connection.execute("PRAGMA foreign_keys=ON")
                dbapi_connection.execute("PRAGMA busy_timeout=5000")

            @event.listens_for(self.engine, "begin")
            def _begin(connection):
                connection.exec_driver_sql("BEGIN")
        else:
            self.engine = create_engine(url)
        self.connection = self.engine.connect()

    @contextmanager
    def undone(self):
        outer = self.connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=self.connection, join_transaction_mode="create_savepoint")
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()

    def close(self):
        self.connection.close()
        self.engine.dispose()


TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Session:
    """An actor's logged-in cookie and CSRF token, replayed on a fresh client per request
    so that a logout or a deleted account in one cell does not leak into the next."""

    cookie: str | None
    token: str


def open_session(app, email: str | None) -> Session:
    from tests.conftest import Client

    client = Client(app)
    if email:
        client.login(email)
    html = client.get("/privacy").get_data(as_text=True)
    token = TOKEN_RE.search(html).group(1)
    cookie = client.raw.get_cookie("session")
    return Session(cookie.value if cookie else None, token)


def client_for(app, session: Session, language: str = "en"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    if session.cookie:
        client.set_cookie("session", session.cookie)
    return client
