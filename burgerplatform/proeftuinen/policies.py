"""Who may see, write in and coach a proeftuin — as permission rules for the views, as a
moderated content type, and as a meetings space."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, g, make_response, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.accounts.models import Visitor
from burgerplatform.core.permissions import Rule
from burgerplatform.extensions import db
from burgerplatform.meetings import planning as meetings_planning
from burgerplatform.meetings import spaces
from burgerplatform.meetings.models import MeetingKind
from burgerplatform.moderation import registry
from burgerplatform.notifications import kinds
from burgerplatform.proeftuinen.models import Post, Proeftuin, Topic
from burgerplatform.proeftuinen.services import (
    can_see,
    is_coach,
    is_member,
    may_create,
    visible_ids,
)

kinds.register("proeftuin.reply", _l("%(author)s replied in “%(title)s”."))
kinds.register("proeftuin.mentioned", _l("%(author)s mentioned you in “%(title)s”."))
kinds.register("proeftuin.closed", _l("The topic “%(title)s” is closed with an outcome."))
kinds.register(
    "proeftuin.removed",
    _l("A coach removed you from the proeftuin “%(name)s”. Reason: %(reason)s"),
)


def _not_found(user: Visitor) -> NoReturn:
    """404. A visitor who is not logged in (e.g. from a mail link) is asked to log in:
    the same page for a members-only proeftuin and for one that does not exist, so it
    tells nothing about which ids exist."""
    if not user.is_authenticated and request.method == "GET":
        page = render_template("proeftuinen/login_first.html", next_url=request.path)
        abort(make_response(page, 404))
    abort(404)


def load_proeftuin() -> Proeftuin:
    """The proeftuin (and topic) named by the URL, cached on `g`. A members-only
    proeftuin does not exist (404) for whoever is not in it."""
    if "proeftuin" not in g:
        args = request.view_args or {}
        proeftuin = db.session.get(Proeftuin, args.get("proeftuin_id"))
        from flask_login import current_user

        if proeftuin is None or not can_see(current_user, proeftuin):
            _not_found(current_user)
        g.proeftuin = proeftuin
        if "topic_id" in args:
            topic = db.session.get(Topic, args["topic_id"])
            if topic is None or topic.proeftuin_id != proeftuin.id:
                abort(404)
            g.topic = topic
        if "post_id" in args:
            post = db.session.get(Post, args["post_id"])
            if post is None or post.topic.proeftuin_id != proeftuin.id:
                abort(404)
            g.post = post
    return g.proeftuin


CAN_CREATE = Rule("proeftuin_creator", may_create)
PROEFTUIN_VISIBLE = Rule("proeftuin_visible", lambda u: bool(load_proeftuin()), needs_login=False)
PROEFTUIN_MEMBER = Rule("proeftuin_member", lambda u: is_member(u, load_proeftuin()))
PROEFTUIN_COACH = Rule("proeftuin_coach", lambda u: is_coach(u, load_proeftuin()))
POST_AUTHOR = Rule(
    "proeftuin_post_author",
    lambda u: bool(load_proeftuin()) and g.post.author_id == u.id and is_member(u, g.proeftuin),
)


def _post_space(post: Post) -> str:
    return f"proeftuin:{post.topic.proeftuin_id}"


registry.register(
    registry.ModeratedType(
        name="proeftuin_post",
        model=Post,
        space=_post_space,
        can_view=lambda user, post: can_see(user, post.topic.proeftuin),
        can_moderate=lambda user, post: is_coach(user, post.topic.proeftuin),
        url=lambda post: url_for(
            "proeftuinen.topic",
            proeftuin_id=post.topic.proeftuin_id,
            topic_id=post.topic_id,
            _anchor=f"post-{post.id}",
        ),
        author=lambda post: post.author,
        moderators=lambda post: post.topic.proeftuin.coaches,
    )
)


def _space(proeftuin_id: int) -> Proeftuin | None:
    return db.session.get(Proeftuin, proeftuin_id)


spaces.register(
    "proeftuin",
    spaces.SpacePolicy(
        can_manage=lambda user, pid: (p := _space(pid)) is not None and is_coach(user, p),
        can_view=lambda user, pid: (p := _space(pid)) is not None and can_see(user, p),
        can_take_part=lambda user, pid: (p := _space(pid)) is not None and is_member(user, p),
        label=lambda pid: p.name if (p := _space(pid)) is not None else "",
        url=lambda pid: url_for("proeftuinen.show", proeftuin_id=pid),
        viewable=visible_ids,
    ),
)


def _proeftuinen_of(user) -> list[tuple[int, str, str]]:
    """The proeftuinen the person is a current member (or coach) of."""
    from sqlalchemy import select

    from burgerplatform.proeftuinen.models import Membership

    rows = db.session.execute(
        select(Proeftuin.id, Proeftuin.name)
        .join(Membership, Membership.proeftuin_id == Proeftuin.id)
        .where(Membership.user_id == user.id, Membership.left_at.is_(None))
    )
    return [(pid, name, url_for("proeftuinen.show", proeftuin_id=pid)) for pid, name in rows]


meetings_planning.register_space_kind(
    "proeftuin",
    meetings_planning.SpaceKind(
        MeetingKind.PROEFTUIN,
        zone_id=lambda pid: p.zone_id if (p := _space(pid)) is not None else None,
        audience=lambda pid: (
            [m.user for m in p.active_memberships] if (p := _space(pid)) is not None else []
        ),
        spaces_of=_proeftuinen_of,
    ),
)
