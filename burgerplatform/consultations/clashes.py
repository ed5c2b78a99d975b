"""Quotas that cannot all be met: the smallest clashes, every one, in plain words.

A *clash* is a set of quotas that no group of the pool can meet together while each
smaller part of it can. We name a smallest one: at these sizes (tens of quotas) an exact
search is cheap. It works with hitting sets (see `Search.smallest`): each round tries the
fewest quotas that meet every "correction" found so far (quotas whose removal lets the
others be met), and a set that cannot be met there is a smallest clash. The quotas of
that clash are then set aside and the rest searched again, so that one message names
every clash that shares no quota with another: staff fix them all at once instead of
meeting them one by one.

Whether a set of quotas can be met is a small integer program over *classes* of people
(people with the same answers to those quotas are interchangeable), solved with HiGHS:
its linear relaxation first (no relaxed solution, no group; an integral one is a group),
the integer program only when the relaxed solution is fractional.

The same program brings back the fewest recently seated people the quotas need (see
`bring_back`), and counts the people who can be in some group at all (`Search.room`):
beside a quota on a sensitive answer, the other quotas must leave the group plus 5 of
them (`too_few_left`).

What staff hear when they save quotas or open the group page never depends on anyone's
sensitive answer (`without_sensitive_answers`): the search then gets no such answer.

Messages are kept untranslated (English text and values, nested as `part`s) so that they
can be stored with a failed draw and read later in each reader's language
(`stored_messages.render`).
Should a search be given sensitive answers, its counts of them read "fewer than 5" below
`SMALL_COUNT` (0 included) and a band of five from 5 on ("5 to 9"), as on the pool page;
where that would not explain the clash, the message says there are not enough such
people instead, without a count. (A failed draw with a sensitive quota says none of
this: see `sortition.SENSITIVE_CLASH`.) Every number that a noun or a verb follows picks
its own plural form: a message with two such numbers nests a `part` with a plural for
the second ("more than 1 person", never "1 people"). A stored message whose msgid has
changed since is read in today's wording (`stored_messages.EARLIER_WORDINGS`). Pure: no
database, no clock, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# Kept untranslated to be stored (see stored_messages), and read as clashes.* where the
# clash messages have always been made and read.
from burgerplatform.consultations.stored_messages import (  # noqa: F401
    N_,
    Message,
    msg_part,
    msg_plural_part,
    render,
    translated,
)

# As pool.SMALL_COUNT: smaller counts of a sensitive answer could single people out.
SMALL_COUNT = 5
# Rounds of the search for a smallest clash (each a small integer program and one check
# per quota); far above what tens of quotas need. Past it, a clash none of whose parts
# clashes is named instead.
MAX_ROUNDS = 200
_EPS = 1e-7


class Quota(Protocol):
    """What the search needs of a quota (sortition.QuotaRule has it)."""

    @property
    def label(self) -> str: ...
    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int: ...
    @property
    def sensitive(self) -> bool: ...
    @property
    def category(self) -> str: ...
    @property
    def multiple(self) -> bool: ...


@dataclass(frozen=True)
class Clash:
    """Quotas (indices) that cannot all be met together, the limit of each that clashes
    ("min" or "max"), and why, as a `part` with the numbers."""

    quotas: tuple[int, ...]
    bounds: tuple[str, ...]
    why: dict


def without_sensitive_answers(
    plain_answers: Sequence[Sequence[bool]], quotas: Sequence[Quota], size: int
) -> list[Clash]:
    """The clashes staff may hear of when they save quotas or open the group page: it
    is given no sensitive answer at all, so no yes or no and no message can depend on
    one person's health, care, gender or language answer (outside reviews: any check
    that reads them, even counted in fives, can be steered to where one answer flips
    it). `plain_answers` has one tuple per person with their answer to each quota that
    is not sensitive, in the order of `quotas`.

    The quotas that are not sensitive are checked against the real pool with exact
    counts, as staff see those counts anyway; the sensitive ones only against the
    group and each other, as if anyone could have any answer (`structural`). Whether
    the pool can meet them is known only when the draw is made: a public act."""
    plain = [i for i, q in enumerate(quotas) if not q.sensitive]
    real = Search(plain_answers, [quotas[i] for i in plain], size)
    found = [Clash(tuple(plain[j] for j in c.quotas), c.bounds, c.why) for c in real.clashes()]
    return found + structural(quotas, size)


def limits_sensitive(quotas: Sequence[Quota], size: int) -> list[int]:
    """The quotas that limit a sensitive answer: a minimum above 0 or a maximum below the
    group."""
    return [i for i, q in enumerate(quotas) if q.sensitive and (q.min > 0 or q.max < size)]


def too_few_left(
    plain_answers: Sequence[Sequence[bool]], quotas: Sequence[Quota], size: int
) -> Message | None:
    """Why a mix with a quota that limits a sensitive answer may not be drawn: the other
    quotas leave fewer than the group plus `SMALL_COUNT` people who can be drawn (None
    when they leave enough, or when no such quota limits anything). Given, as
    `without_sensitive_answers`, only the answers that are not sensitive.

    An outside review carved the pool with "at most 0" quotas on town and age down to one
    known person, then added "chronic illness: at most 0" to a group of 1: the draw failed
    or not with that person's answer. The count is exact (it reads no sensitive answer),
    and with at least 5 people beyond the group, no draw hangs on one of a few known
    people. Counted are the people who can be in at least one group that meets the other
    quotas (`Search.room`): those that an "at most 0" or full minimums keep out do not
    count."""
    if not limits_sensitive(quotas, size):
        return None
    plain = [quotas[i] for i, q in enumerate(quotas) if not q.sensitive]
    need = size + SMALL_COUNT
    have = Search(plain_answers, plain, size).room(enough=need)
    if have >= need:
        return None
    return N_(
        "With a quota on a sensitive answer, the other quotas must leave at least %(need)d "
        "people who can be drawn (the group plus %(extra)d), so that a draw never depends "
        "on the answer of one of a few known people. Now that number is %(have)d. Make the "
        "other quotas wider or the group smaller.",
        need=need,
        extra=SMALL_COUNT,
        have=have,
    )


def structural(quotas: Sequence[Quota], size: int) -> list[Clash]:
    """The sensitive quotas that clash whoever is in the pool: a minimum above its
    maximum or above the group, or minimums of one single-answer question (such as
    gender) that together need more seats than the group has. No count of the pool is
    read or said."""
    found = []
    single: dict[str, list[int]] = {}
    for i, q in enumerate(quotas):
        if not q.sensitive:
            continue
        alone = impossible(i, q, size)
        if alone is not None:
            found.append(alone)
        elif q.min > 0 and not q.multiple:
            single.setdefault(q.category, []).append(i)
    for together in single.values():
        total = sum(quotas[i].min for i in together)
        if len(together) > 1 and total > size:
            why = msg_part(
                "%(rules)s: together at least %(total)d seats, but the group has %(size)d "
                "(%(short)d too many). Each person has only one answer to this question.",
                rules={"items": [rule(quotas[i], size) for i in together], "sep": "; "},
                total=total,
                size=size,
                short=total - size,
            )
            found.append(Clash(tuple(together), ("min",) * len(together), why))
    return found


def impossible(i: int, q: Quota, size: int) -> Clash | None:
    """Quota `i` on its own, whoever is in the pool: a minimum above the group or above
    its own maximum."""
    if q.min > size:
        why = msg_plural_part(
            "At least %(min)d with “%(answer)s”, but the group has only %(size)d seat.",
            "At least %(min)d with “%(answer)s”, but the group has only %(size)d seats.",
            num=size,
            min=q.min,
            answer=q.label,
            size=size,
        )
        return Clash((i,), ("min",), why)
    if q.min > q.max:
        why = msg_part(
            "The quota “%(label)s” asks for at least %(min)d but at most %(max)d.",
            label=q.label,
            min=q.min,
            max=q.max,
        )
        return Clash((i,), ("min",), why)
    return None


def rule(q: Quota, size: int) -> dict:
    """A quota in words: "“Gender: woman”: at least 3"; "no seats" rather than "exactly
    0" or "0 to 0"."""
    if q.max == 0:
        return msg_part("“%(label)s”: no seats", label=q.label)
    if q.min == q.max:
        return msg_part("“%(label)s”: exactly %(num)d", label=q.label, num=q.min)
    if q.min > 0 and q.max < size:
        return msg_part(
            "“%(label)s”: between %(min)d and %(max)d", label=q.label, min=q.min, max=q.max
        )
    if q.min > 0:
        return msg_part("“%(label)s”: at least %(num)d", label=q.label, num=q.min)
    return msg_part("“%(label)s”: at most %(num)d", label=q.label, num=q.max)


