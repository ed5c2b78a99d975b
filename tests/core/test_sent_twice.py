"""Every form that creates something, sent twice with the same one-time key (a double
click, the back button and "send again"): one record, and the second send leads to the
page the first one made.

To add a form: derive it from `core.forms.OnceForm`, print `{{ form.form_key(id=False) }}`
in its template, and add a `Create` below (a test fails for a OnceForm without one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.consultations.conftest import make_round, pool_zone, staged_round  # noqa: F401
from tests.initiatives.conftest import make_initiative, world  # noqa: F401
from tests.proeftuinen.helpers import add_topic, setup_proeftuin
from tests.themes.conftest import run_jobs, themed  # noqa: F401

KEY = "same-key-0123456789abcdef"
SOON = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%d")


@dataclass
class Create:
    who: str
    page: str  # where the form is shown (its key is printed there)
    url: str  # where it is sent
    data: dict
    model: object  # the table that must grow by one row
    key_field: str = "form_key"


CREATES: dict[str, tuple[Callable, tuple[str, ...]]] = {}


def creates(*forms: str):
    """Register a case for the OnceForm classes (by name) it sends."""

    def register(fn):
        CREATES[fn.__name__] = (fn, forms)
        return fn

    return register


def _proeftuin(app, request):
    fixture = request.getfixturevalue
    return setup_proeftuin(app, fixture("make_zone"), fixture("make_user"))


def _round(request, phase):
    staged = request.getfixturevalue("staged_round")(phase)
    return staged


@creates("consultations.RoundForm")
def new_round(app, request):
    from burgerplatform.consultations.models import Round

    staged = _round(request, "co_define")
    base = f"/{staged.setup.slug}/rounds"
    data = {"title": "Mantelzorg", "question": "Wat helpt?", "asked_by": "PZON"}
    return Create(staged.setup.staff_email, f"{base}/new", f"{base}/new", data, Round.id)


@creates("consultations.SuggestionForm")
def suggestion(app, request):
    from burgerplatform.consultations.models import Suggestion

    s = _round(request, "co_define")
    data = {"proposal": "Een betere vraag?"}
    return Create(s.members[0], s.base, f"{s.base}/suggestions", data, Suggestion.id)


@creates("consultations.ContributionForm")
def round_input(app, request):
    from burgerplatform.consultations.models import Contribution

    s = _round(request, "gather")
    data = {"body": "Een idee"}
    return Create(s.members[0], s.base, f"{s.base}/contributions", data, Contribution.id)


@creates("consultations.OfflineForm")
def offline_input(app, request):
    from burgerplatform.consultations.models import Contribution

    s = _round(request, "gather")
    data = {"body": "Op papier", "source_event": "Markt", "contact_method": "none"}
    url = f"{s.base}/offline"
    return Create(s.setup.staff_email, url, url, data, Contribution.id)


def _questionnaire(app, staged, with_question: bool):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Round
    from burgerplatform.questionnaires import services
    from burgerplatform.questionnaires.models import Audience, QuestionKind

    with app.test_request_context(base_url="http://localhost"):
        staff = db.session.scalar(select(User).where(User.email == staged.setup.staff_email))
        round_ = db.session.get(Round, staged.round_id)
        questionnaire = services.create_questionnaire(round_, staff, "", Audience.ZONE, False)
        question_id = None
        if with_question:
            question_id = services.add_question(
                questionnaire,
                services.question_data(QuestionKind.OPEN, False, {"text_nl": "Wat denk je?"}),
            ).id
        db.session.commit()
        return question_id


@creates("questionnaires.NewQuestionnaireForm")
def new_questionnaire(app, request):
    from burgerplatform.questionnaires.models import Questionnaire

    s = _round(request, "gather")
    base = f"{s.base}/questionnaire"
    data = {"audience": "zone", "intro": "Vijf vragen."}
    return Create(s.setup.staff_email, f"{base}/build", f"{base}/new", data, Questionnaire.id)


@creates("questionnaires.NewQuestionForm")
def new_question(app, request):
    from burgerplatform.questionnaires.models import Question

    s = _round(request, "gather")
    _questionnaire(app, s, with_question=False)
    base = f"{s.base}/questionnaire"
    data = {"kind": "open", "text_nl": "Wat mist er?"}
    return Create(s.setup.staff_email, f"{base}/build", f"{base}/questions", data, Question.id)


# The paper form is built per questionnaire (a subclass named PaperForm, of PaperFormBase).
@creates("questionnaires.PaperFormBase", "questionnaires.PaperForm")
def paper_questionnaire(app, request):
    from burgerplatform.questionnaires.models import Submission

    s = _round(request, "gather")
    question_id = _questionnaire(app, s, with_question=True)
    url = f"{s.base}/questionnaire/paper"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("Europe/Brussels")).date().isoformat()
    data = {"source": "paper", "source_date": today, f"q{question_id}": "Op papier."}
    return Create(s.setup.staff_email, url, url, data, Submission.id)


@creates("consultations.RecommendationForm")
def recommendation(app, request):
    from burgerplatform.consultations.models import Recommendation

    s = _round(request, "co_draft")
    data = {"title": "Nog een", "body": "Tekst"}
    return Create(s.members[0], s.base, f"{s.base}/recommendations", data, Recommendation.id)


@creates("consultations.CommentForm")
def recommendation_comment(app, request):
    from burgerplatform.consultations.models import RecommendationComment

    s = _round(request, "co_draft")
    url = f"{s.base}/recommendations/{s.rec_id}"
    data = {"comment-body": "Goed"}
    return Create(
        s.members[0],
        f"{url}/edit",
        f"{url}/comments",
        data,
        RecommendationComment.id,
        "comment-form_key",
    )


@creates("consultations.ReviewForm")
def review(app, request):
    from burgerplatform.consultations.models import ReviewResponse

    s = _round(request, "review")
    data = {"decision": "correct", "body": "Noem de belbus."}
    return Create(s.members[0], s.base, f"{s.base}/review", data, ReviewResponse.id)


@creates("consultations.UpdateForm")
def progress_update(app, request):
    from burgerplatform.consultations.models import ProgressUpdate

    s = _round(request, "follow_up")
    p = f"p{s.rec_id}-"
    return Create(
        s.setup.staff_email,
        s.base,
        f"{s.base}/recommendations/{s.rec_id}/updates",
        {p + "body": "De buurtauto rijdt."},
        ProgressUpdate.id,
        p + "form_key",
    )


@creates("consultations.CategoryForm")
def pool_question(app, request):
    from burgerplatform.consultations.models import PoolCategory

    s = _round(request, "co_define")
    url = f"/{s.setup.slug}/pool/overview"
    data = {"label": "Vervoer", "values": "Auto\nFiets"}
    return Create(s.setup.staff_email, url, url, data, PoolCategory.id)


@creates("consultations.ValueForm")
def pool_answer(app, request):
    from burgerplatform.consultations.models import PoolCategory, PoolValue
    from burgerplatform.zones.models import Zone

    s = _round(request, "co_define")
    with app.app_context():
        zone = db.session.get(Zone, s.setup.zone_id)
        category = db.session.scalar(
            select(PoolCategory.id).where(PoolCategory.zone_id == zone.id).limit(1)
        )
    p = f"v{category}-"
    return Create(
        s.setup.staff_email,
        f"/{s.setup.slug}/pool/overview",
        f"/{s.setup.slug}/pool/categories/{category}/values",
        {p + "label": "Nog een antwoord"},
        PoolValue.id,
        p + "form_key",
    )


@creates("meetings.MeetingForm")
def meeting(app, request):
    from burgerplatform.meetings.models import Meeting

    make_zone, make_user = (
        request.getfixturevalue("make_zone"),
        request.getfixturevalue("make_user"),
    )
    s = setup_proeftuin(app, make_zone, make_user)
    url = f"/meetings/in/proeftuin:{s['id']}/new"
    data = {
        "title": "Buurtoverleg",
        "starts_at": f"{SOON}T19:00",
        "ends_at": f"{SOON}T21:00",
        "location": "Buurthuis",
    }
    return Create(s["coach"].email, url, url, data, Meeting.id)


@creates("meetings.CorrectionForm")
def minutes_correction(app, request):
    from burgerplatform.accounts.models import User
    from burgerplatform.meetings import planning, services
    from burgerplatform.meetings.models import Meeting, MinutesCorrection

    make_zone, make_user = (
        request.getfixturevalue("make_zone"),
        request.getfixturevalue("make_user"),
    )
    s = setup_proeftuin(app, make_zone, make_user)
    with app.test_request_context(base_url="http://localhost"):
        coach = db.session.get(User, s["coach"].id)
        start = utcnow() - timedelta(days=1)
        meeting = planning.plan_meeting(
            f"proeftuin:{s['id']}",
            coach,
            title="Overleg",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            location="Buurthuis",
            online_url="",
            agenda="",
        )
        minutes = services.save_minutes(meeting, coach, "Iedereen was er.")
        services.open_review(minutes, utcnow() + timedelta(days=5))
        db.session.commit()
        uid = db.session.get(Meeting, meeting.id).uid
    data = {"suggestion": "Jef was er niet.", "reason": "Hij was ziek."}
    return Create(
        s["members"][0].email,
        f"/meetings/{uid}",
        f"/meetings/{uid}/minutes/corrections",
        data,
        MinutesCorrection.id,
    )


@creates("proeftuinen.TopicForm")
def proeftuin_topic(app, request):
    from burgerplatform.proeftuinen.models import Topic

    make_zone, make_user = (
        request.getfixturevalue("make_zone"),
        request.getfixturevalue("make_user"),
    )
    s = setup_proeftuin(app, make_zone, make_user)
    url = f"/proeftuinen/{s['id']}/topics/new"
    data = {"title": "Buurtsoep", "body": "Wie helpt?"}
    return Create(s["members"][0].email, url, url, data, Topic.id)


@creates("proeftuinen.PostForm")
def proeftuin_reply(app, request):
    from burgerplatform.proeftuinen.models import Post

    make_zone, make_user = (
        request.getfixturevalue("make_zone"),
        request.getfixturevalue("make_user"),
    )
    s = setup_proeftuin(app, make_zone, make_user)
    topic_id, _post = add_topic(app, s["id"], s["members"][0].id)
    url = f"/proeftuinen/{s['id']}/topics/{topic_id}"
    return Create(s["members"][1].email, url, f"{url}/reply", {"body": "Ik help."}, Post.id)


def _groups(app, request) -> dict:
    """A zone with a listed group (its contact is `contact`), its staff and coach, a
    round shaping its question and one gathering input (both invited the group), and a
    request for support."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.groups import services as groups
    from burgerplatform.groups.models import RoundGroup, RoundPart
    from burgerplatform.zones.models import Zone

    fixture = request.getfixturevalue
    zone = fixture("make_zone")()
    contact = fixture("make_user")()
    staff = fixture("make_user")(roles=[(zone.id, Role.STAFF)])
    coach = fixture("make_user")(roles=[(zone.id, Role.COACH)])
    with app.test_request_context(base_url="http://localhost"):
        person = db.session.get(User, contact.id)
        group = groups.register_group(
            db.session.get(Zone, zone.id), person, groups.Entry(name="Stappers"), True
        )
        rounds = {}
        for phase, part in (
            (Phase.CO_DEFINE, RoundPart.CO_DEFINE),
            (Phase.GATHER, RoundPart.INPUT),
        ):
            round_ = Round(zone_id=zone.id, title="Paden", question_draft="Wat mist er?")
            round_.phase = phase
            db.session.add(round_)
            db.session.flush()
            db.session.add(RoundGroup(round_id=round_.id, group_id=group.id, part=part))
            rounds[phase.value] = round_.id
        support = groups.ask_support(group, person, "Meer leden", "", "Een plan")
        db.session.commit()
        found = {
            "slug": zone.slug,
            "group": group.id,
            "request": support.id,
            "rounds": rounds,
            "contact": contact.email,
            "staff": staff.email,
            "coach": coach.email,
        }
        db.session.remove()
    return found


