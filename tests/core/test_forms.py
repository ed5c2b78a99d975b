"""One way to handle a submitted form: `core.forms.handle`, `form_error`, `form_status`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask import get_flashed_messages, session
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import Optional

import burgerplatform
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    form_error,
    form_status,
    handle,
)

PACKAGE = Path(burgerplatform.__file__).parent


class NameForm(BaseForm):
    class Meta:
        csrf = False

    name = StringField("Name")
    note = StringField("Note")


def _post(app, data):
    return app.test_request_context("/", method="POST", data=data)


def test_a_refusal_shows_next_to_the_field_it_names_and_the_page_answers_400(app):
    with _post(app, {"name": "x"}):
        form = NameForm()
        assert form.validate_on_submit()
        form_error(form, DomainError("Taken.", field="name"))
        assert form.name.errors == ["Taken."]
        assert form.messages == []
        assert form_status(form) == 400


def test_a_refusal_without_a_field_shows_at_the_top_of_the_form(app):
    with _post(app, {"name": "x"}):
        form = NameForm()
        form.validate_on_submit()
        form_error(form, DomainError("No."))
        assert form.messages == ["No."]
        # With `top`, at the top even when it names a field.
        form_error(form, DomainError("Taken.", field="name"), top=True)
        assert form.messages == ["No.", "Taken."]
        assert form.name.errors == []
        # `field` is where it goes when the error names none.
        form_error(form, DomainError("Also no."), field="note")
        assert form.note.errors == ["Also no."]


def test_a_refusal_for_a_step_that_is_over_shows_at_the_top_of_the_page(app):
    with _post(app, {"name": "x"}):
        form = NameForm()
        form.validate_on_submit()
        form_error(form, PhaseError("Too late.", field="name"))
        assert form.name.errors == []
        assert form.refused
        assert form_status(form) == 400
        assert get_flashed_messages(with_categories=True) == [("error", "Too late.")]


def test_a_page_with_untouched_forms_answers_200(app):
    with app.test_request_context("/"):
        assert form_status(NameForm(), None) == 200


def test_a_submitted_form_is_done_flashed_and_redirected(app):
    with _post(app, {"name": "Ann"}):
        form = NameForm()
        response = handle(
            form,
            lambda: form.name.data.upper(),
            done=lambda result: f"Saved {result}.",
            then=lambda result: f"/people/{result}",
            page=lambda status: ("page", status),
        )
        assert response.status_code == 302
        assert response.location == "/people/ANN"
        assert get_flashed_messages() == ["Saved ANN."]


def test_a_refused_form_comes_back_with_what_was_typed_and_400(app):
    def refuse():
        raise DomainError("Taken.", field="name")

    with _post(app, {"name": "Ann"}):
        form = NameForm()
        page = handle(form, refuse, done="Saved.", then="/", page=lambda s: (form, s))
        assert page == (form, 400)
        assert form.name.data == "Ann"
        assert form.name.errors == ["Taken."]
        assert get_flashed_messages() == []


def test_a_form_page_opened_with_get_answers_200_and_runs_nothing(app):
    with app.test_request_context("/"):
        form = NameForm()
        ran = []
        assert handle(form, lambda: ran.append(1), then="/", page=lambda s: s) == 200
        assert ran == []


# --- The whole kind: no view module handles a refused form its own way again ----------


def _view_modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name.startswith("views"))


def test_no_view_computes_the_status_of_a_form_by_hand():
    by_hand = re.compile(r"\b400 if\b")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in _view_modules()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line)
    ]
    assert not found, "use core.forms.form_status (or handle): " + ", ".join(found)


def _touches_form_errors(node: ast.AST) -> bool:
    """Writes a form's `.errors`/`.messages` or reads a DomainError's `.field`."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in ("errors", "messages", "field"):
            return True
    return False


def _catches_domain_error(handler: ast.ExceptHandler) -> bool:
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        isinstance(n, ast.Name | ast.Attribute)
        and (n.id if isinstance(n, ast.Name) else n.attr) in ("DomainError", "PhaseError")
        for n in names
    )


def test_no_view_module_turns_a_domain_error_into_a_form_error_itself():
    """`core.forms.form_error` is the one place; copies grew apart (some forgot that
    a step that is over is said at the top of the page)."""
    found = []
    for path in _view_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type and _catches_domain_error(node):
                if any(_touches_form_errors(stmt) for stmt in node.body):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.FunctionDef | ast.Lambda) and _copies_form_error(node):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, "use core.forms.form_error (or handle): " + ", ".join(found)


