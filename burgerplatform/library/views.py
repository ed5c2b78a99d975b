"""The public library of good practice, each case's page and its Atom feed; and the
publish forms of a proeftuin's coach and a zone's staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import NotFound

from burgerplatform.accounts.names import ids_told_apart
from burgerplatform.consultations.models import Round
from burgerplatform.core.db import utcnow
from burgerplatform.core.forms import (
    flash_created,
    form_error,
    form_status,
    handle,
    sent_before,
)
from burgerplatform.core.markdown import stored_excerpt
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import PUBLIC, ZONE_STAFF, requires
from burgerplatform.core.urls import base_url
from burgerplatform.library import bp, queries, services, zone_bp
from burgerplatform.library.forms import (
    CaseEditForm,
    CaseForm,
    WithdrawForm,
    details_of,
    prefill,
    set_participants,
)
from burgerplatform.library.models import Case, CaseSource, CaseTopic, Theme
from burgerplatform.library.policies import CASE_EDITOR, PROEFTUIN_CASE_PUBLISHER
from burgerplatform.library.services import CaseDetails
from burgerplatform.proeftuinen.services import may_create
from burgerplatform.zones import get_zoned_or_404
from burgerplatform.zones.models import Role

PUBLISHED = _l("The case is in the library. Other zones can find it now.")
CORRECTED = _l("The case is corrected.")
# The versions a change of the Dutch text left behind, said right after saving.
LEFT_BEHIND = {
    ("fr",): _l(
        "The case is corrected. You changed the Dutch text, so the French version may now "
        "be out of date: check it and change it too."
    ),
    ("en",): _l(
        "The case is corrected. You changed the Dutch text, so the English version may now "
        "be out of date: check it and change it too."
    ),
    ("fr", "en"): _l(
        "The case is corrected. You changed the Dutch text, so the French and English "
        "versions may now be out of date: check them and change them too."
    ),
}


def _corrected(correction: services.Correction) -> tuple[Any, str]:
    if correction.left_behind:
        key = tuple(lang for lang in ("fr", "en") if lang in correction.left_behind)
        return LEFT_BEHIND[key], "info"
    return CORRECTED, "success"


WITHDRAWN = _l("The case is withdrawn. It is no longer in the library.")


def _lang() -> str:
    return str(get_locale() or "nl")


@bp.route("/")
@requires(PUBLIC)
def index():
    filters = queries.filters_from(request.args)
    page = queries.published_cases(filters, cursors_from(request.args), with_total=True)
    lang = _lang()
    return render_template(
        "library/index.html",
        page=page,
        texts={case.id: case.text_in(lang) for case in page.items},
        filters=filters,
        themes=list(Theme),
        topics=list(CaseTopic),
        zones=queries.zones_with_cases(),
    )


@bp.route("/<int:case_id>")
@requires(PUBLIC)
def show(case_id: int):
    case = queries.published_case(case_id)
    if case is None:
        raise NotFound()
    text, fallback = case.text_in(_lang())
    return render_template(
        "library/show.html",
        case=case,
        text=text,
        fallback=fallback,
        may_open_proeftuin=may_create(current_user),
        staff_zones=(
            current_user.zones_with_role(Role.STAFF) if current_user.is_authenticated else []
        ),
        may_change=services.may_change_case(current_user, case),
    )


@bp.route("/feed.xml")
@requires(PUBLIC)
def feed():
    lang = _lang()
    entries = []
    for case in queries.feed_entries():
        text = case.text_in(lang)[0]
        entries.append((case, text, stored_excerpt(text, "changed", 300)))
    updated = entries[0][0].published_at if entries else utcnow()
    body = render_template("library/feed.xml", entries=entries, updated=updated, base=base_url())
    return Response(body, mimetype="application/atom+xml")


T = TypeVar("T")


def _with_all_errors(form, action: Callable[[], T]) -> Callable[[], T]:
    """The service's call, showing every reason it refused the case (`CaseRefused`) at
    its field, not only the first."""

    def run() -> T:
        try:
            return action()
        except services.CaseRefused as error:
            for more in error.more:
                form_error(form, more)
            raise

    return run


def _publish_form(
    people: list[services.Participant],
    publish: Callable[[CaseDetails], Case],
    source_name: str,
    back: str,
    refusal: str | None,
    existing: Case | None,
):
    """The publish form of a proeftuin or a round: the participants to tick, one service
    call, the case's page after it. When no case can be published (`refusal`: not ready,
    or `existing` already), the page shows only why, and the case that exists."""
    # A form sent again after its case was made leads to that case ("sent twice, created
    # once"); any other send to a source that cannot publish shows only why.
    sent = CaseForm()
    # (A case withdrawn since is no page to go to: core.forms forgets that send.)
    earlier = sent_before(sent) if request.method == "POST" else None
    if refusal is not None and earlier:
        flash_created(False, PUBLISHED)
        return redirect(earlier)
    if refusal is not None:
        sent.refused = request.method == "POST"  # whatever was sent cannot be published
        page = render_template(
            "library/publish.html",
            form=None,
            source_name=source_name,
            back=back,
            refusal=refusal,
            existing=existing,
        )
        return page, form_status(sent)
    form = sent
    set_participants(
        form, ids_told_apart((p.user_id, p.name) for p in people if p.user_id is not None)
    )
    return handle(
        form,
        _with_all_errors(form, lambda: publish(details_of(form))),
        done=PUBLISHED,
        then=lambda case: url_for("library.show", case_id=case.id),
        page=lambda status: (
            render_template("library/publish.html", form=form, source_name=source_name, back=back),
            status,
        ),
        once=True,
    )


@bp.route("/proeftuinen/<int:proeftuin_id>/publish", methods=["GET", "POST"])
@requires(PROEFTUIN_CASE_PUBLISHER)
def publish_proeftuin(proeftuin_id: int):
    proeftuin = g.case_proeftuin
    existing = services.existing_case(CaseSource.PROEFTUIN, proeftuin.id)
    return _publish_form(
        services.participants_of_proeftuin(proeftuin),
        lambda details: services.publish_from_proeftuin(proeftuin, current_user, details),
        proeftuin.name,
        url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
        services.proeftuin_refusal(proeftuin, existing),
        existing,
    )


@zone_bp.route("/rounds/<int:round_id>/publish", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def publish_round(round_id: int):
    round_ = get_zoned_or_404(Round, round_id)
    existing = services.existing_case(CaseSource.ROUND, round_.id)
    return _publish_form(
        services.participants_of_round(round_),
        lambda details: services.publish_from_round(round_, current_user, details),
        round_.title,
        url_for("consultations.show", round_id=round_.id),
        services.round_refusal(round_, existing),
        existing,
    )


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@requires(CASE_EDITOR)
def edit(case_id: int):
    """Correct a published case: the publish form, filled in, with the same checks."""
    case = g.changeable_case
    form = CaseEditForm()
    people = services.participants_of_case(case)
    set_participants(
        form, ids_told_apart((p.user_id, p.name) for p in people if p.user_id is not None)
    )
    if request.method == "GET":
        prefill(form, services.details_of_case(case))
    text = case.text_in("nl")[0]
    return handle(
        form,
        _with_all_errors(form, lambda: services.correct_case(case, current_user, details_of(form))),
        done=_corrected,
        then=url_for("library.show", case_id=case.id),
        page=lambda status: (
            render_template(
                "library/publish.html",
                form=form,
                source_name=text.title,
                back=url_for("library.show", case_id=case.id),
                editing=True,
                outdated=services.outdated_versions(case),
            ),
            status,
        ),
    )


@bp.route("/<int:case_id>/withdraw", methods=["GET", "POST"])
@requires(CASE_EDITOR)
def withdraw(case_id: int):
    """Take a case out of the library, with a reason for the audit log."""
    case = g.changeable_case
    form = WithdrawForm()
    text = case.text_in(_lang())[0]
    return handle(
        form,
        lambda: services.withdraw_case(case, current_user, form.reason.data or ""),
        done=WITHDRAWN,
        then=url_for("library.index"),
        page=lambda status: (
            render_template("library/withdraw.html", form=form, case=case, text=text),
            status,
        ),
    )
