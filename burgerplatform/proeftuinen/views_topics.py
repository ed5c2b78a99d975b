"""Topic pages: start, read and reply, edit a post, follow, and the coach's actions."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm, handle
from burgerplatform.core.limits import per_account
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import requires
from burgerplatform.extensions import db
from burgerplatform.proeftuinen import bp, discussion, services
from burgerplatform.proeftuinen.forms import (
    CloseForm,
    EditPostForm,
    LockForm,
    PostForm,
    TopicForm,
)
from burgerplatform.proeftuinen.models import Post
from burgerplatform.proeftuinen.policies import (
    POST_AUTHOR,
    PROEFTUIN_COACH,
    PROEFTUIN_MEMBER,
    PROEFTUIN_VISIBLE,
    load_proeftuin,
)

TOPIC = "/<int:proeftuin_id>/topics/<int:topic_id>"


def _show_guidelines(proeftuin) -> bool:
    membership = proeftuin.membership_of(current_user)
    return membership is not None and membership.guidelines_seen_at is None


@bp.route("/<int:proeftuin_id>/topics/new", methods=["GET", "POST"])
@requires(PROEFTUIN_MEMBER)
def new_topic(proeftuin_id: int):
    proeftuin = load_proeftuin()
    form = TopicForm()
    return handle(
        form,
        lambda: discussion.start_topic(proeftuin, current_user, form.title.data, form.body.data),
        done=_l("Your topic is posted."),
        then=discussion.topic_url,
        page=lambda status: (
            render_template(
                "proeftuinen/new_topic.html",
                proeftuin=proeftuin,
                form=form,
                show_guidelines=_show_guidelines(proeftuin),
            ),
            status,
        ),
        once=True,
    )


def _cursor(name: str) -> int | None:
    value = request.args.get(name, type=int)
    if value is not None and value < 1:
        abort(404)
    return value


def _topic_page(form: PostForm | None = None, status: int = 200, parent: Post | None = None):
    proeftuin, topic = load_proeftuin(), g.topic
    is_member = services.is_member(current_user, proeftuin)
    if form is None:
        form = PostForm(formdata=None)
        quoted = request.args.get("quote", type=int)
        if quoted and is_member:
            source = db.session.get(Post, quoted)
            if source is not None and source.topic_id == topic.id:
                form.body.data = discussion.quote(source)
                parent = source
        reply_to = request.args.get("reply_to", type=int)
        if reply_to and is_member:
            parent = db.session.get(Post, reply_to)
            if parent is not None and parent.topic_id != topic.id:
                parent = None
    window = discussion.post_page(topic, before=_cursor("before"), after=_cursor("after"))
    return (
        render_template(
            "proeftuinen/topic.html",
            proeftuin=proeftuin,
            topic=topic,
            thread=window.thread,
            window=window,
            form=form,
            parent=parent,
            is_member=is_member,
            is_coach=services.is_coach(current_user, proeftuin),
            following=current_user.is_authenticated
            and discussion.is_following(topic, current_user),
            show_guidelines=_show_guidelines(proeftuin),
            lock_form=LockForm(formdata=None),
            close_form=CloseForm(formdata=None),
        ),
        status,
    )


@bp.route(TOPIC)
@cached_page  # above: see cached_page on rules that read data
@requires(PROEFTUIN_VISIBLE)
def topic(proeftuin_id: int, topic_id: int):
    return _topic_page()


def _replying_to() -> Post | None:
    parent_id = request.form.get("parent_id", type=int)
    parent = db.session.get(Post, parent_id) if parent_id else None
    if parent is not None and parent.topic_id != g.topic.id:
        return None  # a post of another topic (or proeftuin) is not ours to name
    return parent


def _reply_kept(message: str):
    """The topic again, with the reply as typed and why it was not posted yet."""
    load_proeftuin()
    form = PostForm()
    form.messages.append(message)
    return _topic_page(form, 429, _replying_to())


@bp.route(TOPIC + "/reply", methods=["POST"])
@requires(PROEFTUIN_MEMBER)
@per_account("PROEFTUIN_POST_RATE_LIMIT", _reply_kept)
def reply(proeftuin_id: int, topic_id: int):
    load_proeftuin()
    form = PostForm()
    parent = _replying_to()
    return handle(
        form,
        lambda: discussion.reply(g.topic, current_user, form.body.data, parent),
        done=_l("Your reply is posted."),
        then=lambda post: discussion.topic_url(g.topic, post),
        page=lambda status: _topic_page(form, status, parent),
        once=True,
    )


@bp.route("/<int:proeftuin_id>/posts/<int:post_id>/edit", methods=["GET", "POST"])
@requires(POST_AUTHOR)
def edit_post(proeftuin_id: int, post_id: int):
    proeftuin = load_proeftuin()
    post = g.post
    form = EditPostForm(data={"body": post.body})
    return handle(
        form,
        lambda: discussion.edit_post(post, current_user, form.body.data),
        done=_l("Your post is changed."),
        then=lambda _: discussion.topic_url(post.topic, post),
        page=lambda status: (
            render_template(
                "proeftuinen/edit_post.html", proeftuin=proeftuin, post=post, form=form
            ),
            status,
        ),
    )


@bp.route(TOPIC + "/follow", methods=["POST"])
@requires(PROEFTUIN_MEMBER)
def follow(proeftuin_id: int, topic_id: int):
    load_proeftuin()
    if ButtonForm().validate_on_submit():
        if request.form.get("follow") == "1":
            discussion.follow(g.topic, current_user)
            flash(_l("You follow this topic: we let you know about new replies."), "success")
        else:
            discussion.unfollow(g.topic, current_user)
            flash(_l("You no longer follow this topic."), "success")
    return redirect(discussion.topic_url(g.topic))


# --- Coach actions -------------------------------------------------------------------


def _coach_action(action) -> object:
    load_proeftuin()
    try:
        action()
    except DomainError as error:
        flash(error.message, "error")
    return redirect(discussion.topic_url(g.topic))


@bp.route(TOPIC + "/pin", methods=["POST"])
@requires(PROEFTUIN_COACH)
def pin(proeftuin_id: int, topic_id: int):
    if not ButtonForm().validate_on_submit():
        return redirect(discussion.topic_url(g.topic))
    pinned = request.form.get("pin") == "1"
    return _coach_action(lambda: discussion.set_pinned(g.topic, current_user, pinned))


@bp.route(TOPIC + "/lock", methods=["POST"])
@requires(PROEFTUIN_COACH)
def lock(proeftuin_id: int, topic_id: int):
    form = LockForm()
    if form.validate_on_submit():
        return _coach_action(lambda: discussion.lock(g.topic, current_user, form.reason.data))
    return _coach_form("lock", form)


@bp.route(TOPIC + "/unlock", methods=["POST"])
@requires(PROEFTUIN_COACH)
def unlock(proeftuin_id: int, topic_id: int):
    if not ButtonForm().validate_on_submit():
        return redirect(discussion.topic_url(g.topic))
    return _coach_action(lambda: discussion.unlock(g.topic, current_user))


@bp.route(TOPIC + "/close", methods=["POST"])
@requires(PROEFTUIN_COACH)
def close(proeftuin_id: int, topic_id: int):
    form = CloseForm()
    if form.validate_on_submit():
        return _coach_action(
            lambda: discussion.close(
                g.topic, current_user, form.outcome.data, form.outcome_easy.data or ""
            )
        )
    return _coach_form("close", form)


@bp.route(TOPIC + "/reopen", methods=["POST"])
@requires(PROEFTUIN_COACH)
def reopen(proeftuin_id: int, topic_id: int):
    if not ButtonForm().validate_on_submit():
        return redirect(discussion.topic_url(g.topic))
    return _coach_action(lambda: discussion.reopen(g.topic, current_user))


def _coach_form(which: str, form):
    """An invalid lock or close form: show it again on its own page, with the errors."""
    return (
        render_template(
            "proeftuinen/coach_form.html",
            proeftuin=load_proeftuin(),
            topic=g.topic,
            which=which,
            form=form,
        ),
        400,
    )
