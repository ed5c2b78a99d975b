from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from burgerplatform.accounts.forms import language_choices, strong_password
from burgerplatform.core.forms import BaseForm, OnceForm, ascii_int, no_control_characters
from burgerplatform.proeftuinen.models import Visibility

# Plain words for citizens: the format is Markdown, but nobody needs that word.
MARKDOWN_HINT = _l(
    "You can put words in **bold** or *italics*, start a line with - for a list, and paste links."
)
MENTION_HINT = _l(
    "To notify a member, type @ followed by their name exactly as in the member list, "
    "for example @An. To quote, use > at the start of a line."
)
TEXT_MAX = 20000


def text_field(label, description=MARKDOWN_HINT, required=True, message=None):
    validators = [
        Length(max=TEXT_MAX, message=_l("Keep it under 20,000 characters.")),
        no_control_characters,
    ]
    validators.insert(0, InputRequired(message or _l("Write a text.")) if required else Optional())
    return TextAreaField(label, description=description, validators=validators)


class ProeftuinForm(OnceForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Fill in a name.")), Length(max=200), no_control_characters],
    )
    description = text_field(_l("What is this proeftuin about?"), required=False)
    zone = SelectField(
        _l("Primary-care zone"),
        coerce=ascii_int,
        validators=[Optional()],
        description=_l("Leave empty for a proeftuin outside any zone."),
    )
    visibility = RadioField(
        _l("Who can see it?"),
        choices=Visibility.choices(),
        default=Visibility.PUBLIC.value,
        validators=[InputRequired(_l("Choose who can see it."))],
    )


class InviteForm(OnceForm):
    # A coach may invite the same address again on purpose (a reminder, a new link after
    # a removal): only the one-time key counts here, not the address.
    once_per_content = False

    email = StringField(
        _l("E-mail address of the person you invite"),
        validators=[
            InputRequired(_l("Fill in an e-mail address.")),
            Length(max=254),
            Email(_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )


class JoinWithAccountForm(BaseForm):
    display_name = StringField(
        _l("Name shown to others"),
        description=_l("A first name or a nickname is enough."),
        validators=[InputRequired(_l("Fill in a name.")), Length(max=80), no_control_characters],
        render_kw={"autocomplete": "nickname"},
    )
    password = PasswordField(
        _l("Password (optional)"),
        description=_l("At least 10 characters. Without one, you log in with an e-mailed link."),
        validators=[Optional(), Length(max=200), strong_password],
        render_kw={"autocomplete": "new-password"},
    )
    locale = SelectField(_l("Language"), choices=language_choices())
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my account data is processed "
            "as described there."
        ),
        validators=[
            InputRequired(_l("You can only create an account if you agree to the privacy notice."))
        ],
    )


class RemoveMemberForm(BaseForm):
    reason = TextAreaField(
        _l("Why do you remove this member?"),
        description=_l("The member sees this reason. It is also written in the moderation log."),
        validators=[
            InputRequired(_l("Write a reason.")),
            Length(max=2000),
            no_control_characters,
        ],
    )


class NoteForm(OnceForm):
    body = text_field(_l("New note"), message=_l("Write a note first."))


class TopicForm(OnceForm):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Fill in a title.")), Length(max=200), no_control_characters],
    )
    body = text_field(
        _l("Your message"), description=MENTION_HINT, message=_l("Write your message.")
    )


class PostForm(OnceForm):
    body = text_field(_l("Your reply"), description=MENTION_HINT, message=_l("Write your message."))


class EditPostForm(BaseForm):
    body = text_field(
        _l("Your message"), description=MENTION_HINT, message=_l("Write your message.")
    )


class LockForm(BaseForm):
    reason = TextAreaField(
        _l("Why do you lock this topic?"),
        description=_l("Everyone sees this reason above the topic."),
        validators=[InputRequired(_l("Write a reason.")), Length(max=2000), no_control_characters],
    )


class CloseForm(BaseForm):
    outcome = text_field(
        _l("Outcome: what did the group conclude?"),
        description=_l("Shown on top of the topic. You can use Markdown."),
        message=_l("Write what the group concluded."),
    )
