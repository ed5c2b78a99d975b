"""What an outside tester found on the themes pages, each kept fixed: a split sent twice,
two themes with one name, an empty theme left behind, a theme confirmed with the
computer's words as its name, a merge sent again, "search" pressed again while it runs,
the same sentence shown several times as typical input."""

from __future__ import annotations

from sqlalchemy import func, select

from burgerplatform.extensions import db
from tests.themes.test_views import _grouped, _themes

KEY = "split-key-0123456789abcdef"


def _split(client, t, item: int, name: str, key: str | None = None):
    data = {f"item-{item}-target": "0", f"item-{item}-name": name}
    if key is not None:
        data[f"item-{item}-form_key"] = key
    return client.post(f"{t.base}/items/{item}/move", data)


def test_the_split_form_sent_twice_makes_one_new_theme(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    page = client.get(f"{t.base}/{_themes(app, t)[0][0]}").get_data(as_text=True)
    item = _themes(app, t)[0][3][0]
    assert f'name="item-{item}-form_key"' in page  # the one-time key is on the page
    first = _split(client, t, item, "Belbus", KEY)
    second = _split(client, t, item, "Belbus", KEY)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert [th[1] for th in _themes(app, t)].count("Belbus") == 1
    assert "already" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_two_themes_of_a_round_never_share_a_name(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    (a, _, _, a_items), (b, *_), *_ = _themes(app, t)
    assert _split(client, t, a_items[0], "Belbus").status_code == 302
    before = _themes(app, t)
    again = _split(client, t, a_items[1], " belbus ")  # another send, another key
    assert again.status_code == 400
    assert "Another theme of this round has this name already" in again.get_data(as_text=True)
    renamed = client.post(f"{t.base}/{b}/rename", {"name": "BELBUS"})
    assert renamed.status_code == 400
    assert "Another theme of this round has this name already" in renamed.get_data(as_text=True)
    assert _themes(app, t) == before


def test_a_theme_its_last_input_leaves_is_gone_from_the_list(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    (a, _, _, a_items), *_ = _themes(app, t)
    _split(client, t, a_items[0], "Belbus")
    belbus = next(th[0] for th in _themes(app, t) if th[1] == "Belbus")
    client.post(f"{t.base}/{belbus}/link", {"recommendation": t.staged.rec_id})
    response = client.post(
        f"{t.base}/items/{a_items[0]}/move", {f"item-{a_items[0]}-target": str(a)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/themes/{a}")  # where the input went
    assert belbus not in [th[0] for th in _themes(app, t)]
    page = client.get(t.base).get_data(as_text=True)
    assert "Belbus" not in page and "People: 0" not in page
    # Its recommendation went along with its input.
    assert "Buurtauto" in client.get(f"{t.base}/{a}").get_data(as_text=True)


def test_a_theme_named_by_the_computer_cannot_be_confirmed_or_shown(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    theme_id, name, *_ = _themes(app, t)[0]
    page = client.get(f"{t.base}/{theme_id}").get_data(as_text=True)
    assert 'value="' + name not in page  # the name field waits for a person's name
    response = client.post(f"{t.base}/{theme_id}/confirm", follow_redirects=True)
    assert "Give the theme a name first" in response.get_data(as_text=True)
    assert not _themes(app, t)[0][2]
    # Nor by saving the computer's words as the name, or by merging into it.
    saved = client.post(f"{t.base}/{theme_id}/rename", {"name": name})
    assert saved.status_code == 400 and not _themes(app, t)[0][2]
    other = _themes(app, t)[1][0]
    client.post(f"{t.base}/{other}/merge", {"target": theme_id})
    public = make_client().get(t.staged.base).get_data(as_text=True)
    assert name not in public and "What people raised" not in public


def test_the_merge_form_sent_again_says_where_the_theme_went(app, make_client, themed):
    t, client = _grouped(app, make_client, themed)
    (a, *_), (b, b_name, *_), *_ = _themes(app, t)
    client.post(f"{t.base}/{b}/rename", {"name": "Dokter van wacht"})
    assert client.post(f"{t.base}/{a}/merge", {"target": b}).status_code == 302
    again = client.post(f"{t.base}/{a}/merge", {"target": b})
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/themes/{b}")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "This theme was already merged into “Dokter van wacht”." in page


def test_search_pressed_again_while_it_waits_says_it_is_busy(app, make_client, themed):
    from burgerplatform.themes.models import ThemeRun

    t = themed()
    client = make_client()
    client.login(t.staff)
    first = client.post(f"{t.base}/run", follow_redirects=True).get_data(as_text=True)
    assert "It takes a few seconds: reload this page." in first and "in a minute" not in first
    again = client.post(f"{t.base}/run", follow_redirects=True).get_data(as_text=True)
    assert "A search for themes is already busy" in again and "has started" not in again
    with app.app_context():
        assert db.session.scalar(select(func.count(ThemeRun.id))) == 1
        db.session.remove()


def test_typical_input_shows_each_text_once(app, make_client, themed):
    from burgerplatform.consultations.models import Round
    from burgerplatform.themes import services

    t, client = _grouped(app, make_client, themed)
    with app.app_context():
        theme = services.themes_of(db.session.get(Round, t.staged.round_id))[0]
        same = [i for i in theme.items if i.contribution is not None][:3]
        for item in same:
            item.contribution.body = "De wachttijd  aan de telefoon is te lang."
        theme.typical = [list(i.key) for i in same]
        db.session.commit()
        assert len(services.typical_items(theme)) == 1
        db.session.remove()
    page = client.get(t.base).get_data(as_text=True)
    assert page.count("De wachttijd  aan de telefoon is te lang.") == 1
