"""The library through the browser's eyes (test client): who may publish, bad input kept
with a clear answer, the public list with its filters, languages and the feed."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from burgerplatform.extensions import db
from burgerplatform.library.models import Case
from burgerplatform.zones.models import Role
from tests.library.conftest import case_form


def _cases(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Case.id)))


def test_the_coach_publishes_a_case_and_another_zones_staff_finds_it(
    app, closed_proeftuin, make_client, make_user, make_zone
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    page = coach.get(f"/proeftuinen/{setup['id']}/").get_data(as_text=True)
    assert f"/library/proeftuinen/{setup['id']}/publish" in page
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    assert sent.status_code == 302
    assert re.fullmatch(r"/library/\d+", sent.headers["Location"])

    other_zone = make_zone()
    other = make_client()
    other.login(make_user(roles=[(other_zone.id, Role.STAFF)]).email)
    listing = other.get("/library/?theme=community").get_data(as_text=True)
    assert "Buurtsoep in Eeklo" in listing
    shown = other.get(sent.headers["Location"]).get_data(as_text=True)
    assert "How to start this in your zone" in shown
    assert f"/{other_zone.slug}/rounds/new" in shown
    # The one search finds it too, by a word of its story, as good practice.
    found = other.get("/zoeken?q=soep&kind=case").get_data(as_text=True)
    assert "Buurtsoep in Eeklo" in found and sent.headers["Location"] in found
    assert other.get("/zoeken?q=soep").get_data(as_text=True).count(sent.headers["Location"]) == 1
    assert "Buren koken samen" in shown  # the easy-read summary first
    # Another zone's staff cannot publish for this proeftuin: no such page.
    assert other.get(f"/library/proeftuinen/{setup['id']}/publish").status_code == 404


def test_a_case_naming_people_who_did_not_agree_is_refused_and_keeps_what_was_typed(
    app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(nl_done="Jef en An kookten elke maand soep."),
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "did not agree to be named: An, Jef" in page
    assert "Jef en An kookten elke maand soep." in page
    assert _cases(app) == 0


def test_a_case_without_the_confirmation_or_in_dutch_is_refused(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    unconfirmed = coach.post(url, case_form(no_names=None))
    assert unconfirmed.status_code == 400
    assert "Confirm that the case names nobody" in unconfirmed.get_data(as_text=True)
    no_dutch = coach.post(url, case_form(nl_title="", en_title="Neighbourhood soup"))
    assert no_dutch.status_code == 400
    assert "Write the case in Dutch" in no_dutch.get_data(as_text=True)
    assert "Neighbourhood soup" in no_dutch.get_data(as_text=True)
    bad_number = coach.post(url, case_form(participant_count="veel"))
    assert bad_number.status_code == 400
    bad_theme = coach.post(url, case_form(themes=["nonsense"]))
    assert bad_theme.status_code == 400
    assert _cases(app) == 0


def test_only_the_coach_or_the_zones_staff_reach_the_publish_form(
    app, closed_proeftuin, make_client, make_user
):
    setup = closed_proeftuin()
    url = f"/library/proeftuinen/{setup['id']}/publish"
    staff = make_client()
    staff.login(make_user(roles=[(setup["zone"].id, Role.STAFF)]).email)
    assert staff.get(url).status_code == 200
    member = make_client()
    member.login(setup["members"][0].email)
    assert member.get(url).status_code == 404
    assert member.post(url, case_form()).status_code == 404
    anonymous = make_client()
    assert anonymous.get(url).status_code == 302
    assert make_client().get("/library/proeftuinen/999999/publish").status_code == 302
    assert staff.get("/library/proeftuinen/999999/publish").status_code == 404
    assert _cases(app) == 0


def test_a_proeftuin_without_an_outcome_says_so_on_the_form(app, closed_proeftuin, make_client):
    setup = closed_proeftuin(closed=False)
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    shown = coach.get(url).get_data(as_text=True)
    assert 'id="not-ready"' in shown and "closed with an outcome" in shown
    # Only the explanation: no form to fill in for nothing.
    assert 'name="nl_title"' not in shown and "Publish the case" not in shown
    refused = coach.post(url, case_form())
    assert refused.status_code == 400
    assert "closed with an outcome" in refused.get_data(as_text=True)


def test_staff_publish_a_case_of_a_round_in_follow_up_and_other_zones_are_refused(
    app, staged_round, make_client, make_user, make_zone
):
    staged = staged_round("follow_up")
    base = f"/{staged.setup.slug}/library/rounds/{staged.round_id}/publish"
    staff = make_client()
    staff.login(staged.setup.staff_email)
    round_page = staff.get(f"/{staged.setup.slug}/rounds/{staged.round_id}")
    assert base in round_page.get_data(as_text=True)
    other_zone = make_zone()
    other = make_client()
    other.login(make_user(roles=[(other_zone.id, Role.STAFF)]).email)
    assert other.get(base).status_code == 403
    elsewhere = f"/{other_zone.slug}/library/rounds/{staged.round_id}/publish"
    assert other.get(elsewhere).status_code == 404
    assert other.post(base, case_form()).status_code == 403
    sent = staff.post(base, case_form())
    assert sent.status_code == 302
    assert _cases(app) == 1


def test_the_case_page_falls_back_to_dutch_visibly_and_shows_french_when_written(
    app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(
            fr_title="Soupe de quartier",
            fr_asked="Comment les voisins se rencontrent-ils ?",
            fr_done="Une soupe chaque mois.",
            fr_changed="Les voisins s'entraident plus vite.",
        ),
    )
    url = sent.headers["Location"]
    english = make_client().get(url).get_data(as_text=True)
    assert "Buurtsoep in Eeklo" in english
    assert "in Dutch: not translated yet" in english
    assert 'lang="nl"' in english
    from tests.conftest import Client

    french = Client(app, language="fr").get(url).get_data(as_text=True)
    assert "Soupe de quartier" in french
    assert "Buurtsoep in Eeklo" not in french


def test_a_french_case_text_is_not_marked_dutch_but_its_dutch_fallback_is(
    app, closed_proeftuin, make_client
):
    """The library knows each text's language; the easy-read part follows it (not the
    platform's rule that what people write is Dutch)."""
    from tests.conftest import Client

    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(
            fr_title="Soupe de quartier",
            fr_asked="Comment les voisins se rencontrent-ils ?",
            fr_done="Une soupe chaque mois.",
            fr_changed="Les voisins s'entraident plus vite.",
            fr_summary_easy="Les voisins cuisinent ensemble.",
        ),
    ).headers["Location"]
    french = Client(app, language="fr").get(url).get_data(as_text=True)
    assert "Les voisins cuisinent ensemble." in french
    assert 'lang="nl"' not in french.split("<main", 1)[1]
    english = Client(app, language="en").get(url).get_data(as_text=True)
    easy = english.index("Buren koken samen.")
    assert english.rfind('lang="nl"', 0, easy) > english.index("<main")


