"""The register's pages: the list, one group, its contact's pages, confirming by mail,
a round inviting a group, and requests for a coach's support."""

from __future__ import annotations

from flask import abort, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.consultations.models import Phase, Round
from burgerplatform.core.forms import ButtonForm, choices, handle, press
from burgerplatform.core.limits import mail_limit
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import (
    LOGGED_IN,
    PUBLIC,
    ZONE_COACH,
    ZONE_STAFF,
    Rule,
    requires,
)
from burgerplatform.extensions import db
from burgerplatform.groups import bp, forms, queries, services
from burgerplatform.groups.models import Group, RoundPart, SupportRequest
from burgerplatform.groups.moderated import GROUP_WORDING
from burgerplatform.zones import get_zoned_or_404
from burgerplatform.zones.models import Municipality


def load_group() -> Group:
    if g.get("group") is None:
        g.group = get_zoned_or_404(Group, int((request.view_args or {})["group_id"]))
    return g.group


def load_request() -> SupportRequest:
    if g.get("support_request") is None:
        g.support_request = get_zoned_or_404(
            SupportRequest, int((request.view_args or {})["request_id"])
        )
    return g.support_request


def _group_contact(user) -> bool:
    """Only the contact changes the group. Anyone who may not see the entry (a group that
    waits for its contact) is told it does not exist, as on its page. A visitor is asked
    to log in first, for any group number, so that tells nothing either."""
    group = load_group()
    if not queries.may_see(user, group):
        abort(404)
    return queries.is_contact(user, group)


GROUP_CONTACT = Rule("group_contact", _group_contact)
REGISTER_KEEPERS = ZONE_STAFF | ZONE_COACH
# The zone's coaches answer a request (loaded first: another zone's one does not exist).
SUPPORT_COACH = Rule(
    "support_coach", lambda u: bool(load_request()) and queries.is_zone_coach(u, g.zone.id)
)
# The group's contact sees the answer to their request; the zone's coaches answer it.
SUPPORT_READER = Rule(
    "support_reader",
    lambda u: queries.is_zone_coach(u, g.zone.id) or queries.is_contact(u, load_request().group),
)


def _stored(group: Group) -> dict:
    """What the edit form starts with: every field as stored, the municipalities by id."""
    fields = forms.EditGroupForm.ENTRY_FIELDS
    return {name: getattr(group, name) for name in fields} | {
        "municipalities": [m.id for m in group.municipalities]
    }


def _municipality_choices(form) -> None:
    form.municipalities.choices = choices(
        (m.id, m.name)
        for m in db.session.scalars(
            db.select(Municipality)
            .where(Municipality.zone_id == g.zone.id)
            .order_by(Municipality.name)
        )
    )


@bp.route("/")
@requires(PUBLIC)
def index():
    municipality = request.args.get("municipality", type=int)
    keeper = queries.may_add_for_others(current_user, g.zone.id)
    # The moderation queue of the register: reports on this zone's listings only.
    reports = queries.open_reports(g.zone.id) if keeper else []
    return render_template(
        "groups/index.html",
        zone=g.zone,
        groups=queries.listed_page(g.zone.id, municipality, cursors_from(request.args)),
        municipality=municipality,
        municipalities=g.zone.municipalities,
        mine=queries.mine(current_user, g.zone.id) if current_user.is_authenticated else [],
        keeper=keeper,
        can_coach=queries.is_zone_coach(current_user, g.zone.id),
        unlisted=queries.kept_by_staff(g.zone.id) if keeper else [],
        reports=reports,
        report_names=queries.names_of({r.target_id for r in reports}),
        wording=GROUP_WORDING,
    )


def _form_page(template: str, form, **context):
    return lambda status: (render_template(template, form=form, zone=g.zone, **context), status)


@bp.route("/new", methods=["GET", "POST"])
@requires(LOGGED_IN)
def new():
    form = forms.RegisterGroupForm()
    _municipality_choices(form)
    return handle(
        form,
        lambda: services.register_group(
            g.zone, current_user, form.entry(), bool(form.consent.data)
        ),
        done=_l("Your group is on the list."),
        then=lambda group: url_for("groups.show", group_id=group.id),
        page=_form_page("groups/form.html", form, group=None, on_behalf=False),
        once=True,
    )