@creates("groups.RegisterGroupForm")
def group_listed(app, request):
    from burgerplatform.groups.models import Group

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/new"
    return Create(w["contact"], url, url, {"name": "Breiclub", "consent": "y"}, Group.id)


@creates("groups.AddGroupForm")
def group_added(app, request):
    from burgerplatform.groups.models import Group

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/add"
    data = {"name": "Taalcafé", "contact_email": w["contact"]}
    return Create(w["staff"], url, url, data, Group.id)


@creates("groups.InviteGroupForm")
def group_invited(app, request):
    from burgerplatform.groups.models import RoundGroup

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/rounds/{w['rounds']['gather']}/invite"
    data = {"group": str(w["group"]), "part": "input"}
    # The gathering round invited the group already in the scene: a fresh round here.
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.groups.models import Group

    with app.app_context():
        zone_id = db.session.get(Group, w["group"]).zone_id
        round_ = Round(zone_id=zone_id, title="Bankjes", question_draft="Waar?")
        round_.phase = Phase.GATHER
        db.session.add(round_)
        db.session.commit()
        url = f"/{w['slug']}/groups/rounds/{round_.id}/invite"
        db.session.remove()
    return Create(w["staff"], url, url, data, RoundGroup.id)


@creates("groups.GroupInputForm")
def group_input(app, request):
    from burgerplatform.consultations.models import Contribution

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/{w['group']}/rounds/{w['rounds']['gather']}"
    return Create(w["contact"], url, url, {"body": "Meer bankjes."}, Contribution.id)


