"""Staff pages of a round's themes: run the search, then confirm, rename, merge, move,
split off and link recommendations. The round page shows the confirmed themes
(templates/themes/_round_section.html)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.consultations.rules import load_round
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import handle, press
from burgerplatform.core.permissions import ZONE_STAFF, requires
from burgerplatform.extensions import db
from burgerplatform.themes import bp, forms, services
from burgerplatform.themes.models import InputTheme
from burgerplatform.themes.rules import load_item, load_theme

# A theme's page lists this much input; beyond it, merge or split the theme first.
SHOWN_ITEMS = 300


def _url(endpoint: str = "themes.index", **args) -> str:
    return url_for(endpoint, round_id=load_round().id, **args)


@bp.route("")
@requires(ZONE_STAFF)
def index(round_id: int):
    round_ = load_round()
    themes = services.themes_of(round_)
    return render_template(
        "themes/index.html",
        round=round_,
        themes=themes,
        typical={t.id: services.typical_items(t) for t in themes},
        people={t.id: services.people(t) for t in themes},
        run=services.last_run(round_),
        services=services,
    )


@bp.route("/run", methods=["POST"])
@requires(ZONE_STAFF)
def run(round_id: int):
    return press(
        lambda: services.start_run(load_round(), current_user),
        then=_url(),
        done=_l("The search for themes has started. It takes a few seconds: reload this page."),
    )


def _choices(themes: list[InputTheme], leave_out: InputTheme | None = None) -> list:
    return [(t.id, t.name) for t in themes if t is not leave_out]


def _theme_page(theme: InputTheme, status: int = 200, **overrides):
    round_ = load_round()
    themes = services.themes_of(round_)
    items = list(theme.items)
    page_forms: dict = {
        # The computer's words are no name: a person types one (shown empty then).
        "rename_form": forms.RenameForm(
            formdata=None,
            data={"name": "" if services.named_by_computer(theme) else theme.name},
        ),
        "merge_form": forms.MergeForm(formdata=None),
        "link_form": forms.LinkForm(formdata=None),
    }
    page_forms.update({k: v for k, v in overrides.items() if k.endswith("_form")})
    page_forms["merge_form"].target.choices = _choices(themes, theme)
    linked = {r.id for r in theme.recommendations}
    page_forms["link_form"].recommendation.choices = [
        (r.id, r.title) for r in services.recommendations_of(round_) if r.id not in linked
    ]
    move_forms = {}
    for item in items[:SHOWN_ITEMS]:
        given = overrides.get("move_forms", {}).get(item.id)
        form = given or forms.MoveForm(formdata=None, prefix=f"item-{item.id}")
        form.target.choices = [
            *_choices(themes, theme),
            (services.NEW_THEME, str(_l("A new theme (split)"))),
        ]
        move_forms[item.id] = form
    return render_template(
        "themes/theme.html",
        round=round_,
        theme=theme,
        items=items[:SHOWN_ITEMS],
        more=max(0, len(items) - SHOWN_ITEMS),
        move_forms=move_forms,
        people=services.people(theme),
        services=services,
        **page_forms,
    ), status


@bp.route("/<int:input_theme_id>")
@requires(ZONE_STAFF)
def show(round_id: int, input_theme_id: int):
    return _theme_page(load_theme())


@bp.route("/<int:input_theme_id>/rename", methods=["POST"])
@requires(ZONE_STAFF)
def rename(round_id: int, input_theme_id: int):
    theme = load_theme()
    form = forms.RenameForm()
    return handle(
        form,
        lambda: services.rename(theme, form.name.data or ""),
        done=_l("The theme is renamed and confirmed."),
        then=_url("themes.show", input_theme_id=theme.id),
        page=lambda status: _theme_page(theme, status, rename_form=form),
    )


@bp.route("/<int:input_theme_id>/confirm", methods=["POST"])
@requires(ZONE_STAFF)
def confirm(round_id: int, input_theme_id: int):
    theme = load_theme()
    return press(
        lambda: services.confirm_named(theme),
        then=_url("themes.show", input_theme_id=theme.id),
        done=_l("The theme is confirmed: a new search keeps it as it is now."),
    )


def _merged_already(input_theme_id: int):
    """The merge form sent again (the back button, a double click): the theme is gone into
    the theme chosen in it. Say so and go there, instead of "this page does not exist"."""
    if db.session.get(InputTheme, input_theme_id) is not None:
        return None
    form = forms.MergeForm()
    if not form.validate_on_submit():
        return None
    try:
        into = services.theme_in(load_round(), form.target.data)
    except DomainError:
        return None
    flash(_l("This theme was already merged into “%(name)s”.", name=into.name), "info")
    return redirect(_url("themes.show", input_theme_id=into.id))


@bp.route("/<int:input_theme_id>/merge", methods=["POST"])
@requires(ZONE_STAFF)
def merge(round_id: int, input_theme_id: int):
    gone = _merged_already(input_theme_id)
    if gone is not None:
        return gone
    theme = load_theme()
    form = forms.MergeForm()
    return handle(
        form,
        lambda: services.merge(theme, services.theme_in(load_round(), form.target.data)),
        done=_l("The themes are merged."),
        then=lambda into: _url("themes.show", input_theme_id=into.id),
        page=lambda status: _theme_page(theme, status, merge_form=form),
    )


@bp.route("/<int:input_theme_id>/link", methods=["POST"])
@requires(ZONE_STAFF)
def link(round_id: int, input_theme_id: int):
    theme = load_theme()
    form = forms.LinkForm()
    return handle(
        form,
        lambda: services.link(
            theme, services.recommendation_in(load_round(), form.recommendation.data)
        ),
        done=_l("The recommendation is linked to this theme."),
        then=_url("themes.show", input_theme_id=theme.id),
        page=lambda status: _theme_page(theme, status, link_form=form),
    )


@bp.route("/<int:input_theme_id>/unlink/<int:rec_id>", methods=["POST"])
@requires(ZONE_STAFF)
def unlink(round_id: int, input_theme_id: int, rec_id: int):
    theme = load_theme()
    return press(
        lambda: services.unlink(theme, services.recommendation_in(load_round(), rec_id)),
        then=_url("themes.show", input_theme_id=theme.id),
        done=_l("The recommendation is no longer linked to this theme."),
    )


@bp.route("/items/<int:item_id>/move", methods=["POST"])
@requires(ZONE_STAFF)
def move(round_id: int, item_id: int):
    item = load_item()
    theme = item.theme
    form = forms.MoveForm(prefix=f"item-{item.id}")
    theme_id = theme.id

    def then(to: InputTheme) -> str:
        # Back to the theme the input came from; to where it went when that is gone.
        left = db.session.get(InputTheme, theme_id)
        return _url("themes.show", input_theme_id=(left or to).id)

    return handle(
        form,
        lambda: services.move_to(load_round(), item, form.target.data, form.name.data or ""),
        done=_l("The input is moved."),
        then=then,
        page=lambda status: _theme_page(theme, status, move_forms={item.id: form}),
        # A split creates a theme: sent twice, it is created once.
        once=form.target.data == services.NEW_THEME,
    )
