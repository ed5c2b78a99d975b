"""A queued mail for the job and mail tests."""

from __future__ import annotations

from burgerplatform.core.jobs import Job
from burgerplatform.core.mail import queue_mail
from burgerplatform.extensions import db


def queue_one(link: str = "http://x") -> Job:
    """Queue one confirmation mail to An and commit it, as a request would."""
    job = queue_mail(
        "an@example.org",
        "Onderwerp",
        "confirm",
        locale="nl",
        user=type("U", (), {"display_name": "An"})(),
        link=link,
    )
    db.session.commit()
    return job
