"""Whole-number boxes: the browser must not rewrite what is typed. An
`<input type="number">` let Chromium turn "1,5" into 15 and send that, saved without a
word; every whole-number field of every form is a text box with a numeric keyboard, and
the server refuses what is not a whole number, with the typed text kept."""

from __future__ import annotations

import re

import pytest
import wtforms
from werkzeug.datastructures import MultiDict

from tests.security.test_hostile_input import _form_classes

TYPED = ["1,5", "1.5", "12,0", "2.", " 1,5 "]


def _whole_number_fields(app):
    """(label, form class, field name) of every whole-number field of the app."""
    classes, (factory, factory_args) = _form_classes()
    with app.test_request_context(method="POST"):
        classes.add(type(factory(*factory_args, formdata=None)))
    found = []
    for cls in sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            if isinstance(unbound, wtforms.fields.core.UnboundField) and issubclass(
                unbound.field_class, wtforms.IntegerField
            ):
                found.append((f"{cls.__module__}.{cls.__qualname__}.{name}", cls, unbound))
    return found


def test_every_whole_number_field_is_a_numeric_text_box_and_refuses_a_decimal(app):
    from burgerplatform.core.forms import BaseForm
    from burgerplatform.core.forms import IntegerField as OurIntegerField

    fields = _whole_number_fields(app)
    assert len(fields) >= 10, [label for label, _c, _u in fields]
    wrong = []
    for label, _cls, unbound in fields:
        if not issubclass(unbound.field_class, OurIntegerField):
            wrong.append(f"{label}: WTForms' own IntegerField")
            continue
        name = label.rsplit(".", 1)[1]
        probe = type("Probe", (BaseForm,), {name: unbound})
        for typed in TYPED:
            with app.test_request_context("/?lang=nl", method="POST"):
                form = probe(formdata=MultiDict({name: typed}), meta={"csrf": False})
                valid = form.validate()
                field = form[name]
                html = str(field())
            if valid or field.errors != ["Vul een heel getal in."]:
                wrong.append(f"{label} took {typed!r}: {field.data!r} {field.errors}")
            if not re.search(r'type="text"', html) or 'inputmode="numeric"' not in html:
                wrong.append(f"{label} is not a numeric text box: {html}")
            if f'value="{typed}"' not in html:
                wrong.append(f"{label} did not show {typed!r} back: {html}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_refusal_of_a_decimal_is_in_the_readers_language(app, lang):
    from burgerplatform.core.forms import BaseForm, IntegerField

    class Count(BaseForm):
        count = IntegerField("Count")

    expected = {
        "nl": "Vul een heel getal in.",
        "fr": "Indiquez un nombre entier.",
        "en": "Fill in a whole number.",
    }
    from flask_babel import force_locale

    with app.test_request_context(method="POST"), force_locale(lang):
        form = Count(formdata=MultiDict({"count": "1,5"}), meta={"csrf": False})
        assert not form.validate()
        assert form.count.errors == [expected[lang]]


def test_no_template_asks_for_a_number_input():
    from pathlib import Path

    templates = Path(__file__).parents[2] / "templates"
    found = [
        str(p.relative_to(templates))
        for p in templates.rglob("*.html")
        if re.search(r"""type=["']number["']""", p.read_text())
    ]
    assert not found, found