@creates("groups.GroupSuggestionForm")
def group_suggestion(app, request):
    from burgerplatform.consultations.models import Suggestion

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/{w['group']}/rounds/{w['rounds']['co_define']}"
    return Create(w["contact"], url, url, {"proposal": "Wat helpt?"}, Suggestion.id)


@creates("groups.SupportForm")
def group_support(app, request):
    from burgerplatform.groups.models import SupportRequest

    w = _groups(app, request)
    url = f"/{w['slug']}/groups/{w['group']}/support"
    data = {"goal": "Een feest", "help": "Een zaal"}
    return Create(w["contact"], url, url, data, SupportRequest.id)


@creates("groups.StartProeftuinForm")
def group_proeftuin(app, request):
    from burgerplatform.proeftuinen.models import Proeftuin

    w = _groups(app, request)
    page = f"/{w['slug']}/groups/support/{w['request']}"
    return Create(w["coach"], page, f"{page}/proeftuin", {"name": "Stappers"}, Proeftuin.id)


@creates("proeftuinen.ProeftuinForm")
def proeftuin(app, request):
    from burgerplatform.proeftuinen.models import Proeftuin

    s = _proeftuin(app, request)
    data = {"name": "Buurtzorg Aalter", "zone": "0", "visibility": "public"}
    return Create(s["coach"].email, "/proeftuinen/new", "/proeftuinen/new", data, Proeftuin.id)


