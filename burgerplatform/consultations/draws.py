"""The klankbordgroep: quotas, the draw as a background job, invitations, replacements."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from burgerplatform.consultations import (
    clashes,
    draw_check,
    draw_confirmations,
    lottery,
    pool,
    rotation,
    sortition,
)
from burgerplatform.consultations.draw_check import pool_rows
from burgerplatform.consultations.models import (
    LEFT_POOL,
    NOT_ELIGIBLE,
    DrawRecord,
    DrawStatus,
    Phase,
    PoolCategory,
    PoolMember,
    PoolValue,
    Quota,
    Round,
    Seat,
    SeatStatus,
)
from burgerplatform.consultations.pool_changes import row_at_draw, rows_as_drawn, rules_of
from burgerplatform.consultations.queries import composition, group_is_final, latest_draw
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.core.i18n import format_day, format_moment, platform_time_zone
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import register
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import Zone
from burgerplatform.zones.services import zone_staff

# How often a running draw renews its job's lock (the worker requeues jobs whose lock is
# older than JOB_STALE_SECONDS, 15 minutes by default).
HEARTBEAT = timedelta(seconds=60)

register(
    "round.invited",
    _l("You were drawn for the klankbordgroep of “%(title)s”. Please answer before %(date)s."),
    dates=("date",),
)
register("round.draw_done", _l("The klankbordgroep of “%(title)s” was drawn."))
register(
    "round.draw_published",
    _l(
        "The list of possible groups for “%(title)s” is published. Enter the public number "
        "to pick the group."
    ),
)
register("round.draw_failed", _l("The draw for “%(title)s” could not be made. See why."))
register("round.seat_answered", _l("Someone answered the invitation for “%(title)s”."))
register(
    "round.invitation_withdrawn",
    _l(
        "The klankbordgroep of “%(title)s” went ahead without an answer to your invitation, "
        "so the invitation is withdrawn. Thank you for your interest; you stay in the pool "
        "for the next rounds."
    ),
)

INVITATION_WITHDRAWN = _l(
    "The klankbordgroep went ahead without an answer to your invitation, so it was "
    "withdrawn and can no longer be accepted. Thank you for your interest; you stay in "
    "the pool for the next rounds."
)


def set_group(
    round_: Round,
    size: int,
    rotation_rounds: int,
    rotation_months: int,
    fallback: bool,
    reply_days: int,
    quotas: dict[int, tuple[int, int]],
) -> None:
    """Group size, rotation rule and quotas {value_id: (min, max)}; only before the draw."""
    round_.refuse_if_cancelled()
    if round_.seats:
        raise PhaseError(_l("The group is drawn already; its rules can no longer change."))
    if pending_draw(round_) is not None:
        raise PhaseError(RULES_LOCKED)
    values = {
        v.id: v
        for c in pool.categories_by_id(round_.zone_id).values()
        for v in c.values
        if c.for_quotas
    }
    if any(value_id not in values for value_id in quotas):
        raise DomainError(_l("One of the quotas is not about an answer of this zone."))
    # A maximum of the whole group or more limits nothing: it is no maximum, so it cannot
    # stay behind as a real limit when the group size changes later.
    quotas = {v: (low, min(high, size)) for v, (low, high) in quotas.items()}
    # The quotas are checked against the people the new rules let a draw pick: the
    # rotation rule is set first (a refused save is rolled back with the request).
    round_.rotation_rounds = rotation_rounds
    round_.rotation_months = rotation_months
    round_.rotation_fallback = fallback
    problems = quota_problems(round_, size, quotas)
    if problems:
        raise QuotaError(problems)
    for value_id, (low, high) in quotas.items():
        if low > high:
            raise DomainError(
                _l(
                    "For “%(label)s” the minimum is larger than the maximum.",
                    label=values[value_id].display_label,
                )
            )
    round_.group_size = size
    round_.reply_days = reply_days
    _save_quotas(round_, {v: limits for v, limits in quotas.items() if limits != (0, size)})


def too_few_to_draw(round_: Round) -> str | None:
    """Said when the rules are saved with more seats than people a draw can pick today
    (`rotation.drawable_members`, the count of the quota table): saved all the same, as
    the pool may still grow before the draw, but never silently."""
    drawable = len(rotation.drawable_members(round_))
    if round_.group_size <= drawable:
        return None
    return str(
        ngettext(
            "The rules are saved, but the group has %(size)d seats while only %(num)d person "
            "can be drawn today (the people counted in the column “Can be drawn”). The draw "
            "cannot start until more people can be drawn, or the group is made smaller.",
            "The rules are saved, but the group has %(size)d seats while only %(num)d people "
            "can be drawn today (the people counted in the column “Can be drawn”). The draw "
            "cannot start until more people can be drawn, or the group is made smaller.",
            drawable,
            size=round_.group_size,
        )
    )


def _save_quotas(round_: Round, wanted: dict[int, tuple[int, int]]) -> None:
    wanted = dict(wanted)
    # Change the rows in place: replacing the list would insert the new rows before the
    # old ones are deleted, and the second save would break the unique (round, value).
    for quota in list(round_.quotas):
        if quota.value_id in wanted:
            quota.min, quota.max = wanted.pop(quota.value_id)
        else:
            round_.quotas.remove(quota)
    db.session.flush()
    for value_id, (low, high) in sorted(wanted.items()):
        round_.quotas.append(Quota(value_id=value_id, min=low, max=high))
    db.session.flush()


class QuotaError(DomainError):
    """Quotas that can never be met: each problem with the form field it is about."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1], field=problems[0][0])
        self.problems = problems


