"""Names and titles refuse line breaks and other control characters (issue 12, defect
10), and no stored text can break a mail header.

The class test walks every form class of every module and checks that each one-line
text field refuses "\\r\\n" with the translated message, so a new form is covered too.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from werkzeug.datastructures import MultiDict

import burgerplatform
from burgerplatform.core.forms import (
    FORMAT_MESSAGE,
    SINGLE_LINE_MESSAGE,
    BaseForm,
    is_single_line,
)


def every_form_class() -> list[type[BaseForm]]:
    for info in pkgutil.walk_packages(burgerplatform.__path__, "burgerplatform."):
        if info.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(info.name)
    found, todo = [], [BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = every_form_class()


def test_the_walk_finds_the_forms_of_every_module():
    modules = {cls.__module__.split(".")[1] for cls in FORMS}
    assert {"accounts", "initiatives", "proeftuinen", "meetings", "consultations"} <= modules


# Invisible format characters (Unicode Cf) that make a name read otherwise: the bidi
# embeddings and overrides, the isolates, the direction marks, and the other Cf ones.
FORMAT_CHARACTERS = [
    *(chr(c) for c in range(0x202A, 0x202F)),  # LRE RLE PDF LRO RLO
    *(chr(c) for c in range(0x2066, 0x206A)),  # LRI RLI FSI PDI
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u061c",  # ALM
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u00ad",  # soft hyphen
    "\u206a",  # inhibit symmetric swapping (deprecated format character)
    "\U000e0001",  # language tag
]


def validated(form_class, data: MultiDict) -> BaseForm:
    """`form_class` filled with `data` and validated (inside a request context); a choice
    field with choices made per request gets none."""
    form = form_class(formdata=data, meta={"csrf": False})
    for field in form:
        if getattr(field, "choices", None) is None and hasattr(field, "choices"):
            field.choices = []
    form.validate()
    return form


def one_line_fields_refusing(app, form_class, value: str, message) -> dict[str, bool]:
    """Validate `form_class` with `value` in every one-line text field: for each, whether
    it gave `message` (compared in the request's language)."""
    with app.test_request_context(method="POST"):
        probe = form_class(formdata=None, meta={"csrf": False})
        names = [name for name, field in probe._fields.items() if is_single_line(field)]
        if not names:
            pytest.skip("no one-line text field")
        form = validated(form_class, MultiDict({probe[name].name: value for name in names}))
        return {name: str(message) in [str(e) for e in form[name].errors] for name in names}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_one_line_field_refuses_a_line_break(app, form_class):
    value = "Line one\r\nBcc: someone@example.org"
    for name, refused in one_line_fields_refusing(
        app, form_class, value, SINGLE_LINE_MESSAGE
    ).items():
        assert refused, f"{form_class.__name__}.{name} accepts a line break"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_one_line_field_refuses_invisible_direction_and_format_characters(app, form_class):
    for char in FORMAT_CHARACTERS:
        value = f"Coach BurgersAanZet {char}txt.exe"
        for name, refused in one_line_fields_refusing(
            app, form_class, value, FORMAT_MESSAGE
        ).items():
            assert refused, f"{form_class.__name__}.{name} accepts U+{ord(char):04X}"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_multi_line_field_gives_back_the_text_without_its_invisible_characters(
    app, form_class
):
    """A reversed or zero-width character in a comment or an answer is taken out of the
    field, which comes back for the person to check and send again."""
    from wtforms import TextAreaField

    with app.test_request_context(method="POST"):
        probe = form_class(formdata=None, meta={"csrf": False})
        names = [name for name, field in probe._fields.items() if isinstance(field, TextAreaField)]
        if not names:
            pytest.skip("no multi-line text field")
        value = "Goed idee\u202e .gnidraw eht\u200b rest\u00ad"
        form = validated(form_class, MultiDict({probe[n].name: value for n in names}))
        for name in names:
            assert str(FORMAT_MESSAGE) in [str(e) for e in form[name].errors], name
            assert form[name].data == "Goed idee .gnidraw eht rest", name


def test_every_format_character_but_the_joiners_is_refused():
    """The list above is a sample; the rule is every Unicode Cf character but ZWJ/ZWNJ."""
    import sys
    import unicodedata

    from burgerplatform.core.forms import has_format_characters

    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    refused = [c for c in cf if has_format_characters(f"a{c}b")]
    assert sorted(set(cf) - set(refused)) == ["\u200c", "\u200d"]
    assert set(FORMAT_CHARACTERS) <= set(refused)


@pytest.mark.parametrize(
    "name",
    [
        "Dr. An 👩\u200d⚕️",  # an emoji sequence with a zero-width joiner
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, zero-width non-joiner
        "Zoë Ça va",
    ],
)
def test_names_with_joiners_and_accents_are_accepted(client, make_user, name):
    make_user(email="an@example.org", locale="en")
    client.login("an@example.org")
    response = client.post(
        "/account", {"display_name": name, "zone": "0", "locale": "en", "mail_preference": "daily"}
    )
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with client.app.app_context():
        user = db.session.query(User).filter_by(email="an@example.org").one()
        assert user.display_name == name


@pytest.mark.parametrize(
    "bad", ["Coach BurgersAanZet \u202etxt.exe", "Titel\u202eoD", "Titel\u200b\u2066x\u2069"]
)
def test_a_display_name_that_reverses_its_text_is_refused_with_a_clear_message(
    client, make_user, bad
):
    make_user(email="an@example.org", locale="en", display_name="An")
    client.login("an@example.org")
    response = client.post(
        "/account", {"display_name": bad, "zone": "0", "locale": "en", "mail_preference": "daily"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "change how the text is shown" in page
    assert "We have removed them" in page
    # The field comes back without them: sending again is all it takes.
    cleaned = "".join(c for c in bad if c not in "\u202e\u200b\u2066\u2069")
    assert f'value="{cleaned}"' in page
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with client.app.app_context():
        user = db.session.query(User).filter_by(email="an@example.org").one()
        assert user.display_name == "An"


def test_a_name_stored_with_a_direction_override_does_not_reach_the_subject(
    client, make_user, deliver
):
    from burgerplatform.core.mail import queue_mail
    from burgerplatform.extensions import db

    with client.app.test_request_context(base_url="http://localhost"):
        queue_mail(
            "bert@example.org",
            "Coach BurgersAanZet \u202etxt.exe\u2066\u200b invites you 👩\u200d⚕️",
            "notification",
            user={"display_name": "Bert"},
            text="hello",
            link="/",
        )
        db.session.commit()
    mails = deliver()
    assert len(mails) == 1
    assert mails[0]["Subject"] == "Coach BurgersAanZet txt.exe invites you 👩\u200d⚕️"


@pytest.mark.parametrize("bad", ["An\r\nPeeters", "An\x00", "An\x1b[31m", "An\u2028B", "An\tB"])
def test_a_display_name_with_a_line_break_is_refused_with_a_clear_message(client, make_user, bad):
    make_user(email="an@example.org", locale="en")
    client.login("an@example.org")
    response = client.post(
        "/account", {"display_name": bad, "zone": "0", "locale": "en", "mail_preference": "daily"}
    )
    assert response.status_code == 400
    assert "on one line" in response.get_data(as_text=True)


def test_a_name_stored_with_a_line_break_does_not_stop_the_mail(client, make_user, deliver):
    make_user(email="an@example.org", display_name="An\r\nBcc: evil@example.org")
    from burgerplatform.core.mail import queue_mail
    from burgerplatform.extensions import db

    with client.app.test_request_context(base_url="http://localhost"):
        queue_mail(
            "bert@example.org",
            "An\r\nBcc: evil@example.org invites you",
            "notification",
            user={"display_name": "Bert"},
            text="hello",
            link="/",
        )
        db.session.commit()
    mails = deliver()
    assert len(mails) == 1
    assert mails[0]["Subject"] == "An Bcc: evil@example.org invites you"
    assert mails[0]["Bcc"] is None


def _errors_of_text_boxes(app, form_class, value: str) -> dict[str, tuple[list[str], str]]:
    """Validate `form_class` with `value` in every text box (text, number, date...): per
    field, its errors (the one about invisible characters as "<format>") and the value
    the page shows back."""
    from burgerplatform.core.forms import is_text_box

    with app.test_request_context(method="POST"):
        probe = form_class(formdata=None, meta={"csrf": False})
        names = [n for n, f in probe._fields.items() if is_text_box(f) and n != "csrf_token"]
        if not names:
            pytest.skip("no text box")
        form = validated(form_class, MultiDict({probe[n].name: value for n in names}))
        said = str(FORMAT_MESSAGE)  # in the request's language
        shown = {}
        for n in names:
            errors = ["<format>" if str(e) == said else str(e) for e in form[n].errors]
            shown[n] = (errors, form[n]._value())
        return shown


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
@pytest.mark.parametrize("typed", ["2026", "12,50", "2026-01-02", "x" * 20, "é" * 50, "x" * 3000])
def test_an_invisible_character_in_any_box_changes_nothing_but_the_message_about_it(
    app, form_class, typed
):
    """A soft hyphen or zero-width space in a number, an amount, a date or a text at its
    length limit (issue: the ceilings form lost a year typed with a soft hyphen): the box
    comes back without it, with the same errors as without it plus the one saying it was
    taken out; never "too long" for a character nobody sees, never the year as sent."""
    plain = _errors_of_text_boxes(app, form_class, typed)
    for char in ("\u00ad", "\u200b", "\ufeff", "\u202e"):
        hidden = f"{char}{typed[:2]}{char}{typed[2:]}{char}"
        with_char = _errors_of_text_boxes(app, form_class, hidden)
        for name, (errors, shown) in with_char.items():
            expected = [*plain[name][0], "<format>"]
            where = f"{form_class.__name__}.{name} with U+{ord(char):04X}"
            assert errors == expected, where
            assert shown == plain[name][1], where