@creates("proeftuinen.InviteForm")
def proeftuin_invitation(app, request):
    from burgerplatform.proeftuinen.models import Invitation

    s = _proeftuin(app, request)
    url = f"/proeftuinen/{s['id']}/members"
    data = {"email": "nieuw@example.org"}
    return Create(s["coach"].email, url, f"/proeftuinen/{s['id']}/invitations", data, Invitation.id)


@creates("proeftuinen.NoteForm")
def coach_note(app, request):
    from burgerplatform.proeftuinen.models import CoachNote

    make_zone, make_user = (
        request.getfixturevalue("make_zone"),
        request.getfixturevalue("make_user"),
    )
    s = setup_proeftuin(app, make_zone, make_user)
    url = f"/proeftuinen/{s['id']}/notes"
    return Create(s["coach"].email, url, url, {"body": "Goed gesprek."}, CoachNote.id)


@creates("initiatives.CommentForm")
def initiative_comment(app, request):
    from burgerplatform.initiatives.models import InitiativeComment

    people = request.getfixturevalue("world")
    ini = request.getfixturevalue("make_initiative")("published")
    url = f"/meetjesland/initiatives/{ini}"
    data = {"body": "Goed plan."}
    return Create(people.supporter.email, url, f"{url}/comments", data, InitiativeComment.id)


