"""Command-line interface: `flask --app burgerplatform <command>`.

The platform's own commands (the worker, translations); a module adds its commands in
its wiring (`init_app`)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app

from burgerplatform.extensions import db

ROOT = Path(__file__).resolve().parents[2]
# What `pybabel extract` reads as a translatable text besides gettext's own names:
# lazy texts (_l, _nl), and the pieces of the draw's clash messages (stored untranslated,
# consultations.stored_messages.msg_part). A marker missing here drops its texts from the
# catalogues.
EXTRACT_KEYWORDS = ("_l", "_nl:1,2", "msg_part", "msg_plural_part:1,2")


def register(app: Flask) -> None:
    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Run the jobs that are due, then stop.")
    @click.option("--interval", default=1.0, help="Seconds between looks for new jobs.")
    def worker(once: bool, interval: float) -> None:
        """Deliver mail and run background jobs (with retries)."""
        import time

        from sqlalchemy.exc import DBAPIError

        from burgerplatform.core import health, jobs

        # The app's log handler (core/logs.py) is already on the root logger.
        logging.getLogger().setLevel(current_app.config.get("LOG_LEVEL", "INFO"))
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            while True:
                try:
                    jobs.schedule_periodic()  # each module added its own (wiring.init_app)
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
                health.beat()
                click.echo(f"{jobs.run_pending()} jobs run.")
            else:
                jobs.work_forever(interval, beat=health.beat)

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
            *(arg for keyword in EXTRACT_KEYWORDS for arg in ("-k", keyword)),
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
