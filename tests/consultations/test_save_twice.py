"""Every form that edits something can be saved again, with a change: the second save
shows the change and never an error page.

To add a form: write a function that returns an `Edit` for a staged round and decorate it
with `@edit_form(phase, endpoint, seated=...)`; the test below runs it. The endpoint ties
it to the app's URL map: tests/core/test_every_edit_form.py checks that every POST route
is an edit form saved twice (here or there) or is said not to be one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db


@dataclass
class Edit:
    who: str  # e-mail of the person who saves
    url: str
    saves: list[dict]  # the form sent each time (the second with a change)
    read: Callable[[], object]  # what is stored now
    expected: list[object]  # what `read` gives after each save


EDIT_FORMS: dict[str, tuple[str, bool, Callable, str]] = {}


def edit_form(phase: str, endpoint: str, seated: bool = True):
    def register(fn):
        EDIT_FORMS[fn.__name__] = (phase, seated, fn, endpoint)
        return fn

    return register


def _values(staged, key: str):
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    zone = db.session.get(Zone, staged.setup.zone_id)
    return next(c for c in pool.categories(zone) if c.key == key)


@edit_form("co_define", "consultations.group", seated=False)
def group_rules(app, staged):
    from burgerplatform.consultations.models import Round

    with app.app_context():
        # A municipality, not a sensitive answer: a quota on one of those needs classes of
        # five people to be saved (test_quota_probing.py), more than this pool of 6 has.
        carers = _values(staged, "municipality").values[0].id
        elderly = _values(staged, "age_band").values[-1].id
    rules = {"rotation_rounds": "0", "rotation_months": "0", "reply_days": "10"}

    def read():
        with app.app_context():
            round_ = db.session.get(Round, staged.round_id)
            return round_.group_size, sorted((q.value_id, q.min, q.max) for q in round_.quotas)

    return Edit(
        staged.setup.staff_email,
        f"{staged.base}/group",
        [
            {**rules, "group_size": "3", f"min_{carers}": "1", f"max_{carers}": "2"},
            # Only the size changes; then one quota changes and another is added.
            {**rules, "group_size": "4", f"min_{carers}": "1", f"max_{carers}": "2"},
            {
                **rules,
                "group_size": "4",
                f"min_{carers}": "1",
                f"max_{carers}": "",
                f"max_{elderly}": "1",
            },
        ],
        read,
        [
            (3, [(carers, 1, 2)]),
            (4, [(carers, 1, 2)]),
            (4, sorted([(carers, 1, 4), (elderly, 0, 1)])),
        ],
    )


@edit_form("co_define", "consultations.edit_round", seated=False)
def round_texts(app, staged):
    from burgerplatform.consultations.models import Round

    def read():
        with app.app_context():
            round_ = db.session.get(Round, staged.round_id)
            return round_.title, round_.question_draft

    form = {
        "title": "Vervoer naar de huisarts",
        "question": "Hoe geraken mensen zonder auto bij de dokter?",
        "background": "",
        "asked_by": "PZON-cluster",
        "deadline": "",
    }
    changed = {**form, "title": "Vervoer naar de huisarts en het ziekenhuis"}
    return Edit(
        staged.setup.staff_email,
        f"{staged.base}/edit",
        [form, changed],
        read,
        [(form["title"], form["question"]), (changed["title"], form["question"])],
    )


@edit_form("co_define", "pool.join", seated=False)
def pool_answers(app, staged):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember

    with app.app_context():
        age = _values(staged, "age_band")
        lived = _values(staged, "lived_experience")
        place = _values(staged, "municipality")
        age_id, lived_ids, place_id = age.id, [v.id for v in lived.values], place.id
        young, old = age.values[0].id, age.values[-1].id
        first_place = place.values[0].id
    email = staged.setup.members[0]

    def read():
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == user.id))
            return sorted(a.value_id for a in member.answers)

    base = {"consent": "y", f"cat_{place_id}": str(first_place)}
    return Edit(
        email,
        f"/{staged.setup.slug}/pool/",
        [
            {**base, f"cat_{age_id}": str(young), f"cat_{lived.id}": [str(lived_ids[0])]},
            # The same place and one of the same answers stay: only the age changes.
            {**base, f"cat_{age_id}": str(old), f"cat_{lived.id}": [str(i) for i in lived_ids[:2]]},
        ],
        read,
        [
            sorted([first_place, young, lived_ids[0]]),
            sorted([first_place, old, *lived_ids[:2]]),
        ],
    )


@edit_form("co_draft", "consultations.edit_recommendation")
def recommendation_text(app, staged):
    from burgerplatform.consultations.models import Recommendation

    def read():
        with app.app_context():
            rec = db.session.get(Recommendation, staged.rec_id)
            return rec.body, len(rec.versions), [c.id for c in rec.sources]

    return Edit(
        staged.members[0],
        f"{staged.base}/recommendations/{staged.rec_id}/edit",
        [
            {
                "title": "Buurtauto",
                "body": "Steun een buurtauto.",
                "sources": [str(staged.online_id)],
            },
            {
                "title": "Buurtauto",
                "body": "Steun een buurtauto en de belbus.",
                "sources": [str(staged.online_id), str(staged.offline_id)],
            },
        ],
        read,
        [
            ("Steun een buurtauto.", 1, [staged.online_id]),
            ("Steun een buurtauto en de belbus.", 2, [staged.online_id, staged.offline_id]),
        ],
    )


@edit_form("co_draft", "consultations.unused")
def reason_input_not_used(app, staged):
    from burgerplatform.consultations.models import Contribution

    def read():
        with app.app_context():
            return db.session.get(Contribution, staged.offline_id).unused_reason

    prefix = f"u{staged.offline_id}-reason"
    return Edit(
        staged.setup.staff_email,
        f"{staged.base}/contributions/{staged.offline_id}/unused",
        [{prefix: "Buiten het onderwerp"}, {prefix: "Doorgegeven aan de gemeente"}],
        read,
        ["Buiten het onderwerp", "Doorgegeven aan de gemeente"],
    )


@edit_form("submitted", "consultations.outcome")
def zorgraad_answer(app, staged):
    from burgerplatform.consultations.models import Recommendation

    def read():
        with app.app_context():
            rec = db.session.get(Recommendation, staged.rec_id)
            return rec.outcome.value, rec.outcome_reason

    p = f"o{staged.rec_id}-"
    return Edit(
        staged.zorgraad_email,
        f"{staged.base}/recommendations/{staged.rec_id}/outcome",
        [
            {p + "outcome": "adopted", p + "reason": "Goed idee."},
            {p + "outcome": "adapted", p + "reason": "In twee gemeenten."},
        ],
        read,
        [("adopted", "Goed idee."), ("adapted", "In twee gemeenten.")],
    )


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_every_edit_form_can_be_saved_again_with_a_change(app, client, staged_round, name):
    phase, seated, build, _endpoint = EDIT_FORMS[name]
    staged = staged_round(phase, seated=seated)
    edit = build(app, staged)
    client.login(edit.who)
    # A URL only the form posts to, opened as a page, leads to the form's page (303).
    assert client.get(edit.url).status_code in (200, 303), edit.url
    for number, (data, expected) in enumerate(zip(edit.saves, edit.expected, strict=True), 1):
        response = client.post(edit.url, data)
        html = response.get_data(as_text=True)
        assert response.status_code == 302, (name, number, response.status_code, html[:3000])
        assert edit.read() == expected, (name, number)
