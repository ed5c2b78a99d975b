"""Every status, phase, role or kind a person can see has its own translated label,
declared in its enum (core.enums.LabelledEnum), and templates compare members, not
`.value` with a string."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from burgerplatform.core.enums import LabelledEnum, labelled_enums

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["nl", "fr", "en"]
# Enums nobody sees: what a mailed link is for, a background job's state.
INTERNAL = {"TokenPurpose", "JobStatus"}
# An English label that is, by chance, its value ("Draw of 4 Dec — failed"): still a
# declared, translated label, so not a code shown raw. Listed so a new one is a decision.
SAME_WORD_IN_ENGLISH = {("DrawStatus", "failed")}


def _all_enums(app) -> list[type[enum.Enum]]:
    found, todo = [], list(enum.Enum.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("burgerplatform.") and cls is not LabelledEnum:
            found.append(cls)
    return found


def _catalogue(lang: str) -> dict[str, str]:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and "fuzzy" not in m.flags}


def test_every_enum_a_person_can_see_carries_its_labels(app):
    unlabelled = sorted(
        cls.__name__
        for cls in _all_enums(app)
        if not issubclass(cls, LabelledEnum) and cls.__name__ not in INTERNAL
    )
    assert not unlabelled, f"give these a LabelledEnum with __labels__: {unlabelled}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_member_of_every_enum_reads_as_words_in_each_language(app, lang):
    catalogue = _catalogue(lang)
    enums = labelled_enums()
    assert len(enums) >= 20
    problems = []
    with app.test_request_context(), force_locale(lang):
        for cls in enums:
            for member in cls:
                lazy = cls.__labels__.get(member.value)
                if lazy is None:
                    problems.append(f"{cls.__name__}.{member.name}: no label")
                    continue
                label = member.label
                same = lang == "en" and (cls.__name__, member.value) in SAME_WORD_IN_ENGLISH
                if not label.strip() or (label == member.value and not same):
                    problems.append(f"{cls.__name__}.{member.name}: reads {label!r}")
                msgid = lazy._args[0]
                if not catalogue.get(msgid):
                    problems.append(f"{cls.__name__}.{member.name}: {msgid!r} not in {lang}")
    assert not problems, "; ".join(problems)


def test_the_labels_of_an_enum_are_only_those_of_its_members(app):
    for cls in labelled_enums():
        assert set(cls.__labels__) == {m.value for m in cls}, cls.__name__


# `x.status.value == "draft"`, `"status.value", "equalto", "draft"`,
# `labels[x.status.value]`, `{% set s = x.status.value %}` (then compared with strings).
VALUE_COMPARISONS = [
    re.compile(r"\.value\s*(==|!=|\bin\b|\bnot in\b)"),
    re.compile(r"""["'][\w.]*\.value["']\s*,\s*["'](equalto|eq|==|ne|!=|in)["']"""),
    re.compile(r"\[\s*[\w.]+\.value\s*\]"),
    re.compile(r"\{%-?\s*set\s+\w+\s*=\s*[\w.]+\.value\s*-?%\}"),
]


def test_no_template_compares_a_value_with_a_string():
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt", ".xml"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if any(p.search(line) for p in VALUE_COMPARISONS):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "compare enum members instead:\n" + "\n".join(found)
