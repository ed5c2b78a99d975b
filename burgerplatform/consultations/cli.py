"""The pool's command: `flask --app burgerplatform pool-consent-changed`."""

from __future__ import annotations

import click
from flask import Flask, current_app

from burgerplatform.extensions import db


def register(app: Flask) -> None:
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