@creates("initiatives.ProgressForm")
def initiative_progress(app, request):
    from burgerplatform.initiatives.models import InitiativeEvent

    people = request.getfixturevalue("world")
    ini = request.getfixturevalue("make_initiative")("answered")
    url = f"/meetjesland/initiatives/{ini}"
    today = utcnow().date().isoformat()
    data = {"text": "De eerste buurtsoep was er.", "on": today}
    return Create(
        people.zorgraad.email, f"{url}/manage", f"{url}/progress", data, InitiativeEvent.id
    )


@creates("initiatives.InitiativeForm")
def initiative(app, request):
    """A proposal: its one-time key is the draft key it always had."""
    from burgerplatform.initiatives.models import Initiative

    people = request.getfixturevalue("world")
    url = "/meetjesland/initiatives/new"
    data = {"title": "Een ontmoetingsplek", "summary": "Ouderen zien niemand.", "body": "Een plek."}
    data["action"] = "save"
    return Create(people.author.email, url, url, data, Initiative.id, "draft_key")


@creates("documents.UploadForm")
def document(app, request):
    from burgerplatform.documents.models import Document
    from tests.documents.samples import PDF

    s = _round(request, "gather")
    url = f"/documents/of/round:{s.round_id}/new"
    data = {"title": "Achtergrond", "kind": "background", "file": (PDF, "achtergrond.pdf")}
    return Create(s.setup.staff_email, url, url, data, Document.id)


@creates("seats.NewSeatForm")
def citizen_seat(app, request):
    from burgerplatform.seats.models import CitizenSeat

    s = _round(request, "gather")
    url = f"/{s.setup.slug}/seats/new"
    data = {
        "email": s.members[0],
        "body": "steering_group",
        "body_name": "Stuurgroep Zorgzame buurt",
        "chosen_by": "invited",
        "round_id": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
    }
    return Create(s.setup.staff_email, url, url, data, CitizenSeat.id)


@creates("library.CaseForm")
def library_case(app, request):
    from burgerplatform.library.models import Case
    from tests.library.conftest import case_form

    s = _round(request, "follow_up")
    url = f"/{s.setup.slug}/library/rounds/{s.round_id}/publish"
    return Create(s.setup.staff_email, url, url, case_form(), Case.id)


@creates("zones.AccessibilityReportForm")
def accessibility_problem(app, request):
    from burgerplatform.zones.models import AccessibilityReport, Role

    zone = request.getfixturevalue("make_zone")(slug="meetjesland")
    make_user = request.getfixturevalue("make_user")
    make_user(roles=[(zone.id, Role.STAFF)])
    citizen = make_user(zone_id=zone.id)
    url = "/meetjesland/help/report-a-problem"
    data = {"problem": "De knop Steun reageert niet op Enter.", "page": "/meetjesland/"}
    return Create(citizen.email, url, url, data, AccessibilityReport.id)


