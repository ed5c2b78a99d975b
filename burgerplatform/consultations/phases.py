"""A round's phases, declared once: their order, what moves a round on, what its page shows.

As adhocracy4 declares a phase with the features it turns on, each phase here is data:
the views, the round page and the services read it instead of each keeping its own
`phase_index >= n` checks or a map of next steps. This module imports nothing of
consultations, so models, services and views may all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from burgerplatform.core.enums import LabelledEnum


class Phase(LabelledEnum):
    CO_DEFINE = "co_define"
    GATHER = "gather"
    CO_DRAFT = "co_draft"
    REVIEW = "review"
    SUBMITTED = "submitted"
    FOLLOW_UP = "follow_up"
    __labels__ = {
        "co_define": _l("Shaping the question"),
        "gather": _l("Gathering input"),
        "co_draft": _l("Writing the advice together"),
        "review": _l("Checking the advice"),
        "submitted": _l("With the zorgraad"),
        "follow_up": _l("Answer and follow-up"),
    }

    # What the phase means, for the help on the round page.
    __explanations__ = {
        "co_define": _l(
            "The staff wrote a first version of the question. The klankbordgroep says what "
            "is missing or unclear, so that we ask the right question."
        ),
        "gather": _l(
            "Everyone who may take part shares ideas and experiences. Staff also write down "
            "what people said on paper or at events."
        ),
        "co_draft": _l(
            "The klankbordgroep writes the advice: a short list of recommendations. Each "
            "recommendation shows which input it came from."
        ),
        "review": _l(
            "Each member of the klankbordgroep checks that the advice says what was said, "
            "or asks for a correction."
        ),
        "submitted": _l("The advice is on the agenda of a zorgraad meeting."),
        "follow_up": _l(
            "The zorgraad answered each recommendation. Here you can follow what happens next."
        ),
    }

    @property
    def explanation(self) -> str:
        return str(self.__explanations__[self.value])


# The sections of the round page a phase turns on (besides the question and the group,
# which always show).
INPUT = "input"  # the input gathered, online and offline (and staff's offline page)
ADVICE = "advice"  # the recommendations written together
REVIEW = "review"  # the members' confirmations and corrections
OUTCOMES = "outcomes"  # the zorgraad's answer per recommendation
UPDATES = "updates"  # progress updates on each recommendation
SECTIONS = frozenset({INPUT, ADVICE, REVIEW, OUTCOMES, UPDATES})


@dataclass(frozen=True)
class RoundPhase:
    phase: Phase
    sections: frozenset[str]
    # The phase that follows, the name of the function in consultations.services that
    # moves a round there (a name: services read this module, not the other way round),
    # and the label of the staff's button for it (None: another route moves it on).
    next: Phase | None = None
    moved_by: str | None = None
    button: LazyString | None = None

    def shows(self, section: str) -> bool:
        return section in self.sections


ROUND_PHASES: tuple[RoundPhase, ...] = (
    RoundPhase(
        Phase.CO_DEFINE,
        sections=frozenset(),
        next=Phase.GATHER,
        moved_by="start_gathering",
        button=_l("Close the question and start gathering input"),
    ),
    RoundPhase(
        Phase.GATHER,
        sections=frozenset({INPUT}),
        next=Phase.CO_DRAFT,
        moved_by="start_drafting",
        button=_l("Start writing the advice"),
    ),
    RoundPhase(
        Phase.CO_DRAFT,
        sections=frozenset({INPUT, ADVICE}),
        next=Phase.REVIEW,
        moved_by="start_review",
        button=_l("Ask the group to check the advice"),
    ),
    RoundPhase(
        Phase.REVIEW,
        sections=frozenset({INPUT, ADVICE, REVIEW}),
        next=Phase.SUBMITTED,
        moved_by="submit",
        button=_l("Send the advice to the zorgraad"),
    ),
    RoundPhase(
        Phase.SUBMITTED,
        sections=frozenset({INPUT, ADVICE, REVIEW, OUTCOMES, UPDATES}),
        # The zorgraad moves it on by publishing its answer (its own form and route).
        next=Phase.FOLLOW_UP,
        moved_by="publish_answer",
    ),
    RoundPhase(Phase.FOLLOW_UP, sections=frozenset({INPUT, ADVICE, REVIEW, OUTCOMES, UPDATES})),
)
_BY_PHASE = {p.phase: p for p in ROUND_PHASES}
# What the staff's "move on" form may ask for: the phase to move to, by its value.
STAFF_STEPS = {p.next.value: p for p in ROUND_PHASES if p.button is not None and p.next}


def of(phase: Phase) -> RoundPhase:
    return _BY_PHASE[phase]


def index(phase: Phase) -> int:
    return ROUND_PHASES.index(_BY_PHASE[phase])


def following(phase: Phase) -> Phase:
    """The phase after `phase`; a round in its last phase does not move on."""
    after = _BY_PHASE[phase].next
    if after is None:
        raise ValueError(f"{phase} is the last phase")
    return after
