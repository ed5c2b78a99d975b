"""What citizens write in a round is moderated as initiative comments are: anyone who sees
it can report it, the zone's staff hide it with a visible reason (nowhere public shows the
words then), restore or redact it, and the author hears about it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from burgerplatform.extensions import db
from tests.consultations.conftest import accepted_seat

INPUT = "Mijn buurvrouw Maria Peeters (0470 12 34 56) heeft geen auto."
COMMENT = "Bel Jan Janssens op 0486 99 88 77, hij weet er alles van."


@dataclass
class Scene:
    slug: str
    round_id: int
    staff: str
    other_staff: str
    author: str  # a citizen of the zone who gives input and comments
    author_id: int
    citizen: str
    member: str  # seated in the klankbordgroep


def scene(app, make_zone, make_user, phase: str = "gather") -> Scene:
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import Phase
    from burgerplatform.consultations.services import create_round
    from burgerplatform.zones.models import Role, Zone

    zone, other = make_zone(), make_zone()
    # Pages in English for everyone, so the assertions read the source strings.
    staff = make_user(roles=[(zone.id, Role.STAFF)], locale="en")
    other_staff = make_user(roles=[(other.id, Role.STAFF)], locale="en")
    author = make_user(zone_id=zone.id, locale="en")
    citizen = make_user(zone_id=zone.id, locale="en")
    member = make_user(zone_id=zone.id, locale="en")
    with app.test_request_context():
        from burgerplatform.accounts.models import User

        z = db.session.get(Zone, zone.id)
        round_ = create_round(
            z,
            db.session.get(User, staff.id),
            "Vervoer naar de huisarts",
            "Hoe geraken mensen zonder auto bij de huisarts?",
            "",
            "PZON-cluster",
            None,
            True,  # open to every citizen of the zone
        )
        round_.phase = Phase(phase)
        round_.question_final = round_.question_draft
        seat_holder = pool.join_or_update(z, db.session.get(User, member.id), set(), consent=True)
        accepted_seat(seat_holder, round_=round_)
        db.session.commit()
        round_id = round_.id
    return Scene(
        zone.slug,
        round_id,
        staff.email,
        other_staff.email,
        author.email,
        author.id,
        citizen.email,
        member.email,
    )


def set_phase(app, round_id: int, phase: str) -> None:
    from burgerplatform.consultations.models import Phase, Round

    with app.app_context():
        db.session.get(Round, round_id).phase = Phase(phase)
        db.session.commit()


def notified(app, user_id: int) -> list[str]:
    from burgerplatform.notifications.models import Notification

    with app.app_context():
        return list(
            db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id))
        )


def user_id(app, email: str) -> int:
    from burgerplatform.accounts.models import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def logged_in(make_client, email: str):
    client = make_client()
    client.login(email)
    return client


def give_input(app, make_client, s: Scene) -> tuple[object, int]:
    from burgerplatform.consultations.models import Contribution

    author = logged_in(make_client, s.author)
    response = author.post(f"/{s.slug}/rounds/{s.round_id}/contributions", {"body": INPUT})
    assert response.status_code == 302
    with app.app_context():
        return author, db.session.scalar(select(Contribution.id))


def public_texts(make_client, s: Scene) -> dict[str, str]:
    """What an anonymous visitor reads: the round page, the public follow-up page and the
    API."""
    visitor = make_client()
    pages = {
        "round": f"/{s.slug}/rounds/{s.round_id}",
        "what happened": f"/{s.slug}/what-happened",
        "api": f"/api/v1/zones/{s.slug}/rounds",
    }
    found = {}
    for name, url in pages.items():
        response = visitor.get(url)
        assert response.status_code == 200, url
        found[name] = response.get_data(as_text=True)
    return found


def test_a_reported_input_reaches_the_zone_staff_and_not_another_zones(
    app, make_client, make_zone, make_user
):
    s = scene(app, make_zone, make_user)
    author, item = give_input(app, make_client, s)
    report_url = f"/moderation/round_contribution/{item}/report"
    # The author does not report their own words; another citizen can, from the page.
    round_url = f"/{s.slug}/rounds/{s.round_id}"
    assert report_url not in author.get(round_url).get_data(as_text=True)
    citizen = logged_in(make_client, s.citizen)
    assert report_url in citizen.get(round_url).get_data(as_text=True)
    response = citizen.post(report_url, {"reason": "personal_data", "text": "Naam en nummer"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"{round_url}?input_before={item + 1}#contribution-{item}"
    )

    assert "moderation.reported" in notified(app, user_id(app, s.staff))
    assert "moderation.reported" not in notified(app, user_id(app, s.other_staff))
    staff = logged_in(make_client, s.staff)
    page = staff.get(round_url).get_data(as_text=True)
    assert "1 report to handle" in page
    assert f'href="/moderation/round_contribution/{item}"' in page
    queue = staff.get(f"/moderation/round_contribution/{item}").get_data(as_text=True)
    assert "Naam en nummer" in queue
    # A citizen does not see the staff's queue.
    assert "report to handle" not in citizen.get(round_url).get_data(as_text=True)


def test_staff_hide_an_input_and_its_words_leave_every_public_page_until_restored(
    app, make_client, make_zone, make_user
):
    s = scene(app, make_zone, make_user)
    author, item = give_input(app, make_client, s)
    assert INPUT in public_texts(make_client, s)["round"]

    other = logged_in(make_client, s.other_staff)
    refused = other.post(
        f"/moderation/round_contribution/{item}/hide",
        {"reason": "personal_data", "note": "Zonder naam, graag."},
    )
    assert refused.status_code in (403, 404)
    assert other.get(f"/moderation/round_contribution/{item}").status_code in (403, 404)

    staff = logged_in(make_client, s.staff)
    response = staff.post(
        f"/moderation/round_contribution/{item}/hide",
        {"reason": "personal_data", "note": "Zonder de naam van je buurvrouw, graag."},
    )
    assert response.status_code == 302
    for name, text in public_texts(make_client, s).items():
        assert "Maria Peeters" not in text and "0470" not in text, name
    round_page = public_texts(make_client, s)["round"]
    assert "Hidden by the moderator" in round_page
    assert "Zonder de naam van je buurvrouw, graag." in round_page
    # Staff still read it, marked as hidden.
    staff_page = staff.get(f"/{s.slug}/rounds/{s.round_id}").get_data(as_text=True)
    assert "Maria Peeters" in staff_page
    assert "only moderators see it" in staff_page
    # The author is told why, and can ask to look again.
    assert "moderation.hidden" in notified(app, s.author_id)
    own = author.get(f"/{s.slug}/rounds/{s.round_id}").get_data(as_text=True)
    assert "Maria Peeters" not in own
    assert f"/moderation/round_contribution/{item}/review" in own

    assert other.post(f"/moderation/round_contribution/{item}/restore", {}).status_code in (
        403,
        404,
    )
    assert staff.post(f"/moderation/round_contribution/{item}/restore", {}).status_code == 302
    assert INPUT in public_texts(make_client, s)["round"]
    assert "moderation.restored" in notified(app, s.author_id)


def test_staff_remove_only_the_personal_data_from_an_input(app, make_client, make_zone, make_user):
    s = scene(app, make_zone, make_user)
    _author, item = give_input(app, make_client, s)
    staff = logged_in(make_client, s.staff)
    response = staff.post(
        f"/moderation/round_contribution/{item}/redact",
        {"body": "Mijn buurvrouw [naam verwijderd] heeft geen auto.", "note": ""},
    )
    assert response.status_code == 302
    page = public_texts(make_client, s)["round"]
    assert "Maria Peeters" not in page and "[naam verwijderd]" in page
    assert "moderation.redacted" in notified(app, s.author_id)


def test_hidden_input_stays_linked_to_the_advice_without_its_words(
    app, make_client, make_zone, make_user
):
    from burgerplatform.consultations.models import Contribution

    s = scene(app, make_zone, make_user)
    staff = logged_in(make_client, s.staff)
    # Input given on paper, with consent to send the person a letter.
    response = staff.post(
        f"/{s.slug}/rounds/{s.round_id}/offline",
        {
            "body": INPUT,
            "source_event": "Markt",
            "consent": "y",
            "contact_name": "Maria",
            "contact_method": "post",
            "contact_detail": "Markt 1, 9900 Eeklo",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Contribution.id))
    staff.post(
        f"/moderation/round_contribution/{item}/hide",
        {"reason": "personal_data", "note": "Met een naam van iemand anders."},
    )
    set_phase(app, s.round_id, "co_draft")
    member = logged_in(make_client, s.member)
    form = member.get(f"/{s.slug}/rounds/{s.round_id}").get_data(as_text=True)
    assert f'value="{item}"' in form and "Maria Peeters" not in form
    response = member.post(
        f"/{s.slug}/rounds/{s.round_id}/recommendations",
        {"title": "Een belbus", "body": "Die rijdt op vraag.", "sources": str(item)},
    )
    assert response.status_code == 302

    page = public_texts(make_client, s)["round"]
    at_input = f"/{s.slug}/rounds/{s.round_id}?input_before={item + 1}#contribution-{item}"
    assert f'href="{at_input}"' in page
    assert "(hidden by the moderator)" in page and "Maria Peeters" not in page
    with app.app_context():
        from burgerplatform.consultations.models import Recommendation

        rec_id = db.session.scalar(select(Recommendation.id))
    rec_page = make_client().get(f"/{s.slug}/rounds/{s.round_id}/recommendations/{rec_id}")
    assert "(hidden by the moderator)" in rec_page.get_data(as_text=True)
    edit = member.get(f"/{s.slug}/rounds/{s.round_id}/recommendations/{rec_id}/edit")
    assert "Maria Peeters" not in edit.get_data(as_text=True)
    # The printed letter shows the moderator's reason, not the hidden words.
    letter = staff.get(f"/{s.slug}/rounds/{s.round_id}/contributions/{item}/letter")
    text = letter.get_data(as_text=True)
    assert "Met een naam van iemand anders." in text and "Maria Peeters" not in text


def test_a_comment_on_a_recommendation_is_reported_hidden_and_restored(
    app, make_client, make_zone, make_user
):
    from burgerplatform.consultations.models import Recommendation, RecommendationComment

    s = scene(app, make_zone, make_user, phase="co_draft")
    member = logged_in(make_client, s.member)
    response = member.post(
        f"/{s.slug}/rounds/{s.round_id}/recommendations",
        {"title": "Een belbus", "body": "Die rijdt op vraag."},
    )
    assert response.status_code == 302
    with app.app_context():
        rec_id = db.session.scalar(select(Recommendation.id))
    rec_url = f"/{s.slug}/rounds/{s.round_id}/recommendations/{rec_id}"
    response = member.post(f"{rec_url}/comments", {"comment-body": COMMENT})
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.scalar(select(RecommendationComment.id))
    assert COMMENT in make_client().get(rec_url).get_data(as_text=True)

    citizen = logged_in(make_client, s.citizen)
    report_url = f"/moderation/recommendation_comment/{comment}/report"
    assert report_url in citizen.get(rec_url).get_data(as_text=True)
    response = citizen.post(report_url, {"reason": "personal_data", "text": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{rec_url}#comment-{comment}")
    assert "moderation.reported" in notified(app, user_id(app, s.staff))
    staff = logged_in(make_client, s.staff)
    assert f'href="/moderation/recommendation_comment/{comment}"' in staff.get(
        f"/{s.slug}/rounds/{s.round_id}"
    ).get_data(as_text=True)

    other = logged_in(make_client, s.other_staff)
    hide = {"reason": "personal_data", "note": "Zonder het nummer van Jan."}
    assert other.post(f"/moderation/recommendation_comment/{comment}/hide", hide).status_code in (
        403,
        404,
    )
    assert staff.post(f"/moderation/recommendation_comment/{comment}/hide", hide).status_code == (
        302
    )
    page = make_client().get(rec_url).get_data(as_text=True)
    assert "0486" not in page and "Zonder het nummer van Jan." in page
    # The group's own edit page does not show it either.
    edit = member.get(f"{rec_url}/edit").get_data(as_text=True)
    assert "0486" not in edit and "Hidden by the moderator" in edit
    assert "moderation.hidden" in notified(app, user_id(app, s.member))

    assert staff.post(f"/moderation/recommendation_comment/{comment}/restore", {}).status_code == (
        302
    )
    assert COMMENT in make_client().get(rec_url).get_data(as_text=True)
    assert "moderation.restored" in notified(app, user_id(app, s.member))


def test_the_data_download_holds_the_round_input_a_citizen_wrote_and_marks_it_hidden(
    app, make_client, make_zone, make_user
):
    import json

    s = scene(app, make_zone, make_user)
    author, item = give_input(app, make_client, s)
    staff = logged_in(make_client, s.staff)
    staff.post(
        f"/moderation/round_contribution/{item}/hide",
        {"reason": "personal_data", "note": "Er staat een telefoonnummer in."},
    )
    data = json.loads(author.get("/account/export.json").get_data(as_text=True))
    assert [(i["text"], i["hidden_by_a_moderator"]) for i in data["round_input"]] == [(INPUT, True)]
    assert data["round_input"][0]["round"] == "Vervoer naar de huisarts"
    # Someone else's download does not hold it; the seated member sees their seat.
    member = logged_in(make_client, s.member)
    theirs = json.loads(member.get("/account/export.json").get_data(as_text=True))
    assert theirs["round_input"] == []
    assert [i["status"] for i in theirs["klankbordgroep_invitations"]] == ["accepted"]


def test_a_round_with_much_input_shows_the_newest_and_pages_back_to_the_oldest(
    app, make_client, make_zone, make_user
):
    from burgerplatform.consultations.models import Contribution
    from burgerplatform.consultations.services import INPUT_PER_PAGE

    s = scene(app, make_zone, make_user)
    with app.app_context():
        from burgerplatform.consultations.models import Round

        round_ = db.session.get(Round, s.round_id)
        for n in range(INPUT_PER_PAGE + 5):
            db.session.add(
                Contribution(
                    round_id=round_.id,
                    zone_id=round_.zone_id,
                    author_id=s.author_id,
                    body=f"Inbreng nummer {n:02d}.",
                )
            )
        db.session.commit()
        ids = list(db.session.scalars(select(Contribution.id).order_by(Contribution.id)))
    visitor = make_client()
    url = f"/{s.slug}/rounds/{s.round_id}"
    first = visitor.get(url).get_data(as_text=True)
    assert "Inbreng nummer 34." in first and "Inbreng nummer 05." in first
    assert "Inbreng nummer 04." not in first
    assert "35 inputs in all" in first
    older_link = f"{url}?input_before={ids[5]}#input-title"
    assert older_link in first and "Show newer input" not in first
    older = visitor.get(older_link.split("#")[0]).get_data(as_text=True)
    assert "Inbreng nummer 00." in older and "Inbreng nummer 04." in older
    assert "Inbreng nummer 05." not in older and "Show older input" not in older
    newer_link = f"{url}?input_after={ids[4]}"
    assert newer_link in older
    assert "Inbreng nummer 34." in visitor.get(newer_link).get_data(as_text=True)
    # A mangled cursor shows the newest input, never an error.
    assert "Inbreng nummer 34." in visitor.get(f"{url}?input_before=abc").get_data(as_text=True)
