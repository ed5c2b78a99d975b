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
from burgerplatform.core.forms import SINGLE_LINE_MESSAGE, BaseForm, is_single_line


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


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_one_line_field_refuses_a_line_break(app, form_class):
    with app.test_request_context(method="POST"):
        probe = form_class(formdata=None, meta={"csrf": False})
        names = [name for name, field in probe._fields.items() if is_single_line(field)]
        if not names:
            pytest.skip("no one-line text field")
        data = MultiDict(
            {probe[name].name: "Line one\r\nBcc: someone@example.org" for name in names}
        )
        form = form_class(formdata=data, meta={"csrf": False})
        for field in form:
            if getattr(field, "choices", None) is None and hasattr(field, "choices"):
                field.choices = []
        form.validate()
        for name in names:
            assert str(SINGLE_LINE_MESSAGE) in [str(e) for e in form[name].errors], (
                f"{form_class.__name__}.{name} accepts a line break"
            )


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
