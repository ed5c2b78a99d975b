"""The rules of a round's themes: finding them (a job), what staff confirm, and what the
round page shows.

What staff do is kept: a theme they confirmed, renamed, merged into or moved input to is
confirmed, and so is every piece of input it held then. A new run (after new input) keeps
confirmed input where it is; the rest is placed again: in the confirmed theme it is close
to, or in new themes. Themes no one confirmed are replaced by each run.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from burgerplatform.consultations.models import Contribution, Recommendation, Round
from burgerplatform.consultations.pool import SMALL_COUNT
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.questionnaires.models import Answer, Question, QuestionKind, Submission
from burgerplatform.questionnaires.models import Questionnaire as QuestionnaireModel
from burgerplatform.questionnaires.services import figure
from burgerplatform.themes import method
from burgerplatform.themes.models import InputTheme, RunStatus, ThemeItem, ThemeRun

log = logging.getLogger("burgerplatform.themes")

JOB_KIND = "input_themes"
NAME_LENGTH = 120
NO_INPUT = _l("There is no open input in this round yet, so there is nothing to group.")
EMPTY_NAME = _l("Give the theme a name.")
LONG_NAME = _l("Keep the name short: at most %(num)d characters.", num=NAME_LENGTH)
SAME_THEME = _l("Choose another theme: a theme cannot be merged into itself.")
OTHER_ROUND = _l("Choose a theme of this round.")
OTHER_ROUND_RECOMMENDATION = _l("Choose a recommendation of this round.")
SAME_NAME = _l("Another theme of this round has this name already. Choose another name.")
NAME_FIRST = _l(
    "Give the theme a name first: the words the computer found are not a name people recognise."
)
RUN_BUSY = _l(
    "A search for themes is already busy. It takes a few seconds: reload this page to see it."
)

Key = tuple[str, int]


# --- The input of a round ------------------------------------------------------------


@dataclass
class Text:
    """One piece of open input: where it is, its words, and who gave it (to count people)."""

    key: Key
    body: str
    person: tuple[str, int]
    offline: bool
    hidden: bool = False


def _contributions(round_: Round) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution).where(Contribution.round_id == round_.id).order_by(Contribution.id)
        )
    )


def _answers(round_: Round) -> list[Answer]:
    """Open answers in questionnaires that were sent (or typed in from paper)."""
    return list(
        db.session.scalars(
            select(Answer)
            .join(Submission, Answer.submission_id == Submission.id)
            .join(Question, Answer.question_id == Question.id)
            .join(QuestionnaireModel, Question.questionnaire_id == QuestionnaireModel.id)
            .where(
                QuestionnaireModel.round_id == round_.id,
                Question.kind == QuestionKind.OPEN,
                Submission.sent_at.is_not(None),
                Answer.body != "",
            )
            .options(selectinload(Answer.submission))
            .order_by(Answer.id)
        )
    )


def texts_of(round_: Round) -> list[Text]:
    """All open input of the round, hidden input marked (it is never grouped or shown)."""
    texts = [
        Text(
            key=("contribution", c.id),
            body=c.body,
            person=("user", c.author_id) if c.author_id else ("contribution", c.id),
            offline=c.offline,
            hidden=c.is_hidden,
        )
        for c in _contributions(round_)
    ]
    for a in _answers(round_):
        if not a.body.strip():
            continue
        user_id = a.submission.user_id
        texts.append(
            Text(
                key=("answer", a.id),
                body=a.body,
                # One paper questionnaire is one person.
                person=("user", user_id) if user_id else ("submission", a.submission_id),
                offline=a.submission.offline,
                hidden=a.is_hidden,
            )
        )
    return texts


# --- Finding themes (the job) ------------------------------------------------------


def last_run(round_: Round) -> ThemeRun | None:
    return db.session.scalar(
        select(ThemeRun).where(ThemeRun.round_id == round_.id).order_by(ThemeRun.id.desc())
    )


def start_run(round_: Round, user: Any) -> ThemeRun:
    """Queue a search for themes (the page shows when it is done); one at a time."""
    round_.refuse_if_cancelled()
    running = db.session.scalar(
        select(ThemeRun).where(
            ThemeRun.round_id == round_.id,
            ThemeRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
    )
    if running is not None:
        raise DomainError(RUN_BUSY)
    if not any(not t.hidden for t in texts_of(round_)):
        raise DomainError(NO_INPUT)
    run = ThemeRun(round_id=round_.id, started_by_id=getattr(user, "id", None))
    db.session.add(run)
    db.session.flush()
    run.job_id = jobs.enqueue(JOB_KIND, {"run_id": run.id}).id
    return run


@jobs.handler(JOB_KIND)
def run_job(job: jobs.Job) -> dict[str, Any]:
    run = db.session.get(ThemeRun, job.payload["run_id"])
    if run is None or run.status in (RunStatus.DONE, RunStatus.FAILED):
        return {"skipped": True}
    run.status = RunStatus.RUNNING
    jobs.heartbeat(job, job.attempts)
    try:
        perform_run(run)
    except jobs.Superseded:
        raise
    except Exception as error:  # the page says it failed instead of "busy" for ever
        log.exception("theme run %s failed", run.id)
        db.session.rollback()
        run = db.session.get_one(ThemeRun, job.payload["run_id"])
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = utcnow()
        return {"failed": True}
    return {"themes": run.themes, "texts": run.texts}


def _kept(round_: Round) -> dict[Key, int]:
    """Input staff confirmed, with the id of its (confirmed) theme."""
    items = db.session.scalars(
        select(ThemeItem)
        .join(InputTheme, ThemeItem.theme_id == InputTheme.id)
        .where(
            ThemeItem.round_id == round_.id,
            ThemeItem.confirmed.is_(True),
            InputTheme.confirmed.is_(True),
        )
    )
    return {item.key: item.theme_id for item in items}


def _theme_name(words: list[str]) -> str:
    return (", ".join(words[:3]) or "…").capitalize()[:NAME_LENGTH]


def perform_run(run: ThemeRun) -> None:
    """Group the round's visible open input, keeping what staff confirmed (see the
    module's docstring). When staff change themes while it computes, it starts again
    from what they did (once; after that their latest change is kept all the same, as
    only unconfirmed themes and input are replaced)."""
    round_ = db.session.get_one(Round, run.round_id)
    started = time.perf_counter()
    for _ in range(2):
        kept = _kept(round_)
        texts = [t for t in texts_of(round_) if not t.hidden]
        kept_ids = sorted(set(kept.values()))
        group_of = {theme_id: i for i, theme_id in enumerate(kept_ids)}
        found = method.place(
            [t.body for t in texts],
            [group_of[kept[t.key]] if t.key in kept else None for t in texts],
        )
        db.session.expire_all()
        if _kept(round_) == kept:
            break
    keys = {t.key: t for t in texts}
    # Replace what no one confirmed.
    for theme in db.session.scalars(
        select(InputTheme).where(InputTheme.round_id == round_.id, InputTheme.confirmed.is_(False))
    ):
        db.session.delete(theme)
    for item in db.session.scalars(
        select(ThemeItem).where(ThemeItem.round_id == round_.id, ThemeItem.confirmed.is_(False))
    ):
        db.session.delete(item)
    db.session.flush()
    themes: dict[int, InputTheme] = {}
    for group in sorted(found.top_words):
        typical = [list(texts[i].key) for i in found.typical[group]]
        if group < len(kept_ids):
            theme = db.session.get_one(InputTheme, kept_ids[group])
        else:
            theme = InputTheme(
                round_id=round_.id,
                zone_id=round_.zone_id,
                name=_theme_name(found.top_words[group]),
            )
            db.session.add(theme)
        theme.top_words = found.top_words[group]
        theme.typical = typical
        themes[group] = theme
    db.session.flush()
    for text, group in zip(texts, found.labels, strict=True):
        if text.key in kept:
            continue
        kind, item_id = text.key
        db.session.add(
            ThemeItem(
                round_id=round_.id,
                theme_id=themes[group].id,
                contribution_id=item_id if kind == "contribution" else None,
                answer_id=item_id if kind == "answer" else None,
            )
        )
    run.status = RunStatus.DONE
    run.texts = len(keys)
    run.kept = len(kept)
    run.themes = len(themes)
    run.seconds = round(time.perf_counter() - started, 2)
    run.finished_at = utcnow()
    db.session.flush()


# --- What staff confirm ----------------------------------------------------------------


def themes_of(round_: Round, confirmed_only: bool = False) -> list[InputTheme]:
    query = (
        select(InputTheme)
        .where(InputTheme.round_id == round_.id)
        .options(
            selectinload(InputTheme.items).selectinload(ThemeItem.contribution),
            selectinload(InputTheme.items)
            .selectinload(ThemeItem.answer)
            .selectinload(Answer.submission),
            selectinload(InputTheme.recommendations),
        )
        .order_by(InputTheme.confirmed.desc(), InputTheme.id)
    )
    if confirmed_only:
        query = query.where(InputTheme.confirmed.is_(True))
    return list(db.session.scalars(query))


def named_by_computer(theme: InputTheme) -> bool:
    """Whether the theme still has the name a run gave it (its first words)."""
    return theme.name == _theme_name(theme.top_words)


def confirm_named(theme: InputTheme) -> None:
    """Staff confirm the theme as it is: only with a name a person gave it, as the round
    page shows confirmed themes by name."""
    if named_by_computer(theme):
        raise DomainError(NAME_FIRST, field="name")
    confirm(theme)


def confirm(theme: InputTheme) -> None:
    """The theme and all input it holds now stay as they are in a new run."""
    theme.confirmed = True
    for item in theme.items:
        item.confirmed = True
    db.session.flush()


def _checked_name(name: str, round_id: int, theme_id: int | None = None) -> str:
    """A name for a theme of the round: not empty, short, and no other theme's name."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(EMPTY_NAME, field="name")
    if len(name) > NAME_LENGTH:
        raise DomainError(LONG_NAME, field="name")
    names = db.session.scalars(
        select(InputTheme.name).where(InputTheme.round_id == round_id, InputTheme.id != theme_id)
        if theme_id is not None
        else select(InputTheme.name).where(InputTheme.round_id == round_id)
    )
    if name.casefold() in {n.casefold() for n in names}:
        raise DomainError(SAME_NAME, field="name")
    return name


