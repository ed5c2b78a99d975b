"""Catalogue helpers used by `flask translate` and by the completeness test."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill_source_language(po_path: Path) -> None:
    """English is the source language: its msgstr is the msgid, never left empty."""
    with po_path.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string or ()):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as f:
        write_po(f, catalog, width=100, no_location=True, sort_output=True)


def missing_translations(po_path: Path) -> list[str]:
    with po_path.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