def drawable_counts(
    round_: Round,
) -> tuple[int, list[tuple[PoolCategory, list[tuple[PoolValue, str]]]]]:
    """How many people a draw of the round can pick, and per quota answer how many of
    them have it (see `pool.counts_among`)."""
    members = rotation.drawable_members(round_)
    zone = db.session.get_one(Zone, round_.zone_id)
    return len(members), pool.counts_among(zone, members)


def quota_problems(
    round_: Round, size: int, quotas: dict[int, tuple[int, int]]
) -> list[tuple[str, str]]:
    """Quotas no draw from today's pool can meet: every clash (see `clashes`), each as
    small as it can be and in plain words with the numbers, on the form field of its
    first quota; its other quotas' fields point there. The people counted are those a
    draw can pick (`rotation.drawable_members`), as in the quota table and the check
    before the draw. Quotas on sensitive answers are checked only against the group and
    each other (`clashes.structural`): whether the pool meets them, only the draw says.
    When nothing clashes and a quota limits a sensitive answer, the other quotas must
    leave the group plus 5 people who can be drawn (`clashes.too_few_left`). The pool can
    still change before the draw; the draw then says what clashes."""
    if not quotas:
        return []
    chosen = [
        (category, value, quotas[value.id])
        for category in pool.categories_by_id(round_.zone_id).values()
        if category.for_quotas
        for value in category.values
        if value.id in quotas
    ]
    rules = [
        sortition.QuotaRule(
            str(c.id),
            str(v.id),
            c.multiple,
            low,
            high,
            f"{c.display_label}: {v.display_label}",
            c.sensitive,
        )
        for c, v, (low, high) in chosen
    ]
    # Staff may save as often as they like: what they hear must not hang on anyone's
    # sensitive answer, so those answers are not even read (`clashes.without_sensitive_answers`).
    plain = [v.id for c, v, _l in chosen if not c.sensitive]
    held = ({a.value_id for a in m.answers} for m in rotation.drawable_members(round_))
    answers = [[value_id in values for value_id in plain] for values in held]
    problems = []
    for clash in clashes.without_sensitive_answers(answers, rules, size):
        first = rules[clash.quotas[0]].label
        for n, (i, bound) in enumerate(zip(clash.quotas, clash.bounds, strict=True)):
            text = (
                str(_l("This quota clashes with “%(label)s”: see there.", label=first))
                if n
                else clashes.translated(clash.why)
            )
            problems.append((f"{bound}_{chosen[i][1].id}", text))
    if problems:
        return problems
    # Enough people beside a sensitive quota (`sortition.check_room`): said on the first
    # quota that limits a sensitive answer, the one that asks for it.
    limiting = clashes.limits_sensitive(rules, size)
    held = ({a.value_id for a in m.answers} for m in rotation.drawn_first(round_))
    left = clashes.too_few_left(
        [[value_id in values for value_id in plain] for values in held], rules, size
    )
    if left is not None:
        asks = rules[limiting[0]]
        problems.append((f"{'min' if asks.min > 0 else 'max'}_{asks.value}", clashes.render(*left)))
    return problems


def draw_blocked(round_: Round) -> str | None:
    """Why the draw cannot start yet, in plain words (the page then offers no button):
    nobody, or fewer people than seats, in the pool who can be drawn."""
    eligible = len(rotation.drawable_members(round_))
    if eligible == 0:
        return str(
            _l(
                "Nobody can be drawn yet: nobody in this zone's citizen pool can be drawn "
                "(the pool is empty, or its members have not agreed to the current text). "
                "Invite citizens to join the pool first."
            )
        )
    if eligible < round_.group_size:
        # At least 1 can be drawn, so the group needs 2 or more: only the count can be 1.
        return str(
            ngettext(
                "The group needs %(size)d people, but only %(num)d person in the pool can be "
                "drawn. Invite more citizens to join the pool, or make the group smaller.",
                "The group needs %(size)d people, but only %(num)d people in the pool can be "
                "drawn. Invite more citizens to join the pool, or make the group smaller.",
                eligible,
                size=round_.group_size,
            )
        )
    return quota_clash(round_)