def rename(theme: InputTheme, name: str) -> bool:
    """Give the theme a name (it is confirmed with it); whether the name changed."""
    checked = _checked_name(name, theme.round_id, theme.id)
    if checked == _theme_name(theme.top_words):
        raise DomainError(NAME_FIRST, field="name")
    changed = checked != theme.name
    theme.name = checked
    confirm(theme)
    return changed


def _same_round(theme: InputTheme, other: InputTheme) -> None:
    if other.round_id != theme.round_id:
        raise DomainError(OTHER_ROUND, field="target")


def merge(theme: InputTheme, into: InputTheme) -> InputTheme:
    """All input and recommendations of `theme` go to `into`, which is confirmed; `theme`
    is gone."""
    _same_round(theme, into)
    if into.id == theme.id:
        raise DomainError(SAME_THEME, field="target")
    for item in list(theme.items):
        item.theme = into
    for recommendation in theme.recommendations:
        if recommendation not in into.recommendations:
            into.recommendations.append(recommendation)
    into.top_words = list(dict.fromkeys([*into.top_words, *theme.top_words]))[: method.TOP_WORDS]
    db.session.flush()
    db.session.delete(theme)
    db.session.flush()
    db.session.refresh(into)
    confirm(into)
    return into


def move(item: ThemeItem, to: InputTheme) -> None:
    """Put one piece of input in another theme of its round; both stay as staff left them.
    A theme its last input leaves is gone: its recommendations go along with that input."""
    _same_round(item.theme, to)
    left = item.theme
    item.theme = to
    item.confirmed = True
    db.session.flush()
    confirm(to)
    if left.id != to.id:
        db.session.refresh(left)
        if left.items:
            confirm(left)
            return
        for recommendation in left.recommendations:
            if recommendation not in to.recommendations:
                to.recommendations.append(recommendation)
        db.session.delete(left)
        db.session.flush()