def test_the_library_filters_and_an_unknown_filter_is_no_filter(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    reader = make_client()
    assert "Buurtsoep" in reader.get("/library/?topic=loneliness").get_data(as_text=True)
    assert "Buurtsoep" not in reader.get("/library/?topic=carers").get_data(as_text=True)
    assert "Buurtsoep" not in reader.get("/library/?theme=voice").get_data(as_text=True)
    zone = setup["zone"].slug
    assert "Buurtsoep" in reader.get(f"/library/?zone={zone}").get_data(as_text=True)
    odd = reader.get("/library/?theme=%00&topic=x&zone=nowhere&after=garbage")
    assert odd.status_code == 200
    assert reader.get("/library/424242").status_code == 404


def test_the_library_page_runs_as_many_queries_for_many_cases_as_for_one(
    app, closed_proeftuin, make_client, count_queries
):
    def publish():
        setup = closed_proeftuin()
        coach = make_client()
        coach.login(setup["coach"].email)
        coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())

    reader = make_client()
    publish()
    _, one = count_queries(lambda: reader.get("/library/"))
    for _ in range(3):
        publish()
    page, many = count_queries(lambda: reader.get("/library/"))
    assert page.get_data(as_text=True).count("Buurtsoep in Eeklo") == 4
    assert many == one


