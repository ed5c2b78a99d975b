"""Two-step login keys are encrypted at rest (issue 21, item 3): every database dump held
every admin's key in plain text."""

from __future__ import annotations

import pyotp
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from burgerplatform import create_app
from burgerplatform.extensions import db
from config import TestConfig
from tests.core.test_migrations import _fresh_database_url


def stored(user_id: int) -> str:
    return db.session.execute(
        text("SELECT totp_secret FROM users WHERE id = :i"), {"i": user_id}
    ).scalar_one()


def test_the_database_holds_no_readable_two_step_key(app, make_user):
    secret = pyotp.random_base32()
    user = make_user(email="admin@example.org")
    with app.app_context():
        from burgerplatform.accounts.models import User

        db.session.get(User, user.id).totp_secret = secret
        db.session.commit()
        raw = stored(user.id)
        assert secret not in raw and raw.startswith("gAAAAA")
        db.session.expire_all()
        assert db.session.get(User, user.id).totp_secret == secret  # the app reads it


def test_a_key_from_a_rotated_out_encryption_key_is_still_read(app, make_user, monkeypatch):
    from cryptography.fernet import Fernet

    from burgerplatform.accounts.models import User

    user = make_user(email="admin@example.org")
    old = app.config["DATA_ENCRYPTION_KEY"]
    with app.app_context():
        db.session.get(User, user.id).totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.commit()
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEY", Fernet.generate_key().decode())
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEY_FALLBACKS", [old])
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == "JBSWY3DPEHPK3PXP"


@pytest.mark.commits
def test_upgrading_encrypts_existing_keys_and_downgrading_gives_them_back():
    url, drop = _fresh_database_url()
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    try:
        with application.app_context():
            upgrade(revision="8d4b2f6a1c37")
            # As stored before this revision: in plain text. (SQL, not the model: later
            # revisions may add columns the table does not have yet.)
            db.session.execute(
                text(
                    "INSERT INTO users (email, display_name, locale, mail_preference, is_admin,"
                    " session_version, created_at, totp_secret) VALUES ('a@example.org', 'A',"
                    " 'nl', 'immediate', :t, 1, CURRENT_TIMESTAMP, 'JBSWY3DPEHPK3PXP')"
                ),
                {"t": True},
            )
            db.session.commit()
            upgrade(revision="c2e9a7d4f180")
            assert stored(1).startswith("gAAAAA")
            # End the read's transaction: on PostgreSQL the downgrade's ALTER TABLE would
            # otherwise wait for it for ever.
            db.session.rollback()
            downgrade(revision="8d4b2f6a1c37")
            assert stored(1) == "JBSWY3DPEHPK3PXP"
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()
