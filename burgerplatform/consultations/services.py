"""Rounds and their phases: every change of phase is a function that checks the phase."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import g, url_for
from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.consultations import phases
from burgerplatform.consultations.draws import (
    open_ends,
    pending_draw,
    withdraw_open_invitations,
    zone_slug_of,
)
from burgerplatform.consultations.models import (
    ContactMethod,
    Contribution,
    Outcome,
    Phase,
    ProgressUpdate,
    Recommendation,
    RecommendationComment,
    RecommendationVersion,
    ReviewKind,
    ReviewResponse,
    Round,
    SeatStatus,
    Suggestion,
    SuggestionStatus,
)
from burgerplatform.consultations.queries import (
    contributions,
    members_of,
    recommendations,
    reviews,
)
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.core.i18n import platform_time_zone
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import register
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import ClusterKind, Role, Zone

# The round page shows this much input at a time (newest first, keyset by id): a round
# in a big zone gathers hundreds, and the page must stay light for a phone.
INPUT_PER_PAGE = 30

register("round.phase", _l("The round “%(title)s” moved on: %(phase)s."))
register(
    "round.answered", _l("The zorgraad answered the advice of “%(title)s”, which used your input.")
)
register("round.progress", _l("News on a recommendation of “%(title)s”."))
register(
    "round.answered_group",
    _l("The zorgraad answered the advice of your klankbordgroep on “%(title)s”."),
)


def _input_used_text(params: dict[str, Any]) -> str:
    text = _l(
        "Your input to “%(title)s” was used in the recommendation “%(recommendation)s”.",
        title=params["title"],
        recommendation=params["recommendation"],
    )
    if not params.get("outcome"):
        return str(text)
    answer = _l("The zorgraad's answer: %(outcome)s.", outcome=Outcome(params["outcome"]).label)
    return f"{text} {answer}"


register("round.input_used", _input_used_text)


def _answer_changed_text(params: dict[str, Any]) -> str:
    return str(
        _l(
            "The zorgraad changed its answer to the recommendation “%(recommendation)s” of "
            "“%(title)s”. The new answer: %(outcome)s.",
            title=params["title"],
            recommendation=params["recommendation"],
            outcome=Outcome(params["outcome"]).label,
        )
    )


register("round.answer_changed", _answer_changed_text)
register(
    "round.input_unused",
    _l("Your input to “%(title)s” was not used in the advice. The reason: %(reason)s"),
)
register(
    "round.correction_answered",
    _l("The staff answered the correction you proposed to the advice of “%(title)s”."),
)


def may_create(user: User, zone: Zone) -> bool:
    """Staff, and zorgraad members of the PZON cluster: citizens' own cluster asks too."""
    if not user.is_authenticated:
        return False
    if is_zone_staff(user, zone.id):
        return True
    return any(
        r.zone_id == zone.id
        and r.role is Role.ZORGRAAD_MEMBER
        and r.cluster is not None
        and r.cluster.kind is ClusterKind.PZON
        for r in user.roles
    )


def create_round(
    zone: Zone,
    author: User,
    title: str,
    question: str,
    background: str,
    asked_by: str,
    deadline: date | None,
    open_to_all: bool,
    question_easy: str = "",
) -> Round:
    if deadline is not None and deadline < utcnow().date():
        raise DomainError(_l("The deadline is in the past."), field="deadline")
    round_ = Round(
        zone_id=zone.id,
        title=title.strip(),
        question_draft=question.strip(),
        question_easy=question_easy.strip(),
        background=background or "",
        asked_by=(asked_by or "").strip(),
        deadline=deadline,
        open_to_all=open_to_all,
        created_by_id=author.id,
    )
    db.session.add(round_)
    db.session.flush()
    return round_


def _require(round_: Round, *phases: Phase) -> None:
    round_.refuse_if_cancelled()
    if round_.phase not in phases:
        raise PhaseError(
            _l(
                "This is not possible now: the round is in the phase “%(phase)s”.",
                phase=round_.phase.label,
            )
        )


