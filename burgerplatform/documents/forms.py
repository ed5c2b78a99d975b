from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FileField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from burgerplatform.core.forms import OnceForm
from burgerplatform.documents.models import DocumentKind

CHOOSE_A_FILE = _l("Choose a file to add.")


class UploadForm(OnceForm):
    title = StringField(
        _l("Title"),
        description=_l("What people see in the list, for example “Agenda of 12 March”."),
        validators=[
            InputRequired(_l("Give the document a title.")),
            Length(max=200, message=_l("Make the title shorter (at most 200 characters).")),
        ],
    )
    kind = SelectField(
        _l("What is it?"),
        choices=DocumentKind.choices(),
        default=DocumentKind.BACKGROUND.value,
        validators=[InputRequired(_l("Choose what kind of document this is."))],
    )
    file = FileField(
        _l("File"),
        description=_l("A PDF, ODT or DOCX document, or a PNG or JPEG photo."),
    )

    def validate_file(self, field) -> None:
        from wtforms.validators import ValidationError

        data = field.data
        if data is None or not getattr(data, "filename", None):
            raise ValidationError(CHOOSE_A_FILE)
