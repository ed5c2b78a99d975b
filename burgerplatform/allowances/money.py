"""Amounts of money as people type them, kept in whole cents (never floats).

Dutch and French readers write "12,50" and "1.626,77"; English readers "12.50" and
"1,626.77". Both are read; an amount that could mean two things is refused."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from burgerplatform.core.domain import DomainError

# More than any allowance a volunteer may receive in a year: a typing error.
MAX_CENTS = 10_000_000

_SHAPE = re.compile(
    r"[0-9]{1,3}(?:[.,\u00a0 ][0-9]{3})*(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?"
)


def parse_cents(text: str | None, field: str | None = None) -> int:
    """ "12,50", "12.50", "€ 12", "1.626,77" → cents. Raises DomainError with a message a
    reader understands (negative, too many decimals, not an amount)."""
    raw = (text or "").strip().replace("€", "").replace("EUR", "").strip()
    if not raw:
        return 0
    if raw.startswith(("-", "−")):
        raise DomainError(_l("An amount cannot be negative."), field=field)
    if not _SHAPE.fullmatch(raw):
        raise DomainError(_l("Write an amount in euros, for example 12,50."), field=field)
    # The last "," or "." followed by one or two digits is the decimal mark; the other
    # mark may group thousands before it. Without a decimal part, "1.626" could be 1626 or
    # 1.626: refused rather than guessed.
    match = re.search(r"[.,]([0-9]{1,2})$", raw)
    if match is None and re.search(r"[.,]", raw):
        raise DomainError(_l("Write at most two digits after the comma."), field=field)
    whole, cents = (raw[: match.start()], match.group(1).ljust(2, "0")) if match else (raw, "00")
    if match and raw[match.start()] in whole:
        raise DomainError(_l("Write an amount in euros, for example 12,50."), field=field)
    whole = re.sub(r"[.,\u00a0 ]", "", whole)
    value = int(whole or "0") * 100 + int(cents)
    if value > MAX_CENTS:
        raise DomainError(_l("This amount is too large. Check it."), field=field)
    return value


def euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def plain(cents: int) -> str:
    """For bookkeeping files: 1626.77 (a dot, no thousands mark, always two decimals)."""
    return f"{euros(cents):.2f}"
