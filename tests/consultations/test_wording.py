"""Dutch as a reader expects it: a count agrees with its noun, "tekens" (not
"karakters"), "ermee"; no "None of these: 0" row; the API gives stable codes with
labels in the reader's language."""

from __future__ import annotations

import re

from flask_babel import force_locale, gettext

from burgerplatform.extensions import db


def _value(app, staged, category_key: str, label: str) -> int:
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, staged.setup.zone_id)
        category = next(c for c in pool.categories(zone) if c.key == category_key)
        value_id = next(v.id for v in category.values if v.label == label)
        db.session.remove()
    return value_id


def test_a_quota_of_one_nobody_in_the_pool_meets_never_says_1_mensen(
    app, make_client, staged_round
):
    staged = staged_round("co_define", seated=False)
    nobody = _nobody_has(app, staged)
    client = make_client()
    client.login(staged.setup.staff_email)
    rules = {"group_size": "2", "rotation_rounds": "0", "rotation_months": "0", "reply_days": "10"}
    response = client.post(f"{staged.base}/group", {**rules, f"min_{nobody}": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "1 mensen" not in html
    assert "maar in de pool heeft niemand dit antwoord." in html
    # A sensitive answer nobody has: saving does not look, so it says nothing at all.
    disability = _value(app, staged, "lived_experience", "I live with a disability")
    # A group of 1: with a sensitive quota, the 6 people are the group plus 5.
    alone = {**rules, "group_size": "1"}
    response = client.post(f"{staged.base}/group", {**alone, f"min_{disability}": "1"})
    assert response.status_code == 302


def _nobody_has(app, staged) -> int:
    """An answer that is not sensitive and that nobody in the pool gave."""
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolAnswer
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, staged.setup.zone_id)
        given = set(db.session.scalars(db.select(PoolAnswer.value_id)))
        value_id = next(
            v.id
            for c in pool.categories(zone)
            if c.for_quotas and not c.sensitive
            for v in c.values
            if v.id not in given
        )
        db.session.remove()
    return value_id


def test_a_text_too_long_counts_tekens_not_karakters(app, make_client, staged_round):
    staged = staged_round("co_define", seated=False)
    client = make_client()
    client.login(staged.setup.staff_email)
    response = client.post(
        f"/{staged.setup.slug}/rounds/new", {"title": "x" * 201, "question": "Wat?"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "karakter" not in html
    assert "Gebruik hoogstens 200 tekens." in html


def test_the_follow_up_mail_says_ermee(app):
    msgid = (
        "You gave us your input about “%(title)s” (%(event)s). Thank you. "
        "Here is what happened with it."
    )
    with app.test_request_context(), force_locale("nl"):
        text = gettext(msgid, title="x", event="y")
    assert "ermee gebeurd" in text and "er mee" not in text


def test_the_pool_in_numbers_never_shows_none_of_these_0_a_sensitive_row_reads_fewer_than_5(
    app, make_client, staged_round
):
    # "Geen van deze: 0" read as an error. The row cannot simply be left out while nobody
    # chose it (lived experience is sensitive: its appearing would tell that someone
    # did), so it shows, as "minder dan 5".
    staged = staged_round("co_define", seated=False)
    client = make_client()
    client.login(staged.setup.staff_email)
    html = client.get(f"/{staged.setup.slug}/pool/overview").get_data(as_text=True)
    assert re.search(r'<th scope="row">Geen van deze</th><td>minder dan 5</td>', html)
    assert not re.search(r'<th scope="row">Geen van deze</th><td>0</td>', html)
    assert "Ik leef met een beperking" in html or "beperking" in html


def test_the_api_gives_quota_codes_and_labels_in_the_readers_language(
    app, make_client, staged_round
):
    from burgerplatform.consultations.models import Quota

    staged = staged_round("co_define", seated=False)
    none = _value(app, staged, "lived_experience", "None of these")
    with app.app_context():
        db.session.add(Quota(round_id=staged.round_id, value_id=none, min=0, max=1))
        db.session.commit()
    client = make_client()
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    data = client.get(f"/api/v1/zones/{staged.setup.slug}/rounds").get_json()
    items = data["items"] if isinstance(data, dict) else data
    quota = next(r for r in items if r["id"] == staged.round_id)["quotas"][0]
    assert quota["category"] == "lived_experience"
    assert quota["value"] == "none_of_these"
    assert quota["value_label"] == "Geen van deze"
    assert re.fullmatch(r"[a-z0-9_]+", quota["value"])