def round_url(round_: Round, anchor: str = "") -> str:
    return (
        url_for("consultations.show", zone_slug=zone_slug_of(round_), round_id=round_.id) + anchor
    )


def _move_on(round_: Round, actor: User) -> None:
    """To the phase declared after the current one (consultations.phases)."""
    to = phases.following(round_.phase)
    round_.phase = to
    db.session.flush()
    notify(
        members_of(round_),
        "round.phase",
        {"title": round_.title, "phase": to.label},
        round_url(round_),
        round_.zone_id,
        actor=actor,
    )


# Co-define ----------------------------------------------------------------------------


def suggest(round_: Round, author: User, proposal: str, reason: str) -> Suggestion:
    _require(round_, Phase.CO_DEFINE)
    suggestion = Suggestion(
        round_id=round_.id, author_id=author.id, proposal=proposal.strip(), reason=reason
    )
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def answer_suggestion(
    suggestion: Suggestion, round_: Round, accept: bool, answer: str, question_easy: str = ""
) -> None:
    _require(round_, Phase.CO_DEFINE)
    if suggestion.status is not SuggestionStatus.OPEN:
        raise PhaseError(_l("This suggestion was answered already."))
    if not accept and not answer.strip():
        raise DomainError(_l("Say why you do not take this suggestion."), field="answer")
    suggestion.answer = answer.strip()
    if accept:
        suggestion.status = SuggestionStatus.ACCEPTED
        round_.question_final = suggestion.proposal
        # The old easy-read version explained the old wording: replaced, or gone.
        round_.question_easy = question_easy.strip()
        round_.co_defined = True
    else:
        suggestion.status = SuggestionStatus.ANSWERED
    db.session.flush()


# Said by the round page instead of the button, and by the service if pressed anyway.
LIST_WAITS_FOR_NUMBER = _l(
    "The question cannot be closed yet: the list of possible groups waits for its number, "
    "so the klankbordgroep is not picked yet. Enter the number on the draw's page (or set "
    "the list aside); once the group is invited and has helped shape the question, you "
    "can close it."
)


def start_gathering(round_: Round, actor: User, confirmed: bool = False) -> None:
    """Close the question. Invitations still unanswered are withdrawn and their people
    told; when some are open or a quota is not met, the staff must have confirmed that
    the group goes ahead as it is (`draws.open_ends` is what they were shown)."""
    _require(round_, Phase.CO_DEFINE)
    if pending_draw(round_) is not None:
        raise PhaseError(LIST_WAITS_FOR_NUMBER)
    if not any(s.status is SeatStatus.ACCEPTED for s in round_.seats):
        raise DomainError(
            _l("Nobody has accepted a seat yet: the group must help shape the question first.")
        )
    open_ = db.session.scalar(
        select(Suggestion.id).where(
            Suggestion.round_id == round_.id, Suggestion.status == SuggestionStatus.OPEN
        )
    )
    if open_:
        raise DomainError(_l("Answer every suggestion of the group first."))
    if open_ends(round_).any and not confirmed:
        raise DomainError(
            _l(
                "Some invitations are still open or a quota is not met. Tick that the group "
                "goes ahead as it is, or wait."
            ),
            field="confirm",
        )
    withdraw_open_invitations(round_)
    round_.question_final = round_.question_final or round_.question_draft
    _move_on(round_, actor)


# Gather -------------------------------------------------------------------------------


def contribute(round_: Round, author: User, body: str, may_gather: bool) -> Contribution:
    _require(round_, Phase.GATHER)
    if not may_gather:
        raise DomainError(_l("Only the klankbordgroep can take part in this round."))
    item = Contribution(round_id=round_.id, zone_id=round_.zone_id, author_id=author.id, body=body)
    db.session.add(item)
    db.session.flush()
    return item


