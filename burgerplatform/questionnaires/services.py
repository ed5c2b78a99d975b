"""The rules of a round's questionnaire: building it, answering it (online and on paper),
and what its results may show to whom.

A questionnaire is built while the round shapes its question or gathers input; it is
answered while the round gathers input. Once the first answer came in, only the wording
of its questions may change (typos), and each such fix is in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from burgerplatform.audit import services as audit
from burgerplatform.consultations import services as rounds
from burgerplatform.consultations.models import Phase, Round
from burgerplatform.consultations.pool import SMALL_COUNT, blurred
from burgerplatform.consultations.queries import is_member
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.questionnaires.models import (
    LANGUAGES,
    MAX_OPTIONS,
    MAX_RANKED,
    SCALE,
    Answer,
    AnswerSource,
    Audience,
    Question,
    QuestionKind,
    Questionnaire,
    Submission,
)

CLOSED = _l("This questionnaire is closed: answers can no longer be sent.")
LOCKED = _l(
    "People have started answering, so questions can no longer be added, removed or "
    "changed. You can still fix the wording (a typo)."
)
ONLY_WORDING = _l(
    "People have started answering: only the wording can change, not the kind of "
    "question, whether it is required or the number of options."
)
ALREADY = _l("This round has a questionnaire already.")
SENT_BEFORE = _l("You sent your answers already. Thank you!")
DUTCH_NEEDED = _l("Write the question in Dutch. French and English are optional.")
TOO_FEW = _l("Give at least two options, one per line.")
OPTION_LINES = _l(
    "Give as many options in this language as in Dutch (one per line), or leave it empty."
)
NOT_A_CHOICE = _l("Choose one of the options.")
RANKED_TWICE = _l("You chose the same option for two places. Choose each option once.")
RANK_GAP = _l("Fill in the places in order, from the first place, without a gap.")
RANK_ALL = _l("This question is required: give every place an option.")
REQUIRED = _l("This question is required: give an answer.")
EMPTY_PAPER = _l("Type in at least one answer from the paper questionnaire.")


# --- Who may do what ----------------------------------------------------------------


def questionnaire_of(round_: Round) -> Questionnaire | None:
    return db.session.scalar(select(Questionnaire).where(Questionnaire.round_id == round_.id))


def may_build(round_: Round, user: Any) -> bool:
    """Staff of the zone, while the round shapes its question or gathers input; the
    klankbordgroep too while it shapes the question with them."""
    if not user.is_authenticated or round_.cancelled_at is not None:
        return False
    if round_.phase not in (Phase.CO_DEFINE, Phase.GATHER):
        return False
    if is_zone_staff(user, round_.zone_id):
        return True
    return round_.phase is Phase.CO_DEFINE and is_member(round_, user)


def is_open(round_: Round, questionnaire: Questionnaire) -> bool:
    return (
        round_.phase is Phase.GATHER
        and round_.cancelled_at is None
        and bool(questionnaire.questions)
    )


def may_answer(round_: Round, questionnaire: Questionnaire, user: Any) -> bool:
    """Who the round's setting lets answer (with an account: one questionnaire each)."""
    if not user.is_authenticated:
        return False
    if questionnaire.audience is Audience.ANYONE:
        return True
    if questionnaire.audience is Audience.ZONE:
        return user.zone_id == round_.zone_id or is_member(round_, user)
    return is_member(round_, user)


def may_see_results(round_: Round, questionnaire: Questionnaire, user: Any) -> bool:
    return (
        questionnaire.results_public
        or is_zone_staff(user, round_.zone_id)
        or is_member(round_, user)
    )


def is_locked(questionnaire: Questionnaire) -> bool:
    """Locked once anyone started answering (a saved answer, sent or not, or paper)."""
    count = db.session.scalar(
        select(func.count(Submission.id)).where(Submission.questionnaire_id == questionnaire.id)
    )
    return bool(count)


def _refuse_unless_open(round_: Round, questionnaire: Questionnaire) -> None:
    if not is_open(round_, questionnaire):
        raise PhaseError(CLOSED)


# --- Building -----------------------------------------------------------------------


def create_questionnaire(
    round_: Round, user: Any, intro: str, audience: Audience, results_public: bool
) -> Questionnaire:
    if questionnaire_of(round_) is not None:
        raise DomainError(ALREADY)
    questionnaire = Questionnaire(
        round_id=round_.id,
        zone_id=round_.zone_id,
        intro=intro.strip(),
        audience=audience,
        results_public=results_public,
        created_by_id=user.id,
    )
    db.session.add(questionnaire)
    db.session.flush()
    return questionnaire


