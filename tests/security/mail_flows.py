"""Every route that mails an address someone typed, as one list the tests walk.

`MAIL_ROUTES` maps each such endpoint to a way of making it send one more mail. A test
compares the list with the app (tests/security/test_mail_limits.py): a new route that
mails a typed address and is not listed here fails it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.conftest import PASSWORD


@dataclass
class Scene:
    zone_slug: str
    author_email: str
    coach_email: str
    unconfirmed_email: str
    waiting_email: str
    initiative_id: int
    proeftuin_id: int
    meeting_uid: str


def build_scene(app, make_zone, make_user) -> Scene:
    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Visibility
    from burgerplatform.zones.models import Zone

    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    # English pages, so assertions read the source strings.
    author = make_user(email="an@example.org", display_name="An", zone_id=zone.id, locale="en")
    coach = make_user(
        email="ilse@example.org", display_name="Ilse", roles=[(zone.id, Role.COACH)], locale="en"
    )
    unconfirmed = make_user(
        email="nieuw@example.org", display_name="Nieuw", confirmed=False, locale="en"
    )
    waiting = make_user(email="wacht@example.org", display_name="Wacht", locale="en")
    with app.test_request_context(base_url="http://localhost"):
        draft = initiatives.save_draft(
            db.session.get(Zone, zone.id),
            db.session.get(User, author.id),
            initiatives.DraftData(title="Een bank bij de apotheek", summary="Om te rusten."),
        )
        proeftuin = proeftuinen.create_proeftuin(
            db.session.get(User, coach.id), "Zorgzame buurt", "", zone.id, Visibility.PUBLIC
        )
        start = utcnow() + timedelta(days=10)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad december",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Eeklo",
        )
        db.session.commit()
        scene = Scene(
            zone.slug,
            author.email,
            coach.email,
            unconfirmed.email,
            waiting.email,
            draft.id,
            proeftuin.id,
            meeting.uid,
        )
        db.session.remove()
    return scene


@dataclass(frozen=True)
class MailRoute:
    """Who sends (None: a visitor; else an e-mail address of the scene) and the POST that
    mails; `send(client, scene, n)` aims the n-th mail at a fresh address where it can."""

    actor: Callable[[Scene], str | None]
    send: Callable[..., object]
    # Run once after the actor logged in (e.g. their address is not confirmed yet).
    prepare: Callable[[object, Scene], None] | None = None


def _register(client, scene, n):
    data = {
        "display_name": "Nieuwkomer",
        "email": f"new{n}@example.org",
        "password": PASSWORD,
        "zone": "0",
        "locale": "en",
        "consent": "y",
    }
    return client.post("/register", data)


def _login_unconfirmed(client, scene, n):
    # Logging in before confirming mails a new confirmation link.
    return client.post(
        "/login",
        {"email": scene.unconfirmed_email, "password": PASSWORD},
    )


def _login_link(client, scene, n):
    return client.post("/login/link", {"email": scene.author_email})


def _forgot(client, scene, n):
    return client.post("/password/forgot", {"email": scene.author_email})


def _resend(client, scene, n):
    return client.post("/account/confirm")


# The password each scene's account has now: each change needs the one before it.
_current_password: dict[int, str] = {}


def _change_password(client, scene, n):
    # The notice goes to the account's own address.
    current = _current_password.get(id(scene), PASSWORD)
    new = f"new password number {n}"
    response = client.post(
        "/account/password", {"current": current, "password": new, "confirm": new}
    )
    if response.status_code < 400:
        _current_password[id(scene)] = new
    return response


def unconfirm(app, scene) -> None:
    """Logged in, address not confirmed (yet): e.g. after changing it."""
    from burgerplatform.accounts.models import User

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == scene.waiting_email))
        user.email_confirmed_at = None
        db.session.commit()
        db.session.remove()


def _coauthor(client, scene, n):
    url = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/coauthors"
    return client.post(url, {"email": f"co{n}@example.org"})


def _group_add(client, scene, n):
    # A coach adds a group for a contact who has an account: the contact is asked by mail.
    url = f"/{scene.zone_slug}/groups/add"
    return client.post(url, {"name": f"Groep {n}", "contact_email": scene.author_email})


def _group_hand_over(client, scene, n):
    # The coach lists a group of their own, then asks the author to take it over.
    listed = client.post(f"/{scene.zone_slug}/groups/new", {"name": f"Club {n}", "consent": "y"})
    if listed.status_code != 302:  # refused already (another host): nothing to hand over
        return listed
    group_url = listed.headers["Location"]
    return client.post(f"{group_url}/hand-over", {"email": scene.author_email})


def _proeftuin(client, scene, n):
    url = f"/proeftuinen/{scene.proeftuin_id}/invitations"
    return client.post(url, {"email": f"buur{n}@example.org"})


def visitor(scene) -> None:
    """Nobody logged in: the address is typed by whoever visits."""
    return None


MAIL_ROUTES: dict[str, MailRoute] = {
    "accounts.register": MailRoute(visitor, _register),
    "accounts.login": MailRoute(visitor, _login_unconfirmed),
    "accounts.request_login_link": MailRoute(visitor, _login_link),
    "accounts.forgot_password": MailRoute(visitor, _forgot),
    "accounts.resend_confirmation": MailRoute(lambda s: s.waiting_email, _resend, unconfirm),
    "initiatives.invite": MailRoute(lambda s: s.author_email, _coauthor),
    "proeftuinen.invite": MailRoute(lambda s: s.coach_email, _proeftuin),
    "groups.add": MailRoute(lambda s: s.coach_email, _group_add),
    "groups.hand_over": MailRoute(lambda s: s.coach_email, _group_hand_over),
    # Last, by a confirmed account (the waiting one is unconfirmed by the route above, and
    # logging it in would mail a confirmation): the coach has invited by now.
    "accounts.change_password": MailRoute(lambda s: s.coach_email, _change_password),
}


def pages_with_absolute_urls(scene: Scene) -> list[str]:
    """Pages that print absolute URLs: the Atom feed, the calendars, the API description."""
    return [
        f"/{scene.zone_slug}/what-happened/feed.xml",
        f"/meetings/{scene.meeting_uid}/calendar.ics",
        f"/{scene.zone_slug}/meetings/calendar.ics",
        "/api/v1/openapi.json",
        "/library/feed.xml",
        "/api/v1/cases",
    ]


# Routes that mail addresses someone typed earlier, but each address at most once by
# construction, so no limit is needed: the reason says why (a test proves it).
MAILED_ONCE_PER_RECORD: dict[str, str] = {
    # A round's answer is published once (a second press is refused:
    # tests/consultations/test_after_the_phase.py), and publishing skips every offline
    # contact already marked as told (followed_up_at).
    "consultations.publish": "each offline contact with an e-mail address, once",
    # A request for support starts one proeftuin (a second is refused), whose members the
    # group named are invited then, once.
    "groups.start_proeftuin": "the members a group's request named, once per request",
}
