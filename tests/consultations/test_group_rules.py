"""The rules of the klankbordgroep: staff can change them until the group is drawn, and
quotas that can never be met are refused at once."""

from __future__ import annotations

import html as html_lib
import re

from sqlalchemy import select

from burgerplatform.extensions import db
from tests.consultations.conftest import draw_form, run_jobs
from tests.consultations.test_published_draw import pick


def _ids(app, setup, *wanted):
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.app_context():
        cats = {c.key: c for c in pool.categories(db.session.get(Zone, setup.zone_id))}
        return [cats[key].values[i].id for key, i in wanted]


def _rules(size: int, **quotas) -> dict:
    return {
        "group_size": str(size),
        "rotation_rounds": "0",
        "rotation_months": "0",
        "reply_days": "10",
        **{k: str(v) for k, v in quotas.items()},
    }


def test_after_a_failed_draw_staff_change_the_quotas_and_draw_again(
    app, client, pool_zone, make_round
):
    from burgerplatform.consultations.models import DrawRecord, DrawStatus

    setup = pool_zone(20)
    round_id = make_round(setup, size=2)
    # Every pool member with a chronic illness lives in the first municipality: two seats
    # cannot hold two of them and two of the second municipality. Chronic illness is a
    # sensitive answer, so saving does not look at who has it: only the draw finds out,
    # and says so without naming the quota or a count.
    second, chronic = _ids(app, setup, ("municipality", 1), ("lived_experience", 0))
    url = f"/{setup.slug}/rounds/{round_id}/group"
    client.login(setup.staff_email)
    saved = client.post(url, _rules(2, **{f"min_{second}": 2, f"min_{chronic}": 2}))
    assert saved.status_code == 302
    draw_url = f"/{setup.slug}/rounds/{round_id}/draw"
    assert client.post(draw_url, draw_form("de zorgraad")).status_code == 302
    run_jobs(app)
    with app.app_context():
        failed = db.session.scalar(select(DrawRecord).where(DrawRecord.round_id == round_id))
        assert failed.status is DrawStatus.FAILED
    page = client.get(f"/{setup.slug}/rounds/{round_id}/draws/{failed.id}").get_data(as_text=True)
    assert "De pool kan deze quota niet samen halen." in page
    assert "samen 4 plaatsen" not in page
    # The page says to adjust the quotas: that works, and the next draw makes the group.
    again = client.post(url, _rules(2, **{f"min_{second}": 1, f"min_{chronic}": 1}))
    assert again.status_code == 302, again.get_data(as_text=True)[:2000]
    assert client.post(draw_url, draw_form("de zorgraad")).status_code == 302
    run_jobs(app)
    with app.app_context():
        published = db.session.scalars(
            select(DrawRecord).where(DrawRecord.round_id == round_id).order_by(DrawRecord.id)
        ).all()[-1]
        assert published.status is DrawStatus.PUBLISHED
    base = f"/{setup.slug}/rounds/{round_id}"
    assert pick(client, base, published.id, "4").status_code == 302
    with app.app_context():
        records = db.session.scalars(
            select(DrawRecord).where(DrawRecord.round_id == round_id).order_by(DrawRecord.id)
        ).all()
        assert [r.status for r in records] == [DrawStatus.FAILED, DrawStatus.DONE]
        assert len(records[-1].selected) == 2