def add_offline(
    round_: Round,
    staff: User,
    body: str,
    event: str,
    place: str,
    on: date | None,
    name: str,
    method: ContactMethod,
    detail: str,
    consent: bool,
) -> Contribution:
    _require(round_, Phase.GATHER)
    check_offline_date(round_, on)
    if method is not ContactMethod.NONE and not consent:
        raise DomainError(
            _l("Only keep contact details when the person agreed to it."), field="consent"
        )
    if method is not ContactMethod.NONE and not detail.strip():
        raise DomainError(_l("Fill in how to reach the person."), field="contact_detail")
    detail = _contact_detail(method, detail)
    # Who does not want to be contacted leaves no name or address behind.
    keep = consent and method is not ContactMethod.NONE
    item = Contribution(
        round_id=round_.id,
        zone_id=round_.zone_id,
        body=body,
        offline=True,
        entered_by_id=staff.id,
        source_event=event.strip(),
        source_place=place.strip(),
        source_date=on,
        contact_name=name.strip() if keep else "",
        contact_method=method if keep else ContactMethod.NONE,
        contact_detail=detail if keep else "",
    )
    db.session.add(item)
    db.session.flush()
    return item


# A phone number as people write it: digits with spaces, dots, slashes, dashes or
# brackets, and an optional + in front; 8 to 15 digits (Belgian numbers have 9 or 10).
PHONE = re.compile(r"\+?[0-9][0-9 ./()-]*")


def local_date(moment: datetime) -> date:
    """The day of `moment` in Belgium (a date typed on a form is a Belgian day)."""
    day: date = moment.astimezone(platform_time_zone()).date()
    return day


def check_offline_date(round_: Round, on: date | None) -> None:
    """What was said on paper, by phone or at an evening was said during the round: not
    in the future, not before the round started (offline input and paper questionnaires)."""
    if on is None:
        return
    if on > local_date(utcnow()):
        raise DomainError(_l("This date is in the future."), field="source_date")
    started = local_date(round_.created_at)
    if on < started:
        raise DomainError(
            _l(
                "This date is before the round started (%(date)s).",
                date=format_date(started, "long"),
            ),
            field="source_date",
        )


def _contact_detail(method: ContactMethod, detail: str) -> str:
    """The address checked by the way of contact chosen: an e-mail address that can
    receive mail, a phone number that could be dialled, or a postal address."""
    detail = detail.strip()
    if method is ContactMethod.EMAIL:
        try:
            return validate_email(detail, check_deliverability=False).normalized
        except EmailNotValidError:
            raise DomainError(
                _l("This is not a valid e-mail address. Example: name@example.be"),
                field="contact_detail",
            ) from None
    if method is ContactMethod.PHONE:
        digits = sum(c.isdigit() for c in detail)
        if not PHONE.fullmatch(detail) or not 8 <= digits <= 15:
            raise DomainError(
                _l("This is not a phone number. Example: 09 123 45 67 or +32 470 12 34 56"),
                field="contact_detail",
            )
    return detail


def start_drafting(round_: Round, actor: User) -> None:
    _require(round_, Phase.GATHER)
    _move_on(round_, actor)


# Co-draft -----------------------------------------------------------------------------


def propose(
    round_: Round, author: User, title: str, body: str, sources: list[int], easy: str = ""
) -> Recommendation:
    _require(round_, Phase.CO_DRAFT)
    rec = Recommendation(round_id=round_.id, title=title.strip(), body=body, body_easy=easy.strip())
    db.session.add(rec)
    rec.versions.append(
        RecommendationVersion(number=1, title=rec.title, body=body, author_id=author.id)
    )
    rec.sources = _contributions(round_, sources)
    db.session.flush()
    return rec


def require_advice_open(round_: Round) -> None:
    """The advice is written and checked in co-draft and review; after, it is fixed."""
    _require(round_, Phase.CO_DRAFT, Phase.REVIEW)