@creates("themes.MoveForm")
def split_theme(app, request):
    """Input moved to "a new theme": the split makes one theme (a move only moves)."""
    from burgerplatform.consultations.models import Round
    from burgerplatform.themes import services
    from burgerplatform.themes.models import InputTheme

    t = request.getfixturevalue("themed")(4)
    with app.test_request_context():
        services.start_run(db.session.get(Round, t.staged.round_id), None)
        db.session.commit()
    run_jobs(app)
    with app.app_context():
        # One with more input: the theme its only input leaves would be gone.
        theme = next(th for th in db.session.scalars(select(InputTheme)) if len(th.items) > 1)
        theme_id, item = theme.id, theme.items[0].id
        db.session.remove()
    data = {f"item-{item}-target": "0", f"item-{item}-name": "Belbus"}
    url = f"{t.base}/items/{item}/move"
    return Create(
        t.staff, f"{t.base}/{theme_id}", url, data, InputTheme.id, f"item-{item}-form_key"
    )


def _sendable(data: dict) -> dict:
    """A file is given as (bytes, name): a fresh stream for each send."""
    from io import BytesIO

    return {k: (BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v for k, v in data.items()}


def _count(app, column) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count(column)))
        db.session.remove()
        return n


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_form_sent_twice_with_the_same_key_creates_one_record(app, make_client, request, name):
    build, _forms = CREATES[name]
    case = build(app, request)
    client = make_client()
    client.login(case.who)
    page = client.get(case.page).get_data(as_text=True)
    assert re.search(rf'name="{re.escape(case.key_field)}"[^>]*value="[^"]+"', page), (
        f"{case.page} shows no one-time key {case.key_field}"
    )
    before = _count(app, case.model)
    data = {**case.data, case.key_field: KEY}
    first = client.post(case.url, _sendable(data))
    assert first.status_code == 302, (name, first.status_code, first.get_data(as_text=True)[:3000])
    second = client.post(case.url, _sendable(data))
    assert second.status_code == 302, (name, second.status_code)
    assert second.headers["Location"] == first.headers["Location"], name
    assert _count(app, case.model) == before + 1, name
    # The back button and "send again": a fresh key, the same text. Nothing new either
    # (a proposal's draft is edited, not created again; some forms count only the key).
    if case.key_field != "draft_key" and all(_once_per_content(f) for f in _forms):
        third = client.post(case.url, _sendable({**case.data, case.key_field: KEY + "x"}))
        assert third.status_code == 302, name
        assert third.headers["Location"] == first.headers["Location"], name
        assert _count(app, case.model) == before + 1, name


def _once_per_content(form: str) -> bool:
    import importlib

    area, name = form.split(".")
    return importlib.import_module(f"burgerplatform.{area}.forms").__dict__[name].once_per_content


