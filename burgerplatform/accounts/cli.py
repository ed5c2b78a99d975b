"""Accounts' commands: `flask --app burgerplatform create-admin`, `reset-two-step`."""

from __future__ import annotations

import click
from flask import Flask

from burgerplatform.extensions import db


def register(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", default="Platformbeheer")
    @click.password_option()
    def create_admin(email: str, name: str, password: str) -> None:
        """Create a platform admin, or make an existing account admin."""
        from werkzeug.security import generate_password_hash

        from burgerplatform.accounts.models import User
        from burgerplatform.accounts.passwords import password_problem
        from burgerplatform.accounts.services import get_by_email, normalise_email
        from burgerplatform.core.db import utcnow

        problem = password_problem(password, email=email, name=name)
        if problem:  # the same rule as for everyone, and an admin's account matters most
            raise click.ClickException(problem)
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
