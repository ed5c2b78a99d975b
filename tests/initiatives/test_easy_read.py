"""Easy-read versions of the zorgraad's answer: staff write one with its readability in
view; citizens read it first, with the full text one click away."""

from __future__ import annotations

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, Status
from tests.conftest import speak_english

BASE = "/meetjesland/initiatives"
FULL = "De zorgraad steunt het voorstel na overleg met de vervoersmaatschappij en de gemeente."
EASY = "De zorgraad zegt ja. Er komt een busje. Het rijdt op dinsdag."


def _answer(staff, ini, **extra):
    data = {"kind": "adopted", "reason": FULL, "referred_to": "", "answer_easy": EASY}
    return staff.post(f"{BASE}/{ini}/answer", {**data, **extra})


def test_staff_see_how_easy_their_easy_read_answer_reads_and_keep_it_on_an_error(
    app, make_client, world, make_initiative
):
    ini = make_initiative("on_agenda")
    speak_english(app, world.staff)
    staff = make_client()
    staff.login(world.staff.email)
    form = staff.get(f"{BASE}/{ini}/manage").get_data(as_text=True)
    assert 'name="answer_easy"' in form
    assert "Readability: write a text to see how easy it reads." in form
    assert "js/readability." in form
    refused = _answer(staff, ini, meeting="")  # no meeting chosen: the form comes back
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert EASY in html  # what was typed is kept
    assert "Readability: " in html and "of 100, Easy to read. Aim for 60 or more." in html
    with app.app_context():
        assert db.session.get(Initiative, ini).answer_easy == ""


def test_citizens_read_the_easy_answer_first_with_the_full_text_beside_it(
    app, make_client, client, world, make_initiative
):
    ini = make_initiative("on_agenda")
    staff = make_client()
    staff.login(world.staff.email)
    assert _answer(staff, ini, meeting=world.meeting_uid).status_code == 302
    with app.app_context():
        stored = db.session.get(Initiative, ini)
        assert stored.status is Status.ANSWERED and stored.answer_easy == EASY
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert page.index(EASY) < page.index("Read the full text") < page.index(FULL)
    full = page[page.index('<details class="full-text">') :]
    assert FULL in full[: full.index("</details>")]  # reachable without JavaScript


def test_an_answer_without_an_easy_version_shows_the_full_text_as_before(client, make_initiative):
    ini = make_initiative("answered")
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "Goed idee." in page
    assert 'class="full-text"' not in page


def test_an_easy_version_is_sanitised_like_every_text(
    app, make_client, client, world, make_initiative
):
    ini = make_initiative("on_agenda")
    staff = make_client()
    staff.login(world.staff.email)
    evil = "Ja. <script>alert(1)</script><img src=x onerror=alert(2)> **Goed**."
    assert _answer(staff, ini, meeting=world.meeting_uid, answer_easy=evil).status_code == 302
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "<strong>Goed</strong>" in page
    assert "alert(1)" not in page and "onerror" not in page


def test_a_progress_update_on_the_timeline_shows_its_easy_version_first(
    app, make_client, client, world, make_initiative
):
    ini = make_initiative("answered")
    staff = make_client()
    staff.login(world.staff.email)
    from burgerplatform.core.db import utcnow

    today = utcnow().date().isoformat()
    full = "De vervoersmaatschappij heeft de dienstregeling aangepast."
    easy = "De bus rijdt nu vaker."
    response = staff.post(
        f"{BASE}/{ini}/progress", {"text": full, "text_easy": easy, "on": today, "percent": ""}
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    timeline = page[page.index('class="timeline"') :]
    assert (
        timeline.index(easy) < timeline.index('<details class="full-text">') < timeline.index(full)
    )


def test_the_open_data_api_publishes_the_easy_answer_beside_the_full_one(
    app, make_client, client, world, make_initiative
):
    ini = make_initiative("on_agenda")
    plain = make_initiative("answered")  # answered without an easy version
    staff = make_client()
    staff.login(world.staff.email)
    assert _answer(staff, ini, meeting=world.meeting_uid).status_code == 302
    data = client.get(f"/api/v1/zones/meetjesland/initiatives/{ini}").get_json()
    assert data["answer"]["reason"] == FULL and data["answer"]["reason_easy_read"] == EASY
    answered = [e for e in data["timeline"] if e["kind"] == "answered"]
    assert answered and answered[-1]["text_easy_read"] == EASY
    other = client.get(f"/api/v1/zones/meetjesland/initiatives/{plain}").get_json()
    assert other["answer"]["reason_easy_read"] is None
    assert all(e["text_easy_read"] is None for e in other["timeline"])
    # The API's description says so, for people who write programs against it.
    spec = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    answer = spec["InitiativeDetail"]["allOf"][1]["properties"]["answer"]["properties"]
    assert answer["reason_easy_read"]["type"] == ["string", "null"]
    assert "text_easy_read" in spec["TimelineEvent"]["properties"]