def edit(
    rec: Recommendation, author: User, title: str, body: str, sources: list[int], easy: str = ""
) -> None:
    require_advice_open(rec.round)
    rec.body_easy = easy.strip()  # not a version of the advice: a reading aid beside it
    if (title.strip(), body) != (rec.title, rec.body):
        rec.title, rec.body = title.strip(), body
        rec.versions.append(
            RecommendationVersion(
                number=len(rec.versions) + 1, title=rec.title, body=body, author_id=author.id
            )
        )
    rec.sources = _contributions(rec.round, sources)
    db.session.flush()


def _contributions(round_: Round, ids: list[int]) -> list[Contribution]:
    if not ids:
        return []
    found = list(
        db.session.scalars(
            select(Contribution).where(Contribution.round_id == round_.id, Contribution.id.in_(ids))
        )
    )
    if len(found) != len(set(ids)):
        raise DomainError(_l("Link only to input of this round."), field="sources")
    return found


def comment(rec: Recommendation, author: User, body: str) -> RecommendationComment:
    _require(rec.round, Phase.CO_DRAFT, Phase.REVIEW)
    note = RecommendationComment(recommendation_id=rec.id, author_id=author.id, body=body)
    db.session.add(note)
    db.session.flush()
    return note


def diff(old: RecommendationVersion, new: RecommendationVersion) -> list[tuple[str, str]]:
    """Line diff for the page: ("add" | "del" | "same", text)."""
    kinds = {"+": "add", "-": "del", " ": "same"}
    lines = difflib.ndiff(old.body.splitlines(), new.body.splitlines())
    return [(kinds[line[0]], line[2:]) for line in lines if line[0] in kinds]


def mark_unused(item: Contribution, reason: str) -> None:
    _require(item_round(item), Phase.CO_DRAFT, Phase.REVIEW)
    if not reason.strip():
        raise DomainError(_l("Give a reason."), field="reason")
    item.unused_reason = reason.strip()
    db.session.flush()


def item_round(item: Contribution) -> Round:
    return db.session.get_one(Round, item.round_id)


def start_review(round_: Round, actor: User) -> None:
    _require(round_, Phase.CO_DRAFT)
    recs = recommendations(round_)
    if not recs:
        raise DomainError(_l("Write at least one recommendation first."))
    used = {c.id for r in recs for c in r.sources}
    missing = [c for c in contributions(round_) if c.id not in used and not c.unused_reason]
    if missing:
        raise DomainError(
            _l("Some input is not used in any recommendation. Link it, or give a reason why not.")
        )
    _move_on(round_, actor)


# Review -------------------------------------------------------------------------------


def respond(round_: Round, user: User, confirm: bool, body: str) -> ReviewResponse:
    _require(round_, Phase.REVIEW)
    if not confirm and not body.strip():
        raise DomainError(_l("Describe the correction you propose."), field="body")
    if confirm and any(
        r.user_id == user.id and r.kind is ReviewKind.CONFIRM for r in reviews(round_)
    ):
        raise DomainError(_l("You confirmed the advice already."))
    item = ReviewResponse(
        round_id=round_.id,
        user_id=user.id,
        kind=ReviewKind.CONFIRM if confirm else ReviewKind.CORRECTION,
        body=body.strip(),
    )
    db.session.add(item)
    db.session.flush()
    return item


def answer_review(item: ReviewResponse, answer: str, changed: bool) -> None:
    """Close a correction: the advice was changed after it was proposed, or it stays as it
    is and the answer says why. The member who proposed it is told either way."""
    round_ = db.session.get_one(Round, item.round_id)
    _require(round_, Phase.REVIEW)
    if item.kind is not ReviewKind.CORRECTION or item.answered_at:
        raise PhaseError(_l("This was answered already."))
    if not answer.strip():
        raise DomainError(
            _l("Say what was changed.") if changed else _l("Say why the advice stays as it is."),
            field="answer",
        )
    if changed and not _changed_since(round_, item.created_at):
        raise DomainError(
            _l(
                "The advice has not changed since this correction was proposed. Change a "
                "recommendation first, or choose that the advice stays as it is and say why."
            ),
            field="resolution",
        )
    item.answer = answer.strip()
    item.answered_at = utcnow()
    item.changed = changed
    db.session.flush()
    if item.user is not None:
        notify(
            [item.user],
            "round.correction_answered",
            {"title": round_.title},
            round_url(round_, f"#review-{item.id}"),
            round_.zone_id,
        )


