"""Every form that edits something is saved twice, the second time with a change, through
the test client: never an error page, and what the second save changed is stored.

The table is checked against the app's URL map: every route that takes a POST is either
an edit form here (`EDIT_FORMS`), a round's edit form in tests/consultations/
test_save_twice.py (its `EDIT_FORMS`, by endpoint), or listed in `NOT_EDIT_FORMS` with
why it edits nothing that can be saved again (it creates a row, takes one step, or is a
button). A new POST route fails `test_every_post_route_is_in_the_table` until it is put
in one of them.

Each save is made like a person makes it: open the page, take the form as the page
shows it (its values), change a field, send it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.conftest import PASSWORD


@dataclass
class EditCase:
    who: str  # e-mail of the person who saves
    page: str  # the page that shows the form
    action: str  # the form's action
    changes: list[dict]  # fields changed for each save (the second with a change)
    read: Callable[[], object]  # what is stored now
    expected: list[object]  # what `read` gives after each save


# --- Reading a form as the page shows it ----------------------------------------------


class _Values(HTMLParser):
    """The values a browser would send for the POST form with this action."""

    def __init__(self, action: str, page: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.page = page
        self.inside = False
        self.found = False
        self.values: dict[str, list[str]] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # A form without an action posts to its page.
            target = (attrs.get("action") or self.page).split("?")[0].split("#")[0]
            if (attrs.get("method") or "").lower() == "post" and target == self.action:
                self.inside = not self.found
            return
        if not self.inside or not attrs.get("name"):
            if tag == "option" and self.inside and self.select is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "y")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = name
            self._add(name, "")
        elif tag == "select":
            self.select, self.first_option = name, None

    def _option(self, attrs):
        value = attrs.get("value", "")
        if self.first_option is None:
            self.first_option = value
        if "selected" in attrs:
            self._add(self.select, value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.values[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.found = False, True
        elif tag == "textarea":
            if self.textarea is not None:
                # HTML drops the line break right after <textarea>.
                text = self.values[self.textarea][-1]
                for start in ("\r\n", "\n"):
                    if text.startswith(start):
                        self.values[self.textarea][-1] = text[len(start) :]
                        break
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.select not in self.values and self.first_option is not None:
                self._add(self.select, self.first_option)
            self.select = None


def form_values(html: str, action: str, page: str) -> dict[str, list[str]]:
    parser = _Values(action, page)
    parser.feed(html)
    assert parser.found, f"no POST form with action {action} on the page"
    return parser.values


def save_twice(client, case: EditCase, name: str) -> None:
    for number, (change, expected) in enumerate(zip(case.changes, case.expected, strict=True), 1):
        page = client.get(case.page)
        assert page.status_code == 200, (name, number, case.page, page.status_code)
        data = form_values(page.get_data(as_text=True), case.action, case.page)
        data.update({k: v if isinstance(v, list) else [v] for k, v in change.items()})
        response = client.post(case.action, data)
        assert response.status_code < 500, (name, number, response.status_code)
        assert response.status_code in (302, 303), (
            name,
            number,
            response.status_code,
            response.get_data(as_text=True)[:3000],
        )
        assert case.read() == expected, (name, number)


# --- A small world to edit in ---------------------------------------------------------


@dataclass
class World:
    slug: str
    zone_id: int
    staff: str
    zorgraad: str
    citizen: str
    coach: str
    member: str
    initiative_id: int
    theme_id: int
    meeting_uid: str
    proeftuin_id: int
    post_id: int


@pytest.fixture
def world(app, make_zone, make_user) -> World:
    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.initiatives import themes
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Visibility
    from burgerplatform.zones.models import Zone

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    zorgraad = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)])
    citizen = make_user(zone_id=zone.id)
    coach = make_user(roles=[(zone.id, Role.COACH)])
    member = make_user(zone_id=zone.id)
    with app.test_request_context(base_url="http://localhost"):
        z = db.session.get(Zone, zone.id)
        initiative = initiatives.save_draft(
            z,
            db.session.get(User, citizen.id),
            initiatives.DraftData(
                title="Vervoer naar het ziekenhuis",
                summary="Wie geen auto heeft, raakt moeilijk in het ziekenhuis.",
                body="De bus rijdt maar één keer per uur.",
            ),
        )
        theme = themes.add_theme(z, "Buurtzorg")
        start = utcnow() + timedelta(days=10)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=db.session.get(User, staff.id),
            location="Stadhuis Eeklo",
        )
        proeftuin = proeftuinen.create_proeftuin(
            db.session.get(User, coach.id),
            "Zorgzame buurt",
            "Samen zorgen in de buurt.",
            zone.id,
            Visibility.PUBLIC,
        )
        proeftuinen.join(proeftuin, db.session.get(User, member.id))
        topic = discussion.start_topic(
            proeftuin, db.session.get(User, member.id), "Buurtsoep", "Wie helpt mee?"
        )
        post_id = discussion.posts_of(topic)[0].id
        db.session.commit()
        return World(
            slug=zone.slug,
            zone_id=zone.id,
            staff=staff.email,
            zorgraad=zorgraad.email,
            citizen=citizen.email,
            coach=coach.email,
            member=member.email,
            initiative_id=initiative.id,
            theme_id=theme.id,
            meeting_uid=meeting.uid,
            proeftuin_id=proeftuin.id,
            post_id=post_id,
        )


def _get(app, model, **where):
    with app.app_context():
        query = select(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        row = db.session.scalar(query)
        db.session.expunge(row)
        return row


# --- The edit forms -------------------------------------------------------------------

EDIT_FORMS: dict[str, Callable[[object, World], EditCase]] = {}


def edit_form(endpoint: str):
    def register(fn):
        EDIT_FORMS[endpoint] = fn
        return fn

    return register


@edit_form("accounts.account")
def profile(app, w: World) -> EditCase:
    from burgerplatform.accounts.models import User

    return EditCase(
        w.citizen,
        "/account",
        "/account",
        [{"display_name": "Mieke"}, {"display_name": "Mieke V.", "mail_preference": "daily"}],
        lambda: (lambda u: (u.display_name, u.mail_preference.value))(
            _get(app, User, email=w.citizen)
        ),
        [("Mieke", "immediate"), ("Mieke V.", "daily")],
    )


@edit_form("accounts.change_password")
def password(app, w: World) -> EditCase:
    from werkzeug.security import check_password_hash

    from burgerplatform.accounts.models import User

    first, second = "Een nieuw lang wachtwoord 1", "Nog een ander wachtwoord 2"

    def read():
        stored = _get(app, User, email=w.citizen).password_hash
        return [p for p in (first, second) if check_password_hash(stored, p)]

    return EditCase(
        w.citizen,
        "/account/password",
        "/account/password",
        [
            {"current": PASSWORD, "password": first, "confirm": first},
            {"current": first, "password": second, "confirm": second},
        ],
        read,
        [[first], [second]],
    )


@edit_form("zones.settings")
def zone_settings(app, w: World) -> EditCase:
    from burgerplatform.zones.models import Zone

    url = f"/{w.slug}/settings"
    return EditCase(
        w.staff,
        url,
        url,
        [
            {"description": "De zone van Eeklo.", "support_threshold": "15"},
            {"support_threshold": "12", "response_days": "45"},
        ],
        lambda: (lambda z: (z.description, z.support_threshold, z.response_days))(
            _get(app, Zone, id=w.zone_id)
        ),
        [("De zone van Eeklo.", 15, 60), ("De zone van Eeklo.", 12, 45)],
    )


@edit_form("initiatives.edit")
def initiative_draft(app, w: World) -> EditCase:
    from burgerplatform.initiatives.models import Initiative

    url = f"/{w.slug}/initiatives/{w.initiative_id}/edit"
    return EditCase(
        w.citizen,
        url,
        url,
        [
            {"title": "Vervoer naar AZ Alma", "action": "save"},
            {"title": "Vervoer naar AZ Alma en terug", "action": "save"},
        ],
        lambda: _get(app, Initiative, id=w.initiative_id).title,
        ["Vervoer naar AZ Alma", "Vervoer naar AZ Alma en terug"],
    )


@edit_form("initiatives.rename_theme")
def theme_name(app, w: World) -> EditCase:
    from burgerplatform.initiatives.models import Theme

    url = f"/{w.slug}/initiatives/themes/{w.theme_id}/rename"
    return EditCase(
        w.staff,
        url,
        url,
        [{"name": "Zorgzame buurt"}, {"name": "Zorgzame buurten"}],
        lambda: _get(app, Theme, id=w.theme_id).name,
        ["Zorgzame buurt", "Zorgzame buurten"],
    )


@edit_form("meetings.edit")
def meeting_details(app, w: World) -> EditCase:
    from burgerplatform.meetings.models import Meeting

    url = f"/meetings/{w.meeting_uid}/edit"
    return EditCase(
        w.staff,
        url,
        url,
        [{"location": "Zaal De Linde, Eeklo"}, {"title": "Zorgraad van december"}],
        lambda: (lambda m: (m.title, m.location))(_get(app, Meeting, uid=w.meeting_uid)),
        [("Zorgraad", "Zaal De Linde, Eeklo"), ("Zorgraad van december", "Zaal De Linde, Eeklo")],
    )


@edit_form("meetings.save_minutes")
def minutes(app, w: World) -> EditCase:
    from burgerplatform.meetings.models import Meeting, Minutes

    def read():
        with app.app_context():
            meeting = db.session.scalar(select(Meeting).where(Meeting.uid == w.meeting_uid))
            found = db.session.scalar(select(Minutes).where(Minutes.meeting_id == meeting.id))
            return found.body if found else None

    return EditCase(
        w.staff,
        f"/meetings/{w.meeting_uid}",
        f"/meetings/{w.meeting_uid}/minutes",
        [{"body": "1. Welkom"}, {"body": "1. Welkom\n2. Het vervoer"}],
        read,
        ["1. Welkom", "1. Welkom\n2. Het vervoer"],
    )


@edit_form("meetings.attendance")
def attendance(app, w: World) -> EditCase:
    from burgerplatform.meetings.models import Attendance

    def read():
        with app.app_context():
            return [a.answer.value for a in db.session.scalars(select(Attendance))]

    return EditCase(
        w.zorgraad,
        f"/meetings/{w.meeting_uid}",
        f"/meetings/{w.meeting_uid}/attendance",
        [{"answer": "yes"}, {"answer": "maybe"}],
        read,
        [["yes"], ["maybe"]],
    )


@edit_form("proeftuinen.edit")
def proeftuin_details(app, w: World) -> EditCase:
    from burgerplatform.proeftuinen.models import Proeftuin

    url = f"/proeftuinen/{w.proeftuin_id}/edit"
    return EditCase(
        w.coach,
        url,
        url,
        [{"name": "Zorgzame buurt Eeklo"}, {"description": "Samen zorgen, ook in het weekend."}],
        lambda: (lambda p: (p.name, p.description))(_get(app, Proeftuin, id=w.proeftuin_id)),
        [
            ("Zorgzame buurt Eeklo", "Samen zorgen in de buurt."),
            ("Zorgzame buurt Eeklo", "Samen zorgen, ook in het weekend."),
        ],
    )


@edit_form("proeftuinen.edit_post")
def proeftuin_post(app, w: World) -> EditCase:
    from burgerplatform.proeftuinen.models import Post

    url = f"/proeftuinen/{w.proeftuin_id}/posts/{w.post_id}/edit"
    return EditCase(
        w.member,
        url,
        url,
        [{"body": "Wie helpt mee op zaterdag?"}, {"body": "Wie helpt mee op zaterdag of zondag?"}],
        lambda: _get(app, Post, id=w.post_id).body,
        ["Wie helpt mee op zaterdag?", "Wie helpt mee op zaterdag of zondag?"],
    )


@edit_form("moderation.redact")
def redacted_post(app, w: World) -> EditCase:
    from burgerplatform.proeftuinen.models import Post

    return EditCase(
        w.coach,
        f"/moderation/proeftuin_post/{w.post_id}",
        f"/moderation/proeftuin_post/{w.post_id}/redact",
        [
            {"body": "Wie helpt mee? [naam weggehaald]", "note": "Naam van een buur."},
            {"body": "Wie helpt mee? [weggehaald]", "note": "Ook het adres."},
        ],
        lambda: _get(app, Post, id=w.post_id).body,
        ["Wie helpt mee? [naam weggehaald]", "Wie helpt mee? [weggehaald]"],
    )


# --- The attendance register and allowances (a zorgraad meeting held yesterday) -------


def _held_meeting(app, w: World, present: bool = False) -> tuple[str, int]:
    """A zorgraad meeting of yesterday in the world's zone, and the zorgraad member's id
    (recorded present, agreed to be paid, with the year's ceilings set, if `present`)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.allowances import services
    from burgerplatform.allowances.models import Presence
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    with app.test_request_context():
        member = db.session.scalar(select(User).where(User.email == w.zorgraad))
        start = utcnow() - timedelta(days=1)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{w.zone_id}",
            zone_id=w.zone_id,
            title="Zorgraad van gisteren",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Eeklo",
        )
        if present:
            services.record_register(meeting, member, {member.id: Presence.PRESENT})
            services.give_consent(member, "BE71 0961 2345 6769")
            year = services.meeting_day(meeting).year
            services.set_ceiling(w.zone_id, year, 4067, 162677, None)
        db.session.commit()
        return meeting.uid, member.id


