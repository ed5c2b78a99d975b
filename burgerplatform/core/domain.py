"""The error services raise when a rule of the domain says no.

Views turn it into a translated message next to the form; it never becomes a 500.
"""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.message = message  # a lazy translated string
        self.field = field


class PhaseError(DomainError):
    """Refused because the step it belongs to is over (or has not begun): the form that
    sent it is usually no longer on the page, so the page says it at the top."""
