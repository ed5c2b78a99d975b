"""An abusive group listing under the shared moderation: anyone logged in reports it, the
zone's staff hide it with a visible reason (gone from the list, the page, the search and
round invitations), the contact person sees why, changes it and asks to look again, and
staff restore it. Another zone's staff never can."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from burgerplatform.core.roles import Role
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group, RoundGroup, RoundPart
from burgerplatform.moderation.models import ModerationAction, ModerationActionKind, Report
from burgerplatform.notifications.models import Notification
from tests.conftest import speak_english

NAME = "Stappers Scheldwoord"


def notified(app, user_id: int) -> list[str]:
    with app.app_context():
        kinds = list(
            db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id))
        )
        db.session.remove()
        return kinds


def scene(app, make_client, make_zone, make_user):
    zone = make_zone()
    contact = make_user(email="an@example.org")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    reader = make_user()
    speak_english(app, contact, staff, reader)
    clients = {}
    for name, person in (("contact", contact), ("staff", staff), ("reader", reader)):
        clients[name] = make_client()
        clients[name].login(person.email)
    response = clients["contact"].post(
        f"/{zone.slug}/groups/new",
        {"name": NAME, "purpose": "Wij wandelen op zondag.", "consent": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        gid = db.session.scalar(select(Group.id).where(Group.name == NAME))
        db.session.remove()
    return {
        "zone": zone,
        "id": gid,
        "staff_user": staff,
        "contact_user": contact,
        "reader_user": reader,
        **clients,
    }


def hide(client, gid: int, note: str = "De naam scheldt op een buurt."):
    return client.post(f"/moderation/group/{gid}/hide", {"reason": "offensive", "note": note})


def test_anyone_logged_in_reports_a_group_and_the_zones_staff_see_it_in_their_queue(
    app, make_client, make_zone, make_user
):
    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    page = s["reader"].get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True)
    assert f"/moderation/group/{gid}/report" in page
    # A visitor is asked to log in first.
    visitor = make_client()
    assert visitor.get(f"/moderation/group/{gid}/report").status_code in (302, 401)
    response = s["reader"].post(
        f"/moderation/group/{gid}/report", {"reason": "offensive", "text": "Scheldnaam"}
    )
    assert response.status_code == 302
    assert "moderation.reported" in notified(app, s["staff_user"].id)
    with app.app_context():
        assert db.session.scalar(select(Report.space)) == f"zone:{zone.id}"
        db.session.remove()
    queue = s["staff"].get(f"/{zone.slug}/groups/").get_data(as_text=True)
    assert "Reported groups" in queue and f"/moderation/group/{gid}" in queue
    # The queue is the staff's: a reader does not see it.
    assert "Reported groups" not in s["reader"].get(f"/{zone.slug}/groups/").get_data(as_text=True)


def test_a_hidden_group_vanishes_for_others_and_its_contact_sees_why_and_asks_for_review(
    app, make_client, make_zone, make_user
):
    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    # An explanation is required: the reason is shown with the hidden listing.
    assert hide(s["staff"], gid, note="").status_code == 400
    response = hide(s["staff"], gid)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{zone.slug}/groups/{gid}")
    for client in (s["reader"], make_client()):
        # An old link tells that it was hidden and why (see the test below).
        assert "Hidden group" in client.get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True)
        assert NAME not in client.get(f"/{zone.slug}/groups/").get_data(as_text=True)
        assert f"/groups/{gid}" not in client.get("/zoeken?q=Scheldwoord").get_data(as_text=True)
    # The contact person is told, and sees it hidden with the reason on the page.
    assert "moderation.hidden" in notified(app, s["contact_user"].id)
    page = s["contact"].get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True)
    assert "Hidden by a moderator" in page and "De naam scheldt op een buurt." in page
    assert "Offensive or hurtful" in page
    assert f"/moderation/group/{gid}/review" in page
    # They can change the entry, and ask to look again; staff are told.
    edited = s["contact"].post(
        f"/{zone.slug}/groups/{gid}/edit", {"name": "Stappers", "purpose": "Wij wandelen."}
    )
    assert edited.status_code == 302
    with app.app_context():
        group = db.session.get(Group, gid)
        assert group.name == "Stappers" and group.is_hidden  # changing does not unhide
        db.session.remove()
    review = s["contact"].post(
        f"/moderation/group/{gid}/review", {"text": "Ik heb de naam veranderd."}
    )
    assert review.status_code == 302
    assert notified(app, s["staff_user"].id).count("moderation.reported") == 1
    # Only the contact asks for review; a reader cannot even see the hidden group.
    assert s["reader"].get(f"/moderation/group/{gid}/review").status_code == 404
    # The staff restore it: listed and found again, and the log says so.
    assert s["staff"].post(f"/moderation/group/{gid}/restore", {"note": ""}).status_code == 302
    assert s["reader"].get(f"/{zone.slug}/groups/{gid}").status_code == 200
    assert f"/groups/{gid}" in make_client().get("/zoeken?q=Stappers").get_data(as_text=True)
    assert "moderation.restored" in notified(app, s["contact_user"].id)
    with app.app_context():
        actions = list(
            db.session.scalars(
                select(ModerationAction.action).where(ModerationAction.target_type == "group")
            )
        )
        db.session.remove()
    assert actions == [ModerationActionKind.HIDE, ModerationActionKind.RESTORE]


def test_staff_of_another_zone_can_never_hide_a_group(app, make_client, make_zone, make_user):
    s = scene(app, make_client, make_zone, make_user)
    other = make_zone()
    outsider = make_user(roles=[(other.id, Role.STAFF), (other.id, Role.COACH)])
    client = make_client()
    client.login(outsider.email)
    assert hide(client, s["id"]).status_code == 403
    assert client.get(f"/moderation/group/{s['id']}").status_code == 403
    assert s["reader"].get(f"/moderation/group/{s['id']}").status_code == 403
    with app.app_context():
        assert not db.session.get(Group, s["id"]).is_hidden
        db.session.remove()
    assert "moderation.reported" not in notified(app, outsider.id)


def test_a_group_listing_is_never_redacted_only_hidden(app, make_client, make_zone, make_user):
    s = scene(app, make_client, make_zone, make_user)
    page = s["staff"].get(f"/moderation/group/{s['id']}").get_data(as_text=True)
    assert "Wij wandelen op zondag." in page and "Remove personal data" not in page
    response = s["staff"].post(f"/moderation/group/{s['id']}/redact", {"body": "x", "note": ""})
    assert response.status_code == 404


def test_a_hidden_group_is_no_choice_for_a_round_and_its_invitation_vanishes(
    app, make_client, make_zone, make_user
):
    from burgerplatform.consultations.models import Phase, Round

    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    with app.app_context():
        round_ = Round(zone_id=zone.id, title="Wandelpaden", question_draft="Wat mist er?")
        round_.phase = Phase.GATHER
        db.session.add(round_)
        db.session.flush()
        db.session.add(RoundGroup(round_id=round_.id, group_id=gid, part=RoundPart.INPUT))
        db.session.commit()
        rid = round_.id
        db.session.remove()
    before = s["contact"].get(f"/{zone.slug}/rounds/{rid}").get_data(as_text=True)
    assert f"/groups/{gid}/rounds/{rid}" in before
    assert hide(s["staff"], gid).status_code == 302
    invite = s["staff"].get(f"/{zone.slug}/groups/rounds/{rid}/invite").get_data(as_text=True)
    assert f'value="{gid}"' not in invite
    refused = s["staff"].post(
        f"/{zone.slug}/groups/rounds/{rid}/invite", {"group": gid, "part": "input"}
    )
    assert refused.status_code == 400
    # The round page no longer invites the contact to speak for the hidden group, and
    # input on its behalf is refused.
    round_page = s["contact"].get(f"/{zone.slug}/rounds/{rid}").get_data(as_text=True)
    assert f"/groups/{gid}/rounds/{rid}" not in round_page
    given = s["contact"].post(f"/{zone.slug}/groups/{gid}/rounds/{rid}", {"body": "Onze inbreng"})
    assert given.status_code == 400


def test_the_contact_and_the_staff_read_about_a_group_listing_never_about_a_post(
    app, make_client, make_zone, make_user
):
    s = scene(app, make_client, make_zone, make_user)
    gid = s["id"]
    s["reader"].post(f"/moderation/group/{gid}/report", {"reason": "offensive", "text": "x"})
    hide(s["staff"], gid)
    s["staff"].post(f"/moderation/group/{gid}/restore", {"note": ""})
    for who in ("contact", "staff"):
        page = s[who].get("/notifications/").get_data(as_text=True)
        assert "your post" not in page and "A post was" not in page, who
    # (The name is marked Dutch in a span of its own on this English page.)
    contact_page = _unspanned(s["contact"].get("/notifications/").get_data(as_text=True))
    assert f"hid the listing of your group “{NAME}”" in contact_page
    assert f"made the listing of your group “{NAME}” visible again" in contact_page
    staff_page = _unspanned(s["staff"].get("/notifications/").get_data(as_text=True))
    assert f"The listing of the group “{NAME}” was reported" in staff_page


def _unspanned(html: str) -> str:
    import re

    return unescape(re.sub(r"</?span[^>]*>", "", html))


def _main(html: str) -> str:
    """The text of the page's <main> (where the moderation page says what it is about)."""
    import re

    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize(
    ("language", "post_words", "group_words"),
    [
        ("nl", ("bericht",), ("Een groep melden", "Wat is er mis met deze groep?",
                              "Terug naar de groep", "De vermelding verbergen")),
        ("en", ("post",), ("Report a group", "What is wrong with this group?",
                           "Back to the group", "Hide the listing")),
    ],
)  # fmt: skip
def test_the_moderation_pages_of_a_group_speak_of_the_group_never_of_a_post(
    app, make_client, make_zone, make_user, language, post_words, group_words
):
    from burgerplatform.accounts.models import User

    s = scene(app, make_client, make_zone, make_user)
    gid = s["id"]
    with app.app_context():
        for person in (s["staff_user"], s["contact_user"], s["reader_user"]):
            db.session.get(User, person.id).locale = language
        db.session.commit()
        db.session.remove()
    reporter = s["reader"]
    report = reporter.get(f"/moderation/group/{gid}/report").get_data(as_text=True)
    reporter.post(f"/moderation/group/{gid}/report", {"reason": "offensive", "text": "x"})
    moderate = s["staff"].get(f"/moderation/group/{gid}").get_data(as_text=True)
    hidden = s["staff"].post(
        f"/moderation/group/{gid}/hide",
        {"reason": "offensive", "note": "De naam scheldt."},
        follow_redirects=True,
    )
    moderate_hidden = s["staff"].get(f"/moderation/group/{gid}").get_data(as_text=True)
    review = s["contact"].get(f"/moderation/group/{gid}/review").get_data(as_text=True)
    restored = s["staff"].post(
        f"/moderation/group/{gid}/restore", {"note": ""}, follow_redirects=True
    )
    pages = {
        "report": report,
        "moderate": moderate,
        "moderate, hidden": moderate_hidden,
        "review": review,
        "after hiding": hidden.get_data(as_text=True),
        "after restoring": restored.get_data(as_text=True),
    }
    for name, html in pages.items():
        text = _main(html).lower()
        for word in post_words:
            assert word not in text, (language, name, word)
    everything = " ".join(_main(html) for html in pages.values())
    for words in group_words:
        assert words in everything, (language, words)