def update_settings(
    questionnaire: Questionnaire, intro: str, audience: Audience, results_public: bool
) -> bool:
    new = (intro.strip(), audience, results_public)
    old = (questionnaire.intro, questionnaire.audience, questionnaire.results_public)
    if new == old:
        return False
    questionnaire.intro, questionnaire.audience, questionnaire.results_public = new
    db.session.flush()
    return True


@dataclass
class QuestionData:
    kind: QuestionKind
    required: bool
    text: dict[str, str]
    easy_read: dict[str, str] = field(default_factory=dict)
    # Per language, the options one per line as typed.
    options: dict[str, list[str]] = field(default_factory=dict)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def question_data(
    kind: QuestionKind, required: bool, texts: Mapping[str, str | None]
) -> QuestionData:
    """From a form's fields (text_nl, easy_nl, options_nl, ...) to what a question holds."""
    return QuestionData(
        kind=kind,
        required=required,
        text={lang: (texts.get(f"text_{lang}") or "").strip() for lang in LANGUAGES},
        easy_read={lang: (texts.get(f"easy_{lang}") or "").strip() for lang in LANGUAGES},
        options={lang: _lines(texts.get(f"options_{lang}")) for lang in LANGUAGES},
    )


def _checked_options(data: QuestionData) -> list[dict[str, str]]:
    if not data.kind.has_options:
        return []
    dutch = data.options.get("nl", [])
    if len(dutch) < 2:
        raise DomainError(TOO_FEW, "options_nl")
    if data.kind is QuestionKind.RANKING and len(dutch) > MAX_RANKED:
        raise DomainError(
            _l("A ranking has at most %(num)d options.", num=MAX_RANKED), "options_nl"
        )
    if len(dutch) > MAX_OPTIONS:
        raise DomainError(_l("Give at most %(num)d options.", num=MAX_OPTIONS), "options_nl")
    for lang in LANGUAGES[1:]:
        given = data.options.get(lang, [])
        if given and len(given) != len(dutch):
            raise DomainError(OPTION_LINES, f"options_{lang}")
    return [
        {lang: (data.options.get(lang) or [""] * len(dutch))[i] for lang in LANGUAGES}
        for i in range(len(dutch))
    ]


def _check_text(data: QuestionData) -> None:
    if not data.text.get("nl"):
        raise DomainError(DUTCH_NEEDED, "text_nl")


def add_question(questionnaire: Questionnaire, data: QuestionData) -> Question:
    if is_locked(questionnaire):
        raise DomainError(LOCKED)
    _check_text(data)
    options = _checked_options(data)
    position = 1 + max((q.position for q in questionnaire.questions), default=0)
    question = Question(
        kind=data.kind,
        required=data.required,
        text=data.text,
        easy_read=data.easy_read,
        options=options,
        position=position,
    )
    questionnaire.questions.append(question)
    db.session.flush()
    return question