def _once_forms() -> set[str]:
    import burgerplatform.consultations.forms  # noqa: F401
    import burgerplatform.documents.forms  # noqa: F401
    import burgerplatform.initiatives.forms  # noqa: F401
    import burgerplatform.library.forms  # noqa: F401
    import burgerplatform.meetings.forms  # noqa: F401
    import burgerplatform.proeftuinen.forms  # noqa: F401
    import burgerplatform.seats.forms  # noqa: F401
    import burgerplatform.themes.forms  # noqa: F401
    import burgerplatform.zones.forms  # noqa: F401
    from burgerplatform.core.forms import OnceForm

    found, todo = set(), [OnceForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            found.add(f"{sub.__module__.split('.')[1]}.{sub.__name__}")
    return found


def test_every_form_that_creates_something_has_a_case_here():
    covered = {form for _fn, forms in CREATES.values() for form in forms}
    assert _once_forms() <= covered, sorted(_once_forms() - covered)


def test_keys_older_than_a_week_are_forgotten_when_the_same_person_sends_again(
    app, make_client, request
):
    from burgerplatform.core.forms import UsedFormKey

    case = round_input(app, request)
    client = make_client()
    client.login(case.who)
    assert client.post(case.url, {**case.data, "form_key": KEY}).status_code == 302
    with app.app_context():
        db.session.execute(
            UsedFormKey.__table__.update().values(created_at=utcnow() - timedelta(days=8))
        )
        db.session.commit()
    assert client.post(case.url, {**case.data, "form_key": KEY + "y"}).status_code == 302
    # The old key and content went, the new ones stay.
    assert _count(app, UsedFormKey.key) == 2
    with app.app_context():
        keys = set(db.session.scalars(select(UsedFormKey.key)))
        db.session.remove()
    assert sum(k.startswith("content:") for k in keys) == 1
    assert any(k.endswith(KEY + "y") for k in keys)


def _key_on(client, page: str, field: str = "form_key") -> str:
    html = client.get(page).get_data(as_text=True)
    match = re.search(rf'name="{re.escape(field)}"[^>]*value="([^"]+)"', html)
    assert match, f"no one-time key on {page}"
    return match.group(1)


@pytest.mark.parametrize("build", [new_round, round_input], ids=["round", "input"])
def test_back_and_send_again_creates_one_round_or_one_input(app, make_client, request, build):
    """After the back button the page comes with a fresh key and the browser restores
    what was typed: sending again leads to what the first send made."""
    case = build(app, request)
    client = make_client()
    client.login(case.who)
    before = _count(app, case.model)
    first_key, second_key = _key_on(client, case.page), _key_on(client, case.page)
    assert first_key != second_key
    first = client.post(case.url, {**case.data, "form_key": first_key})
    assert first.status_code == 302
    again = client.post(case.url, {**case.data, "form_key": second_key}, follow_redirects=True)
    assert again.status_code == 200
    assert "Dit was al verstuurd." in again.get_data(as_text=True)  # in their Dutch
    assert again.history[0].headers["Location"] == first.headers["Location"]
    assert _count(app, case.model) == before + 1


def test_the_same_input_after_ten_minutes_or_another_input_is_added(app, make_client, request):
    from burgerplatform.core.forms import UsedFormKey

    case = round_input(app, request)
    client = make_client()
    client.login(case.who)
    before = _count(app, case.model)
    assert client.post(case.url, case.data).status_code == 302
    assert client.post(case.url, {"body": "Een ander idee"}).status_code == 302
    assert _count(app, case.model) == before + 2
    with app.app_context():
        db.session.execute(
            UsedFormKey.__table__.update().values(created_at=utcnow() - timedelta(minutes=11))
        )
        db.session.commit()
    assert client.post(case.url, case.data).status_code == 302
    assert _count(app, case.model) == before + 3


def test_the_same_text_from_another_person_is_added(app, make_client, request):
    s = _round(request, "gather")
    from burgerplatform.consultations.models import Contribution

    before = _count(app, Contribution.id)
    for who in s.members[:2]:
        client = make_client()
        client.login(who)
        assert client.post(f"{s.base}/contributions", {"body": "Een idee"}).status_code == 302
    assert _count(app, Contribution.id) == before + 2


@pytest.mark.parametrize("key", [None, "", "x" * 5000, "no spaces allowed here!"])
def test_a_round_sent_without_a_proper_form_key_says_so_and_adds_nothing(
    app, make_client, request, key
):
    case = new_round(app, request)
    client = make_client()
    client.login(case.who)
    before = _count(app, case.model)
    response = client.post(case.url, {**case.data, "form_key": key})
    assert response.status_code == 400, response.headers.get("Location")
    html = response.get_data(as_text=True)
    assert "Dit formulier kon niet gecontroleerd worden." in html  # in their Dutch
    assert 'value="Mantelzorg"' in html  # what was typed is kept
    assert re.search(r'name="form_key"[^>]*value="[A-Za-z0-9_-]{16,64}"', html)  # a new key
    assert _count(app, case.model) == before


def test_two_people_who_said_the_same_at_the_market_are_both_typed_in(app, make_client, request):
    from burgerplatform.consultations.models import Contribution

    case = offline_input(app, request)
    client = make_client()
    client.login(case.who)
    before = _count(app, Contribution.id)
    assert client.post(case.url, case.data).status_code == 302
    assert client.post(case.url, case.data).status_code == 302
    assert _count(app, Contribution.id) == before + 2
