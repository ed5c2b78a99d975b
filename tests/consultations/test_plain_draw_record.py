"""A citizen reads how the klankbordgroep was drawn in plain words; the technical record
(method, software, number, fingerprint) is behind "How can I check this draw?"."""

from __future__ import annotations

import re

from tests.conftest import without_terms
from tests.consultations.test_services import drawn  # noqa: F401 - fixture

JARGON = (
    "maximin",
    "Maximin",
    "leximin",
    "Leximin",
    "Startgetal",
    "SHA-256",
    "HiGHS",
    "Flanigan",
    "Random seed",
)


def test_the_round_page_explains_the_draw_without_jargon_and_keeps_the_record_to_check(
    app,
    make_client,
    drawn,  # noqa: F811
):
    setup, round_id = drawn
    html = without_terms(
        make_client().get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    )
    group = html.split('id="group-title"', 1)[1].split("</section>", 1)[0]
    visible, _, technical = group.partition("<details")
    assert "The group was drawn by lot from" in visible
    for word in JARGON:
        assert word not in visible, word
    summary = re.search(r"<summary>(.*?)</summary>", technical).group(1)
    assert summary == "How can I check this draw?"
    # The technical name stays there, after the plain words that say what it means.
    for word in ("leximin", "HiGHS", "SHA-256", "Public number"):
        assert word in technical, word


def test_the_draw_disclosure_reads_hoe_kan_ik_deze_loting_nakijken_in_dutch(
    app,
    drawn,  # noqa: F811
):
    from tests.conftest import Client

    setup, round_id = drawn
    html = Client(app, language="nl").get(f"/{setup.slug}/rounds/{round_id}")
    page = html.get_data(as_text=True)
    assert "<summary>Hoe kan ik deze loting nakijken?</summary>" in page
    assert "Startgetal" not in page.split("<details", 1)[0]


def test_elz_is_spelled_out_where_a_zone_name_is_first_shown(client, make_zone):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    abbr = '<abbr title="eerstelijnszone (primary-care zone)">ELZ</abbr> Meetjesland'
    assert abbr in client.get("/").get_data(as_text=True)
    assert f"<h1>{abbr}</h1>" in client.get(f"/{zone.slug}/").get_data(as_text=True)


def test_citizen_forms_speak_of_bold_and_lists_not_of_markdown_or_atom(
    app,
    make_client,
    drawn,  # noqa: F811
):
    from burgerplatform.consultations.forms import ContributionForm
    from burgerplatform.initiatives.forms import DraftForm
    from burgerplatform.meetings.forms import MARKDOWN_HINT as MEETING_HINT
    from burgerplatform.proeftuinen.forms import MARKDOWN_HINT as PROEFTUIN_HINT

    with app.test_request_context():
        hints = [
            str(DraftForm.body.kwargs["description"]),
            str(ContributionForm.body.kwargs["description"]),
            str(MEETING_HINT),
            str(PROEFTUIN_HINT),
        ]
    assert all("Markdown" not in h and "**" in h for h in hints), hints
    setup, _round = drawn
    page = make_client().get(f"/{setup.slug}/what-happened").get_data(as_text=True)
    assert "Atom" not in page.split("<main", 1)[1]
