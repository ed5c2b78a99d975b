"""E-mail that is never lost.

`queue_mail` renders the message in the recipient's language and stores it as a job
in the current transaction. The worker delivers it, retrying while the mail server is
down. A rolled-back change therefore sends nothing, and a committed one always sends.
"""

from __future__ import annotations

import logging
import re
import smtplib
import unicodedata
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any

from flask import current_app, g, render_template, request
from flask_babel import force_locale
from sqlalchemy import select

from burgerplatform.core import jobs, metrics
from burgerplatform.core.db import utcnow
from burgerplatform.core.forms import is_hidden_format
from burgerplatform.extensions import db

log = logging.getLogger("burgerplatform.mail")


def queue_mail(
    to: str, subject: object, template: str, locale: str = "nl", **context: Any
) -> jobs.Job | None:
    """Render `emails/<template>.txt|.html` in `locale` and queue it for delivery.

    Returns None, sending nothing, when core/limits.mail_limit holds this request's mail
    back (a visitor past a limit per typed address): the page answers as if it was sent,
    so it tells nobody whether an account exists; the log says it was held."""
    held = g.get("mail_held")
    if held:
        g.mails_held = g.get("mails_held", 0) + 1
        log.warning("Mail %r not sent: %s (%s)", template, held, request.endpoint)
        return None
    with force_locale(locale):
        subject_text = str(subject)
        context.setdefault("subject", subject_text)
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", **context)
    job = jobs.enqueue(
        "send_mail",
        {"to": to, "subject": subject_text, "text": text, "html": html, "locale": locale},
    )
    # Chosen once and stored with the job: a delivery retried after a crash between the
    # server's "OK" and our commit carries the same id, so mail programs show it once.
    message_id = make_msgid(idstring=f"job{job.id}", domain="burgerplatform.localhost")
    job.payload = {**job.payload, "message_id": message_id}
    g.mails_queued = g.get("mails_queued", 0) + 1  # what core/limits.mail_limit counts
    return job


def header_text(value: str, limit: int = 300) -> str:
    """Text for a header (a subject, a display name): one line, whatever was stored.
    Line breaks and other control characters become spaces, so no name or title typed by
    someone can add a header or make the mail fail to send; invisible format characters
    (bidi overrides and isolates, direction marks, zero-width spaces: Unicode Cf, except
    the joiners emoji need) go, so no stored name can make a subject read otherwise."""
    flat = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in str(value)
        if not is_hidden_format(c)
    )
    return re.sub(r"\s+", " ", flat).strip()[:limit]


def address_header(value: str) -> str:
    """`Name <address>` with the name made safe (the address itself is checked by forms)."""
    name, address = parseaddr(header_text(value, 1000))
    return formataddr((header_text(name), address))


def build_message(payload: dict[str, Any], job_id: int) -> EmailMessage:
    config = current_app.config
    msg = EmailMessage()
    msg["From"] = address_header(config["MAIL_DEFAULT_SENDER"])
    msg["To"] = address_header(payload["to"])
    msg["Subject"] = header_text(payload["subject"])
    msg["Message-ID"] = payload.get("message_id") or make_msgid(
        idstring=f"job{job_id}", domain="burgerplatform.localhost"
    )
    msg.set_content(payload["text"])
    msg.add_alternative(payload["html"], subtype="html")
    # After the body: setting content clears every Content-* header.
    msg["Content-Language"] = payload.get("locale", "nl")
    return msg


@jobs.handler("send_mail")
def deliver(job: jobs.Job) -> dict[str, Any]:
    config = current_app.config
    msg = build_message(job.payload, job.id)
    if config["MAIL_BACKEND"] == "console":
        # Printed once, for the developer (`make run`): a log line with the same text as
        # well showed every mail twice in the worker's output.
        print(f"\n--- mail to {job.payload['to']}: {job.payload['subject']}\n{job.payload['text']}")
        return {"delivered": "console"}
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException):  # refused, timed out, rejected: the job retries
        metrics.mail_failed()
        raise
    return {"delivered": "smtp"}


# A delivered mail is kept this long (a crash between the server's OK and our commit
# sends it again, with the same Message-ID), then only what identifies it remains.
KEEP_DELIVERED_HOURS = 24


def forget_delivered(now: datetime | None = None) -> int:
    """Blank the address and text of mails delivered more than a day ago."""
    cutoff = (now or utcnow()) - timedelta(hours=KEEP_DELIVERED_HOURS)
    done = db.session.scalars(
        select(jobs.Job).where(
            jobs.Job.kind == "send_mail",
            jobs.Job.status == jobs.JobStatus.DONE,
            jobs.Job.finished_at < cutoff,
        )
    ).all()
    forgotten = 0
    for job in done:
        if set(job.payload or {}) - {"message_id", "delivered"}:
            job.payload = {"message_id": (job.payload or {}).get("message_id"), "delivered": True}
            forgotten += 1
    return forgotten


@jobs.handler("forget_delivered_mail")
def forget_delivered_job(job: jobs.Job) -> dict[str, Any]:
    forgotten = forget_delivered()
    schedule_next_forgetting()
    return {"forgotten": forgotten}


def schedule_next_forgetting() -> None:
    jobs.ensure_scheduled("forget_delivered_mail", utcnow() + timedelta(hours=1))