def _edits(a: str, b: str) -> int:
    """How many letters to add, remove or change to turn `a` into `b` (Levenshtein)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def is_typo_fix(old: str, new: str) -> bool:
    """A correction that keeps what an option means: a few letters (at most 2, or one
    in five), never another option's text. A translation added where none was is fine."""
    if not old.strip():
        return True
    return _edits(old.strip().lower(), new.strip().lower()) <= max(2, len(old.strip()) // 5)


def _check_options_kept(question: Question, options: list[dict[str, str]]) -> None:
    """After the first answer an answer is stored as an option's place: moving or
    rewording an option would move people's answers to something they did not say."""
    for old, new in zip(question.options, options, strict=True):
        for lang, text in old.items():
            if not is_typo_fix(text, new.get(lang, "")):
                raise DomainError(
                    _l(
                        "People have started answering: an option can only get a small "
                        "correction, so the answers given keep their meaning. “%(old)s” "
                        "cannot become “%(new)s”.",
                        old=text,
                        new=new.get(lang, ""),
                    ),
                    f"options_{lang}",
                )


def update_question(question: Question, data: QuestionData, actor: Any) -> bool:
    """Change a question; after the first answer only its wording (logged)."""
    _check_text(data)
    options = _checked_options(data)
    locked = is_locked(question.questionnaire)
    if locked and (
        data.kind is not question.kind
        or data.required != question.required
        or len(options) != len(question.options)
    ):
        raise DomainError(ONLY_WORDING)
    if locked:
        _check_options_kept(question, options)
    before = {"text": question.text, "easy_read": question.easy_read, "options": question.options}
    after = {"text": data.text, "easy_read": data.easy_read, "options": options}
    changed = [name for name in before if before[name] != after[name]]
    if not changed and (data.kind, data.required) == (question.kind, question.required):
        return False
    question.kind, question.required = data.kind, data.required
    question.text, question.easy_read, question.options = data.text, data.easy_read, options
    db.session.flush()
    if locked:
        # The words before and after: a typo fix must not change what people answered.
        audit.record(
            "questionnaire.wording_fixed",
            target_type="questionnaire_question",
            target_id=question.id,
            detail={"changed": changed, "before": {k: before[k] for k in changed}},
            zone_id=question.questionnaire.zone_id,
            actor=actor,
        )
    return True


def delete_question(question: Question) -> None:
    questionnaire = question.questionnaire
    if is_locked(questionnaire):
        raise DomainError(LOCKED)
    questionnaire.questions.remove(question)
    db.session.flush()


def move_question(question: Question, up: bool) -> None:
    questionnaire = question.questionnaire
    if is_locked(questionnaire):
        raise DomainError(LOCKED)
    order = list(questionnaire.questions)
    at = order.index(question)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    for number, item in enumerate(order, 1):
        item.position = number
    db.session.flush()


# --- Answering ----------------------------------------------------------------------


@dataclass
class Given:
    """What a person gave for one question, as read from a form: option positions (a
    ranking's places in order, None for an empty place), a scale value, or a text."""

    choices: Sequence[int | None] = field(default_factory=list)
    body: str = ""

    @property
    def empty(self) -> bool:
        return not self.body.strip() and all(c is None for c in self.choices)


def checked_answer(question: Question, given: Given, *, complete: bool) -> Given | None:
    """The answer as stored, or None when nothing was given; refuses a malformed one.
    With `complete`, a required question must be answered (sending, not saving a draft)."""
    field_name = field_of(question)
    if given.empty:
        if complete and question.required:
            raise DomainError(REQUIRED, field_name)
        return None
    if question.kind is QuestionKind.OPEN:
        return Given(body=given.body.strip())
    allowed = (
        set(SCALE) if question.kind is QuestionKind.SCALE else set(range(len(question.options)))
    )
    if question.kind is QuestionKind.RANKING:
        places = list(given.choices)
        while places and places[-1] is None:
            places.pop()
        if None in places:
            raise DomainError(RANK_GAP, field_name)
        if len(set(places)) != len(places):
            raise DomainError(RANKED_TWICE, field_name)
        if any(p not in allowed for p in places):
            raise DomainError(NOT_A_CHOICE, field_name)
        if complete and question.required and len(places) < len(question.options):
            raise DomainError(RANK_ALL, field_name)
        return Given(choices=list(places))
    picked = sorted({c for c in given.choices if c is not None})
    if any(c not in allowed for c in picked):
        raise DomainError(NOT_A_CHOICE, field_name)
    if question.kind is not QuestionKind.MULTIPLE and len(picked) > 1:
        raise DomainError(NOT_A_CHOICE, field_name)
    return Given(choices=picked)


def field_of(question: Question) -> str:
    """The form field an error about `question` is shown at (a ranking: its first place)."""
    name = f"q{question.id}"
    return f"{name}_1" if question.kind is QuestionKind.RANKING else name


def submission_of(questionnaire: Questionnaire, user: Any) -> Submission | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Submission).where(
            Submission.questionnaire_id == questionnaire.id, Submission.user_id == user.id
        )
    )


def _store(submission: Submission, question: Question, answer: Given | None) -> None:
    existing = next((a for a in submission.answers if a.question_id == question.id), None)
    if answer is None:
        if existing is not None:
            submission.answers.remove(existing)
        return
    if existing is None:
        existing = Answer(question_id=question.id)
        submission.answers.append(existing)
    existing.choices = [c for c in answer.choices if c is not None]
    if existing.body != answer.body:
        existing.body = answer.body