def quota_clash(round_: Round) -> str | None:
    """Why the quotas cannot be met by a draw from the pool as it is now, after the
    rotation rule (the recently seated count only with the fallback on), or leave too
    few people beside a quota on a sensitive answer, in plain words. Asked as when the
    rules are saved (`sortition.check_rules`, `sortition.check_room`): nobody's sensitive
    answer is read, so the group page tells no more than the save."""
    rules = quota_rules(round_)
    if not rules:
        return None
    categories = pool.categories_by_id(round_.zone_id)
    rows = pool_rows(rotation.drawable_members(round_), categories)
    try:
        sortition.check_rules(rows, rules, round_.group_size)
        sortition.check_room(
            pool_rows(rotation.drawn_first(round_), categories), rules, round_.group_size
        )
    except sortition.DrawError as error:
        return str(error.message)
    return None


def quota_rules(round_: Round) -> list[sortition.QuotaRule]:
    cats = pool.categories_by_id(round_.zone_id)
    rules = []
    for q in round_.quotas:
        category = cats[q.value.category_id]
        rules.append(
            sortition.QuotaRule(
                category=str(category.id),
                value=str(q.value_id),
                multiple=category.multiple,
                min=q.min,
                max=q.max,
                label=f"{category.display_label}: {q.value.display_label}",
                sensitive=category.sensitive,
            )
        )
    return rules


RULES_LOCKED = _l(
    "The list of possible groups is made with these rules, so they cannot change until "
    "the group is picked. To change them, set the list aside first; then publish a new "
    "list with the new rules."
)


def pending_draw(round_: Round) -> DrawRecord | None:
    """The draw whose list is being made or waits for its number: it holds the round's
    rules (the list was made with them, and the pick invites one of its groups)."""
    return db.session.scalar(
        select(DrawRecord).where(
            DrawRecord.round_id == round_.id,
            DrawRecord.status.in_([DrawStatus.QUEUED, DrawStatus.RUNNING, DrawStatus.PUBLISHED]),
        )
    )


def list_holding_the_question(round_: Round) -> DrawRecord | None:
    """The list that keeps the question from being closed: while the round co-defines its
    question and nobody is invited yet, a list being made or waiting for its number means
    the klankbordgroep is not picked, so the group cannot have shaped the question
    (`services.start_gathering` refuses then; the round page says why instead of offering
    the button). None when nothing holds it."""
    if round_.phase is not Phase.CO_DEFINE or round_.seats:
        return None
    return pending_draw(round_)


def number_known_from(known_on: date | None, known_at: time | None = None) -> datetime:
    """From when the source's number is known, as staff name it with the source: a day
    (from its start) or a day and a time, in the platform's time zone; in UTC. Refused
    when missing or already begun (a number known already could be chosen to suit, and
    the list must be published before it)."""
    if known_on is None:
        raise DomainError(
            _l("Say from which day the number of the source is known."), field="known_on"
        )
    zone = platform_time_zone()
    moment = datetime.combine(known_on, known_at or time(0, 0), tzinfo=zone)
    now = utcnow()
    if known_on < now.astimezone(zone).date():
        raise DomainError(
            _l("This day is in the past: name a source whose number nobody knows yet."),
            field="known_on",
        )
    if known_at is not None and moment <= now:
        raise DomainError(
            _l("This time has passed: name a source whose number nobody knows yet."),
            field="known_at",
        )
    if moment <= now:
        # The list must be published before anyone can know the number (`publish`).
        raise DomainError(
            _l(
                "Today has begun: without a time, the number counts as known from the start "
                "of the day. Give the time from which the number is known, or choose a "
                "later day."
            ),
            field="known_on",
        )
    return moment.astimezone(UTC)