@bp.route("/add", methods=["GET", "POST"])
@requires(REGISTER_KEEPERS)
@mail_limit("GROUP_MAIL_RATE_LIMIT")
def add():
    form = forms.AddGroupForm()
    _municipality_choices(form)
    return handle(
        form,
        lambda: services.add_for_group(g.zone, current_user, form.entry(), form.contact_email.data),
        done=_l("Saved. We asked the contact person by mail to confirm."),
        then=lambda group: url_for("groups.show", group_id=group.id),
        page=_form_page("groups/form.html", form, group=None, on_behalf=True),
        once=True,
    )


@bp.route("/<int:group_id>")
@requires(PUBLIC)
def show(group_id: int):
    group = load_group()
    if not queries.may_see(current_user, group):
        if queries.shows_why_hidden(group):
            return render_template("groups/hidden.html", zone=g.zone, group=group)
        abort(404)
    contact = queries.is_contact(current_user, group)
    return render_template(
        "groups/show.html",
        zone=g.zone,
        group=group,
        contact=contact,
        keeper=queries.may_add_for_others(current_user, group.zone_id),
        moderator=queries.may_moderate(current_user, group),
        may_say_still_current=contact and services.may_say_still_current(group),
        requests=queries.support_requests_of(group) if contact else [],
    )


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@requires(GROUP_CONTACT)
def edit(group_id: int):
    group = load_group()
    form = forms.EditGroupForm(data=_stored(group) if request.method == "GET" else None)
    _municipality_choices(form)
    return handle(
        form,
        lambda: services.update_group(group, current_user, form.entry()),
        done=_l("Saved. Thank you for keeping it up to date."),
        then=url_for("groups.show", group_id=group.id),
        page=_form_page(
            "groups/edit.html", form, group=group, hand_over_form=forms.HandOverForm(formdata=None)
        ),
    )


@bp.route("/<int:group_id>/hand-over", methods=["POST"])
@requires(GROUP_CONTACT)
@mail_limit("GROUP_MAIL_RATE_LIMIT")
def hand_over(group_id: int):
    group = load_group()
    form = forms.HandOverForm()
    edit_form = forms.EditGroupForm(formdata=None, data=_stored(group))
    _municipality_choices(edit_form)
    return handle(
        form,
        lambda: services.hand_over(group, current_user, form.email.data),
        done=_l("We asked the new contact person by mail to confirm."),
        then=url_for("groups.show", group_id=group.id),
        page=_form_page("groups/edit.html", edit_form, group=group, hand_over_form=form),
    )


@bp.route("/<int:group_id>/still-current", methods=["POST"])
@requires(GROUP_CONTACT)
def still_current(group_id: int):
    group = load_group()
    return press(
        lambda: services.still_current(group, current_user),
        then=url_for("groups.show", group_id=group.id),
        done=_l("Thank you. The group stays on the list for another year."),
    )


@bp.route("/<int:group_id>/remove", methods=["POST"])
@requires(GROUP_CONTACT)
def remove(group_id: int):
    group = load_group()
    return press(
        lambda: services.remove(group, current_user),
        then=url_for("groups.index"),
        done=_l("The group is no longer on the list."),
        failed=url_for("groups.show", group_id=group.id),
    )


def _confirm_page(group: Group, token: str, form):
    problem = services.link_problem(group, token, current_user)
    return lambda status: (
        render_template(
            "groups/confirm.html",
            zone=g.zone,
            group=group,
            form=form,
            problem=problem,
            token=token,
        ),
        # A link that does not work is a page that says so, with a 4xx.
        status if problem is None else 400,
    )


@bp.route("/<int:group_id>/confirm/<token>", methods=["GET", "POST"])
@requires(LOGGED_IN)
def confirm(group_id: int, token: str):
    group = load_group()
    form = ButtonForm()
    return handle(
        form,
        lambda: services.confirm(group, token, current_user),
        done=_l("Thank you. The group is on the list."),
        then=url_for("groups.show", group_id=group.id),
        page=_confirm_page(group, token, form),
    )


@bp.route("/<int:group_id>/confirm/<token>/decline", methods=["POST"])
@requires(LOGGED_IN)
def decline(group_id: int, token: str):
    group = load_group()
    return press(
        lambda: services.decline(group, token, current_user),
        then=url_for("groups.index"),
        done=_l("We do not show the group. Nobody sees it."),
        failed=lambda: _confirm_page(group, token, ButtonForm(formdata=None))(400),
    )


# A round invites a group ------------------------------------------------------------------


def load_round() -> Round:
    if g.get("round") is None:
        g.round = get_zoned_or_404(Round, int((request.view_args or {})["round_id"]))
    return g.round


