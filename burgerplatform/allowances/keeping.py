"""The legal keeping period: payments older than it are dropped by a daily job."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from burgerplatform.allowances.services import drop_expired_payments
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow


@jobs.handler("drop_expired_allowances")
def drop_job(job: jobs.Job) -> dict[str, Any]:
    dropped = drop_expired_payments()
    schedule_next_drop()
    return {"dropped": dropped}


def schedule_next_drop() -> None:
    jobs.ensure_scheduled("drop_expired_allowances", utcnow() + timedelta(days=1))
