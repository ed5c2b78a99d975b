"""Small HTTP helpers shared by views."""

from __future__ import annotations

from urllib.parse import urlsplit

# The largest id a database integer column holds (PostgreSQL's 32-bit INTEGER).
MAX_ID = 2**31 - 1


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: `next=` must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def parse_id(text: object) -> int | None:
    """A number typed or sent by someone, as an id: only the ASCII digits 0-9 and within
    the database's range. `str.isdigit` also accepts "²" and "١٢٣" (which `int` refuses
    or reads), and a huge number overflows the database: both were server errors."""
    if not isinstance(text, str) or not (0 < len(text) <= 10):
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