def _changed_since(round_: Round, moment: datetime) -> bool:
    return bool(
        db.session.scalar(
            select(RecommendationVersion.id)
            .join(Recommendation, Recommendation.id == RecommendationVersion.recommendation_id)
            .where(Recommendation.round_id == round_.id, RecommendationVersion.created_at >= moment)
            .limit(1)
        )
    )


@dataclass
class ReviewState:
    """Where the group's check of the advice stands, for the page and for `submit`."""

    confirmed: list[User]  # seated members who confirmed
    seated: int
    needed: int
    open_corrections: int

    @property
    def blockers(self) -> list[str]:
        reasons = []
        if len(self.confirmed) < self.needed:
            reasons.append(
                ngettext(
                    "%(confirmed)d of the %(seated)d member confirmed the advice; at least "
                    "%(needed)d must (half of the group).",
                    "%(confirmed)d of the %(seated)d members confirmed the advice; at least "
                    "%(needed)d must (half of the group).",
                    self.seated,
                    confirmed=len(self.confirmed),
                    seated=self.seated,
                    needed=self.needed,
                )
            )
        if self.open_corrections:
            reasons.append(
                ngettext(
                    "%(num)d proposed correction still waits for an answer.",
                    "%(num)d proposed corrections still wait for an answer.",
                    self.open_corrections,
                )
            )
        return reasons