def test_the_atom_feed_lists_new_cases(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    feed = make_client().get("/library/feed.xml")
    assert feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "<title>Buurtsoep in Eeklo</title>" in body
    assert 'term="community"' in body
    from xml.etree import ElementTree

    ElementTree.fromstring(feed.get_data())  # noqa: S314 - our own feed, in a test


def test_a_name_in_capitals_is_refused_next_to_the_text_that_names_them(
    app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(nl_done="JEF organiseerde de wandeling."),
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    # In the summary the refusal links to the text with the name, not to the checkbox,
    # and a label ending in "?" is not followed by ":".
    assert '<a href="#nl_done">What was done? The case names people' in page
    assert "did not agree to be named: Jef" in page
    assert ".:" not in page and "?:" not in page
    assert _cases(app) == 0


def test_a_half_written_french_text_says_it_is_the_french_one(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish", case_form(fr_title="Soupe de quartier")
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    # The summary and the label say it is the French text, not the Dutch one above it.
    assert '<a href="#fr_asked">What was asked? (French): In French, also fill in the title' in page
    assert '<label for="fr_asked">What was asked? (French)</label>' in page
    assert '<label for="nl_asked">What was asked?</label>' in page
    assert "Soupe de quartier" in page
    assert _cases(app) == 0


def test_a_proeftuin_with_a_case_shows_only_why_and_the_case(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    case_url = coach.post(url, case_form()).headers["Location"]
    page = coach.get(url)
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert "This proeftuin already has a case in the library." in shown
    assert f'href="{case_url}"' in shown
    assert 'name="nl_title"' not in shown and "Publish the case" not in shown
    again = coach.post(url, case_form(nl_title="Tweede soep"))
    assert again.status_code == 400
    assert 'name="nl_title"' not in again.get_data(as_text=True)
    assert _cases(app) == 1


def test_a_round_before_its_follow_up_or_with_a_case_shows_only_why(app, staged_round, make_client):
    staged = staged_round("follow_up")
    base = f"/{staged.setup.slug}/library/rounds/{staged.round_id}/publish"
    staff = make_client()
    staff.login(staged.setup.staff_email)
    case_url = staff.post(base, case_form()).headers["Location"]
    shown = staff.get(base).get_data(as_text=True)
    assert "This round already has a case in the library." in shown
    assert f'href="{case_url}"' in shown and 'name="nl_title"' not in shown

    early = staged_round("co_draft")
    url = f"/{early.setup.slug}/library/rounds/{early.round_id}/publish"
    staff = make_client()
    staff.login(early.setup.staff_email)
    shown = staff.get(url).get_data(as_text=True)
    assert "once the round has reached its follow-up" in shown
    assert 'name="nl_title"' not in shown and 'id="existing-case"' not in shown


def test_a_word_that_may_be_a_name_asks_for_a_check_and_keeps_what_was_typed(
    app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    typed = "Samen soep koken: an kookte elke week."
    asked = coach.post(url, case_form(nl_done=typed))
    assert asked.status_code == 400
    page = asked.get_data(as_text=True)
    assert "“an” (An)" in page and "I checked: this is not a person" in page
    assert typed in page
    assert _cases(app) == 0
    assert coach.post(url, case_form(nl_done=typed, not_names="y")).status_code == 302
    assert _cases(app) == 1


def test_publishing_again_after_a_withdrawal_publishes_the_same_text_anew(
    app, closed_proeftuin, make_client
):
    """The same text sent again soon after: not "sent already" and a page that is gone."""
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    first = coach.post(url, case_form()).headers["Location"]
    case_id = int(first.rsplit("/", 1)[1])
    assert coach.post(f"/library/{case_id}/withdraw", {"reason": "Een naam."}).status_code == 302
    again = coach.post(url, case_form())
    assert again.status_code == 302
    shown = coach.get(again.headers["Location"])
    assert shown.status_code == 200
    page = shown.get_data(as_text=True)
    assert "Buurtsoep in Eeklo" in page and "This was sent already" not in page
    assert _cases(app) == 1


def test_a_refused_case_shows_every_reason_at_once(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(no_names=None, themes=None, nl_done="Jef kookte soep."),
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "Confirm that the case names nobody" in page
    assert "Choose at least one theme." in page
    assert "did not agree to be named: Jef" in page
    assert _cases(app) == 0