def _speak(app, language: str, *people) -> None:
    from burgerplatform.accounts.models import User

    with app.app_context():
        for person in people:
            db.session.get(User, person.id).locale = language
        db.session.commit()
        db.session.remove()


# What the staff read about a contact person's review request, and never "the author".
ASKS = {
    "nl": ("De contactpersoon vraagt om opnieuw te kijken", "De schrijver vraagt"),
    "en": ("The contact person asks to look at it again", "The author asks"),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_staff_read_that_the_groups_contact_person_asks_for_a_review(
    app, make_client, make_zone, make_user, language
):
    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    _speak(app, language, s["staff_user"], s["contact_user"])
    hide(s["staff"], gid)
    s["contact"].post(f"/moderation/group/{gid}/review", {"text": "Ik heb de naam veranderd."})
    contact_asks, author_asks = ASKS[language]
    pages = {
        "notifications": s["staff"].get("/notifications/"),
        "moderate": s["staff"].get(f"/moderation/group/{gid}"),
        "register's queue": s["staff"].get(f"/{zone.slug}/groups/"),
    }
    for name, response in pages.items():
        text = unescape(response.get_data(as_text=True))
        assert contact_asks in text, (language, name)
        assert author_asks not in text, (language, name)


OFF_TOPIC = {"nl": "Gaat niet over dit onderwerp", "en": "Not about this topic"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_group_is_never_hidden_as_off_topic(app, make_client, make_zone, make_user, language):
    s = scene(app, make_client, make_zone, make_user)
    gid = s["id"]
    _speak(app, language, s["staff_user"])
    page = unescape(s["staff"].get(f"/moderation/group/{gid}").get_data(as_text=True))
    assert OFF_TOPIC[language] not in page
    assert 'value="off_topic"' not in page
    assert 'value="offensive"' in page and 'value="other"' in page
    # Posted anyway: a clear error, and the group stays visible.
    response = s["staff"].post(
        f"/moderation/group/{gid}/hide", {"reason": "off_topic", "note": "Past niet."}
    )
    assert response.status_code == 400
    with app.app_context():
        assert not db.session.get(Group, gid).is_hidden
        db.session.remove()


NOTHING_TO_REVIEW = {
    "nl": "Deze vermelding is zichtbaar. Er is niets om opnieuw te bekijken.",
    "en": "This listing is visible. There is nothing to look at again.",
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_asking_to_review_a_visible_group_says_there_is_nothing_to_review(
    app, make_client, make_zone, make_user, language
):
    s = scene(app, make_client, make_zone, make_user)
    gid = s["id"]
    _speak(app, language, s["contact_user"])
    hide(s["staff"], gid)
    s["staff"].post(f"/moderation/group/{gid}/restore", {"note": ""})
    response = s["contact"].get(f"/moderation/group/{gid}/review")
    assert response.status_code == 200
    text = _main(response.get_data(as_text=True))
    assert NOTHING_TO_REVIEW[language] in text
    assert "Reden: ." not in text and "Reason: ." not in text
    assert "<textarea" not in response.get_data(as_text=True).split("<main", 1)[1]


# --- What everyone reads about a hidden listing -------------------------------------

PURPOSE = "Wij wandelen op zondag."
NOTE = "De naam scheldt op een buurt."


def test_everyone_who_follows_a_link_to_a_hidden_group_reads_that_it_was_hidden_and_why(
    app, make_client, make_zone, make_user
):
    """The hide form promises "everyone sees this explanation with the hidden listing": a
    visitor, someone logged in and staff of another zone read the reason and the
    explanation, as with a hidden post; not what the listing said, nor its name."""
    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    hint = s["staff"].get(f"/moderation/group/{gid}").get_data(as_text=True)
    assert "Everyone sees this explanation with the hidden listing" in unescape(hint)
    assert hide(s["staff"], gid, note=NOTE).status_code == 302
    other = make_zone()
    outsider_user = make_user(roles=[(other.id, Role.STAFF)])
    speak_english(app, outsider_user)
    outsider = make_client()
    outsider.login(outsider_user.email)
    readers = {"visitor": make_client(), "reader": s["reader"], "other zone": outsider}
    for who, client in readers.items():
        response = client.get(f"/{zone.slug}/groups/{gid}")
        assert response.status_code == 200, who
        main = _main(response.get_data(as_text=True))
        assert "Hidden group" in main and "Offensive or hurtful" in main, who
        assert NOTE in main, who
        assert NAME not in main and "Stappers" not in main and PURPOSE not in main, who
        assert "Report this group" not in main and "Ask to look again" not in main, who
        assert 'name="robots" content="noindex"' in response.get_data(as_text=True), who
    # The contact person and the zone's staff still see the whole listing.
    for who in ("contact", "staff"):
        main = _main(s[who].get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True))
        assert NAME in main and NOTE in main, who


@pytest.mark.parametrize("gone", ["waiting", "lapsed", "removed"])
def test_a_group_that_is_not_listed_for_another_reason_is_simply_not_there(
    app, make_client, make_zone, make_user, gone
):
    """Only a moderator's hiding has a reason to show; an entry not confirmed yet, lapsed,
    or taken off by its contact is not found (even if it was hidden before)."""
    from burgerplatform.core.db import utcnow
    from burgerplatform.groups.models import GroupStatus

    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    assert hide(s["staff"], gid).status_code == 302
    with app.app_context():
        group = db.session.get(Group, gid)
        group.status = GroupStatus(gone)
        group.hidden_at = group.hidden_at or utcnow()
        db.session.commit()
        db.session.remove()
    for client in (make_client(), s["reader"]):
        assert client.get(f"/{zone.slug}/groups/{gid}").status_code == 404


# --- The group is named in what its contact person and the staff are told -----------

# A name with characters that mean something in HTML: shown as text, never as markup.
ODD_NAME = 'Stappers <b>"Noord"</b> & Zuid'
TOLD = {
    "nl": ("de vermelding van je groep “", "opnieuw zichtbaar", "werd gemeld"),
    "fr": ("la fiche de votre groupe « ", "à nouveau visible", "a été signalée"),
    "en": ("the listing of your group “", "visible again", "was reported"),
}


def _mails_to(app, address: str) -> list[dict]:
    from burgerplatform.core import jobs

    with app.app_context():
        payloads = db.session.scalars(
            select(jobs.Job.payload).where(jobs.Job.kind == "send_mail").order_by(jobs.Job.id)
        ).all()
        db.session.remove()
    return [p for p in payloads if p["to"].lower() == address.lower()]


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_hide_restore_and_report_notifications_and_mails_name_the_group(
    app, make_client, make_zone, make_user, language
):
    """In the app and in the mail, in every language: the group's name quoted, escaped,
    and marked Dutch on a French or English page and in the mail's HTML."""
    from burgerplatform.accounts.models import MailPreference, User

    s = scene(app, make_client, make_zone, make_user)
    gid = s["id"]
    with app.app_context():
        db.session.get(Group, gid).name = ODD_NAME
        for person in (s["staff_user"], s["contact_user"]):
            user = db.session.get(User, person.id)
            user.locale = language
            user.mail_preference = MailPreference.IMMEDIATE
        db.session.commit()
        db.session.remove()
    s["reader"].post(f"/moderation/group/{gid}/report", {"reason": "offensive", "text": "x"})
    hide(s["staff"], gid)
    s["staff"].post(f"/moderation/group/{gid}/restore", {"note": ""})
    escaped = "Stappers &lt;b&gt;&#34;Noord&#34;&lt;/b&gt; &amp; Zuid"
    marked = f'<span lang="nl">{escaped}</span>' if language != "nl" else escaped
    for who, count in (("contact", 2), ("staff", 1)):
        page = s[who].get("/notifications/").get_data(as_text=True)
        main = page.split("<main", 1)[1]
        assert main.count(marked) >= count, (language, who)
        assert "<b>" not in main, (language, who)
        mails = _mails_to(app, s[f"{who}_user"].email)
        named = [m for m in mails if ODD_NAME in m["text"]]
        assert len(named) == count, (language, who, [m["subject"] for m in mails])
        for mail in named:
            assert marked in mail["html"] and "<b>" not in mail["html"], (language, who)
    texts = " ".join(m["text"] for m in _mails_to(app, s["contact_user"].email))
    texts += " ".join(m["text"] for m in _mails_to(app, s["staff_user"].email))
    for words in TOLD[language]:
        assert words in texts, (language, words)


@pytest.mark.parametrize(
    ("status", "hidden", "stays_listed"),
    [
        ("listed", False, True),
        ("lapsed", False, True),
        ("listed", True, False),
        ("lapsed", True, False),
        ("waiting", False, False),
    ],
)
def test_everything_is_still_right_is_offered_only_when_it_keeps_the_group_on_the_list(
    app, make_client, make_zone, make_user, status, hidden, stays_listed
):
    """The yearly "Everything is still right" promises "the group stays on the list for
    another year". A group a moderator hid stays hidden until the staff restore it, and a
    waiting one is listed by its mailed link: there the button is not offered, and
    pressing it anyway says what is true."""
    from burgerplatform.core.db import utcnow
    from burgerplatform.groups.models import GroupStatus
    from burgerplatform.moderation.models import HideReason

    s = scene(app, make_client, make_zone, make_user)
    zone, gid = s["zone"], s["id"]
    with app.app_context():
        group = db.session.get(Group, gid)
        group.status = GroupStatus(status)
        if hidden:
            group.hidden_at, group.hidden_reason = utcnow(), HideReason.OFFENSIVE
            group.hidden_note = "De naam scheldt op een buurt."
        db.session.commit()
        db.session.remove()
    page = s["contact"].get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True)
    assert (f"/groups/{gid}/still-current" in page) is stays_listed
    pressed = s["contact"].post(f"/{zone.slug}/groups/{gid}/still-current")
    assert pressed.status_code == 302
    told = unescape(s["contact"].get(f"/{zone.slug}/groups/{gid}").get_data(as_text=True))
    assert ("The group stays on the list for another year." in told) is stays_listed
    with app.app_context():
        group = db.session.get(Group, gid)
        assert group.is_listed is stays_listed
        assert group.is_hidden is hidden
        db.session.remove()
    if hidden:
        assert "It stays hidden until the staff show it again" in told
    elif not stays_listed:
        assert "The group is not on the list yet" in told
