"""Enums whose members carry their own translated label, as indico's RichEnum does.

A member's label is declared in its class, keyed by the member's value:

    class Visibility(LabelledEnum):
        PUBLIC = "public"
        __labels__ = {"public": _l("Public")}

so a template shows `x.status.label`, a form takes `Visibility.choices()`, and nobody
keeps a dict of labels beside the enum. Templates compare members (`x.status ==
Visibility.PUBLIC`), never `.value` with a string (tests/i18n/test_enum_labels.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, ClassVar

from wtforms.fields.choices import SelectChoice


class LabelledEnum(enum.Enum):
    # Dunder names are not members. Lazy strings: translated when shown.
    __labels__: ClassVar[dict[str, Any]] = {}
    # Every value is a string; said here so a type checker doesn't take __labels__ for one.
    _value_: str

    @property
    def label(self) -> str:
        from burgerplatform.core.i18n import text_of

        return text_of(type(self).__labels__[self.value])

    @classmethod
    def choices(cls, members: Iterable[LabelledEnum] | None = None) -> list[SelectChoice]:
        """(value, lazy label) choices for a form field, in the order of the enum."""
        return [SelectChoice(m.value, cls.__labels__[m.value]) for m in members or cls]

    @classmethod
    def labels(cls) -> dict[str, Any]:
        """Lazy labels by value (for codes stored as plain strings, as in an export)."""
        return {m.value: cls.__labels__[m.value] for m in cls}


def labelled_enums() -> list[type[LabelledEnum]]:
    """Every labelled enum defined in the modules imported so far."""
    found, todo = [], list(LabelledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found