def test_a_refused_write_shows_an_error_page_with_a_way_back_not_maintenance(
    app, client, make_user, monkeypatch
):
    """A broken constraint is our bug, not an outage: the 500 page with the site's header
    and a link home, logged; only an unreachable database gives the maintenance page."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from burgerplatform.core import errors
    from burgerplatform.core.permissions import PUBLIC, requires

    # The error log itself (not caplog: another test in the same worker may have changed
    # the logging setup, which made this check depend on the order of the tests).
    logged = []
    monkeypatch.setattr(errors.log, "error", lambda *args, **kw: logged.append((args, kw)))

    def broken(kind):
        @requires(PUBLIC)
        def view():
            raise kind("INSERT INTO round_quotas", {}, Exception("UNIQUE constraint failed"))

        return view

    app.view_functions["site.privacy"], original = (
        broken(IntegrityError),
        app.view_functions["site.privacy"],
    )
    try:
        response = client.get("/privacy")
        html = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Something went wrong on our side" in html
        assert "maintenance" not in html
        assert "<header" in html and 'href="/"' in html
        assert any("UNIQUE constraint failed" in str(kw.get("exc_info")) for _args, kw in logged), (
            logged
        )
        app.view_functions["site.privacy"] = broken(OperationalError)
        down = client.get("/privacy")
        assert down.status_code == 503
        assert "maintenance" in down.get_data(as_text=True)
    finally:
        app.view_functions["site.privacy"] = original


def test_quotas_the_pool_can_never_meet_are_refused_at_once_with_the_numbers(
    app, make_client, pool_zone, make_round
):
    from burgerplatform.consultations.models import Round

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    # 12 people: 6 in each municipality; 4 informal carers (a health answer, blurred).
    first, second, carers = _ids(
        app, setup, ("municipality", 0), ("municipality", 1), ("lived_experience", 1)
    )
    client = make_client()
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    client.login(setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    typed = _rules(8, **{f"min_{first}": 7, f"min_{carers}": 5, f"min_{second}": 2})
    response = client.post(url, typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Eeklo’, maar de pool heeft 6 mensen met dit antwoord (1 te weinig)." in html
    # The carers (4) are a sensitive answer: saving does not look how many there are, so
    # "at least 5" is not refused for them (only the draw can find it too strict).
    assert "mantelzorger)’, maar" not in html_lib.unescape(html)
    assert "groepjes van 5" not in html
    # A question with one answer per person: its minimums cannot exceed the seats.
    too_many = client.post(url, _rules(3, **{f"min_{first}": 2, f"min_{second}": 2}))
    assert "samen 4" in too_many.get_data(as_text=True)
    too_big = client.post(url, _rules(3, **{f"min_{first}": 4}))
    assert "maar de groep heeft maar 3 plaatsen" in too_big.get_data(as_text=True)
    # What was typed stays, and nothing was saved.
    assert 'value="7"' in html and 'value="8"' in html
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.group_size == 3 and round_.quotas == []


def test_a_group_larger_than_the_people_a_draw_can_pick_today_is_said_when_saved(
    app, pool_zone, make_round
):
    """The rules save (the pool may still grow before the draw), but never silently: the
    staff hear at once how many seats and how many people a draw can pick today, the
    count of the quota table (not the pool's size: here 2 of 6 have not agreed to the
    current text)."""
    from burgerplatform.consultations.models import PoolMember, Round
    from tests.conftest import Client

    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    with app.app_context():
        members = db.session.scalars(
            select(PoolMember).where(PoolMember.zone_id == setup.zone_id).order_by(PoolMember.id)
        ).all()
        for member in members[:2]:
            member.consent_version = "2000-01"
        db.session.commit()
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    page = staff.get(url).get_data(as_text=True)
    assert "Mensen in de pool die voor deze groep geloot kunnen worden: 4." in page

    warned = staff.post(url, _rules(5), follow_redirects=True).get_data(as_text=True)
    assert (
        "De regels zijn opgeslagen, maar de groep heeft 5 plaatsen terwijl vandaag maar 4 "
        "mensen geloot kunnen worden" in warned
    )
    assert "De regels van de groep zijn opgeslagen." not in warned
    # Saved, so a warning (said in words, not only by colour), never an error.
    (shown,) = re.findall(r'<p class="flash flash-(\w+)">(.*?)</p>', warned, re.S)
    assert shown[0] == "warning"
    assert shown[1].startswith('<strong class="flash-label">Let op:</strong> De regels')
    with app.app_context():
        assert db.session.get(Round, round_id).group_size == 5

    fits = staff.post(url, _rules(4), follow_redirects=True).get_data(as_text=True)
    assert "De regels van de groep zijn opgeslagen." in fits
    assert "De regels zijn opgeslagen, maar" not in fits
