"""Messages kept untranslated, to be stored and read later in each reader's language: why
a draw failed (`DrawRecord.error`, made in the worker, which has no reader) and the clash
messages (`clashes`). A message is an English msgid with its values (`N_`); a value may
be a piece of text translated in its turn (`msg_part`, `msg_plural_part`), nested as
JSON. `render` reads one in the reader's language.

A stored message keeps the msgid it was made with, and the catalogues hold only today's
msgids (tests/core/test_translations.py). So every earlier msgid a failed draw may hold
is said in today's wording from its stored values (`EARLIER_WORDINGS`), in this one
place; without it such a draw read English on a Dutch page. Pure: no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from flask_babel import gettext, ngettext


class Message(NamedTuple):
    """A message kept untranslated (English text and its values), so that it can be
    stored and shown later in each reader's own language (`render`)."""

    text: str
    params: dict[str, Any]


def N_(text: str, **params: Any) -> Message:  # noqa: N802 - Babel's marker for extraction
    return Message(text, params)


def msg_part(text: str, **params: Any) -> dict:
    """A piece of a message inside another one's values, stored as JSON: translated when
    read. A marker for extraction, as `msg_plural_part` (babel.cfg's keywords, see
    `core.cli.EXTRACT_KEYWORDS`): a text only built here would be dropped from the
    catalogues."""
    return {"msgid": text, "params": params}


def msg_plural_part(text: str, plural: str, **params: Any) -> dict:
    """A `msg_part` with a plural form, chosen by the value `num`."""
    return {"msgid": text, "plural": plural, "params": params}


def render(text: str, params: Mapping[str, Any], translate: bool = True) -> str:
    """The message in the reader's language (or in English, untranslated); a message
    stored in an earlier wording is said in today's (`EARLIER_WORDINGS`)."""
    earlier = EARLIER_WORDINGS.get(text)
    if earlier is not None:
        return str(_value(earlier(dict(params)), translate))
    values = {key: _value(v, translate) for key, v in params.items()}
    if translate:
        return gettext(text, **values)
    return text % values if values else text


def translated(piece: dict) -> str:
    """A `part` in the reader's language."""
    return str(_value(piece, True))


def _value(value: Any, translate: bool) -> Any:
    if isinstance(value, list):
        return " ".join(str(_value(v, translate)) for v in value)
    if isinstance(value, dict) and "items" in value:
        return value["sep"].join(str(_value(v, translate)) for v in value["items"])
    if isinstance(value, dict) and "msgid" in value:
        earlier = EARLIER_WORDINGS.get(value["msgid"])
        if earlier is not None:
            return _value(earlier(dict(value["params"])), translate)
        params = {k: _value(v, translate) for k, v in value["params"].items()}
        if "plural" in value:
            num = params.pop("num")
            if translate:
                return ngettext(value["msgid"], value["plural"], num, **params)
            return (value["msgid"] if num == 1 else value["plural"]) % {"num": num, **params}
        return render(value["msgid"], params, translate)
    return value


# --- earlier wordings ----------------------------------------------------------------
#
# Each msgid the code made since failures were stored as msgids (27 November 2026) and
# makes no more, with the piece of today's wording it is said as, from its stored values
# (tests/consultations/failed_draw_msgids.txt lists them all). A count the earlier wording
# had and today's does not is left out, never made up. When a stored message changes,
# its old msgid is added here.


def _kept(p: dict, *names: str) -> dict:
    return {name: p[name] for name in names}


def _not_every_quota(why: Any) -> dict:
    return msg_part("Not every quota can be met. %(clash)s", clash=why)


def _at_least_short(p: dict) -> dict:
    if not p["count"]:
        return _not_every_quota(
            msg_part(
                "At least %(min)d with “%(answer)s”, but nobody in the pool has this answer.",
                min=p["min"],
                answer=p["label"],
            )
        )
    return _not_every_quota(
        msg_plural_part(
            "At least %(min)d with “%(answer)s”, but the pool has %(count)s person with this "
            "answer (%(short)d short).",
            "At least %(min)d with “%(answer)s”, but the pool has %(count)s people with this "
            "answer (%(short)d short).",
            num=p["count"],
            answer=p["label"],
            **_kept(p, "min", "count", "short"),
        )
    )


