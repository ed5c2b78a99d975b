"""Command-line interface: `flask --app burgerplatform <command>`."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app

from burgerplatform.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Fill the database with the demo zones, people and content (once)."""
        from burgerplatform import demo

        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            created = demo.seed()
            db.session.commit()
        click.echo("Demo data created." if created else "Demo data was already there.")

    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", default="Platformbeheer")
    @click.password_option()
    def create_admin(email: str, name: str, password: str) -> None:
        """Create a platform admin, or make an existing account admin."""
        from werkzeug.security import generate_password_hash

        from burgerplatform.accounts.models import User
        from burgerplatform.accounts.services import get_by_email, normalise_email
        from burgerplatform.core.db import utcnow

        user = get_by_email(email)
        if user is None:
            user = User(
                email=normalise_email(email), display_name=name, email_confirmed_at=utcnow()
            )
            db.session.add(user)
        user.password_hash = generate_password_hash(password)
        user.is_admin = True
        db.session.commit()
        click.echo(f"{user.email} is a platform admin.")
        if user.totp_enabled_at is None:
            click.echo("At their first login they are asked to set up two-step login.")

    @app.cli.command("reset-two-step")
    @click.option("--email", prompt=True)
    def reset_two_step(email: str) -> None:
        """Turn two-step login off for someone who lost their phone and recovery codes."""
        from burgerplatform.accounts.services import get_by_email
        from burgerplatform.accounts.two_factor import reset
        from burgerplatform.audit.services import record

        user = get_by_email(email)
        if user is None:
            raise click.ClickException(f"No account with the address {email}.")
        reset(user)
        record("account.two_step_reset_by_cli", target_type="user", target_id=user.id)
        db.session.commit()
        again = " As an admin they must set it up again at their next login."
        click.echo(f"Two-step login is off for {user.email}." + (again if user.is_admin else ""))

    @app.cli.command("pool-consent-changed")
    def pool_consent_changed() -> None:
        """After raising POOL_CONSENT_VERSION: mail every pool member with an older consent
        (once per version; running it again mails nobody twice)."""
        from burgerplatform.consultations import pool

        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            told = pool.announce_consent_change()
            db.session.commit()
        click.echo(
            f"{told} pool members were asked to agree to version "
            f"{pool.current_consent_version()} of the consent text."
        )

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Run the jobs that are due, then stop.")
    @click.option("--interval", default=1.0, help="Seconds between looks for new jobs.")
    def worker(once: bool, interval: float) -> None:
        """Deliver mail and run background jobs (with retries)."""
        import time

        from sqlalchemy.exc import DBAPIError

        import burgerplatform.core.mail  # noqa: F401 - registers the mail handler
        from burgerplatform.core import jobs

        logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            from burgerplatform.accounts.services import schedule_next_expiry
            from burgerplatform.core.mail import schedule_next_forgetting
            from burgerplatform.moderation.services import schedule_next_purge
            from burgerplatform.notifications.services import schedule_next_digest

            while True:
                try:
                    schedule_next_digest()
                    schedule_next_purge()
                    schedule_next_expiry()
                    schedule_next_forgetting()
                    db.session.commit()
                    break
                except DBAPIError:
                    # Started while the database is (re)starting: wait for it, as the
                    # loop below does, instead of dying before the first job.
                    db.session.rollback()
                    if once:
                        raise
                    logging.getLogger("burgerplatform.jobs").warning(
                        "database unavailable at start; trying again in 5 s"
                    )
                    time.sleep(5)
            if once:
                click.echo(f"{jobs.run_pending()} jobs run.")
            else:
                jobs.work_forever(interval)

    @app.cli.group()
    def translate() -> None:
        """Translation catalogues (translations/<lang>/LC_MESSAGES/messages.po)."""

    def pybabel(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT
        )

    @translate.command("update")
    def translate_update() -> None:
        """Extract strings and merge them into every catalogue (English filled in)."""
        pybabel(
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            # Skip only hidden folders: pybabel's default also skips "_*", which would
            # miss templates/_macros and templates/_partials.
            "--ignore-dirs=.*",
            "-o",
            "translations/messages.pot",
            ".",
        )
        for lang in current_app.config["LANGUAGES"]:
            po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
            if po.exists():
                pybabel(
                    "update",
                    "-i",
                    "translations/messages.pot",
                    "-d",
                    "translations",
                    "-l",
                    lang,
                    "--no-fuzzy-matching",
                    "--ignore-obsolete",
                )
            else:
                pybabel("init", "-i", "translations/messages.pot", "-d", "translations", "-l", lang)
        from burgerplatform.core.i18n_tools import fill_source_language

        fill_source_language(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")

    @translate.command("compile")
    def translate_compile() -> None:
        """Compile catalogues into .mo files."""
        pybabel("compile", "-d", "translations", "--statistics")