class Search:
    """The pool as answers to the quotas: `answers` has one tuple per person (whether
    they have the answer of each quota). It reads every answer it is given: staff's
    checks give it none of a sensitive answer (see `without_sensitive_answers`)."""

    def __init__(
        self,
        answers: Sequence[Sequence[bool]],
        quotas: Sequence[Quota],
        size: int,
    ):
        self.quotas = list(quotas)
        self.size = size
        self._known: dict[tuple[int, ...], bool] = {}
        self.profiles = Counter(tuple(a) for a in answers)

    # --- can these quotas be met together? ------------------------------------------

    def classes(self, chosen: Sequence[int]) -> Counter[tuple[bool, ...]]:
        """People per combination of answers to the `chosen` quotas."""
        found: Counter[tuple[bool, ...]] = Counter()
        for profile, count in self.profiles.items():
            found[tuple(profile[i] for i in chosen)] += count
        return found

    def feasible(self, chosen: Sequence[int]) -> bool:
        key = tuple(sorted(chosen))
        if key not in self._known:
            self._known[key] = self._solve(key)
        return self._known[key]

    def _solve(self, chosen: tuple[int, ...]) -> bool:
        return self._group(chosen, chosen) is not None

    def witness(self, chosen: Sequence[int]) -> list[int] | None:
        """A group meeting the `chosen` quotas, as its number of people with the answer
        of every quota; None when there is none."""
        everything = tuple(range(len(self.quotas)))
        group = self._group(tuple(chosen), everything)
        self._known[tuple(sorted(chosen))] = group is not None
        if group is None:
            return None
        return [sum(n for key, n in group.items() if key[i]) for i in everything]

    def room(self, enough: int | None = None) -> int:
        """How many people can be in at least one group that meets every quota: people
        of one class (the same answers) are interchangeable, so one check per class, with
        at least one of that class in the group. Every class in a group found counts
        without a check of its own. Stops once `enough` are counted."""
        everything = tuple(range(len(self.quotas)))
        if not self.feasible(everything):
            return 0
        counted: set[tuple[bool, ...]] = set()
        found = 0
        # The largest classes first: with `enough`, the fewest checks.
        for key in sorted(self.profiles, key=lambda k: (-self.profiles[k], k)):
            if enough is not None and found >= enough:
                break
            if key in counted:
                continue
            group = self._group(everything, everything, seat=key)
            if group is None:
                continue
            # `key` is among them: its class has at least one seat.
            for other, n in group.items():
                if n > 0 and other not in counted:
                    counted.add(other)
                    found += self.profiles[other]
        return found

    def _group(
        self,
        chosen: tuple[int, ...],
        over: tuple[int, ...],
        seat: tuple[bool, ...] | None = None,
    ) -> dict[tuple[bool, ...], int] | None:
        """People per class (answers to the quotas `over`) of a group meeting `chosen`,
        with at least one of the class `seat` when it is given."""
        classes = self.classes(over)
        keys = sorted(classes)
        limits = [(over.index(i), self.quotas[i].min, self.quotas[i].max) for i in chosen]
        if any(low > high for _j, low, high in limits):
            return None
        solver, highspy = _highs()
        for key in keys:
            solver.addVar(1 if key == seat else 0, float(classes[key]))
        n = len(keys)
        solver.addRow(self.size, self.size, n, list(range(n)), [1.0] * n)
        for j, low, high in limits:
            members = [t for t, key in enumerate(keys) if key[j]]
            solver.addRow(low, high, len(members), members, [1.0] * len(members))
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        values = solver.getSolution().col_value
        if status != highspy.HighsModelStatus.kOptimal or any(
            abs(v - round(v)) >= _EPS for v in values
        ):
            # A fractional corner: only the integer program tells.
            solver.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kInteger] * n)
            solver.run()
            if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            values = solver.getSolution().col_value
        return {key: round(v) for key, v in zip(keys, values, strict=True)}

    # --- the clashes ----------------------------------------------------------------

    def binding(self) -> list[int]:
        """The quotas that limit anything: a minimum above 0, or a maximum below both
        the group and the people with the answer. The others are in no clash."""
        have = self.count_all()
        return [
            i
            for i, q in enumerate(self.quotas)
            if q.min > 0 or q.max < min(self.size, have[i]) or q.min > q.max
        ]

    def count_all(self) -> list[int]:
        return [sum(c for p, c in self.profiles.items() if p[i]) for i in range(len(self.quotas))]

    def smallest(self, among: Sequence[int]) -> tuple[int, ...]:
        """A smallest clash among `among` (which must clash), by hitting sets (Ignatiev
        et al., "Smallest MUS extraction with minimal hitting set dualization", 2015).

        Every clash shares a quota with every *correction* (quotas whose removal lets the
        rest be met). Take the fewest quotas that share one with each correction found so
        far: if they clash, no clash is smaller; if not, add quotas to them while they
        can still be met, and what stays out is one more correction."""
        corrections: list[set[int]] = []
        for _round in range(MAX_ROUNDS):
            trial = self._fewest_hitting(among, corrections)
            if trial is None:
                break
            if not self.feasible(trial):
                return tuple(sorted(trial))
            # Grow it: first by every quota that one group meeting it meets too.
            grown = list(trial)
            counts = self.witness(grown)
            for i in among:
                q = self.quotas[i]
                if i in grown:
                    continue
                if counts is not None and q.min <= counts[i] <= q.max:
                    grown.append(i)
                    continue
                more = self.witness([*grown, i])
                if more is not None:
                    grown.append(i)
                    counts = more
            corrections.append(set(among) - set(grown))
        return self._deletion_filter(among)

    def _fewest_hitting(
        self, among: Sequence[int], corrections: list[set[int]]
    ) -> list[int] | None:
        """The fewest quotas of `among` with one in each correction (of as few, those
        listed first)."""
        if not corrections:
            return []
        solver, highspy = _highs()
        solver.setOptionValue("mip_rel_gap", 0.0)
        n = len(among)
        for k in range(n):
            # Fewest first; among as few, the quotas listed first (a tiny tie-break).
            solver.addVar(0, 1)
            solver.changeColCost(k, 1.0 + (k + 1) / (n * (n + 1) * 4))
        solver.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kInteger] * n)
        for correction in corrections:
            members = [k for k, i in enumerate(among) if i in correction]
            solver.addRow(1, highspy.kHighsInf, len(members), members, [1.0] * len(members))
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = solver.getSolution().col_value
        return [i for k, i in enumerate(among) if values[k] > 0.5]

    def _deletion_filter(self, among: Sequence[int]) -> tuple[int, ...]:
        """A clash none of whose parts clashes (not always a smallest one)."""
        found = list(among)
        for i in among:
            trial = [j for j in found if j != i]
            if not self.feasible(trial):
                found = trial
        return tuple(found)

    def clashes(self) -> list[Clash]:
        """Every clash that shares no quota with another, smallest first found; [] when
        the quotas can be met (or the pool cannot fill the group at all)."""
        if not self.feasible(()):
            return []
        return self._clashes_among(self.binding(), [])

    def _clashes_among(self, left: list[int], found: list[Clash]) -> list[Clash]:
        """`found`, then every clash among the quotas `left`, set aside one by one."""
        while left and not self.feasible(left):
            clash = self.smallest(left)
            found.append(self.explain(clash))
            left = [i for i in left if i not in clash]
        return found

    # --- in words -------------------------------------------------------------------

    def _count(self, n: int, *quotas: int) -> tuple[Any, int]:
        """A count of people for a message, and the number that picks its plural form: a
        small count about a sensitive answer reads "fewer than 5", 0 included ("nobody"
        would tell as much as a count; the number returned is then never 0)."""
        if not any(self.quotas[i].sensitive for i in quotas):
            return n, n
        if n < SMALL_COUNT:
            return msg_part("fewer than %(num)d", num=SMALL_COUNT), SMALL_COUNT
        # A band of five, as in the quota table: one person more or less shows only
        # when the count crosses into another band.
        low = n - n % SMALL_COUNT
        return msg_part("%(min)d to %(max)d", min=low, max=low + SMALL_COUNT - 1), low

    def _too_few(self, n: int, need: int, *quotas: int) -> bool:
        """Whether a count must not be said as "fewer than 5": it is blurred (see
        `_count`) and what it falls short of is below 5 too, so "fewer than 5" would not
        explain the clash ("at least 3, but fewer than 5 have it"). The message then
        says there are not enough such people, without a count."""
        count, _num = self._count(n, *quotas)
        return isinstance(count, dict) and n < SMALL_COUNT and need < SMALL_COUNT

    def rule(self, i: int) -> dict:
        return rule(self.quotas[i], self.size)

    def explain(self, clash: Sequence[int]) -> Clash:
        if len(clash) == 1:
            return self._explain_one(clash[0])
        if len(clash) == 2:
            found = self._explain_two(*clash)
            if found:
                return found
        return self._explain_many(clash)

    def _explain_one(self, i: int) -> Clash:
        q, size = self.quotas[i], self.size
        have = self.count_all()[i]
        total = sum(self.profiles.values())
        count, num = self._count(have, i)
        alone = impossible(i, q, size)
        if alone is not None:
            return alone
        if q.min > have and num == 0:  # not blurred: nobody, and that may be said
            why = msg_part(
                "At least %(min)d with “%(answer)s”, but nobody in the pool has this answer.",
                min=q.min,
                answer=q.label,
            )
            return Clash((i,), ("min",), why)
        if q.min > have and self._too_few(have, q.min, i):
            why = msg_part(
                "At least %(min)d with “%(answer)s”, but not enough people in the pool have "
                "this answer for that minimum.",
                min=q.min,
                answer=q.label,
            )
            return Clash((i,), ("min",), why)
        if q.min > have and isinstance(count, dict):  # blurred: no "short" to give it away
            why = msg_plural_part(
                "At least %(min)d with “%(answer)s”, but the pool has %(count)s person with "
                "this answer.",
                "At least %(min)d with “%(answer)s”, but the pool has %(count)s people with "
                "this answer.",
                num=num,
                min=q.min,
                answer=q.label,
                count=count,
            )
            return Clash((i,), ("min",), why)
        if q.min > have:
            why = msg_plural_part(
                "At least %(min)d with “%(answer)s”, but the pool has %(count)s person with "
                "this answer (%(short)d short).",
                "At least %(min)d with “%(answer)s”, but the pool has %(count)s people with "
                "this answer (%(short)d short).",
                num=num,
                min=q.min,
                answer=q.label,
                count=count,
                short=q.min - have,
            )
            return Clash((i,), ("min",), why)
        without, num = self._count(total - have, i)
        if self._too_few(total - have, size - q.max, i):
            why = msg_part(
                "At most %(max)d with “%(answer)s”, but too few people in the pool do not "
                "have this answer for the other seats of the group.",
                max=q.max,
                answer=q.label,
            )
            return Clash((i,), ("max",), why)
        why = msg_plural_part(
            "At most %(max)d with “%(answer)s”, but %(without)s person in the pool does not "
            "have this answer, and %(rest)s.",
            "At most %(max)d with “%(answer)s”, but %(without)s people in the pool do not "
            "have this answer, and %(rest)s.",
            num=num,
            max=q.max,
            answer=q.label,
            without=without,
            rest=msg_plural_part(
                "the other %(num)d seat needs them",
                "the other %(num)d seats need them",
                num=size - q.max,
            ),
        )
        return Clash((i,), ("max",), why)

    def _explain_two(self, a: int, b: int) -> Clash | None:
        qa, qb, size = self.quotas[a], self.quotas[b], self.size
        n = self.classes((a, b))
        # A minimum of one needs people who also have the other, above its maximum.
        for x, y, qx, qy in ((a, b, qa, qb), (b, a, qb, qa)):
            only = n[(True, False)] if x == a else n[(False, True)]
            if qx.min - only > qy.max:
                count, num = self._count(only, x, y)
                if num == 0:  # not blurred: "everyone with it also has the other" is said
                    count, num = self._count(n[(True, True)], x, y)
                    why = msg_plural_part(
                        "%(rule)s, but everyone in the pool with “%(label)s” also has "
                        "“%(other)s” (%(count)s person), and %(other_rule)s.",
                        "%(rule)s, but everyone in the pool with “%(label)s” also has "
                        "“%(other)s” (%(count)s people), and %(other_rule)s.",
                        num=num,
                        rule=self.rule(x),
                        label=qx.label,
                        other=qy.label,
                        count=count,
                        other_rule=self.rule(y),
                    )
                else:
                    said: dict[str, Any] = {
                        "rule": self.rule(x),
                        "label": qx.label,
                        "other": qy.label,
                        "so": msg_plural_part(
                            "so more than %(num)d in the group would have “%(other)s”",
                            "so more than %(num)d in the group would have “%(other)s”",
                            num=qy.max,
                            other=qy.label,
                        ),
                        "other_rule": self.rule(y),
                    }
                    if self._too_few(only, qx.min - qy.max, x, y):
                        why = msg_part(
                            "%(rule)s, but too few people in the pool with “%(label)s” do not "
                            "have “%(other)s”, %(so)s, and %(other_rule)s.",
                            **said,
                        )
                    else:
                        why = msg_plural_part(
                            "%(rule)s, but %(count)s person in the pool with “%(label)s” does "
                            "not have “%(other)s”, %(so)s, and %(other_rule)s.",
                            "%(rule)s, but %(count)s people in the pool with “%(label)s” do "
                            "not have “%(other)s”, %(so)s, and %(other_rule)s.",
                            num=num,
                            count=count,
                            **said,
                        )
                return Clash((x, y), ("min", "max"), why)
        both = n[(True, True)]
        if qa.min + qb.min - size > both:
            count, num = self._count(both, a, b)
            if num == 0:  # not blurred: "nobody has both" may be said
                why = msg_part(
                    "%(a)s and %(b)s: together %(total)d seats, but the group has %(size)d, "
                    "and nobody in the pool has both answers.",
                    a=self.rule(a),
                    b=self.rule(b),
                    total=qa.min + qb.min,
                    size=size,
                )
            else:
                said = {
                    "a": self.rule(a),
                    "b": self.rule(b),
                    "total": qa.min + qb.min,
                    "size": size,
                    "need": msg_plural_part(
                        "So at least %(num)d in the group would need both answers",
                        "So at least %(num)d in the group would need both answers",
                        num=qa.min + qb.min - size,
                    ),
                }
                if self._too_few(both, qa.min + qb.min - size, a, b):
                    why = msg_part(
                        "%(a)s and %(b)s: together %(total)d seats, but the group has "
                        "%(size)d. %(need)s, and too few people in the pool have both.",
                        **said,
                    )
                else:
                    # The total is above the size, so at least 2: only the need can be 1.
                    why = msg_plural_part(
                        "%(a)s and %(b)s: together %(total)d seats, but the group has "
                        "%(size)d. %(need)s, and the pool has %(count)s person with both.",
                        "%(a)s and %(b)s: together %(total)d seats, but the group has "
                        "%(size)d. %(need)s, and the pool has %(count)s people with both.",
                        num=num,
                        count=count,
                        **said,
                    )
            return Clash((a, b), ("min", "min"), why)
        neither = n[(False, False)]
        if qa.max + qb.max + neither < size:
            said = {
                "a": self.rule(a),
                "b": self.rule(b),
                "total": qa.max + qb.max,
                "seats": msg_plural_part("the %(num)d seat", "the %(num)d seats", num=size),
                "rest": msg_plural_part(
                    "The other %(num)d seat needs someone with neither answer",
                    "The other %(num)d seats need people with neither answer",
                    num=size - qa.max - qb.max,
                ),
            }
            if self._too_few(neither, size - qa.max - qb.max, a, b):
                why = msg_part(
                    "%(a)s and %(b)s: together at most %(total)d of %(seats)s. %(rest)s, and "
                    "too few people in the pool have neither answer.",
                    **said,
                )
            else:
                count, num = self._count(neither, a, b)
                why = msg_plural_part(
                    "%(a)s and %(b)s: together at most %(total)d of %(seats)s. %(rest)s, and "
                    "the pool has %(count)s such person.",
                    "%(a)s and %(b)s: together at most %(total)d of %(seats)s. %(rest)s, and "
                    "the pool has %(count)s such people.",
                    num=num,
                    count=count,
                    **said,
                )
            return Clash((a, b), ("max", "max"), why)
        return None

    def _explain_many(self, clash: Sequence[int]) -> Clash:
        quotas = [self.quotas[i] for i in clash]
        bounds = tuple("min" if q.min > 0 else "max" for q in quotas)
        rules = {"items": [self.rule(i) for i in clash], "sep": "; "}
        total = sum(q.min for q in quotas)
        if total > self.size:
            why = msg_part(
                "%(rules)s: together at least %(total)d seats, but the group has %(size)d "
                "(%(short)d too many), and too few people in the pool have more than one of "
                "these answers.",
                rules=rules,
                total=total,
                size=self.size,
                short=total - self.size,
            )
        else:
            why = msg_part(
                "%(rules)s: these %(num)d quotas cannot all be met together in a group of "
                "%(size)d.",
                rules=rules,
                num=len(clash),
                size=self.size,
            )
        return Clash(tuple(clash), bounds, why)

    # --- rotation -------------------------------------------------------------------

    def bring_back(self, recent: Sequence[Sequence[bool]]) -> list[int] | None:
        """The fewest of the `recent` people (answers in the order they should come back)
        whose return lets the quotas be met, preferring those listed first; None when
        even all of them do not help. The pool of this search holds the others."""
        solver, highspy = _highs()
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("mip_abs_gap", 0.0)
        keys = sorted(self.profiles)
        n, m = len(keys), len(recent)
        for key in keys:
            solver.addVar(0, float(self.profiles[key]))
        for _person in recent:
            solver.addVar(0, 1)
        every = list(range(n + m))
        solver.changeColsIntegrality(n + m, every, [highspy.HighsVarType.kInteger] * (n + m))
        solver.addRow(self.size, self.size, n + m, every, [1.0] * (n + m))
        for j, q in enumerate(self.quotas):
            members = [t for t, key in enumerate(keys) if key[j]]
            members += [n + r for r, answers in enumerate(recent) if answers[j]]
            solver.addRow(q.min, q.max, len(members), members, [1.0] * len(members))
        back = list(range(n, n + m))
        # First as few as possible; then, of that many, those listed first.
        solver.changeColsCost(m, back, [1.0] * m)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        fewest = round(solver.getInfo().objective_function_value)
        solver.addRow(fewest, fewest, m, back, [1.0] * m)
        solver.changeColsCost(m, back, [float(r + 1) for r in range(m)])
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = solver.getSolution().col_value
        return [r for r in range(m) if values[n + r] > 0.5]


def _highs() -> tuple[Any, Any]:
    # The draw's own solver settings: HiGHS starts one thread pool per process, and a
    # solver asking another number of threads than the first one did fails to run.
    from burgerplatform.consultations.maximin import highs

    return highs()
