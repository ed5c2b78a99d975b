"""Forms of the pool and the rounds. Pool and quota forms are built per zone."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from burgerplatform.consultations import lottery
from burgerplatform.consultations.draws import NUMBER_RULE
from burgerplatform.consultations.models import ContactMethod, Outcome
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    OnceForm,
    choices,
    easy_read_field,
    no_control_characters,
)

TEXT = [Length(max=20000), no_control_characters]
LINE = [Length(max=200), no_control_characters]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RenewConsentForm(BaseForm):
    """A pool member whose consent is older agrees to the current text."""

    agree = BooleanField(
        _l("I have read the new text and agree that my answers are kept to draw fair groups.")
    )


def pool_form(categories, member, formdata=None):
    """One question per category; every one may stay unanswered ("rather not say")."""

    class PoolForm(BaseForm):
        pass

    chosen = {a.value_id for a in member.answers} if member else set()
    for c in categories:
        options = choices((str(v.id), v.display_label) for v in c.values)
        if c.multiple:
            field = MultiCheckboxField(
                c.display_label,
                choices=options,
                validators=[Optional()],
                default=[str(v.id) for v in c.values if v.id in chosen],
                description=_l("Tick none, one or more."),
            )
        else:
            current = next((str(v.id) for v in c.values if v.id in chosen), "")
            field = RadioField(
                c.display_label,
                choices=[*choices([("", _l("I'd rather not say"))]), *options],
                default=current,
                validators=[Optional()],
            )
        setattr(PoolForm, f"cat_{c.id}", field)
    # Made after the questions, as it comes after them on the page: the error summary
    # lists the fields in the order they are made.
    PoolForm.consent = BooleanField(
        _l("I agree that my answers are kept to draw fair groups, as explained above."),
    )
    return PoolForm(formdata=formdata)


def pool_field_names(categories) -> dict[str, str]:
    """The pool form's field of each question, by the key the pool's rules name it with."""
    return {c.key: f"cat_{c.id}" for c in categories}


def chosen_values(form, categories) -> set[int]:
    """The value ids ticked. `Optional` lets a blank first answer end validation, so the
    choices were not checked then: blanks mean no answer, anything else not an id is
    refused like an answer of another zone. For a question with one answer every value
    sent is taken, not only the first the field keeps: two (a tampered form) are refused
    by `pool.join_or_update`, never silently cut to one."""
    ids: set[int] = set()
    for c in categories:
        field = getattr(form, f"cat_{c.id}")
        data = field.data if c.multiple else (field.raw_data or [field.data])
        for value in data if isinstance(data, list) else [data]:
            value = str(value or "").strip()
            if not value:
                continue
            if not value.isdecimal() or not value.isascii():
                raise DomainError(
                    _l("One of the answers is not a choice of this zone."), field=field.name
                )
            ids.add(int(value))
    return ids


class CategoryForm(OnceForm):
    label = StringField(
        _l("Question"), validators=[DataRequired(), Length(max=120), no_control_characters]
    )
    values = TextAreaField(
        _l("Answers, one per line"),
        validators=[DataRequired(), Length(max=2000), no_control_characters],
    )
    multiple = BooleanField(_l("People may tick more than one answer"))
    sensitive = BooleanField(
        _l(
            "Sensitive: about health, care, origin, belief or another private matter "
            "(never shown per person)"
        )
    )


class ValueForm(OnceForm):
    label = StringField(
        _l("New answer"), validators=[DataRequired(), Length(max=120), no_control_characters]
    )


class RoundForm(OnceForm):
    title = StringField(_l("Title"), validators=[DataRequired(), *LINE])
    question = TextAreaField(
        _l("Draft advice question"),
        validators=[DataRequired(), Length(max=2000), no_control_characters],
        description=_l("A first version: the klankbordgroep will help to improve it."),
    )
    question_easy = easy_read_field()
    background = TextAreaField(
        _l("Background"), default="", validators=TEXT, description=_l("You can use Markdown.")
    )
    asked_by = StringField(
        _l("Who asks this question"),
        default="",
        validators=LINE,
        description=_l("For example: the PZON cluster of the zorgraad."),
    )
    deadline = DateField(_l("Advice needed by"), validators=[Optional()])
    open_to_all = BooleanField(
        _l("Every citizen of the zone may give input (not only the klankbordgroep)")
    )


class CancelRoundForm(BaseForm):
    reason = TextAreaField(
        _l("Why is the round cancelled?"),
        validators=[DataRequired(), Length(max=2000), no_control_characters],
        description=_l(
            "Everyone can read this on the round's page. Who already took part is told."
        ),
    )


def group_form(round_, categories, **kwargs):
    class GroupForm(BaseForm):
        group_size = IntegerField(
            _l("Number of seats"),
            default=round_.group_size,
            validators=[InputRequired(), NumberRange(1, 50)],
        )
        rotation_rounds = IntegerField(
            _l("Leave out people seated in the last … rounds"),
            description=_l("Rounds are counted by the date of their draw, the newest first."),
            default=round_.rotation_rounds,
            validators=[InputRequired(), NumberRange(0, 20)],
        )
        rotation_months = IntegerField(
            _l("Leave out people seated in the last … months"),
            default=round_.rotation_months,
            validators=[InputRequired(), NumberRange(0, 60)],
        )
        rotation_fallback = BooleanField(
            _l("Still draw them if the quotas cannot be met without them"),
            description=_l(
                "Only when the quotas cannot be met without them. Then as few of them as the "
                "quotas need come back, those who sat longest ago first; they are then sure of "
                "a seat. People invited to another round who have not answered yet are never "
                "drawn."
            ),
            default=round_.rotation_fallback,
        )
        reply_days = IntegerField(
            _l("Days to answer the invitation"),
            default=round_.reply_days,
            validators=[InputRequired(), NumberRange(1, 60)],
        )

    current = {q.value_id: q for q in round_.quotas}
    for c in categories:
        if not c.for_quotas:
            continue
        for v in c.values:
            q = current.get(v.id)
            label = f"{c.display_label}: {v.display_label}"
            setattr(
                GroupForm,
                f"min_{v.id}",
                IntegerField(
                    _l("At least (%(label)s)", label=label),
                    default=q.min if q else None,
                    validators=[Optional(), NumberRange(0, 50)],
                ),
            )
            setattr(
                GroupForm,
                f"max_{v.id}",
                IntegerField(
                    _l("At most (%(label)s)", label=label),
                    # A maximum of the whole group is no maximum: shown empty, so a
                    # later change of the group size does not turn it into a limit.
                    default=q.max if q and q.max < round_.group_size else None,
                    validators=[Optional(), NumberRange(0, 50)],
                ),
            )
    return GroupForm(**kwargs)


def quotas_from(form, categories) -> dict[int, tuple[int, int]]:
    size = form.group_size.data
    quotas = {}
    for c in categories:
        if not c.for_quotas:
            continue
        for v in c.values:
            low, high = getattr(form, f"min_{v.id}").data, getattr(form, f"max_{v.id}").data
            if low is not None or high is not None:
                quotas[v.id] = (low or 0, size if high is None else high)
    return quotas


class DrawForm(BaseForm):
    """Step 1 of the draw: name the public source whose number will pick the group."""

    source = StringField(
        _l("Where will the number come from?"),
        description=_l(
            "Name a source that everyone can check and that nobody knows yet, for example: "
            "“the number drawn aloud at the zorgraad meeting of 12 March” or “the first "
            "number of the Lotto draw of Saturday 14 March”."
        ),
        validators=[DataRequired(_l("Name the source of the number.")), *LINE],
    )
    # Required, marked so like every required field (draws.number_known_from refuses a
    # day past too).
    known_on = DateField(
        _l("When is the number known?"),
        description=_l(
            "The day the source gives its number, for example the day of the meeting or "
            "of the Lotto draw: tomorrow or later, or today with a time still to come. The "
            "number can be entered from then on, not before."
        ),
        validators=[InputRequired(_l("Say from which day the number of the source is known."))],
    )
    known_at = TimeField(
        _l("From what time (optional)"),
        description=_l("Without a time, the number can be entered from the start of that day."),
        validators=[Optional()],
    )


class NumberForm(BaseForm):
    """Step 2 of the draw: the number from the named source, once it is known."""

    number = StringField(
        _l("The number"),
        description=NUMBER_RULE,
        # A tab or a no-break space between digit groups (copied from a website) is a
        # space, before the one-line check would refuse the tab.
        filters=[
            lambda text: (
                lottery.plain_spaces(text, keep_line_breaks=True) if isinstance(text, str) else text
            )
        ],
        validators=[
            DataRequired(_l("Fill in the number of the source.")),
            Length(max=lottery.MAX_LENGTH),
            no_control_characters,
        ],
    )
    # Set by the page that shows the number back: only then is the group picked.
    confirmed = HiddenField()


class DiscardListForm(BaseForm):
    """Set a published list aside before its number is entered; the reason is public."""

    reason = TextAreaField(
        _l("Why is the list discarded?"),
        validators=[
            DataRequired(_l("Say why the list is discarded.")),
            Length(max=2000),
            no_control_characters,
        ],
        description=_l(
            "Everyone can read this on the public page of the draw, with the list and its "
            "fingerprint. For example: the pool still had people who had left."
        ),
    )
    # Set by the page that asks to confirm: only then is the list set aside.
    confirmed = HiddenField()


class StartGatheringForm(BaseForm):
    """Leaving co-define: the staff confirm that open invitations are withdrawn and the
    group goes ahead as it is (only asked when something is open)."""

    confirm = BooleanField(
        _l("Yes, the group goes ahead as it is: withdraw the open invitations"),
        description=_l("Each person whose invitation is withdrawn gets a message."),
    )


class InvitationForm(BaseForm):
    decision = RadioField(
        _l("Your answer"),
        validators=[InputRequired()],
        choices=choices(
            [
                ("accept", _l("Yes, I take a seat in the klankbordgroep")),
                ("decline", _l("No, not this time")),
            ]
        ),
    )


class SuggestionForm(OnceForm):
    proposal = TextAreaField(
        _l("How would you ask the question?"),
        validators=[DataRequired(), Length(max=2000), no_control_characters],
    )
    reason = TextAreaField(_l("Why (optional)"), default="", validators=TEXT)


class SuggestionAnswerForm(BaseForm):
    decision = RadioField(
        _l("Decision"),
        validators=[InputRequired()],
        choices=choices(
            [
                ("accept", _l("Take this wording as the question")),
                ("answer", _l("Keep the question, and answer")),
            ]
        ),
    )
    answer = TextAreaField(_l("Answer to the member"), default="", validators=TEXT)
    # The easy-read version of the question must follow a new wording.
    question_easy = easy_read_field(_l("Easy-read version of this wording (when you take it)"))


class ContributionForm(OnceForm):
    body = TextAreaField(
        _l("Your input"),
        validators=[DataRequired(), *TEXT],
        description=_l(
            "Your ideas or experience. You can put words in *italics* or **bold**, and "
            "start a line with - for a list."
        ),
    )


class OfflineForm(OnceForm):
    # Staff type in what several people said at one event: two of them may well have
    # said the same words. Only the one-time key counts here, not the text.
    once_per_content = False

    body = TextAreaField(_l("What the person said"), validators=[DataRequired(), *TEXT])
    source_event = StringField(
        _l("Event or way it was gathered"),
        validators=[DataRequired(), *LINE],
        description=_l("For example: on tour at the market, paper form."),
    )
    source_place = StringField(_l("Place"), default="", validators=LINE)
    source_date = DateField(
        _l("Date"),
        validators=[Optional()],
        description=_l("When it was said: not in the future, and not before the round started."),
    )
    consent = BooleanField(
        _l("The person agreed that we keep their contact details to tell them what happened")
    )
    contact_name = StringField(
        _l("Name"), default="", validators=[Length(max=120), no_control_characters]
    )
    contact_method = SelectField(
        _l("How to reach them"),
        default=ContactMethod.NONE.value,
        description=_l(
            "If the person does not want to be contacted, we do not keep their name or "
            "address, even when you typed them."
        ),
        choices=ContactMethod.choices(),
    )
    contact_detail = TextAreaField(
        _l("E-mail address, phone number or postal address"),
        default="",
        validators=[Length(max=500), no_control_characters],
    )


class RecommendationForm(OnceForm):
    title = StringField(_l("Recommendation"), validators=[DataRequired(), *LINE])
    body = TextAreaField(
        _l("Explanation"),
        validators=[DataRequired(), *TEXT],
        description=_l("You can use Markdown."),
    )
    body_easy = easy_read_field()
    sources = MultiCheckboxField(
        _l("The input this comes from"), validators=[Optional()], choices=[]
    )


class CommentForm(OnceForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), *TEXT])


class UnusedForm(BaseForm):
    reason = StringField(
        _l("Why this input is not used"),
        validators=[DataRequired(), *LINE],
        description=_l("For example: out of scope, passed to the municipality."),
    )


class ReviewForm(OnceForm):
    decision = RadioField(
        _l("Does the advice say what was said?"),
        validators=[InputRequired()],
        choices=choices(
            [("confirm", _l("Yes, I confirm")), ("correct", _l("No, I propose a correction"))]
        ),
    )
    body = TextAreaField(_l("Your correction"), default="", validators=TEXT)


class ReviewAnswerForm(BaseForm):
    resolution = RadioField(
        _l("What happened with this correction?"),
        validators=[InputRequired()],
        choices=choices(
            [
                ("changed", _l("I changed the advice (say what)")),
                ("kept", _l("The advice stays as it is (say why: the member reads it)")),
            ]
        ),
    )
    answer = TextAreaField(_l("Answer to the member"), validators=[DataRequired(), *TEXT])


class OutcomeForm(BaseForm):
    outcome = SelectField(
        _l("Answer of the zorgraad"),
        choices=Outcome.choices(),
    )
    reason = TextAreaField(_l("Reasons"), validators=[DataRequired(), *TEXT])


class UpdateForm(OnceForm):
    body = TextAreaField(_l("Progress update"), validators=[DataRequired(), *TEXT])
    body_easy = easy_read_field()
