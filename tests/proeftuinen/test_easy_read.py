"""A proeftuin topic's outcome in easy-read: shown first to those who may read the topic,
never to others."""

from __future__ import annotations

from burgerplatform.proeftuinen.models import Visibility
from tests.proeftuinen.helpers import add_topic, setup_proeftuin

EASY = "Heb je hulp nodig? Bel het nummer op de affiche."


def _close(app, client, make_zone, make_user, visibility):
    s = setup_proeftuin(app, make_zone, make_user, visibility=visibility)
    topic, _ = add_topic(app, s["id"], s["members"][0].id)
    client.login(s["coach"].email)
    base = f"/proeftuinen/{s['id']}/topics/{topic}"
    assert "Leesbaarheid: schrijf een tekst" in client.get(base).get_data(
        as_text=True
    )  # the coach's form
    response = client.post(
        base + "/close",
        {"outcome": "We hangen een **affiche** op in de bakkerij.", "outcome_easy": EASY},
    )
    assert response.status_code == 302
    return s, base


def test_readers_see_the_easy_outcome_first_and_the_full_outcome_beside_it(
    app, client, make_client, make_zone, make_user
):
    s, base = _close(app, client, make_zone, make_user, Visibility.PUBLIC)
    reader = make_client()
    page = reader.get(base).get_data(as_text=True)
    assert page.index(EASY) < page.index('<details class="full-text">')
    assert page.index('<details class="full-text">') < page.index("<strong>affiche</strong>")


def test_a_private_proeftuins_easy_outcome_stays_hidden_from_outsiders(
    app, client, make_client, make_zone, make_user
):
    s, base = _close(app, client, make_zone, make_user, Visibility.MEMBERS_ONLY)
    outsider = make_client()
    response = outsider.get(base)
    assert EASY not in response.get_data(as_text=True)
    member = make_client()
    member.login(s["members"][1].email)
    assert EASY in member.get(base).get_data(as_text=True)