@edit_form("allowances.register")
def attendance_register(app, w: World) -> EditCase:
    from burgerplatform.allowances.models import PresenceRecord

    uid, member_id = _held_meeting(app, w)
    url = f"/meetings/{uid}/register"

    def read():
        with app.app_context():
            return [r.presence.value for r in db.session.scalars(select(PresenceRecord))]

    return EditCase(
        w.staff,
        url,
        url,
        [{f"p{member_id}": "present"}, {f"p{member_id}": "excused"}],
        read,
        [["present"], ["excused"]],
    )


@edit_form("allowances.pay")
def allowance(app, w: World) -> EditCase:
    from burgerplatform.allowances.models import AllowancePayment

    uid, member_id = _held_meeting(app, w, present=True)

    def read():
        with app.app_context():
            return [
                (p.flat_cents, p.travel_cents) for p in db.session.scalars(select(AllowancePayment))
            ]

    return EditCase(
        w.staff,
        f"/meetings/{uid}/allowances",
        f"/meetings/{uid}/allowances/{member_id}",
        [{f"m{member_id}-flat": "12,50"}, {f"m{member_id}-travel": "8,40"}],
        read,
        [[(1250, 0)], [(1250, 840)]],
    )


@edit_form("allowances.consent")
def bank_account(app, w: World) -> EditCase:
    from burgerplatform.allowances.models import PayeeDetails

    return EditCase(
        w.citizen,
        "/meetings/mine/allowances",
        "/meetings/mine/allowances/consent",
        [{"iban": "BE71 0961 2345 6769", "consent": "y"}, {"iban": "BE43 0689 9999 9501"}],
        lambda: _get(app, PayeeDetails).iban,
        ["BE71096123456769", "BE43068999999501"],
    )


