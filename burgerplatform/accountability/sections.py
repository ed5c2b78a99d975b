"""Sections of a zone's "What happened with your input?" page, one per module.

A module registers a function that takes the zone and returns (template, context);
the page renders them in order. So initiatives and rounds each show their own part
without the page knowing their models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], tuple[str, dict]]
_SECTIONS: list[tuple[int, Section]] = []


def register(section: Section, order: int = 100) -> None:
    _SECTIONS.append((order, section))
    _SECTIONS.sort(key=lambda pair: pair[0])


def sections() -> list[Section]:
    return [section for _order, section in _SECTIONS]
