"""A round's themes through the pages: staff run the search, merge, move, split, link a
recommendation; the round page shows each confirmed theme and what became of it; who may
do which (by role and by zone); bad input is refused and nothing is saved."""

from __future__ import annotations

from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.themes.conftest import run_jobs


def _staff(make_client, t):
    client = make_client()
    client.login(t.staff)
    return client


def _grouped(app, make_client, themed, phase="co_draft"):
    t = themed(phase=phase)
    client = _staff(make_client, t)
    response = client.post(f"{t.base}/run")
    assert response.status_code == 302
    run_jobs(app)
    return t, client


def _themes(app, t):
    from burgerplatform.consultations.models import Round
    from burgerplatform.themes import services

    with app.app_context():
        found = [
            (th.id, th.name, th.confirmed, sorted(i.id for i in th.items))
            for th in services.themes_of(db.session.get(Round, t.staged.round_id))
        ]
        db.session.remove()
        return found


def test_staff_run_the_search_and_see_themes_with_words_and_typical_input(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    page = client.get(t.base).get_data(as_text=True)
    assert "Themes in the input" in page and "Done" in page
    assert "27 pieces of input" in page
    assert "Typical input:" in page and "To check" in page
    for theme_id, *_ in _themes(app, t):
        assert f"/themes/{theme_id}" in page


def test_staff_merge_two_themes_move_input_and_link_a_recommendation(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    (a, _, _, a_items), (b, _, _, b_items), *_ = _themes(app, t)
    assert client.post(f"{t.base}/{a}/merge", {"target": b}).status_code == 302
    merged = {th[0]: th for th in _themes(app, t)}
    assert a not in merged and merged[b][3] == sorted(a_items + b_items) and merged[b][2]

    other = next(th for th in _themes(app, t) if th[0] != b)
    item = merged[b][3][0]
    response = client.post(f"{t.base}/items/{item}/move", {f"item-{item}-target": other[0]})
    assert response.status_code == 302
    assert item in {th[0]: th for th in _themes(app, t)}[other[0]][3]

    assert client.post(f"{t.base}/{b}/link", {"recommendation": t.staged.rec_id}).status_code == 302
    page = client.get(f"{t.base}/{b}").get_data(as_text=True)
    assert "Buurtauto" in page and "Confirmed" in page
    # The recommendation names the theme it answers: input → theme → recommendation.
    rec_page = client.get(f"{t.staged.base}/recommendations/{t.staged.rec_id}")
    assert "Answers these themes" in rec_page.get_data(as_text=True)


def test_the_round_page_shows_each_confirmed_theme_its_people_and_the_zorgraads_answer(
    app, make_client, themed
):
    from burgerplatform.consultations.models import Outcome, Phase, Recommendation, Round

    t, client = _grouped(app, make_client, themed)
    theme_id = _themes(app, t)[0][0]
    client.post(f"{t.base}/{theme_id}/rename", {"name": "Dokter van wacht"})
    client.post(f"{t.base}/{theme_id}/link", {"recommendation": t.staged.rec_id})
    with app.app_context():
        db.session.get(Round, t.staged.round_id).phase = Phase.FOLLOW_UP
        db.session.get(Recommendation, t.staged.rec_id).outcome = Outcome.ADOPTED
        db.session.commit()
    anonymous = make_client()
    page = anonymous.get(t.staged.base).get_data(as_text=True)
    assert "What people raised" in page and "Dokter van wacht" in page
    assert "People who raised it:" in page and "Buurtauto" in page
    assert str(Outcome.ADOPTED.label) in page
    assert "/themes" not in page.split("What people raised")[1].split("</section>")[0]


def test_unconfirmed_themes_are_not_on_the_round_page(app, make_client, themed):
    t, _ = _grouped(app, make_client, themed)
    assert "What people raised" not in make_client().get(t.staged.base).get_data(as_text=True)


def test_citizens_and_another_zones_staff_cannot_see_or_change_themes(
    app, make_client, make_zone, make_user, themed
):
    t, _ = _grouped(app, make_client, themed)
    theme_id, *_ = _themes(app, t)[0]
    citizen = make_client()
    citizen.login(t.staged.members[0])
    assert citizen.get(t.base).status_code == 403
    assert citizen.post(f"{t.base}/run").status_code == 403
    other = make_zone()
    stranger = make_user(roles=[(other.id, Role.STAFF)])
    client = make_client()
    client.login(stranger.email)
    assert client.get(t.base).status_code == 403
    # At their own zone's address the round is not there.
    own = f"/{other.slug}/rounds/{t.staged.round_id}/themes"
    for url, data in (
        (own, None),
        (f"{own}/{theme_id}", None),
        (f"{own}/run", {}),
        (f"{own}/{theme_id}/rename", {"name": "X"}),
        (f"{own}/{theme_id}/merge", {"target": theme_id}),
        (f"{own}/{theme_id}/confirm", {}),
        (f"{own}/{theme_id}/link", {"recommendation": t.staged.rec_id}),
        (f"{own}/{theme_id}/unlink/{t.staged.rec_id}", {}),
        (f"{own}/items/1/move", {"item-1-target": theme_id}),
    ):
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
    assert _themes(app, t)[0][1] != "X"


def test_a_theme_of_another_round_is_not_found_under_this_round(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    other, _ = _grouped(app, make_client, themed)
    foreign = _themes(app, other)[0][0]
    assert client.get(f"{t.base}/{foreign}").status_code == 404


def test_merging_a_theme_into_itself_is_refused_and_nothing_changes(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    before = _themes(app, t)
    theme_id = before[0][0]
    response = client.post(f"{t.base}/{theme_id}/merge", {"target": theme_id})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.get_data(as_text=True)
    assert _themes(app, t) == before


def test_moving_input_to_a_theme_of_another_round_is_refused(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    other_round, _ = _grouped(app, make_client, themed)
    foreign = _themes(app, other_round)[0][0]
    before = _themes(app, t)
    item = before[0][3][0]
    response = client.post(f"{t.base}/items/{item}/move", {f"item-{item}-target": foreign})
    assert response.status_code == 400
    assert "Choose a theme of this round." in response.get_data(as_text=True)
    assert _themes(app, t) == before


def test_an_empty_name_is_refused_with_what_was_typed_kept(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    before = _themes(app, t)
    theme_id = before[0][0]
    response = client.post(f"{t.base}/{theme_id}/rename", {"name": "   "})
    assert response.status_code == 400
    assert "Please check the following" in response.get_data(as_text=True)
    item = before[0][3][0]
    response = client.post(
        f"{t.base}/items/{item}/move", {f"item-{item}-target": "0", f"item-{item}-name": ""}
    )
    assert response.status_code == 400
    assert "Give the theme a name." in response.get_data(as_text=True)
    assert _themes(app, t) == before


def test_staff_split_a_theme_by_moving_input_to_a_new_theme(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    item = _themes(app, t)[0][3][0]
    response = client.post(
        f"{t.base}/items/{item}/move", {f"item-{item}-target": "0", f"item-{item}-name": "Belbus"}
    )
    assert response.status_code == 302
    new = next(th for th in _themes(app, t) if th[1] == "Belbus")
    assert new[2] and new[3] == [item]


def test_the_themes_pages_take_the_same_queries_with_more_input(
    app, make_client, themed, count_queries
):
    small, client = _grouped(app, make_client, lambda phase: themed(4, phase))
    big, big_client = _grouped(app, make_client, lambda phase: themed(16, phase))
    for path in ("", "/{theme}"):
        small_url = small.base + path.format(theme=_themes(app, small)[0][0])
        big_url = big.base + path.format(theme=_themes(app, big)[0][0])
        _, few = count_queries(lambda url=small_url: client.get(url))
        _, many = count_queries(lambda url=big_url: big_client.get(url))
        assert many <= few + 2, (path, few, many)