def review_state(round_: Round, items: list[ReviewResponse] | None = None) -> ReviewState:
    """The rule: the advice goes to the zorgraad when at least half of the seated members
    (and at least one) confirmed that it says what was said, and every correction they
    proposed is answered (changed, or kept with a reason they can read)."""
    items = reviews(round_) if items is None else items
    # Ids only from the seats: the reviews bring their users (no query per member).
    seated = {s.member.user_id for s in round_.seats if s.status is SeatStatus.ACCEPTED}
    confirmed = {
        r.user_id: r.user
        for r in items
        if r.kind is ReviewKind.CONFIRM and r.user_id in seated and r.user is not None
    }
    return ReviewState(
        confirmed=list(confirmed.values()),
        seated=len(seated),
        needed=max(1, -(-len(seated) // 2)),
        open_corrections=sum(
            1 for r in items if r.kind is ReviewKind.CORRECTION and not r.answered_at
        ),
    )


def submit(round_: Round, actor: User) -> None:
    """Send the advice to the zorgraad: on the agenda of its next meeting."""
    from burgerplatform.meetings.services import add_agenda_item, upcoming

    _require(round_, Phase.REVIEW)
    blockers = review_state(round_).blockers
    if blockers:
        raise DomainError(" ".join(blockers))
    meetings = upcoming(f"zone:{round_.zone_id}")
    if not meetings:
        raise DomainError(_l("Plan a zorgraad meeting first: the advice goes on its agenda."))
    add_agenda_item(
        meetings[0],
        str(_l("Advice: %(title)s", title=round_.title)),
        subject_type="round",
        subject_id=round_.id,
    )
    round_.submitted_at = utcnow()
    _move_on(round_, actor)


# Follow-up ----------------------------------------------------------------------------


def record_outcome(
    rec: Recommendation, outcome: Outcome, reason: str, actor: User | None = None
) -> bool:
    """Save the zorgraad's answer to a recommendation. Before it is published it may change
    freely; after, a change is public and dated (with the answer before), in the audit
    log, and everyone who followed the recommendation hears of it once. Saving the same
    answer again changes nothing. Returns whether anything changed."""
    _require(rec.round, Phase.SUBMITTED, Phase.FOLLOW_UP)
    reason = reason.strip()
    if not reason:
        raise DomainError(_l("Give the reasons of the zorgraad."), field="reason")
    if rec.outcome is outcome and rec.outcome_reason == reason:
        return False
    published = rec.round.phase is Phase.FOLLOW_UP and rec.outcome is not None
    before = rec.outcome
    rec.outcome, rec.outcome_reason = outcome, reason
    if not published:
        rec.answered_at = utcnow()
        db.session.flush()
        return True
    from burgerplatform.audit import services as audit

    rec.outcome_previous, rec.outcome_changed_at = before, utcnow()
    db.session.flush()
    audit.record(
        "round.answer_changed",
        target_type="recommendation",
        target_id=rec.id,
        detail={
            "round_id": rec.round_id,
            "before": before.value if before else None,
            "after": outcome.value,
        },
        zone_id=rec.round.zone_id,
        actor=actor,
    )
    people = [c.author for c in rec.sources if c.author is not None]
    notify(
        [*people, *members_of(rec.round)],
        "round.answer_changed",
        {"title": rec.round.title, "recommendation": rec.title, "outcome": outcome.value},
        url_for(
            "consultations.recommendation",
            zone_slug=zone_slug_of(rec.round),
            round_id=rec.round_id,
            rec_id=rec.id,
        ),
        rec.round.zone_id,
        actor=actor,
    )
    return True


def publish_answer(round_: Round, actor: User) -> None:
    """All recommendations answered: move to follow-up and tell every contributor."""
    _require(round_, Phase.SUBMITTED)
    recs = recommendations(round_)
    if any(r.outcome is None for r in recs):
        raise DomainError(_l("Record the answer to every recommendation first."))
    round_.phase = phases.following(round_.phase)
    db.session.flush()
    mail_offline_contacts(round_)
    told = tell_contributors(round_, actor)
    notify(
        [m for m in members_of(round_) if m.id not in told],
        "round.answered_group",
        {"title": round_.title},
        round_url(round_, "#outcomes"),
        round_.zone_id,
        actor=actor,
    )


def tell_contributors(round_: Round, actor: User | None) -> set[int]:
    """Each person who gave input online hears the truth about it: in which recommendation
    it was used (a link to it, with the zorgraad's answer), or that it was not used and
    why. Returns the ids of the people told. (Offline input: see `follow_ups`.)"""
    told: set[int] = set()
    slug = zone_slug_of(round_)
    for item in contributions(round_):
        author = item.author
        if author is None or (actor is not None and author.id == actor.id):
            continue
        recs = list(item.recommendations)
        for rec in recs:
            notify(
                [author],
                "round.input_used",
                {
                    "title": round_.title,
                    "recommendation": rec.title,
                    "outcome": rec.outcome.value if rec.outcome else "",
                },
                url_for(
                    "consultations.recommendation",
                    zone_slug=slug,
                    round_id=round_.id,
                    rec_id=rec.id,
                ),
                round_.zone_id,
            )
        if not recs:
            notify(
                [author],
                "round.input_unused",
                {"title": round_.title, "reason": item.unused_reason},
                input_url(round_.id, item.id, zone_slug=slug),
                round_.zone_id,
            )
        told.add(author.id)
    return told


# Follow-up of offline input ------------------------------------------------------------


def wants_follow_up(item: Contribution) -> bool:
    return item.offline and item.contact_method is not ContactMethod.NONE


def follow_ups(round_: Round) -> list[Contribution]:
    """Offline input whose giver wants to hear back: who still has to be told first."""
    items = [c for c in contributions(round_) if wants_follow_up(c)]
    return sorted(items, key=lambda c: (c.followed_up_at is not None, c.id))


def pending_follow_ups(items: list[Contribution]) -> int:
    return sum(1 for c in items if wants_follow_up(c) and c.followed_up_at is None)


def mark_followed_up(item: Contribution, staff: User) -> None:
    """Staff sent the letter or phoned: dated, with who did it (and in the audit log)."""
    _require(item_round(item), Phase.FOLLOW_UP)
    if not wants_follow_up(item):
        raise DomainError(_l("This person did not ask to hear back."))
    if item.followed_up_at is not None:
        raise PhaseError(_l("This person was told already."))
    item.followed_up_at = utcnow()
    item.followed_up_by_id = staff.id
    db.session.flush()


def mail_offline_contacts(round_: Round) -> int:
    """Who left an e-mail address on paper hears what happened by mail, in the zone's
    language, with a link to the round; the list shows them as told."""
    from burgerplatform.core.mail import queue_mail

    zone = db.session.get_one(Zone, round_.zone_id)
    sent = 0
    for item in contributions(round_):
        if (
            not wants_follow_up(item)
            or item.contact_method is not ContactMethod.EMAIL
            or item.followed_up_at is not None
            or "@" not in item.contact_detail
        ):
            continue
        queue_mail(
            item.contact_detail.strip(),
            _l("What happened with your input about “%(title)s”", title=round_.title),
            "offline_follow_up",
            locale="nl",
            item=item,
            round=round_,
            zone=zone,
            link=absolute_url("consultations.show", zone_slug=zone.slug, round_id=round_.id),
            zone_link=absolute_url("zones.show", zone_slug=zone.slug),
        )
        item.followed_up_at = utcnow()
        sent += 1
    db.session.flush()
    return sent


def add_update(rec: Recommendation, author: User, body: str, easy: str = "") -> ProgressUpdate:
    _require(rec.round, Phase.FOLLOW_UP)
    update = ProgressUpdate(
        recommendation_id=rec.id, body=body, body_easy=easy.strip(), author_id=author.id
    )
    db.session.add(update)
    db.session.flush()
    people = [c.author for c in rec.sources if c.author is not None]
    notify(
        people,
        "round.progress",
        {"title": rec.round.title},
        round_url(rec.round, "#outcomes"),
        rec.round.zone_id,
        actor=author,
    )
    return update


# The input on the round page ----------------------------------------------------------


@dataclass
class InputWindow:
    items: list[Contribution]  # oldest first, as they are read
    older: int | None  # `input_before` for the link to older input, if there is any
    newer: int | None  # `input_after` for the link to newer input, if there is any
    total: int


def input_window(
    items: list[Contribution],
    before: int | None = None,
    after: int | None = None,
    size: int = INPUT_PER_PAGE,
) -> InputWindow:
    """The newest `size` of a round's input (`items` in id order), or those just before or
    after an id. A cursor that matches nothing shows the newest."""
    if after is not None:
        chosen = [c for c in items if c.id > after][:size]
    else:
        chosen = [c for c in items if before is None or c.id < before][-size:]
    if not chosen:
        chosen = items[-size:]
    return InputWindow(
        items=chosen,
        older=chosen[0].id if chosen and chosen[0] is not items[0] else None,
        newer=chosen[-1].id if chosen and chosen[-1] is not items[-1] else None,
        total=len(items),
    )


def input_url(round_id: int, contribution_id: int, zone_slug: str | None = None) -> str:
    """The round page, at one input, in the window that ends with it."""
    # A page links to a hundred inputs: build the round's address once per request.
    cache = g.setdefault("round_urls", {})
    key = (round_id, zone_slug)
    if key not in cache:
        zone_values: dict[str, Any] = {"zone_slug": zone_slug} if zone_slug else {}
        cache[key] = url_for("consultations.show", round_id=round_id, **zone_values)
    return f"{cache[key]}?input_before={contribution_id + 1}#contribution-{contribution_id}"
