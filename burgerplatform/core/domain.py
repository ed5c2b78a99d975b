"""The error services raise when a rule of the domain says no.

Views turn it into a translated message next to the form; it never becomes a 500.
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message  # a lazy translated string
        self.field = field


class PhaseError(DomainError):
    """Refused because the step it belongs to is over (or has not begun): the form that
    sent it is usually no longer on the page, so the page says it at the top."""


class DomainErrors(DomainError):
    """Several rules said no to the same send: a form shows them all at once, instead of
    one per send (fix one, send, meet the next). Where only one message fits (a flash),
    it reads as the first."""

    def __init__(self, errors: Sequence[DomainError]):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = list(errors)


def refuse(errors: Sequence[DomainError]) -> None:
    """Raise what `errors` holds: nothing when it is empty, the one error, or all."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DomainErrors(errors)