def _copies_form_error(node) -> bool:
    """A function taking (form, error) that reads `error.field` or `error.message`."""
    args = [a.arg for a in node.args.args]
    if "error" not in args or not any("form" in a for a in args):
        return False
    return any(
        isinstance(sub, ast.Attribute)
        and sub.attr in ("field", "message")
        and isinstance(sub.value, ast.Name)
        and sub.value.id == "error"
        for sub in ast.walk(node)
    )


def test_no_view_module_imports_a_private_name_of_another_view_module():
    found = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.rsplit(".", 1)[-1].startswith("views")
            ):
                found += [
                    f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert not found, "make it public (core.forms, or the module's own API): " + ", ".join(found)


# --- `once`: a form that creates something does it once per one-time key ---------------


def test_a_creating_form_sent_twice_creates_once_and_leads_to_the_first_result(app):
    from burgerplatform.core.forms import SENT_ALREADY, OnceForm

    class NoteForm(OnceForm):
        class Meta:
            csrf = False

        name = StringField("Name")

    made: list[str] = []
    with _post(app, {"name": "Ann", "form_key": "k" * 24}):
        for expected in (("success", "Saved."), ("info", str(SENT_ALREADY))):
            form = NoteForm()
            response = handle(
                form,
                lambda form=form: made.append(form.name.data) or len(made),
                done="Saved.",
                then=lambda number: f"/notes/{number}",
                page=lambda status: ("page", status),
                once=True,
            )
            assert response.location == "/notes/1"
            flashed = session.pop("_flashes", [])
            assert [(c, str(m)) for c, m in flashed] == [expected]
    assert made == ["Ann"]


def test_an_edit_form_with_a_key_saves_every_send(app):
    """Without `once` a key is ignored: an edit page sent again after a change keeps it."""
    from burgerplatform.core.forms import OnceForm

    class TitleForm(OnceForm):
        class Meta:
            csrf = False

        name = StringField("Name")

    saved = []
    for name in ("Ann", "Anna"):
        with _post(app, {"name": name, "form_key": "k" * 24}):
            form = TitleForm()
            handle(form, lambda form=form: saved.append(form.name.data), then="/", page=str)
    assert saved == ["Ann", "Anna"]


def test_a_button_runs_its_step_flashes_and_leads_on(app):
    from burgerplatform.core.forms import press

    app.config["WTF_CSRF_ENABLED"] = False
    try:
        with _post(app, {}):
            done = press(lambda: None, then="/next", done="Gedaan.", failed="/back")
            assert done.status_code == 302 and done.location == "/next"
            assert get_flashed_messages(with_categories=True) == [("success", "Gedaan.")]

        def refuse():
            raise DomainError("Dat kan niet meer.")

        with _post(app, {}):
            back = press(refuse, then="/next", done="Gedaan.", failed="/back")
            assert back.location == "/back"
            assert get_flashed_messages(with_categories=True) == [("error", "Dat kan niet meer.")]
        with _post(app, {}):
            page = press(refuse, then="/next", failed=lambda: ("de pagina", 400))
            assert page == ("de pagina", 400)
        with _post(app, {}):
            assert press(refuse, then="/next").location == "/next"
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_no_view_runs_a_button_step_and_flashes_its_refusal_by_hand():
    """A button's step goes through `core.forms.press`: a view that validates a
    ButtonForm and catches DomainError itself is a copy of it."""
    found = []
    for path in _view_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            source = ast.unparse(node)
            if "ButtonForm().validate_on_submit()" in source and "except DomainError" in source:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, "use core.forms.press: " + ", ".join(found)


@pytest.mark.parametrize(
    ("lang", "shown"), [("nl", "20.000"), ("en", "20,000"), ("fr", "20\u202f000")]
)
def test_a_length_limit_reads_with_the_languages_thousands_separator(app, lang, shown):
    from flask_babel import force_locale
    from wtforms import TextAreaField
    from wtforms.validators import Length

    from burgerplatform.core.forms import BaseForm

    class Long(BaseForm):
        body = TextAreaField(validators=[Length(max=20000)])

    with app.test_request_context(method="POST"), force_locale(lang):
        form = Long(formdata=MultiDict({"body": "x" * 20001}), meta={"csrf": False})
        assert not form.validate()
        assert shown in form.body.errors[0]
        assert "20000" not in form.body.errors[0]


class NumberForm(BaseForm):
    class Meta:
        csrf = False

    count = IntegerField("Count")


@pytest.mark.parametrize(
    "typed",
    ["2147483648", "999999999999999999", "-999999999999999999", "99999999999999999999", "1" * 60],
)
def test_a_number_no_database_column_holds_is_refused_with_what_was_typed(app, typed):
    """Whatever a field's own range: a number past an integer column is a form error,
    never a database error on saving (a 500) nor a number cut short."""
    with app.test_request_context("/?lang=nl", method="POST", data={"count": typed}):
        form = NumberForm()
        assert not form.validate_on_submit()
        assert form.count.data is None
        assert form.count.errors == [
            "Zo'n lang getal kunnen we niet gebruiken. Kijk het na en vul het opnieuw in."
        ]
        assert f'value="{typed}"' in str(form.count())


class OptionalNumberForm(BaseForm):
    class Meta:
        csrf = False

    percent = IntegerField("Percent", validators=[Optional(), NumberRange(0, 100)])


@pytest.mark.parametrize("typed", ["", "  "])
def test_an_optional_number_left_empty_is_no_error(app, typed):
    """Every optional number field (a progress update's percentage, …) is this shared
    field: left empty it is taken as empty, as `Optional` says, not refused as "not a
    number" (the check on numbers too long once did, and the progress form failed)."""
    with _post(app, {"percent": typed}):
        form = OptionalNumberForm()
        assert form.validate_on_submit(), form.errors
        assert form.percent.data is None


def test_the_largest_number_a_column_holds_is_taken(app):
    with _post(app, {"count": "2147483647"}):
        form = NumberForm()
        assert form.validate_on_submit()
        assert form.count.data == 2147483647


def _integer_fields() -> list[tuple[str, ast.Call]]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "IntegerField":
                found.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node))
    return found