def start_draw(
    round_: Round,
    seed: int | None = None,
    source: str = "",
    known_on: date | None = None,
    known_at: time | None = None,
) -> DrawRecord:
    """Queue the draw's first step (the page shows its progress and never waits for it):
    compute the chances and publish the list of equally likely groups. `source` names
    the public source whose number will pick the group (`enter_number`), and `known_on`
    (with `known_at`, a time, if given) from when its number is known; a `seed` is a
    number announced in advance instead, and then the pick follows the publication."""
    round_.refuse_if_cancelled()
    if round_.seats:
        raise PhaseError(_l("The group is drawn already."))
    blocked = draw_blocked(round_)
    if blocked:
        raise DomainError(blocked)
    source = source.strip()[:200]
    running = pending_draw(round_)
    if running:
        return _same_draw(running, source)
    known_from = number_known_from(known_on, known_at) if seed is None else None
    record = DrawRecord(
        round_id=round_.id,
        seed=seed if seed is not None else secrets.randbelow(2**31),
        group_size=round_.group_size,
        number_source=source,
        number_known_from=known_from,
        public_number=None if seed is None else str(seed),
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        # Another request started this round's draw at the same moment (the database
        # holds one pending draw per round): this one follows that draw.
        other = pending_draw(round_)
        if other is None:
            raise
        return _same_draw(other, source)
    record.job_id = jobs.enqueue("klankbordgroep_draw", {"draw_id": record.id}).id
    return record


def _same_draw(running: DrawRecord, source: str) -> DrawRecord:
    """A second "publish" while a list is made or waits for its number: the same source
    (a double click) follows that list; another source is refused, naming the one the
    list was published with (the first list stands: its number picks the group)."""
    if running.number_source != source:
        raise PhaseError(
            _l(
                "A list of possible groups was already published for this round, a moment "
                "ago, with another source of the number: “%(source)s”. The number of that "
                "source will pick the group; your source was not used. To use it, set that "
                "list aside first, then publish a new list.",
                source=running.number_source or _l("a number announced in advance"),
            )
        )
    return running


@jobs.handler("klankbordgroep_draw")
def run_draw_job(job: jobs.Job) -> dict[str, Any]:
    record = db.session.get(DrawRecord, job.payload["draw_id"])
    if record is None or record.status in (DrawStatus.DONE, DrawStatus.PUBLISHED):
        return {"skipped": True}
    base = current_app.config["BASE_URL"]
    with current_app.test_request_context(base_url=base):
        return perform_draw(record, job)


def perform_draw(record: DrawRecord, job: jobs.Job | None = None) -> dict[str, Any]:
    """Compute the chances and publish the list of groups; with a number announced in
    advance, pick and invite at once."""
    round_ = db.session.get_one(Round, record.round_id)
    # The claim this worker holds: every heartbeat checks it is still ours, so a second
    # worker that took the job over (it looked abandoned) makes this one stop, and the
    # draw is made and its people invited once.
    attempt = job.attempts if job is not None else 0
    record.status = DrawStatus.RUNNING
    if job is not None:
        job.progress = 5
        jobs.heartbeat(job, attempt)  # show "running" while the solver works

    def progress(percent: int) -> None:
        if job is None:
            return
        if (
            percent >= job.progress + 10
            or job.locked_at is None
            or utcnow() - job.locked_at > HEARTBEAT
        ):
            job.progress = max(job.progress, percent)
            jobs.heartbeat(job, attempt)

    members, record.left_out_consent = pool.eligible_members_of(round_.zone_id)
    categories = pool.categories_by_id(round_.zone_id)
    members, recent, waiting = rotation.pool_for_draw(round_, members)
    rows = pool_rows(members, categories)
    rules = quota_rules(round_)
    record.quotas = [
        {
            "label": r.label,
            "category": r.category,
            "value": r.value,
            "min": r.min,
            "max": r.max,
            # The public record never gives a sensitive answer (see draw_check).
            "sensitive": categories[int(r.category)].sensitive,
        }
        for r in rules
    ]
    record.rotation = {
        "last_rounds": round_.rotation_rounds,
        "months": round_.rotation_months,
        "only_if_nobody_else_fits": round_.rotation_fallback,
        # Not in this draw: invited to another round, no answer yet (counted, not named).
        "waiting_elsewhere": waiting,
    }
    # Named once a method has worked out the chances (`DrawRecord.method`): a draw that
    # fails before names none.
    record.algorithm = ""
    record.pool_size = len(rows)
    try:
        result = sortition.draw(
            rows, rules, round_.group_size, record.seed, recent, round_.rotation_fallback, progress
        )
    except sortition.DrawError as error:
        return _failed(round_, record, job, error)
    # How many recently seated people the quotas needed back (rotation's fallback).
    record.rotation = {**record.rotation, "brought_back": len(result.brought_back)}
    record.algorithm = result.algorithm  # leximin, partial leximin or maximin
    record.pool_hash = result.pool_hash
    record.probabilities = result.probabilities
    record.profiles = result.profiles
    record.profile_answers = draw_check.profile_answers(result.profiles, rows, rules)
    record.distribution = [[composition, p] for composition, p in result.distribution]
    record.left_out = result.left_out
    # `result.selected` (a pick seeded by record.seed) is not used: the group comes from
    # the published list and the public number.
    try:
        publish(record)
    except sortition.DrawError as error:
        return _failed(round_, record, job, error)
    if job is not None:
        jobs.still_ours(job, attempt)  # committed with the invitations, or not at all
    if record.public_number is None:
        notify(
            zone_staff(round_.zone_id),
            "round.draw_published",
            {"title": round_.title},
            _draw_url(round_, record),
            round_.zone_id,
        )
        if job is not None:
            job.progress = 100
        db.session.flush()
        return {"published": len(record.panels)}
    _pick(round_, record, members, job)
    return {"selected": len(record.selected)}


def _failed(
    round_: Round, record: DrawRecord, job: jobs.Job | None, error: sortition.DrawError
) -> dict[str, Any]:
    record.status = DrawStatus.FAILED
    record.error, record.error_params = error.text, error.params
    _finish(round_, record, job, "round.draw_failed")
    return {"failed": str(error)}


def publish(record: DrawRecord) -> None:
    """Round the distribution to the list of equally likely groups and fix it: its
    facts as published under this draw's aliases (`draw_check.published_facts`), their
    hash, and the time. Refused (`sortition.DrawError`) when the list is ready only once
    its number can be known (a slow queue): such a list could have been made to suit
    the number, so it is never published."""
    rounded = lottery.round_to_panels(
        record.profiles,
        [(composition, p) for composition, p in record.distribution],
        current_app.config.get("DRAW_GROUPS", lottery.DEFAULT_GROUPS),
        record.alias_salt,
    )
    record.panels = rounded.groups
    record.max_deviation = round(rounded.deviation, 6)
    # The time first, to the second as the record writes it: the fingerprint covers it.
    now = utcnow().replace(microsecond=0)
    if record.number_known_from is not None and now >= record.number_known_from:
        raise sortition.DrawError(LIST_AFTER_NUMBER)
    record.published_at = now
    record.time_zone = platform_time_zone().key
    record.published_facts = draw_check.published_facts(
        record, db.session.get_one(Round, record.round_id)
    )
    record.list_hash = draw_check.list_fingerprint(record)
    record.status = DrawStatus.PUBLISHED


LIST_AFTER_NUMBER = clashes.N_(
    "The list of possible groups was ready only after the number of the source could be "
    "known, so it is not used: whoever knew the number could have made a list to suit it. "
    "Publish the list again, with a later moment when the number is known."
)


# The rule of `lottery.normalise_number`, said once as the form's hint (its examples
# pass); the error of a refused number says what is wrong in it (`not_a_number`).
NUMBER_RULE = _l(
    "Use only the digits 0 to 9, with a space between groups of digits: for example 4821 "
    "or 3 12 25 33. No dots, commas or dashes."
)


def not_a_number(text: str) -> str:
    """Why `text` is refused as the number, saying what is wrong in it (the hint under
    the field says the rule already: the error does not repeat it)."""
    problem = lottery.number_problem(text)
    if problem is not None and problem[0] == "char":
        return str(
            _l(
                "“%(char)s” is not a digit. The number can have only the digits 0 to 9 and "
                "spaces. Type it as the source gives it, without this sign.",
                char=problem[1],
            )
        )
    if problem is not None and problem[0] == "long":
        return str(
            _l("This number is too long: at most %(num)d characters.", num=lottery.MAX_LENGTH)
        )
    return str(_l("Type the number the source gave."))


def read_number(record: DrawRecord, text: str) -> str:
    """The number as the pick will use it (`lottery.normalise_number`), for the staff to
    confirm before anything is picked; refused in plain words when it is not a number or
    the list can no longer be picked from."""
    round_ = db.session.get_one(Round, record.round_id)
    round_.refuse_if_cancelled()
    refused = no_longer_waiting(record, draw_confirmations.NUMBER)
    if refused is not None:
        raise refused
    if record.status is DrawStatus.DONE or round_.seats:
        raise PhaseError(_l("The group is drawn already."))
    if record.status is not DrawStatus.PUBLISHED:
        raise PhaseError(_l("This draw has no published list to pick from."))
    if record.number_known_from is not None and utcnow() < record.number_known_from:
        # The source cannot have given its number yet: whoever typed one chose it.
        raise DomainError(
            _l(
                "The number of this source is only known from %(moment)s (as published "
                "with the list): it can be entered from then on.",
                moment=known_from_text(record),
            ),
            field="number",
        )
    number = lottery.normalise_number(text)
    if number is None:
        raise DomainError(not_a_number(text), field="number")
    return number


def known_from_text(record: DrawRecord) -> str:
    """From when the source's number is known, as the pages say it: the day alone when
    it is from the day's start, else the day and the time."""
    moment = record.number_known_from
    if moment is None:
        return ""
    local = moment.astimezone(platform_time_zone())
    if local.time() == time(0, 0):
        return format_day(local.date())
    return format_moment(moment)


def no_longer_waiting(record: DrawRecord, step: str) -> PhaseError | None:
    """Why the number (`step` NUMBER) or setting the list aside (DISCARD) comes too late
    for this list, saying what happened: it was set aside (when, and what staff can do
    now), or its group was picked (with which number, when). None when the list was
    neither, and for a draw picked before numbers were entered (its own refusals say)."""
    if record.status is DrawStatus.DISCARDED:
        when = format_moment(record.discarded_at)
        if step == draw_confirmations.DISCARD:
            happened = _l(
                "This list was already set aside on %(date)s, so nothing changed.", date=when
            )
        else:
            happened = _l(
                "This list was set aside on %(date)s, so no number can pick a group from it "
                "and nobody was invited.",
                date=when,
            )
        return PhaseError(f"{happened} {_after_set_aside(record)}")
    if record.status is DrawStatus.DONE and record.public_number is not None:
        when = format_moment(record.number_entered_at or record.finished_at)
        number = record.public_number
        if step == draw_confirmations.DISCARD:
            return PhaseError(
                _l(
                    "The group is already picked from this list, with the number %(number)s "
                    "on %(date)s, so the list can no longer be set aside.",
                    number=number,
                    date=when,
                )
            )
        return PhaseError(
            _l(
                "The group is already picked from this list, with the number %(number)s on "
                "%(date)s. Nothing changed: nobody else was invited.",
                number=number,
                date=when,
            )
        )
    return None


def _after_set_aside(record: DrawRecord) -> str:
    """What staff can do once a list was set aside: publish a new one, unless a newer
    list was made since (or picked the group)."""
    newer = db.session.scalar(
        select(DrawRecord)
        .where(
            DrawRecord.round_id == record.round_id,
            DrawRecord.id > record.id,
            DrawRecord.status.in_(
                [DrawStatus.QUEUED, DrawStatus.RUNNING, DrawStatus.PUBLISHED, DrawStatus.DONE]
            ),
        )
        .order_by(DrawRecord.id.desc())
        .limit(1)
    )
    if newer is None:
        return str(_l("You can publish a new list on the page of the klankbordgroep."))
    if newer.status is DrawStatus.DONE:
        return str(_l("The group was picked since, from a newer list."))
    return str(_l("A newer list was made since: you find it on the page of the klankbordgroep."))


def enter_number(record: DrawRecord, text: str) -> DrawRecord:
    """The second step: the number from the source named before the list was published
    picks the group (`lottery.pick_index`), and the group is invited, all at once. The
    number is stored as it is hashed (its canonical form, see `read_number`)."""
    number = read_number(record, text)
    now = utcnow()
    if not _claim(record, number_entered_at=now):
        # Another request got there first: a number that picked, or a discard.
        raise no_longer_waiting(record, draw_confirmations.NUMBER) or PhaseError(
            _l("The group is drawn already.")
        )
    round_ = db.session.get_one(Round, record.round_id)
    record.public_number = number
    record.number_entered_at = now
    _pick(round_, record, pool.eligible_members_of(round_.zone_id)[0])
    draw_confirmations.forget(record)
    return record


def _claim(record: DrawRecord, **values: Any) -> bool:
    """Set `values` on the list only if it still waits for its number (published, none
    entered), and read it again. Of two requests at once (a double click, two tabs, two
    staff members, a number and a discard) only the one whose update finds the list
    still waiting goes on: the database serialises the two updates (a row lock on
    PostgreSQL, the write lock on SQLite, where SELECT … FOR UPDATE does nothing)."""
    claimed = db.session.execute(
        update(DrawRecord)
        .where(
            DrawRecord.id == record.id,
            DrawRecord.status == DrawStatus.PUBLISHED,
            DrawRecord.number_entered_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(record)
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def discard_reason(record: DrawRecord, reason: str) -> str:
    """The reason as `discard` keeps it, or why the list cannot be set aside: checked
    before the staff are asked to confirm, and again when they do."""
    refused = no_longer_waiting(record, draw_confirmations.DISCARD)
    if refused is not None:
        raise refused
    if record.status is not DrawStatus.PUBLISHED or record.public_number is not None:
        raise PhaseError(
            _l("Only a published list whose group is not picked yet can be discarded.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the list is discarded."), field="reason")
    return reason


def discard(record: DrawRecord, reason: str, actor: Any = None) -> DrawRecord:
    """Set a published list aside before its number is entered (for example: the pool
    turned out wrong), with a reason; a new list may then be published.

    Discarding could be used to try lists until one suits (discard as soon as the number
    is known and picks a group someone dislikes). So nothing of a discarded list goes
    away: the public page keeps it with its fingerprint, the source of its number, the
    time it was published and discarded, and the reason, so anyone can work out which
    group its number would have picked. The audit log names who discarded it."""
    from burgerplatform.audit import services as audit

    round_ = db.session.get_one(Round, record.round_id)
    reason = discard_reason(record, reason)
    # Two staff members who confirm at once (or a number confirmed meanwhile): the other
    # is told what happened, and the first reason and time stay.
    if not _claim(
        record, status=DrawStatus.DISCARDED, discarded_at=utcnow(), discard_reason=reason
    ):
        raise no_longer_waiting(record, draw_confirmations.DISCARD) or PhaseError(
            _l("Only a published list whose group is not picked yet can be discarded.")
        )
    draw_confirmations.forget(record)
    audit.record(
        "round.draw_list_discarded",
        target_type="draw",
        target_id=record.id,
        detail={"round_id": round_.id, "list_sha256": record.list_hash, "reason": reason},
        zone_id=round_.zone_id,
        actor=actor,
    )
    return record


def _pick(
    round_: Round, record: DrawRecord, members: list[PoolMember], job: jobs.Job | None = None
) -> None:
    assert record.public_number is not None
    record.pick_index = lottery.pick_index(
        record.list_hash, record.public_number, len(record.panels)
    )
    record.selected = sorted(record.panels[record.pick_index])
    record.status = DrawStatus.DONE
    _keep_the_rules_of(round_, record)
    by_pid = {m.pseudonym: m for m in members}
    for pid in record.selected:
        if pid in by_pid:
            invite(round_, by_pid[pid])
    # Someone picked who left the pool (or can no longer be drawn) since the list was
    # published is treated like someone who said no: another person is drawn in their
    # place, keeping the mix. Those still to replace hold their seat in the mix with
    # the answers they had at the draw, so that each replacement fits the whole group.
    gone = [pid for pid in record.selected if pid not in by_pid]
    for n, pid in enumerate(gone):
        placeholders = [row_at_draw(record, other) for other in gone[n + 1 :]]
        _replace(
            round_,
            record,
            pid,
            _why_gone(round_, pid),
            [row for row in placeholders if row is not None],
        )
    _finish(round_, record, job, "round.draw_done")


def _why_gone(round_: Round, pid: str) -> str:
    member = db.session.scalar(
        select(PoolMember).where(PoolMember.zone_id == round_.zone_id, PoolMember.pseudonym == pid)
    )
    return LEFT_POOL if member is None or member.left_at else NOT_ELIGIBLE


def _keep_the_rules_of(round_: Round, record: DrawRecord) -> None:
    """The round shows the rules its group was drawn with: the size and quotas the list
    was made for. (They are locked while a list waits for its number; a list published
    before that lock may have seen them change.)"""
    wanted = {int(q["value"]): (q["min"], q["max"]) for q in record.quotas}
    current = {q.value_id: (q.min, q.max) for q in round_.quotas}
    if round_.group_size == record.group_size and current == wanted:
        return
    round_.group_size = record.group_size
    _save_quotas(round_, wanted)


def _finish(round_: Round, record: DrawRecord, job: jobs.Job | None, kind: str) -> None:
    """A draw that ended, either way: stamped, staff told, its job at 100 %."""
    record.finished_at = utcnow()
    notify(
        zone_staff(round_.zone_id),
        kind,
        {"title": round_.title},
        _draw_url(round_, record),
        round_.zone_id,
    )
    if job is not None:
        job.progress = 100
    db.session.flush()


def replay(record: DrawRecord) -> list[str]:
    """The group the stored pool, distribution and seed give; refused when the pool no
    longer matches the draw's fingerprint (see `draw_check.replay`)."""
    return draw_check.replay(record)


def _draw_url(round_: Round, record: DrawRecord) -> str:
    return url_for(
        "consultations.draw_status",
        zone_slug=zone_slug_of(round_),
        round_id=round_.id,
        draw_id=record.id,
    )


def zone_slug_of(round_: Round) -> str:
    """The slug of the round's zone, for links made outside a request of that zone."""
    from burgerplatform.zones.models import Zone

    return db.session.get_one(Zone, round_.zone_id).slug


def invite(round_: Round, member: PoolMember, replacement: bool = False) -> Seat:
    """Invite by notification and e-mail; the link opens the logged-in invitation page
    (a login link by e-mail works for people without a password)."""
    reply_by = utcnow() + timedelta(days=round_.reply_days)
    seat = Seat(
        round=round_,
        member=member,
        reply_by=reply_by,
        replacement=replacement,
    )
    db.session.add(seat)
    db.session.flush()
    jobs.enqueue("klankbordgroep_expire", {"seat_id": seat.id}, run_after=reply_by)
    notify(
        [member.user],
        "round.invited",
        {"title": round_.title, "date": reply_by.date().isoformat()},
        url_for("consultations.invitation", zone_slug=zone_slug_of(round_), round_id=round_.id),
        round_.zone_id,
    )
    return seat


SEATS_CLOSED = _l(
    "The klankbordgroep of this round has finished writing its advice: this seat can no "
    "longer be taken. Thank you for your interest; you stay in the pool for the next rounds."
)


def seats_open(round_: Round) -> bool:
    """Seats are taken (and replaced) while the group still shapes the question, gathers
    input and writes the advice; from the review on, the group that wrote it checks it."""
    return round_.phase in (Phase.CO_DEFINE, Phase.GATHER, Phase.CO_DRAFT)


def answer(seat: Seat, accept: bool, now: datetime | None = None) -> Seat | None:
    """Accept or decline; a decline draws a replacement who keeps the quotas."""
    now = now or utcnow()
    if seat.status is SeatStatus.WITHDRAWN:
        raise PhaseError(INVITATION_WITHDRAWN)
    if seat.status is not SeatStatus.INVITED:
        raise PhaseError(_l("You answered this invitation already."))
    if group_is_final(seat.round):
        # The group is final: a seat taken now would move its published figures. (An
        # invitation left open by a round that went on before they were withdrawn.)
        raise PhaseError(INVITATION_WITHDRAWN)
    if not seats_open(seat.round):
        raise PhaseError(SEATS_CLOSED)
    if seat.reply_by < now:
        raise PhaseError(_l("The time to answer has passed. Thank you for your interest."))
    seat.answered_at = now
    if accept:
        seat.status = SeatStatus.ACCEPTED
        seat.member.last_seated_at = now
        notify(
            zone_staff(seat.round.zone_id),
            "round.seat_answered",
            {"title": seat.round.title},
            url_for(
                "consultations.group", zone_slug=zone_slug_of(seat.round), round_id=seat.round_id
            ),
            seat.round.zone_id,
        )
        db.session.flush()
        return None
    seat.status = SeatStatus.DECLINED
    db.session.flush()
    return draw_replacement(seat)


@dataclass
class OpenEnds:
    """What is still open in the klankbordgroep when the staff want to leave co-define:
    the invitations nobody answered yet and the quotas the seated group does not meet."""

    invitations: list[Seat]
    # Quotas not met, with their numbers ({"label", "count", "min", "max"}).
    unmet: list[dict[str, Any]]
    # Quotas on a health answer: not counted before the group is final (pool.sensitive_figure).
    unshown: int

    @property
    def any(self) -> bool:
        return bool(self.invitations or self.unmet)


def open_ends(round_: Round) -> OpenEnds:
    rows = composition(round_)
    return OpenEnds(
        invitations=[s for s in round_.seats if s.status is SeatStatus.INVITED],
        unmet=[r for r in rows if r["published"] and not r["met"]],
        unshown=sum(1 for r in rows if not r["published"]),
    )


def withdraw_open_invitations(round_: Round, now: datetime | None = None) -> list[Seat]:
    """The group goes ahead: every invitation still unanswered is withdrawn, and each
    invitee is told so (not that the group is complete), with a link to the round."""
    now = now or utcnow()
    withdrawn = [s for s in round_.seats if s.status is SeatStatus.INVITED]
    for seat in withdrawn:
        seat.status = SeatStatus.WITHDRAWN
        seat.answered_at = now
    db.session.flush()
    for seat in withdrawn:
        notify(
            [seat.member.user],
            "round.invitation_withdrawn",
            {"title": round_.title},
            url_for("consultations.invitation", zone_slug=zone_slug_of(round_), round_id=round_.id),
            round_.zone_id,
        )
    return withdrawn


def expire(seat: Seat, now: datetime | None = None) -> Seat | None:
    if seat.status is not SeatStatus.INVITED or seat.reply_by > (now or utcnow()):
        return None
    seat.status = SeatStatus.EXPIRED
    db.session.flush()
    return draw_replacement(seat)


@jobs.handler("klankbordgroep_expire")
def run_expire_job(job: jobs.Job) -> dict[str, Any]:
    seat = db.session.get(Seat, job.payload["seat_id"])
    if seat is None:
        return {"skipped": True}
    base = current_app.config["BASE_URL"]
    with current_app.test_request_context(base_url=base):
        # The job is due at the reply date; it never runs before it.
        new = expire(seat, now=max(utcnow(), job.run_after))
    return {"replaced_by": new.id if new else None}


def draw_replacement(gone: Seat) -> Seat | None:
    """One person from the remaining eligible pool such that the group keeps its quotas."""
    round_ = gone.round
    if group_is_final(round_) or not seats_open(round_):
        # The group no longer changes (see queries.group_is_final), or it finished its work.
        return None
    return _replace(round_, latest_draw(round_), gone.member.pseudonym, gone.status.value)


def _replace(
    round_: Round,
    record: DrawRecord | None,
    pid: str,
    reason: str,
    placeholders: list[sortition.PoolRow] | None = None,
) -> Seat | None:
    """Draw one person in the place of `pid` (who said no, did not answer, or left the
    pool before the pick), noted in the draw's record either way. `placeholders` stand
    in for others of the group still to be replaced."""
    members, _older_consent = pool.eligible_members_of(round_.zone_id)
    categories = pool.categories_by_id(round_.zone_id)
    asked = {s.member_id for s in round_.seats}
    holding = [
        s.member for s in round_.seats if s.status in (SeatStatus.INVITED, SeatStatus.ACCEPTED)
    ]
    members, recent, _waiting = rotation.pool_for_draw(round_, members)
    free = [m for m in members if m.id not in asked]
    candidates = [m for m in free if m.pseudonym not in recent]
    seed = (record.seed if record else 0) + 1 + len(record.replacements if record else [])
    # The group keeps the mix as the draw saw it: who was in its pool counts with the
    # answers they had then (as the published composition does), not with today's.
    seated = [*rows_as_drawn(record, holding, categories), *(placeholders or [])]
    rules = quota_rules(round_)
    rows = pool_rows(candidates, categories)
    chosen = sortition.replacement(seated, rows, rules, seed)
    if chosen is None and round_.rotation_fallback:
        # Nobody else fits: one recently seated person, who sat longest ago, comes back.
        for when in sorted({recent[m.pseudonym] for m in free if m.pseudonym in recent}):
            candidates = [m for m in free if recent.get(m.pseudonym) == when]
            rows = pool_rows(candidates, categories)
            chosen = sortition.replacement(seated, rows, rules, seed)
            if chosen is not None:
                break
    entry = {
        "for": pid,
        "reason": reason,
        "seed": seed,
        "candidates": len(rows),
        "chosen": chosen.pid if chosen else None,
        "at": utcnow().isoformat(),
    }
    if record is not None:
        if chosen is not None:  # as the draw sees them now (see queries.composition)
            entry["answers"] = [sortition.has_value(chosen, q) for q in rules_of(record)]
        record.replacements = [*record.replacements, entry]
    if chosen is None:
        db.session.flush()
        return None
    member = next(m for m in candidates if m.pseudonym == chosen.pid)
    return invite(round_, member, replacement=True)
