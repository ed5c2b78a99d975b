"""`make run`: the worker prints each mail once, and `make run PORT=…` seeds the demo
with links to that port."""

from __future__ import annotations

import logging
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_prints_a_console_mail_only_once(app, capsys, caplog, monkeypatch):
    from burgerplatform.core import jobs, mail
    from burgerplatform.extensions import db

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    caplog.set_level(logging.DEBUG)
    with app.test_request_context(base_url="http://localhost"):
        mail.queue_mail(
            "an@example.org", "Je voorstel is gepubliceerd", "initiative_invitation",
            inviter="Mia", title="Vervoer naar het ziekenhuis", zone="ELZ Meetjesland",
            link="http://localhost/x",
        )  # fmt: skip
        db.session.commit()
        jobs.run_pending()
        db.session.remove()
    printed = capsys.readouterr()
    shown = printed.out + printed.err + "\n".join(r.getMessage() for r in caplog.records)
    assert shown.count("Je voorstel is gepubliceerd") == 1, shown


def test_make_run_on_another_port_seeds_mails_that_link_to_that_port():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    seed = next(line for line in run.splitlines() if "seed-demo" in line)
    assert "BASE_URL=$(BASE_URL)" in seed
    assert "BASE_URL ?= http://$(HOST):$(PORT)" in makefile
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"make run PORT=8080", readme)