def _has_bounded_range(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg != "validators" or not isinstance(keyword.value, ast.List):
            continue
        for validator in keyword.value.elts:
            if not isinstance(validator, ast.Call):
                continue
            if getattr(validator.func, "id", None) != "NumberRange":
                continue
            named = {k.arg for k in validator.keywords}
            if len(validator.args) >= 2 or {"min", "max"} <= named:
                return True
            if len(validator.args) == 1 and "max" in named:
                return True
    return False


def test_every_number_field_of_every_form_has_its_own_range():
    """A year, a number of days or of seats: each number field says what makes sense for
    it (`NumberRange(min, max)`), so a mistyped 20260 is an error on the form and the
    browser shows the range (`min`, `max`)."""
    fields = _integer_fields()
    assert len(fields) >= 10
    unbounded = [where for where, call in fields if not _has_bounded_range(call)]
    assert not unbounded, "give these a NumberRange(min, max): " + ", ".join(unbounded)


class RangedForm(BaseForm):
    class Meta:
        csrf = False

    seats = IntegerField("Seats", validators=[NumberRange(1, 100000)])
    least = IntegerField("Least", validators=[Optional(), NumberRange(min=2)])
    most = IntegerField("Most", validators=[Optional(), NumberRange(max=7)])


@pytest.mark.parametrize(
    ("lang", "seats", "least", "most"),
    [
        ("nl", "Vul een getal van 1 tot 100.000 in.", "Vul een getal van minstens 2 in.",
         "Vul een getal van hoogstens 7 in."),
        ("fr", "Indiquez un nombre de 1 à 100\u202f000.", "Indiquez un nombre d’au moins 2.",
         "Indiquez un nombre de 7 au plus."),
        ("en", "Fill in a number from 1 to 100,000.", "Fill in a number of at least 2.",
         "Fill in a number of at most 7."),
    ],
)  # fmt: skip
def test_a_number_out_of_its_range_is_told_in_the_readers_words_and_number_format(
    app, lang, seats, least, most
):
    """WTForms' own message read "Nummer moet tussen 1 en 50 liggen" and wrote 100000."""
    data = {"seats": "0", "least": "1", "most": "8"}
    headers = {"Accept-Language": lang}
    with app.test_request_context("/", method="POST", data=data, headers=headers):
        form = RangedForm()
        assert not form.validate_on_submit()
        assert [form.seats.errors, form.least.errors, form.most.errors] == [
            [seats],
            [least],
            [most],
        ]


def test_no_form_uses_wtforms_own_number_range():
    """Every range check is `core.forms.NumberRange` (our words), never WTForms' own."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "wtforms.validators":
                if any(alias.name == "NumberRange" for alias in node.names):
                    offenders.append(str(path.relative_to(PACKAGE)))
            if isinstance(node, ast.Attribute) and node.attr == "NumberRange":
                if str(path.relative_to(PACKAGE)) != "core/forms.py":
                    offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders
