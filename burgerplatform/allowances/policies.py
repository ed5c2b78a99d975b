"""Who may see and write the register and the allowances, and this module's answers to
the platform's signals: its part of a meeting's page, of "My participation" and of
"download my data", and what an account's deletion erases.

- The register: whoever may manage the meeting's space (meetings.spaces) writes it; the
  members see their own line; everyone who may see the meeting sees only the counts.
- Amounts and bank details: only the member and the staff of the meeting's zone (never
  the staff of another zone); every look is in the audit log.
"""

from __future__ import annotations

from flask import abort, g, request, url_for
from flask_login import current_user
from sqlalchemy import select

from burgerplatform.allowances import services
from burgerplatform.allowances.models import AllowancePayment, PayeeDetails, PresenceRecord
from burgerplatform.allowances.money import plain
from burgerplatform.core import signals
from burgerplatform.core.permissions import Rule, is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.meetings import spaces
from burgerplatform.meetings.models import Meeting


def pays_in(user, zone_id: int | None) -> bool:
    """Staff of the zone that pays (the platform's one meaning of it, which lets platform
    admins in too): the only office-holders who see amounts."""
    return zone_id is not None and is_zone_staff(user, zone_id)


def load_meeting() -> Meeting:
    """The meeting named by the URL; one the reader may not see does not exist (404)."""
    if "meeting" not in g:
        uid = (request.view_args or {}).get("uid")
        meeting = db.session.scalar(select(Meeting).where(Meeting.uid == uid))
        if meeting is None or not spaces.can_view(current_user, meeting.space):
            abort(404)
        g.meeting = meeting
    return g.meeting


REGISTER_KEEPER = Rule(
    "meeting_register_keeper", lambda u: spaces.can_manage(u, load_meeting().space)
)
MEETING_PAYER = Rule("meeting_payer", lambda u: pays_in(u, load_meeting().zone_id))
ZONE_PAYER = Rule("zone_payer", lambda u: g.get("zone") is not None and pays_in(u, g.zone.id))


# --- Signals ---------------------------------------------------------------------------


@signals.collect_meeting_sections.connect
def register_section(meeting: Meeting, user=None, **_extra):
    """The register's part of the meeting page: counts for everyone, the reader's own
    line, and the ways to the register and the allowances for who keeps them."""
    if meeting.cancelled_at is not None:
        return None
    counts = services.presence_counts(meeting)
    return (
        10,
        "allowances/_meeting_section.html",
        {
            "begun": services.has_begun(meeting),
            "counts": counts,
            "recorded": sum(counts.values()),
            "mine": services.presence_of(meeting, user) if user.is_authenticated else None,
            "may_keep": spaces.can_manage(user, meeting.space),
            "may_pay": pays_in(user, meeting.zone_id),
        },
    )


@signals.collect_participation.connect
def allowances_section(user, **_extra) -> tuple[int, str, dict]:
    return 6, "allowances/_mine_link.html", {"url": url_for("allowances.mine")}


@signals.collect_personal_data.connect
def export_allowances(user, **_extra) -> dict:
    details = services.payee_of(user)
    register = db.session.execute(
        select(PresenceRecord, Meeting)
        .join(Meeting, Meeting.id == PresenceRecord.meeting_id)
        .where(PresenceRecord.user_id == user.id)
        .order_by(Meeting.starts_at)
    ).all()
    payments = db.session.scalars(
        select(AllowancePayment)
        .where(AllowancePayment.user_id == user.id)
        .order_by(AllowancePayment.day)
    )
    return {
        "attendance_register": [
            {"meeting": m.title, "starts_at": m.starts_at.isoformat(), "presence": r.presence.value}
            for r, m in register
        ],
        "allowance_consent": (
            {
                "consent_at": details.consent_at.isoformat() if details.consent_at else None,
                "iban": details.iban,
            }
            if isinstance(details, PayeeDetails)
            else None
        ),
        "allowance_payments": [
            {
                "day": p.day.isoformat(),
                "meeting": p.meeting_title,
                "flat_rate_allowance": plain(p.flat_cents),
                "travel_costs": plain(p.travel_cents),
                "iban": p.iban,
            }
            for p in payments
        ],
    }


@signals.account_deleting.connect
def forget_bank_details(user, **_extra) -> None:
    services.forget_bank_details(user)