def _above_the_group(p: dict) -> dict:
    return _not_every_quota(
        msg_plural_part(
            "At least %(min)d with “%(answer)s”, but the group has only %(size)d seat.",
            "At least %(min)d with “%(answer)s”, but the group has only %(size)d seats.",
            num=p["size"],
            answer=p["label"],
            **_kept(p, "min", "size"),
        )
    )


def _at_most_too_few(p: dict) -> dict:
    return _not_every_quota(
        msg_part(
            "At most %(max)d with “%(answer)s”, but too few people in the pool do not have "
            "this answer for the other seats of the group.",
            max=p["max"],
            answer=p["label"],
        )
    )


def _minimums_of_one_question(p: dict) -> dict:
    quoted = "“" + p["labels"] + "”"  # as the earlier wording quoted them, together
    return _not_every_quota(
        msg_part(
            "%(rules)s: together at least %(total)d seats, but the group has %(size)d "
            "(%(short)d too many). Each person has only one answer to this question.",
            rules=quoted,
            **_kept(p, "total", "size", "short"),
        )
    )


def _cannot_all_be_met(rules: Any, num: int, size: int) -> dict:
    return msg_part(
        "%(rules)s: these %(num)d quotas cannot all be met together in a group of %(size)d.",
        rules=rules,
        num=num,
        size=size,
    )


def _in_a_group_of(p: dict) -> dict:
    detail = p["detail"]  # "label (min–max); label (min–max)"
    return _not_every_quota(_cannot_all_be_met(detail, detail.count("; ") + 1, p["size"]))


def _counted_in_fives(p: dict) -> dict:
    rules = p["rules"]
    return _cannot_all_be_met(
        rules, len(rules["items"]) if isinstance(rules, dict) else 1, p["size"]
    )


def _more_than_the_other_allows(p: dict) -> dict:
    return msg_plural_part(
        "%(rule)s, but %(count)s person in the pool with “%(label)s” does not have "
        "“%(other)s”, %(so)s, and %(other_rule)s.",
        "%(rule)s, but %(count)s people in the pool with “%(label)s” do not have "
        "“%(other)s”, %(so)s, and %(other_rule)s.",
        so=msg_plural_part(
            "so more than %(num)d in the group would have “%(other)s”",
            "so more than %(num)d in the group would have “%(other)s”",
            num=p["max"],
            other=p["other"],
        ),
        **_kept(p, "num", "count", "rule", "label", "other", "other_rule"),
    )


def _both_answers(p: dict) -> dict:
    return msg_plural_part(
        "%(a)s and %(b)s: together %(total)d seats, but the group has %(size)d. %(need)s, and "
        "the pool has %(count)s person with both.",
        "%(a)s and %(b)s: together %(total)d seats, but the group has %(size)d. %(need)s, and "
        "the pool has %(count)s people with both.",
        need=msg_plural_part(
            "So at least %(num)d in the group would need both answers",
            "So at least %(num)d in the group would need both answers",
            num=p["need"],
        ),
        **_kept(p, "num", "a", "b", "total", "size", "count"),
    )


def _the_other_seats_need_them(p: dict) -> dict:
    return msg_plural_part(
        "At most %(max)d with “%(answer)s”, but %(without)s person in the pool does not have "
        "this answer, and %(rest)s.",
        "At most %(max)d with “%(answer)s”, but %(without)s people in the pool do not have "
        "this answer, and %(rest)s.",
        rest=msg_plural_part(
            "the other %(num)d seat needs them", "the other %(num)d seats need them", num=p["rest"]
        ),
        **_kept(p, "num", "max", "answer", "without"),
    )