def save_answers(
    round_: Round,
    questionnaire: Questionnaire,
    user: Any,
    given: dict[int, Given],
    *,
    complete: bool = False,
) -> Submission:
    """Keep the answers to the questions on one page, so the person can stop and come
    back; every answer is checked first, so a refused page saves none of them. With
    `complete` (going on to the next page) the required ones must be answered."""
    _refuse_unless_open(round_, questionnaire)
    submission = submission_of(questionnaire, user)
    if submission is not None and submission.sent_at is not None:
        raise PhaseError(SENT_BEFORE)
    by_id = {q.id: q for q in questionnaire.questions}
    checked = {
        qid: checked_answer(by_id[qid], answer, complete=complete)
        for qid, answer in given.items()
        if qid in by_id
    }
    if submission is None:
        submission = Submission(questionnaire_id=questionnaire.id, user_id=user.id)
        db.session.add(submission)
    for qid, answer in checked.items():
        _store(submission, by_id[qid], answer)
    db.session.flush()
    return submission


def missing_required(questionnaire: Questionnaire, submission: Submission | None) -> list[Question]:
    answered = {a.question_id: a for a in submission.answers} if submission else {}
    missing = []
    for question in questionnaire.questions:
        if not question.required:
            continue
        answer = answered.get(question.id)
        if answer is None or (
            question.kind is QuestionKind.RANKING and len(answer.choices) < len(question.options)
        ):
            missing.append(question)
    return missing


def send(round_: Round, questionnaire: Questionnaire, user: Any) -> Submission:
    _refuse_unless_open(round_, questionnaire)
    submission = submission_of(questionnaire, user)
    if submission is not None and submission.sent_at is not None:
        raise PhaseError(SENT_BEFORE)
    missing = missing_required(questionnaire, submission)
    if missing or submission is None:
        first = missing[0] if missing else None
        raise DomainError(REQUIRED, field_of(first) if first else None)
    submission.sent_at = utcnow()
    db.session.flush()
    return submission


def enter_paper(
    round_: Round,
    questionnaire: Questionnaire,
    staff: Any,
    source: AnswerSource,
    source_date: date,
    note: str,
    given: dict[int, Given],
) -> Submission:
    """One questionnaire answered on paper or by phone, typed in by staff. It counts like
    an online one; a person may skip a required question on paper, so that is allowed."""
    _refuse_unless_open(round_, questionnaire)
    rounds.check_offline_date(round_, source_date)
    by_id = {q.id: q for q in questionnaire.questions}
    checked = {
        qid: checked_answer(by_id[qid], answer, complete=False)
        for qid, answer in given.items()
        if qid in by_id
    }
    if all(a is None for a in checked.values()):
        raise DomainError(EMPTY_PAPER)
    submission = Submission(
        questionnaire_id=questionnaire.id,
        source=source,
        source_date=source_date,
        source_note=note.strip(),
        entered_by_id=staff.id,
        sent_at=utcnow(),
    )
    db.session.add(submission)
    for qid, answer in checked.items():
        _store(submission, by_id[qid], answer)
    db.session.flush()
    return submission


# --- Results ------------------------------------------------------------------------


def figure(count: int, exact: bool) -> str:
    """A count as shown: staff see it; anyone else sees "fewer than 5" for 1 to 4 and a
    range of five from 5 on ("10 to 14"). Exact counts next to a hidden one, or a total,
    would let it be worked out by subtraction (outside review)."""
    if exact or count < SMALL_COUNT:
        return str(count) if exact else blurred(count)
    low = shown_count(count)
    return str(gettext("%(min)d to %(max)d", min=low, max=low + SMALL_COUNT - 1))


def shown_count(count: int) -> int:
    """What a chart for anyone but staff may draw: the low end of the count's range."""
    return count - count % SMALL_COUNT if count >= SMALL_COUNT else 0


@dataclass
class Row:
    label: str
    online: int
    offline: int
    fallback: bool = False  # the label is the Dutch stand-in for a missing translation

    @property
    def total(self) -> int:
        return self.online + self.offline


@dataclass
class QuestionResult:
    question: Question
    wording: str
    fallback: bool
    online: int  # people who answered it online
    offline: int
    rows: list[Row]
    open_answers: list[tuple[Answer, bool]]  # (answer, offline)
    exact: bool

    @property
    def total(self) -> int:
        return self.online + self.offline

    def shown(self, count: int) -> str:
        return figure(count, self.exact)

    @property
    def bars(self) -> list[dict[str, Any]]:
        """For the chart: a bar per row, none for a count that is not shown."""
        # Bars as long as the counts shown: exact ones would tell the exact proportions.
        drawn = [r.total if self.exact else shown_count(r.total) for r in self.rows]
        top = max(drawn, default=0) or 1
        return [
            {"text": r.label, "value": self.shown(r.total), "width": round(100 * n / top)}
            for r, n in zip(self.rows, drawn, strict=True)
        ]


