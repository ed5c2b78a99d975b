"""E-mail that is never lost.

`queue_mail` renders the message in the recipient's language and stores it as a job
in the current transaction. The worker delivers it, retrying while the mail server is
down. A rolled-back change therefore sends nothing, and a committed one always sends.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

from burgerplatform.core import jobs

log = logging.getLogger("burgerplatform.mail")


def queue_mail(to: str, subject, template: str, locale: str = "nl", **context) -> jobs.Job:
    """Render `emails/<template>.txt|.html` in `locale` and queue it for delivery."""
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
    return job


def build_message(payload: dict, job_id: int) -> EmailMessage:
    config = current_app.config
    msg = EmailMessage()
    msg["From"] = config["MAIL_DEFAULT_SENDER"]
    msg["To"] = formataddr(("", payload["to"]))
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = payload.get("message_id") or make_msgid(
        idstring=f"job{job_id}", domain="burgerplatform.localhost"
    )
    msg.set_content(payload["text"])
    msg.add_alternative(payload["html"], subtype="html")
    # After the body: setting content clears every Content-* header.
    msg["Content-Language"] = payload.get("locale", "nl")
    return msg


@jobs.handler("send_mail")
def deliver(job: jobs.Job) -> dict:
    config = current_app.config
    msg = build_message(job.payload, job.id)
    if config["MAIL_BACKEND"] == "console":
        # Printed once, for the developer (`make run`): a log line with the same text as
        # well showed every mail twice in the worker's output.
        print(f"\n--- mail to {job.payload['to']}: {job.payload['subject']}\n{job.payload['text']}")
        return {"delivered": "console"}
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(msg)
    return {"delivered": "smtp"}