def split_off(item: ThemeItem, name: str) -> InputTheme:
    """Start a new theme with this piece of input (a split: move more input to it)."""
    theme = InputTheme(
        round_id=item.round_id,
        zone_id=item.theme.zone_id,
        name=_checked_name(name, item.round_id),
        confirmed=True,
    )
    db.session.add(theme)
    db.session.flush()
    move(item, theme)
    return theme


NEW_THEME = 0  # moved to "a new theme": the move is a split


def move_to(round_: Round, item: ThemeItem, target_id: int | None, name: str) -> InputTheme:
    """Move input to the chosen theme of the round, or to a new theme named `name`."""
    if target_id == NEW_THEME:
        return split_off(item, name)
    to = theme_in(round_, target_id)
    move(item, to)
    return to


def link(theme: InputTheme, recommendation: Recommendation) -> bool:
    """The recommendation answers this theme (the theme is confirmed with it)."""
    if recommendation.round_id != theme.round_id:
        raise DomainError(OTHER_ROUND_RECOMMENDATION, field="recommendation")
    confirm(theme)
    if recommendation in theme.recommendations:
        return False
    theme.recommendations.append(recommendation)
    db.session.flush()
    return True


def unlink(theme: InputTheme, recommendation: Recommendation) -> None:
    if recommendation in theme.recommendations:
        theme.recommendations.remove(recommendation)
        db.session.flush()