def sent_submissions(questionnaire: Questionnaire) -> list[Submission]:
    return list(
        db.session.scalars(
            select(Submission)
            .where(Submission.questionnaire_id == questionnaire.id, Submission.sent_at.is_not(None))
            .order_by(Submission.id)
        )
    )


def _rows(question: Question, lang: str, answers: list[tuple[Answer, bool]]) -> list[Row]:
    if question.kind is QuestionKind.OPEN:
        return []
    if question.kind is QuestionKind.SCALE:
        labels = [(str(n), False) for n in SCALE]
        index = {n: i for i, n in enumerate(SCALE)}
    else:
        labels = question.option_labels(lang)
        index = {i: i for i in range(len(labels))}
    rows = [Row(label, 0, 0, fallback) for label, fallback in labels]
    for answer, offline in answers:
        # A ranking counts the option each person put first.
        picked = answer.choices[:1] if question.kind is QuestionKind.RANKING else answer.choices
        for choice in picked:
            if choice in index:
                row = rows[index[choice]]
                if offline:
                    row.offline += 1
                else:
                    row.online += 1
    return rows


def results(questionnaire: Questionnaire, lang: str, exact: bool) -> dict[str, Any]:
    submissions = sent_submissions(questionnaire)
    offline_ids = {s.id for s in submissions if s.offline}
    answers: dict[int, list[tuple[Answer, bool]]] = {}
    for submission in submissions:
        for answer in submission.answers:
            answers.setdefault(answer.question_id, []).append(
                (answer, answer.submission_id in offline_ids)
            )
    per_question = []
    for question in questionnaire.questions:
        given = answers.get(question.id, [])
        wording, fallback = question.wording(lang)
        per_question.append(
            QuestionResult(
                question=question,
                wording=wording,
                fallback=fallback,
                online=sum(1 for _a, off in given if not off),
                offline=sum(1 for _a, off in given if off),
                rows=_rows(question, lang, given),
                open_answers=given if question.kind is QuestionKind.OPEN else [],
                exact=exact,
            )
        )
    online = len(submissions) - len(offline_ids)
    return {
        "questions": per_question,
        "about_total": figure(len(submissions), exact=False),
        "online": figure(online, exact),
        "offline": figure(len(offline_ids), exact),
        "total": figure(len(submissions), exact),
    }


def answer_text(question: Question, answer: Answer | None, lang: str, hidden: str = "") -> str:
    """An answer in words, for the summary and the export."""
    if answer is None:
        return ""
    if question.kind is QuestionKind.OPEN:
        return hidden if answer.is_hidden and hidden else answer.body
    if question.kind is QuestionKind.SCALE:
        return ", ".join(str(c) for c in answer.choices)
    labels = [label for label, _fallback in question.option_labels(lang)]
    words = [labels[c] for c in answer.choices if 0 <= c < len(labels)]
    if question.kind is QuestionKind.RANKING:
        return "; ".join(f"{n}. {w}" for n, w in enumerate(words, 1))
    return "; ".join(words)


def export_rows(questionnaire: Questionnaire, lang: str, hidden: str) -> Iterator[list[Any]]:
    """One row per sent questionnaire: a running number, never a name or an account."""
    for number, submission in enumerate(sent_submissions(questionnaire), 1):
        by_question = {a.question_id: a for a in submission.answers}
        day = submission.source_date or (submission.sent_at.date() if submission.sent_at else None)
        yield [
            number,
            submission.source.label,
            day.isoformat() if day else "",
            *(answer_text(q, by_question.get(q.id), lang, hidden) for q in questionnaire.questions),
        ]


# --- Personal data ------------------------------------------------------------------


def submissions_of(user: Any) -> list[Submission]:
    return list(
        db.session.scalars(
            select(Submission).where(Submission.user_id == user.id).order_by(Submission.id)
        )
    )


def erase_answers_of(user: Any) -> None:
    db.session.execute(delete(Submission).where(Submission.user_id == user.id))
    db.session.flush()
