"""A backup restores to the same data: every table, every row, checked by checksum.

On PostgreSQL (TEST_DATABASE_URL) the documented commands are used: `pg_dump -Fc`, then
`pg_restore` into a fresh database. On SQLite, the online backup API (what the sqlite3
shell's `.backup` uses) copies the live file and copies it back into a fresh one.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from burgerplatform.extensions import db

# The backup tools read the database from outside this process's transaction.
pytestmark = pytest.mark.commits


def table_checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 of the rows in primary-key order) of every table in the
    database. The tables are listed from the database itself, so a table the models do
    not know would still be compared (by its rows in their stored order)."""
    known = {table.name: table for table in db.metadata.sorted_tables}
    sums = {}
    with engine.connect() as conn:
        for name in sorted(inspect(engine).get_table_names()):
            table = known.get(name)
            if table is not None:
                order = list(table.primary_key.columns) or list(table.columns)
                rows = conn.execute(select(table).order_by(*order))
            else:
                rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))
            digest, count = hashlib.sha256(), 0
            for row in rows:
                digest.update(repr(tuple(row)).encode())
                count += 1
            sums[name] = (count, digest.hexdigest())
    return sums


def describe(sums: dict[str, tuple[int, str]]) -> str:
    return f"{len(sums)} tables, {sum(count for count, _ in sums.values())} rows"


def sequence_values(engine: Engine) -> dict[str, int | None]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences"))
        return dict(rows.all())


@pytest.fixture
def demo_data(app):
    """The demo: data in every module's tables (and the mail it queued)."""
    from burgerplatform import demo

    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        db.session.remove()
        yield db.engine


def test_a_restored_postgresql_dump_holds_exactly_the_same_data(demo_data, tmp_path):
    source = demo_data
    if source.dialect.name != "postgresql":
        pytest.skip("pg_dump/pg_restore: runs when TEST_DATABASE_URL is PostgreSQL")
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.skip("pg_dump/pg_restore are not installed")
    url = source.url
    restored_name = f"{url.database}_restore"
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    dump = tmp_path / "burgerplatform.dump"

    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), libpq], check=True)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{restored_name}"'))
    restored_url = url.set(database=restored_name)
    restored = create_engine(restored_url)
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "-d",
                restored_url.set(drivername="postgresql").render_as_string(hide_password=False),
                str(dump),
            ],
            check=True,
        )
        before, after = table_checksums(source), table_checksums(restored)
        assert sum(count for count, _ in before.values()) > 1000  # the demo is really there
        assert before == after
        assert sequence_values(source) == sequence_values(restored)  # new rows get new ids
        print(f"\nrestore compared: {describe(before)}, all equal")
    finally:
        restored.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)'))
        admin.dispose()


def test_a_restored_sqlite_backup_holds_exactly_the_same_data(demo_data, tmp_path):
    source = demo_data
    if source.dialect.name != "sqlite":
        pytest.skip("the sqlite3 backup API: runs on SQLite")
    live = make_url(str(source.url)).database
    backup, restored_path = tmp_path / "backup.sqlite", tmp_path / "restored.sqlite"

    # Backup: an online, consistent copy while the app may still be writing.
    with sqlite3.connect(live) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    # Restore: the backup copied into a fresh file (the app is then pointed at it).
    with sqlite3.connect(backup) as src, sqlite3.connect(restored_path) as dst:
        src.backup(dst)

    restored = create_engine(f"sqlite:///{restored_path}")
    try:
        before, after = table_checksums(source), table_checksums(restored)
        assert sum(count for count, _ in before.values()) > 1000
        assert before == after
        print(f"\nrestore compared: {describe(before)}, all equal")
    finally:
        restored.dispose()
