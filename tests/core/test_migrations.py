"""The committed migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from burgerplatform import create_app
from burgerplatform.core.db import STORED_COLUMN, compared_by_autogenerate, is_expression_index
from burgerplatform.extensions import db
from config import TestConfig


def _fresh_database_url() -> tuple[str, callable]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        path = os.path.join(tempfile.mkdtemp(), "migrations.sqlite")
        return f"sqlite:///{path}", lambda: None
    name = f"bp_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture
def migrated_app():
    url, drop = _fresh_database_url()
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()
    drop()


# SQLite cannot reflect expression indexes; they are checked by name below.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_migrations_and_models_agree(migrated_app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": compared_by_autogenerate}
        )
        diff = compare_metadata(context, db.metadata)
        # Expression indexes are left out of that comparison; check them by name.
        catalogue = (
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            if conn.dialect.name == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
        existing = set(conn.execute(text(catalogue)).scalars())
    assert diff == [], f"models differ from migrations; run `flask db migrate`: {diff}"
    dialect = db.engine.dialect.name
    expected = {
        index.name
        for table in db.metadata.tables.values()
        for index in table.indexes
        if is_expression_index(index)
        # indexes declared with .ddl_if(dialect=...) exist on that database only
        and (index._ddl_if is None or index._ddl_if.dialect in (None, dialect))
    }
    assert expected and expected <= existing, f"expression indexes missing: {expected - existing}"


def test_migrations_keep_the_stored_search_words_in_the_row(migrated_app):
    """As the models create them (core.fulltext.STORAGE): in TOAST, a search scanning for
    a rare word read two or three more pages per row."""
    with db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only: SQLite has no stored search words")
        storages = conn.execute(
            text(
                "SELECT attrelid::regclass::text, attstorage FROM pg_attribute"
                " JOIN pg_class ON pg_class.oid = attrelid"
                " WHERE attname = :name AND relnamespace = current_schema()::regnamespace"
            ),
            {"name": STORED_COLUMN},
        ).all()
    assert storages and all(storage == "m" for _, storage in storages), storages