@edit_form("zone_allowances.ceilings")
def ceilings(app, w: World) -> EditCase:
    from burgerplatform.allowances.models import AllowanceCeiling

    return EditCase(
        w.staff,
        f"/{w.slug}/allowances/",
        f"/{w.slug}/allowances/ceilings",
        [{"daily": "40,67", "yearly": "1.626,77"}, {"daily": "41,00"}],
        lambda: (lambda c: (c.daily_cents, c.yearly_cents))(_get(app, AllowanceCeiling)),
        [(4067, 162677), (4100, 162677)],
    )


def _questionnaire_round(app, w: World) -> tuple[str, int, int]:
    """A round of the world's zone gathering input, with a questionnaire of one optional
    open question: (its base URL, the questionnaire's id, the question's id)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import services as rounds
    from burgerplatform.consultations.models import Phase
    from burgerplatform.questionnaires import services
    from burgerplatform.questionnaires.models import Audience, QuestionKind
    from burgerplatform.zones.models import Zone

    with app.test_request_context(base_url="http://localhost"):
        staff = db.session.scalar(select(User).where(User.email == w.staff))
        round_ = rounds.create_round(
            db.session.get(Zone, w.zone_id), staff, "Vervoer", "Hoe?", "", "", None, False
        )
        round_.phase = Phase.GATHER
        questionnaire = services.create_questionnaire(round_, staff, "", Audience.ZONE, False)
        question = services.add_question(
            questionnaire,
            services.question_data(QuestionKind.OPEN, False, {"text_nl": "Wat denk je?"}),
        )
        db.session.commit()
        return f"/{w.slug}/rounds/{round_.id}/questionnaire", questionnaire.id, question.id


@edit_form("themes.rename")
def input_theme_name(app, w: World) -> EditCase:
    from burgerplatform.consultations.models import Contribution, Round
    from burgerplatform.themes.models import InputTheme, ThemeItem

    base, _q, _question = _questionnaire_round(app, w)
    round_id = int(base.rsplit("/", 2)[-2])
    with app.app_context():
        round_ = db.session.get_one(Round, round_id)
        contribution = Contribution(round_id=round_id, zone_id=w.zone_id, body="Een belbus.")
        theme = InputTheme(round_id=round_id, zone_id=round_.zone_id, name="Belbus")
        db.session.add_all([contribution, theme])
        db.session.flush()
        theme.items.append(ThemeItem(round_id=round_id, contribution_id=contribution.id))
        db.session.commit()
        theme_id = theme.id
    return EditCase(
        w.staff,
        f"{base[: -len('/questionnaire')]}/themes/{theme_id}",
        f"{base[: -len('/questionnaire')]}/themes/{theme_id}/rename",
        [{"name": "Vervoer"}, {"name": "Vervoer op vraag"}],
        lambda: _get(app, InputTheme, id=theme_id).name,
        ["Vervoer", "Vervoer op vraag"],
    )


@edit_form("questionnaires.settings")
def questionnaire_settings(app, w: World) -> EditCase:
    from burgerplatform.questionnaires.models import Questionnaire

    base, questionnaire_id, _question = _questionnaire_round(app, w)
    return EditCase(
        w.staff,
        f"{base}/build",
        f"{base}/settings",
        [{"intro": "Vijf vragen."}, {"intro": "Zes vragen."}],
        lambda: _get(app, Questionnaire, id=questionnaire_id).intro,
        ["Vijf vragen.", "Zes vragen."],
    )


@edit_form("questionnaires.edit_question")
def questionnaire_question(app, w: World) -> EditCase:
    from burgerplatform.questionnaires.models import Question

    base, _q, question_id = _questionnaire_round(app, w)
    url = f"{base}/questions/{question_id}"
    return EditCase(
        w.staff,
        url,
        url,
        [{"text_nl": "Wat denkt u?"}, {"text_nl": "Wat vindt u?"}],
        lambda: _get(app, Question, id=question_id).text["nl"],
        ["Wat denkt u?", "Wat vindt u?"],
    )


@edit_form("questionnaires.answer")
def questionnaire_answer(app, w: World) -> EditCase:
    from burgerplatform.questionnaires.models import Answer

    base, _q, question_id = _questionnaire_round(app, w)
    return EditCase(
        w.citizen,
        f"{base}/answer?mode=all",
        f"{base}/answer",
        [{f"q{question_id}": "Een buurtbus."}, {f"q{question_id}": "Een belbus."}],
        lambda: _get(app, Answer, question_id=question_id).body,
        ["Een buurtbus.", "Een belbus."],
    )


@edit_form("seats.edit")
def citizen_seat(app, w: World) -> EditCase:
    from datetime import date

    from burgerplatform.seats import services
    from burgerplatform.seats.models import Body, ChosenBy, CitizenSeat

    with app.test_request_context():
        seat = services.add_seat(
            w.zone_id,
            services.SeatDetails(
                w.citizen, Body.ZORGRAAD, "", ChosenBy.ELECTED, None, date(2026, 1, 1), None
            ),
        )
        db.session.commit()
        seat_id = seat.id
    url = f"/{w.slug}/seats/{seat_id}/edit"
    return EditCase(
        w.staff,
        url,
        url,
        [{"ends_on": "2027-06-30"}, {"ends_on": "2027-12-31", "body_name": "Zorgraad Eeklo"}],
        lambda: (lambda s: (s.ends_on.isoformat(), s.body_name))(
            _get(app, CitizenSeat, id=seat_id)
        ),
        [("2027-06-30", ""), ("2027-12-31", "Zorgraad Eeklo")],
    )


@edit_form("groups.edit")
def group_entry(app, w: World) -> EditCase:
    from burgerplatform.accounts.models import User
    from burgerplatform.groups import services as groups
    from burgerplatform.groups.models import Group
    from burgerplatform.zones.models import Zone

    with app.test_request_context(base_url="http://localhost"):
        citizen = db.session.scalar(select(User).where(User.email == w.citizen))
        group = groups.register_group(
            db.session.get_one(Zone, w.zone_id),
            citizen,
            groups.Entry(name="Wandelclub", languages=["nl"]),
            consent=True,
        )
        db.session.commit()
        group_id = group.id
    url = f"/{w.slug}/groups/{group_id}/edit"
    return EditCase(
        w.citizen,
        url,
        url,
        [{"name": "Wandelclub De Stappers"}, {"reach_phone": "0470 12 34 56"}],
        lambda: (lambda x: (x.name, x.reach_phone, x.languages))(_get(app, Group, id=group_id)),
        [
            ("Wandelclub De Stappers", "", ["nl"]),
            ("Wandelclub De Stappers", "0470 12 34 56", ["nl"]),
        ],
    )


@edit_form("library.edit")
def library_case(app, w: World) -> EditCase:
    from burgerplatform.accounts.models import User
    from burgerplatform.library.models import Case, CaseSource, CaseText, CaseTheme, CaseTopic
    from burgerplatform.library.models import Theme as CaseThemeName

    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == w.staff))
        case = Case(
            source=CaseSource.PROEFTUIN,
            proeftuin_id=w.proeftuin_id,
            zone_id=w.zone_id,
            topic=CaseTopic.LONELINESS,
            participant_count=12,
            published_by_id=staff.id,
        )
        case.texts.append(
            CaseText(lang="nl", title="Buurtsoep", asked="Hoe?", done="Soep.", changed="Meer hulp.")
        )
        case.themes.append(CaseTheme(theme=CaseThemeName.COMMUNITY))
        db.session.add(case)
        db.session.commit()
        case_id = case.id
        db.session.remove()

    def stored():
        with app.app_context():
            case = db.session.get(Case, case_id)
            result = (case.texts[0].title, case.participant_count)
            db.session.remove()
            return result

    return EditCase(
        w.staff,
        f"/library/{case_id}/edit",
        f"/library/{case_id}/edit",
        [
            {"nl_title": "Soep met de buren", "no_names": "y"},
            {"participant_count": "14", "no_names": "y"},
        ],
        stored,
        [("Soep met de buren", 12), ("Soep met de buren", 14)],
    )


# --- Every other POST route, and why it is not an edit form ---------------------------

CREATES = "creates a new row each time; the form is empty again after saving"
STEP = "takes one step (a transition or an answer given once); a second press is refused"
BUTTON = "a button without fields to change"
SESSION = "logs in or out, or proves who you are; nothing stored to edit"

NOT_EDIT_FORMS: dict[str, str] = {
    "groups.new": CREATES,
    "groups.add": CREATES,
    "groups.ask_support": CREATES,
    "groups.round_part": CREATES,
    "groups.invite_to_round": CREATES,
    "groups.start_proeftuin": CREATES,
    "groups.answer_support": "an answer sent to the group; the form is empty again after it",
    "groups.hand_over": "asks another person by mail; the form is empty again after it",
    "groups.confirm": STEP,
    "groups.remove": STEP,
    "groups.still_current": BUTTON,
    "documents.new": CREATES,
    "documents.remove": STEP,
    "my_seats.hide_name": BUTTON,
    "my_seats.show_name": BUTTON,
    "seats.new": CREATES,
    "library.publish_proeftuin": CREATES,
    "zone_library.publish_round": CREATES,
    "seats.remove": STEP,
    "accounts.check_details": "shown once after registration in another browser, then gone",
    "allowances.withdraw": BUTTON,
    "zone_allowances.export": "a button that downloads the period's file and locks it; "
    "pressed again it locks only what is new",
    "accounts.delete_account": STEP,
    "accounts.forgot_password": SESSION,
    "accounts.login": SESSION,
    "accounts.login_with_link": SESSION,
    "accounts.logout": SESSION,
    "accounts.register": CREATES,
    "accounts.request_login_link": SESSION,
    "accounts.resend_confirmation": BUTTON,
    "accounts.reset_password": SESSION,
    "accounts.two_step_login": SESSION,
    "accounts.two_step_new_codes": BUTTON,
    "accounts.two_step_off": BUTTON,
    "accounts.two_step_setup": STEP,
    "admin.dismiss": BUTTON,
    "admin.index": CREATES + " (a zone)",
    "admin.zone": CREATES + " (a role; saved twice in tests/zones/test_settings.py)",
    "consultations.advance": STEP,
    "consultations.discard_draw_list": STEP,
    "groups.decline": STEP,
    "library.withdraw": "deletes the case (its reason goes to the audit log): nothing to save",
    "consultations.answer_review": STEP,
    "consultations.answer_suggestion": STEP,
    "consultations.cancel_round": STEP
    + " (with a reason; tests/consultations/test_change_or_cancel_round.py)",
    "consultations.comment": CREATES,
    "consultations.contribute": CREATES,
    "consultations.followed_up": STEP,
    "consultations.invitation": STEP,
    "consultations.new": CREATES,
    "consultations.offline": CREATES,
    "consultations.progress_update": CREATES,
    "consultations.propose": CREATES,
    "consultations.publish": STEP,
    "consultations.review": CREATES,
    "consultations.start_draw": STEP,
    "consultations.enter_draw_number": STEP,
    "consultations.suggest": CREATES,
    "initiatives.agenda": STEP,
    "initiatives.answer": STEP,
    "initiatives.approve": STEP,
    "initiatives.comment": CREATES,
    "initiatives.delete": STEP,
    "initiatives.finish": STEP,
    "initiatives.follow": BUTTON,
    "initiatives.invitation": STEP,
    "initiatives.invite": CREATES,
    "initiatives.move_theme": BUTTON,
    "initiatives.new": CREATES,
    "initiatives.progress": CREATES,
    "initiatives.remove_coauthor": BUTTON,
    "initiatives.remove_theme": BUTTON,
    "initiatives.schedule": STEP,
    "initiatives.send_back": STEP,
    "initiatives.submit": STEP,
    "initiatives.support": BUTTON,
    "initiatives.themes_list": CREATES + " (a theme)",
    "meetings.accept": STEP,
    "meetings.answer": STEP,
    "meetings.cancel": STEP,
    "meetings.finalise": STEP,
    "meetings.new_in_space": CREATES,
    "meetings.open_review": STEP,
    "meetings.propose": CREATES,
    "moderation.dismiss": STEP,
    "moderation.hide": STEP,
    "moderation.report": CREATES,
    "moderation.request_review": STEP,
    "moderation.restore": STEP,
    "notifications.mark_all_read": BUTTON,
    "notifications.open_one": BUTTON,
    "pool.add_value": CREATES,
    "pool.leave": STEP,
    "pool.overview": CREATES + " (a question of the pool form)",
    "pool.renew_consent": STEP,
    "proeftuinen.close": STEP,
    "proeftuinen.follow": BUTTON,
    "proeftuinen.invitation": STEP,
    "proeftuinen.invite": CREATES,
    "proeftuinen.leave": STEP,
    "proeftuinen.lock": STEP,
    "proeftuinen.new": CREATES,
    "proeftuinen.new_topic": CREATES,
    "proeftuinen.notes": CREATES + " (a coach's note)",
    "proeftuinen.pin": BUTTON,
    "proeftuinen.remove_member": STEP,
    "proeftuinen.reopen": STEP,
    "proeftuinen.reply": CREATES,
    "proeftuinen.unlock": STEP,
    "questionnaires.add_question": CREATES,
    "questionnaires.create": CREATES,
    "questionnaires.delete_question": BUTTON,
    "questionnaires.move_question": BUTTON + " (up or down)",
    "questionnaires.paper": CREATES + " (a paper questionnaire; the next one is empty)",
    "questionnaires.send": STEP,
    "site.set_language": BUTTON + " (one button per language)",
    "themes.confirm": BUTTON,
    "themes.link": CREATES + " (a link to a recommendation; the form then offers the others)",
    "themes.merge": STEP + " (the merged theme is gone)",
    "themes.move": STEP + " (the input is in the other theme, whose page it leaves)",
    "themes.run": BUTTON + " (queues a search, one at a time)",
    "themes.unlink": BUTTON,
    "zone_meetings.new": CREATES,
    "zones.report_problem": CREATES,
}


def _round_edit_forms() -> dict[str, str]:
    from tests.consultations.test_save_twice import EDIT_FORMS as ROUND_FORMS

    return {endpoint: name for name, (_p, _s, _f, endpoint) in ROUND_FORMS.items()}


def test_every_post_route_is_in_the_table(app):
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())}
    rounds = _round_edit_forms()
    tables = [set(EDIT_FORMS), set(rounds), set(NOT_EDIT_FORMS)]
    listed = set().union(*tables)
    missing = sorted(posts - listed)
    assert not missing, (
        "POST routes in no table: add each as an edit form (saved twice) to EDIT_FORMS "
        f"here or in tests/consultations/test_save_twice.py, or to NOT_EDIT_FORMS with why: "
        f"{missing}"
    )
    assert not sorted(listed - posts), "endpoints in the tables that no longer take a POST"
    twice = [e for e in listed if sum(e in t for t in tables) > 1]
    assert not twice, f"in more than one table: {twice}"


@pytest.mark.parametrize("endpoint", sorted(EDIT_FORMS))
def test_every_edit_form_can_be_saved_again_with_a_change(app, make_client, world, endpoint):
    case = EDIT_FORMS[endpoint](app, world)
    client = make_client()
    client.login(case.who)
    save_twice(client, case, endpoint)
