"""A form sent again leads to what its first send made (core.forms.create_once) — unless
that thing is gone since (a library case withdrawn): then the earlier send is forgotten
and this send makes it anew, instead of leading to a page that is gone and losing what
was typed. The rule is core.forms' own, for every module that says which of its pages
show such a thing (`result_page`)."""

from __future__ import annotations

import pytest
from flask_login import login_user
from sqlalchemy import select

from burgerplatform.core import forms
from burgerplatform.extensions import db

KEY = "same-key-0123456789abcdef"
PAGE = "/my-participation"  # stands for the page of what the form made


def _Form() -> forms.OnceForm:  # noqa: N802 - stands for a module's form class
    """A form that creates something (no subclass: tests/core/test_sent_twice lists those)."""
    return forms.OnceForm(meta={"csrf": False})


@pytest.fixture
def still_there(monkeypatch):
    """A result page of our own, whose thing exists while `state["there"]`."""
    state = {"there": True}
    monkeypatch.setitem(forms._RESULT_PAGES, "site.participation", lambda args: state["there"])
    return state


def _send(
    app, user_id: int, text: str, made: list[str], key: str = KEY
) -> tuple[str, bool, str | None]:
    """One POST of the form by the person: what sent_before says, then create_once."""
    from burgerplatform.accounts.models import User

    data = {"form_key": key, "text": text}
    with app.test_request_context("/send", method="POST", data=data):
        login_user(db.session.get(User, user_id))

        def create() -> str:
            made.append(text)
            return PAGE

        before = forms.sent_before(_Form())  # as a view asks before the form is handled
        url, fresh = forms.create_once(_Form(), create)
        db.session.commit()
    return url, fresh, before


@pytest.mark.parametrize("key", [KEY, "another-key-0123456789abcd"])
def test_a_send_repeated_after_its_result_is_gone_makes_it_anew(app, make_user, still_there, key):
    """Both ways a send counts as repeated: its one-time key, and the same text within
    minutes with a fresh key (the back button)."""
    user = make_user()
    made: list[str] = []
    assert _send(app, user.id, "Soep", made)[:2] == (PAGE, True)
    # Repeated while the thing is there: it leads there, nothing is made twice.
    url, fresh, before = _send(app, user.id, "Soep", made)
    assert (url, fresh, before) == (PAGE, False, PAGE) and made == ["Soep"]
    still_there["there"] = False
    url, fresh, before = _send(app, user.id, "Soep", made, key)
    assert before is None
    # Gone: made anew; the new thing is what the next send leads to.
    assert (url, fresh) == (PAGE, True) and made == ["Soep", "Soep"]
    still_there["there"] = True
    assert _send(app, user.id, "Soep", made, key) == (PAGE, False, PAGE)
    assert made == ["Soep", "Soep"]
    with app.app_context():
        rows = db.session.scalars(
            select(forms.UsedFormKey).where(forms.UsedFormKey.user_id == user.id)
        ).all()
        assert rows and all(r.url == PAGE for r in rows)
        db.session.remove()


def test_sent_before_forgets_a_send_whose_result_is_gone(app, make_user, still_there):
    user = make_user()
    made: list[str] = []
    _send(app, user.id, "Soep", made)
    still_there["there"] = False
    from burgerplatform.accounts.models import User

    with app.test_request_context("/send", method="POST", data={"form_key": KEY, "text": "x"}):
        login_user(db.session.get(User, user.id))
        assert forms.sent_before(_Form()) is None
        db.session.commit()
    with app.app_context():
        assert not db.session.scalar(
            select(forms.UsedFormKey.key).where(forms.UsedFormKey.key == f"{user.id}:{KEY}")
        )
        db.session.remove()


def test_a_page_that_is_no_result_page_is_never_forgotten(app, make_user, monkeypatch):
    """Only the pages a module names: another page is led to as before."""
    monkeypatch.setattr(forms, "_RESULT_PAGES", {})
    user = make_user()
    made: list[str] = []
    _send(app, user.id, "Soep", made)
    assert _send(app, user.id, "Soep", made)[:2] == (PAGE, False)
    assert made == ["Soep"]


def test_every_result_page_is_a_page_of_the_app(app):
    """A module's `result_page` names an endpoint that exists (not a typo), and the
    library's withdrawn cases are among them."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert "library.show" in forms._RESULT_PAGES
    assert set(forms._RESULT_PAGES) <= endpoints