def _neither_answer(p: dict) -> dict:
    return msg_plural_part(
        "%(a)s and %(b)s: together at most %(total)d of %(seats)s. %(rest)s, and the pool has "
        "%(count)s such person.",
        "%(a)s and %(b)s: together at most %(total)d of %(seats)s. %(rest)s, and the pool has "
        "%(count)s such people.",
        seats=msg_plural_part("the %(num)d seat", "the %(num)d seats", num=p["size"]),
        rest=msg_plural_part(
            "The other %(num)d seat needs someone with neither answer",
            "The other %(num)d seats need people with neither answer",
            num=p["rest"],
        ),
        **_kept(p, "num", "a", "b", "total", "count"),
    )


EARLIER_WORDINGS: dict[str, Callable[[dict], Any]] = {
    # sortition, until 27 November 2026
    "These quotas cannot all be met together: %(detail)s": lambda p: _not_every_quota(p["detail"]),
    # sortition, until 5 December 2026
    "The group needs %(size)d people, but only %(count)d people in the pool can be drawn "
    "(%(short)d short).": lambda p: msg_part(
        "Seats in the group: %(size)d. People in the pool who can be drawn: %(count)d "
        "(%(short)d short).",
        **_kept(p, "size", "count", "short"),
    ),
    "The quota “%(label)s” asks for at least %(min)d people, but only %(count)d people in "
    "the pool who can be drawn have this answer (%(short)d short).": _at_least_short,
    "The quota “%(label)s” asks for at least %(min)d. People in the pool who can be drawn "
    "with this answer: %(count)d (%(short)d short).": _at_least_short,
    "The quota “%(label)s” asks for %(min)d people, more than the %(size)d seats.": (
        _above_the_group
    ),
    "The quota “%(label)s” asks for at least %(min)d, but the group has only %(size)d in "
    "all.": _above_the_group,
    "The quota “%(label)s” allows at most %(max)d people, but then the other seats cannot "
    "be filled (%(short)d short).": _at_most_too_few,
    "The quota “%(label)s” allows at most %(max)d, but then the rest of the group cannot be "
    "filled (%(short)d short).": _at_most_too_few,
    "Together, the minimums for “%(labels)s” need %(total)d seats, but the group has "
    "%(size)d (%(short)d too many).": _minimums_of_one_question,
    "Together, the minimums for “%(labels)s” add up to %(total)d, but the group has only "
    "%(size)d in all (%(short)d too many).": _minimums_of_one_question,
    "In a group of %(size)d, these quotas cannot all be met together: %(detail)s. Lower one "
    "of their minimums, raise one of their maximums, or change the group size.": _in_a_group_of,
    # clashes, pieces: until 6 December 2026. The two on counting in fives were said only
    # where staff probe a mix with a sensitive quota (a failed draw with one says
    # `sortition.SENSITIVE_CLASH` since 6 December).
    "%(rules)s: the group has %(size)d seats, but too few people can be counted for this "
    "mix. To protect privacy, we count people only in groups of 5 with the same answers to "
    "these quotas: fewer than 5 count as none.": _counted_in_fives,
    "%(why)s This mix has a quota on a sensitive answer. To protect privacy, we then count "
    "people only in groups of 5 with the same answers to these quotas: fewer than 5 count "
    "as none. So a mix that needs fewer than 5 such people cannot be set.": lambda p: p["why"],
    "%(rule)s, but %(count)s person in the pool with “%(label)s” does not have "
    "“%(other)s”: the others would be more than %(max)d with “%(other)s”, and "
    "%(other_rule)s.": _more_than_the_other_allows,
    "%(rule)s, but %(count)s person in the pool with “%(label)s” does not have "
    "“%(other)s”, so more than %(max)d in the group would have “%(other)s”, and "
    "%(other_rule)s.": _more_than_the_other_allows,
    "%(a)s and %(b)s: together %(total)d seats, but the group has %(size)d. So at least "
    "%(need)d in the group would need both answers, and the pool has %(count)s person with "
    "both.": _both_answers,
    "At most %(max)d with “%(answer)s”, but %(without)s person in the pool does not have "
    "this answer, and the other %(rest)d seats need them.": _the_other_seats_need_them,
    "%(a)s and %(b)s: together at most %(total)d of the %(size)d seats. The other %(rest)d "
    "need people with neither answer, and the pool has %(count)s such person.": _neither_answer,
}