def recommendations_of(round_: Round) -> list[Recommendation]:
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.round_id == round_.id)
            .order_by(Recommendation.id)
        )
    )


def themes_of_recommendation(recommendation: Recommendation) -> list[InputTheme]:
    """The confirmed themes a recommendation answers (shown with the recommendation)."""
    return list(
        db.session.scalars(
            select(InputTheme)
            .where(
                InputTheme.confirmed.is_(True),
                InputTheme.recommendations.any(Recommendation.id == recommendation.id),
            )
            .order_by(InputTheme.id)
        )
    )


# --- What the round page shows --------------------------------------------------------


def item_text(item: ThemeItem) -> str:
    source = item.contribution if item.contribution is not None else item.answer
    return source.body if source is not None else ""


def item_hidden(item: ThemeItem) -> bool:
    source = item.contribution if item.contribution is not None else item.answer
    return source is None or source.is_hidden


def item_offline(item: ThemeItem) -> bool:
    if item.contribution is not None:
        return item.contribution.offline
    return item.answer is not None and item.answer.submission.offline


def typical_items(theme: InputTheme) -> list[ThemeItem]:
    """The theme's most typical input that may be shown, most typical first."""
    by_key = {item.key: item for item in theme.items if not item_hidden(item)}
    shown: dict[str, ThemeItem] = {}  # each distinct text once (people often say the same)
    for key in (tuple(pair) for pair in theme.typical):
        if key in by_key:
            shown.setdefault(" ".join(item_text(by_key[key]).split()).casefold(), by_key[key])
    return list(shown.values())


def people(theme: InputTheme) -> int:
    """How many people raised the theme: each account once, each offline contribution
    and each paper questionnaire as one person; hidden input does not count."""
    seen: set[tuple[str, int]] = set()
    for item in theme.items:
        if item_hidden(item):
            continue
        if item.contribution is not None:
            c = item.contribution
            seen.add(("user", c.author_id) if c.author_id else ("contribution", c.id))
        elif item.answer is not None:
            s = item.answer.submission
            seen.add(("user", s.user_id) if s.user_id else ("submission", s.id))
    return len(seen)


@dataclass
class PublicTheme:
    theme: InputTheme
    people: int
    exact: bool
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return figure(self.people, self.exact)

    @property
    def few(self) -> bool:
        return not self.exact and self.people < SMALL_COUNT


def public_themes(round_: Round, exact: bool = False) -> list[PublicTheme]:
    """The confirmed themes with how many people raised each (staff see exact counts;
    anyone else "fewer than 5" and ranges of five) and the recommendations answering it."""
    shown = [
        PublicTheme(t, people(t), exact, list(t.recommendations))
        for t in themes_of(round_, confirmed_only=True)
        if not named_by_computer(t)  # only a name a person gave it is shown
    ]
    return sorted((p for p in shown if p.people), key=lambda p: (-p.people, p.theme.name.lower()))


def theme_in(round_: Round, theme_id: int | None) -> InputTheme:
    """A theme of this round chosen in a form, or a clear error."""
    theme = db.session.get(InputTheme, theme_id) if theme_id else None
    if theme is None or theme.round_id != round_.id:
        raise DomainError(OTHER_ROUND, field="target")
    return theme


def recommendation_in(round_: Round, recommendation_id: int | None) -> Recommendation:
    found = db.session.get(Recommendation, recommendation_id) if recommendation_id else None
    if found is None or found.round_id != round_.id:
        raise DomainError(OTHER_ROUND_RECOMMENDATION, field="recommendation")
    return found
