"""Burgerplatform: the citizen platform of Flemish primary-care zones.

Copyright (C) 2026 the Burgerplatform contributors — AGPL-3.0-or-later.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import Config

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent
# Run from the source tree (make run, an editable install), or from a built wheel, which
# carries the templates and compiled translations inside the package (setup.py).
FROM_SOURCE = (ROOT / "pyproject.toml").is_file() and (ROOT / "templates").is_dir()


def data_dir(name: str) -> Path:
    """`templates` or `translations`: at the top of the source tree, or in the wheel."""
    return ROOT / name if FROM_SOURCE else PACKAGE / name


def default_instance_path() -> str:
    # Next to the code in a checkout; in the working directory for an installed wheel
    # (site-packages is no place for a database or uploads). INSTANCE_PATH overrides both.
    return str(ROOT / "instance" if FROM_SOURCE else Path.cwd() / "instance")


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    from burgerplatform.core.app import App

    app = App(
        __name__,
        template_folder=str(data_dir("templates")),
        instance_path=os.environ.get("INSTANCE_PATH") or default_instance_path(),
    )
    if config_class is None:
        from config import DevelopmentConfig

        config_class = DevelopmentConfig if os.environ.get("FLASK_DEBUG") == "1" else Config
    app.config.update(config_class.load(Path(app.instance_path)))
    app.config.update(overrides)
    if "BASE_URL" in overrides and "TRUSTED_HOSTS" not in overrides:
        from config import trusted_hosts

        app.config["TRUSTED_HOSTS"] = trusted_hosts(
            app.config["BASE_URL"], app.config.get("EXTRA_TRUSTED_HOSTS")
        )

    if os.environ.get("TRUST_PROXY") == "1":
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask declares wsgi_app a method; wrapping it in middleware is how Flask says to.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    from burgerplatform.core.http import register_id_converter

    register_id_converter(app)  # before the blueprints: every `<int:...>` uses it
    register_extensions(app)
    register_blueprints(app)
    register_templating(app)
    register_cli(app)

    from burgerplatform.core import logs
    from burgerplatform.core.caching import register_caching
    from burgerplatform.core.errors import register_error_handlers
    from burgerplatform.core.http import register_action_pages
    from burgerplatform.core.page_cache import register_page_cache
    from burgerplatform.core.security import register_security
    from burgerplatform.core.urls import register_trusted_hosts

    logs.configure(app)
    register_error_handlers(app)
    register_trusted_hosts(app)
    register_security(app)
    register_caching(app)
    register_page_cache(app)
    register_action_pages(app)
    if app.config.get("BENCH"):
        from burgerplatform.core.bench import register_bench

        register_bench(app)
    return app


def register_extensions(app: Flask) -> None:
    from burgerplatform.core.i18n import select_locale
    from burgerplatform.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(data_dir("translations")),
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"

    # Models must be imported before metadata is used (migrations, create_all).
    import burgerplatform.models  # noqa: F401
    from burgerplatform.accounts.services import load_user
    from burgerplatform.core import jobs
    from burgerplatform.core.mail import schedule_next_forgetting  # and its job handlers

    jobs.periodic(schedule_next_forgetting)

    login_manager.user_loader(load_user)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from sqlalchemy import event

        with app.app_context():

            @event.listens_for(db.engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=5000")
                cursor.close()


def register_blueprints(app: Flask) -> None:
    """Each module's wiring names the files whose routes are on its blueprints and adds its
    listeners, periodic jobs and commands (`init_app`); its package's __init__ only
    creates the blueprints, so importing one file of a module never loads its views."""
    from burgerplatform import (
        accountability,
        accounts,
        admin,
        allowances,
        audit,
        consultations,
        documents,
        groups,
        initiatives,
        library,
        meetings,
        moderation,
        notifications,
        proeftuinen,
        questionnaires,
        search,
        seats,
        site,
        themes,
        zones,
    )
    from burgerplatform.accountability import wiring as accountability_wiring
    from burgerplatform.accounts import wiring as accounts_wiring
    from burgerplatform.admin import wiring as admin_wiring
    from burgerplatform.allowances import wiring as allowances_wiring
    from burgerplatform.audit import wiring as audit_wiring
    from burgerplatform.consultations import wiring as consultations_wiring
    from burgerplatform.documents import wiring as documents_wiring
    from burgerplatform.groups import wiring as groups_wiring
    from burgerplatform.initiatives import wiring as initiatives_wiring
    from burgerplatform.library import wiring as library_wiring
    from burgerplatform.meetings import wiring as meetings_wiring
    from burgerplatform.moderation import wiring as moderation_wiring
    from burgerplatform.notifications import wiring as notifications_wiring
    from burgerplatform.proeftuinen import wiring as proeftuinen_wiring
    from burgerplatform.questionnaires import wiring as questionnaires_wiring
    from burgerplatform.search import wiring as search_wiring
    from burgerplatform.seats import wiring as seats_wiring
    from burgerplatform.site import wiring as site_wiring
    from burgerplatform.themes import wiring as themes_wiring
    from burgerplatform.zones import wiring as zones_wiring

    for wiring in (
        site_wiring,
        accounts_wiring,
        admin_wiring,
        audit_wiring,
        notifications_wiring,
        moderation_wiring,
        meetings_wiring,
        documents_wiring,
        proeftuinen_wiring,
        accountability_wiring,
        zones_wiring,
        seats_wiring,
        initiatives_wiring,
        consultations_wiring,
        allowances_wiring,
        questionnaires_wiring,
        library_wiring,
        search_wiring,
        themes_wiring,
        groups_wiring,
    ):
        wiring.init_app(app)
    for module in (
        site,
        accounts,
        admin,
        audit,
        notifications,
        moderation,
        meetings,
        documents,
        proeftuinen,
        accountability,
        allowances,
        library,
        search,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(seats.mine_bp)  # /my-seats/: the holder's own choices
    # Zone-scoped blueprints last: their /<zone_slug>/ prefix must not shadow the others.
    from burgerplatform.accountability.views import bp as what_happened
    from burgerplatform.meetings.views_space import zone_bp as zone_meetings

    for blueprint in (
        zones.bp,
        initiatives.bp,
        consultations.bp,
        questionnaires.bp,
        themes.bp,
        what_happened,
        consultations.pool_bp,
        zone_meetings,
        allowances.zone_bp,
        seats.bp,
        library.zone_bp,
        groups.bp,
    ):
        app.register_blueprint(blueprint)


def register_templating(app: Flask) -> None:
    from babel.numbers import format_percent
    from flask_babel import get_locale

    from burgerplatform.core.forms import ButtonForm
    from burgerplatform.core.i18n import (
        LANGUAGE_NAMES,
        content_lang,
        format_clock,
        format_day,
        format_moment,
        in_content_language,
        install_template_gettext,
        lang_of,
        machine_time,
    )
    from burgerplatform.core.markdown import markdown_filter
    from burgerplatform.core.permissions import can
    from burgerplatform.core.urls import absolute_url

    install_template_gettext(app)
    app.jinja_env.filters["markdown"] = markdown_filter
    app.jinja_env.filters.update(
        date=format_day, datetime=format_moment, time=format_clock, iso=machine_time
    )
    # A share to three significant digits in the reader's way: "6,58%", "6,58 %", "0.15%".
    app.jinja_env.filters["percent"] = lambda x: format_percent(
        float(f"{x:.3g}"), locale=get_locale(), decimal_quantization=False
    )
    from burgerplatform.core.health import version

    app.jinja_env.globals.update(
        can=can, LANGUAGE_NAMES=LANGUAGE_NAMES, absolute_url=absolute_url, app_version=version
    )
    # What people wrote is Dutch; on a French or English page its element says so.
    app.jinja_env.globals["content_lang"] = content_lang
    # A text that says its own language (a library case): lang="fr" on a Dutch page.
    app.jinja_env.globals["lang_of"] = lang_of
    from burgerplatform.core.forms import csrf_token_once

    app.jinja_env.globals["csrf_token"] = csrf_token_once
    from burgerplatform.core.http import this_page

    # A form that posts to its own page names it: with no action it posted to the
    # address with its #fragment (a summary link's, the skip link's), which the redirect
    # after it kept, and the browser focused that instead of the message.
    app.jinja_env.globals["this_page"] = this_page
    from burgerplatform.core.forms import asks_for_focus

    app.jinja_env.globals["asks_for_focus"] = asks_for_focus
    app.jinja_env.globals["in_content_language"] = in_content_language
    from burgerplatform.accounts.names import users_told_apart

    # Lists staff work with tell two members of the same display name apart.
    app.jinja_env.globals["told_apart"] = users_told_apart
    from burgerplatform.core.readability import Level as ReadabilityLevel
    from burgerplatform.core.readability import language_of, measure

    # Staff see how easy their easy-read version reads (templates/_macros/easy_read.html).
    app.jinja_env.globals.update(
        readability=measure, readability_language=language_of, ReadabilityLevel=ReadabilityLevel
    )
    # Templates compare members (`minutes.status == MinutesStatus.FINAL`), never `.value`
    # with a string (tests/i18n/test_enum_labels.py), so a renamed value cannot slip by.
    from burgerplatform.allowances.models import Presence
    from burgerplatform.consultations.models import (
        ContactMethod,
        DrawStatus,
        Phase,
        ReviewKind,
        SeatStatus,
        SuggestionStatus,
    )
    from burgerplatform.groups.models import GroupStatus, RoundPart
    from burgerplatform.initiatives.models import Status as InitiativeStatus
    from burgerplatform.meetings.models import CorrectionStatus, MinutesStatus
    from burgerplatform.moderation.models import ModerationActionKind

    app.jinja_env.globals.update(
        ContactMethod=ContactMethod,
        CorrectionStatus=CorrectionStatus,
        DrawStatus=DrawStatus,
        GroupStatus=GroupStatus,
        InitiativeStatus=InitiativeStatus,
        MinutesStatus=MinutesStatus,
        ModerationActionKind=ModerationActionKind,
        Phase=Phase,
        Presence=Presence,
        ReviewKind=ReviewKind,
        RoundPart=RoundPart,
        SeatStatus=SeatStatus,
        SuggestionStatus=SuggestionStatus,
    )

    @app.context_processor
    def inject() -> dict:
        from flask import g, request
        from flask_login import current_user

        from burgerplatform.core.i18n import reader_locale
        from burgerplatform.notifications.services import unread_count

        unread = 0
        if request.endpoint and current_user.is_authenticated:
            # Once per request: a page may render several templates (what happened).
            unread = g.get("unread_notifications")
            if unread is None:
                unread = g.unread_notifications = unread_count(current_user)
        return {
            "current_locale": str(reader_locale()),
            "button_form": ButtonForm,
            "unread_notifications": unread,
        }


def register_cli(app: Flask) -> None:
    """The platform's commands; a module adds its own in its wiring."""
    from burgerplatform import demo
    from burgerplatform.core.cli import register

    register(app)
    demo.register_command(app)
