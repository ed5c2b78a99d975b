"""The reminder that an answer is due names the day as people read dates, in their own
language, in the notification list and in the mail."""

from __future__ import annotations

from datetime import UTC, datetime

from burgerplatform.extensions import db
from burgerplatform.initiatives import workflow
from burgerplatform.initiatives.models import Initiative
from burgerplatform.zones.models import Role
from tests.conftest import mail_text

BASE = "/meetjesland/initiatives"
# 23:30 UTC is already the 13th in Brussels: the reminder names the day the pages name.
DUE = datetime(2027, 3, 12, 23, 30, tzinfo=UTC)


def test_the_due_date_is_written_in_each_readers_language(
    app, make_client, make_user, world, make_initiative, deliver
):
    claire = make_user(
        display_name="Claire",
        roles=[(world.zone.id, Role.STAFF)],
        email="claire@example.org",
        locale="fr",
    )
    ini = make_initiative("on_agenda")
    deliver()  # the mails of getting it on the agenda
    with app.test_request_context(base_url="http://localhost"):
        db.session.get(Initiative, ini).answer_due_at = DUE
        assert workflow.send_due_reminders(datetime(2027, 3, 10, tzinfo=UTC)) == 1
        db.session.commit()
        db.session.remove()
    mails = {str(m["To"]): mail_text(m) for m in deliver()}
    dutch = next(text for to, text in mails.items() if world.staff.email in to)
    french = next(text for to, text in mails.items() if "claire@example.org" in to)
    assert "13 maart 2027" in dutch
    assert "13 mars 2027" in french
    for text in (dutch, french):
        assert "2027-03" not in text

    sofie = make_client()
    sofie.login(world.staff.email)
    listed = sofie.get("/notifications/").get_data(as_text=True)
    assert "13 maart 2027" in listed and "2027-03" not in listed
    # The same day as the initiative's own page says.
    assert "13 maart 2027" in sofie.get(f"{BASE}/{ini}/manage").get_data(as_text=True)
    french_reader = make_client()
    french_reader.login(claire.email)
    listed = french_reader.get("/notifications/").get_data(as_text=True)
    assert "13 mars 2027" in listed and "2027-03" not in listed