@bp.route("/rounds/<int:round_id>/invite", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def invite_to_round(round_id: int):
    round_ = load_round()
    form = forms.InviteGroupForm()
    invited = queries.invitations_of_round(round_.id)
    # Every listed group stays a choice: a second invitation is refused by the service,
    # and the same form sent twice leads to the first result (OnceForm).
    form.group.choices = choices(
        [(0, _l("Choose a group"))] + [(x.id, x.name) for x in queries.listed_groups(g.zone.id)]
    )

    return handle(
        form,
        lambda: services.invite_by_id(
            round_, form.group.data or 0, RoundPart(form.part.data), current_user
        ),
        done=_l("The group is invited. Its contact person is told."),
        then=url_for("groups.invite_to_round", round_id=round_.id),
        page=_form_page("groups/invite.html", form, round=round_, invited=invited),
        once=True,
    )


@bp.route("/<int:group_id>/rounds/<int:round_id>", methods=["GET", "POST"])
@requires(GROUP_CONTACT)
def round_part(group_id: int, round_id: int):
    """The group's contact speaks for the group in a round that invited it."""
    group, round_ = load_group(), load_round()
    item = queries.invitation(round_.id, group.id)
    if item is None:
        abort(404)
    back = url_for("consultations.show", round_id=round_.id, _anchor="input")
    if round_.phase is Phase.CO_DEFINE and item.part is RoundPart.CO_DEFINE:
        form = forms.GroupSuggestionForm()
        return handle(
            form,
            lambda: services.suggest_question(
                round_, group, current_user, form.proposal.data, form.reason.data or ""
            ),
            done=_l("Thank you. The staff will answer the suggestion of the group."),
            then=back,
            page=_form_page("groups/round_part.html", form, group=group, round=round_),
            once=True,
        )
    form = forms.GroupInputForm()
    return handle(
        form,
        lambda: services.give_input(round_, group, current_user, form.body.data),
        done=_l("Thank you for the input of the group."),
        then=back,
        page=_form_page("groups/round_part.html", form, group=group, round=round_),
        once=True,
    )


# Support from a coach ------------------------------------------------------------------


@bp.route("/<int:group_id>/support", methods=["GET", "POST"])
@requires(GROUP_CONTACT)
def ask_support(group_id: int):
    group = load_group()
    form = forms.SupportForm()
    return handle(
        form,
        lambda: services.ask_support(
            group,
            current_user,
            form.goal.data,
            form.people.data or "",
            form.help.data,
            form.invite_emails.data or "",
        ),
        done=_l("Sent. A coach of the zone will answer you."),
        then=lambda r: url_for("groups.support", request_id=r.id),
        page=_form_page("groups/ask_support.html", form, group=group),
        once=True,
    )


@bp.route("/support/")
@requires(ZONE_COACH)
def support_list():
    return render_template(
        "groups/support_list.html", zone=g.zone, requests=queries.support_requests(g.zone.id)
    )


def _support_page(request_, answer_form, start_form):
    return lambda status: (
        render_template(
            "groups/support.html",
            zone=g.zone,
            item=request_,
            coach=queries.is_zone_coach(current_user, g.zone.id),
            answer_form=answer_form,
            start_form=start_form,
        ),
        status,
    )


@bp.route("/support/<int:request_id>")
@requires(SUPPORT_READER)
def support(request_id: int):
    item = load_request()
    start_form = forms.StartProeftuinForm(formdata=None, data={"name": item.group.name})
    return _support_page(item, forms.AnswerForm(formdata=None), start_form)(200)


@bp.route("/support/<int:request_id>/answer", methods=["POST"])
@requires(SUPPORT_COACH)
def answer_support(request_id: int):
    item = load_request()
    form = forms.AnswerForm()
    start_form = forms.StartProeftuinForm(formdata=None, data={"name": item.group.name})
    return handle(
        form,
        lambda: services.answer_support(item, current_user, form.answer.data),
        done=_l("Your answer is sent to the group."),
        then=url_for("groups.support", request_id=item.id),
        page=_support_page(item, form, start_form),
    )


@bp.route("/support/<int:request_id>/proeftuin", methods=["POST"])
@requires(SUPPORT_COACH)
def start_proeftuin(request_id: int):
    item = load_request()
    form = forms.StartProeftuinForm()
    return handle(
        form,
        lambda: services.start_proeftuin(
            item, current_user, form.name.data, form.description.data or ""
        ),
        done=_l("The proeftuin is open. The group's members are invited."),
        then=lambda proeftuin: url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
        page=_support_page(item, forms.AnswerForm(formdata=None), form),
        once=True,
    )
