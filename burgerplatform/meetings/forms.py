from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, RadioField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional

from burgerplatform.core.forms import BaseForm, OnceForm, no_control_characters
from burgerplatform.core.i18n import platform_time_zone
from burgerplatform.meetings.models import AttendanceAnswer

# Plain words for citizens: the format is Markdown, but nobody needs that word.
MARKDOWN_HINT = _l(
    "You can put words in **bold** or *italics*, start a line with - for a list, and paste links."
)
TEXT_MAX = 50000


def _tz() -> ZoneInfo:
    return platform_time_zone()


def to_utc(local: datetime) -> datetime:
    """A time typed on the form is local (Belgian) time."""
    return local.replace(tzinfo=_tz()).astimezone(UTC)


def to_local(value: datetime) -> datetime:
    return value.astimezone(_tz()).replace(tzinfo=None)


SUMMER_TIME_GAP = _l(
    "This hour does not exist because of the change to summer time: the clocks go from "
    "2:00 straight to 3:00. Choose a time before 2:00 or from 3:00."
)


def exists_locally(local: datetime) -> bool:
    """False for a time in the hour skipped when summer time starts (e.g. 02:30 on the
    last Sunday of March): read as Belgian time, it comes back as another time."""
    return to_local(to_utc(local)) == local


def end_of_day_utc(day) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=_tz()).astimezone(UTC)


def _text(label, message, required=True, description=MARKDOWN_HINT, max_length=TEXT_MAX):
    first = InputRequired(message) if required else Optional()
    return TextAreaField(
        label,
        description=description,
        validators=[
            first,
            Length(max=max_length, message=_l("This text is too long.")),
            no_control_characters,
        ],
    )


class MeetingForm(OnceForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Fill in a title.")), Length(max=200), no_control_characters],
    )
    starts_at = DateTimeLocalField(
        _l("Starts (date and time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Fill in when the meeting starts."))],
    )
    ends_at = DateTimeLocalField(
        _l("Ends (date and time)"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Fill in when the meeting ends."))],
    )
    location = StringField(
        _l("Place"),
        description=_l("Address or room. Leave empty for an online meeting."),
        validators=[Optional(), Length(max=300), no_control_characters],
    )
    online_url = StringField(
        _l("Link to the online meeting"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("This is not a web address. Example: https://meet.example.be/abc")),
        ],
    )
    agenda = _text(_l("Agenda"), _l("Write the agenda."), required=False)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in (self.starts_at, self.ends_at):
            if field.data is not None and not field.errors and not exists_locally(field.data):
                field.errors.append(str(SUMMER_TIME_GAP))
                ok = False
        if (
            ok
            and not (self.location.data or "").strip()
            and not (self.online_url.data or "").strip()
        ):
            self.location.errors.append(str(_l("Fill in a place or a link to an online meeting.")))
            return False
        return ok


class AttendanceForm(BaseForm):
    answer = RadioField(
        _l("Will you come?"),
        choices=AttendanceAnswer.choices(),
        validators=[InputRequired(_l("Choose an answer."))],
    )


class MinutesForm(BaseForm):
    body = _text(_l("Minutes"), _l("Write the minutes."))


class ReviewForm(BaseForm):
    review_until = DateField(
        _l("Corrections can be proposed until"),
        description=_l("Until the end of that day."),
        validators=[InputRequired(_l("Choose the last day for corrections."))],
    )


class CorrectionForm(OnceForm):
    passage = _text(
        _l("What the minutes say now (copy the sentence)"),
        None,
        required=False,
        description=_l("Optional. If you copy it exactly, it can be replaced for you."),
        max_length=5000,
    )
    suggestion = _text(
        _l("What the minutes should say"),
        _l("Write what the minutes should say."),
        description=None,
        max_length=5000,
    )
    reason = _text(
        _l("Why?"),
        _l("Explain why, so the writer understands."),
        description=_l("For example: that is not what was decided, or a name is missing."),
        max_length=2000,
    )


class AcceptForm(BaseForm):
    body = _text(
        _l("Minutes with the correction"),
        None,
        required=False,
        description=_l("Leave as it is to replace the copied sentence automatically."),
    )


class AnswerForm(BaseForm):
    answer = _text(
        _l("Your answer"),
        _l("Explain why the correction is not taken over."),
        description=None,
        max_length=2000,
    )
