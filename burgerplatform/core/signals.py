"""Signals through which modules talk without importing each other."""

from blinker import Namespace

_signals = Namespace()

# sender: the User; receivers return a dict merged into the personal data export.
collect_personal_data = _signals.signal("collect-personal-data")
# sender: the User, just before their personal data is removed.
account_deleting = _signals.signal("account-deleting")
# sender: the User; receivers return (order, template, context) for a section of their
# "My participation" page (site.participation), so that page knows no module's models.
collect_participation = _signals.signal("collect-participation")
# sender: the Meeting, with `user` (the reader); receivers return (order, template,
# context) or None for a section of the meeting's page (e.g. its attendance register),
# so the meetings module knows none of those modules' models.
collect_meeting_sections = _signals.signal("collect-meeting-sections")
