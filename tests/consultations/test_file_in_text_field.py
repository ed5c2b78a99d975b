"""A file sent where text is expected (a crafted or confused browser) is said, never
silently dropped: an optional field would otherwise just look empty."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from burgerplatform.extensions import db


def test_an_optional_field_sent_as_a_file_is_refused_with_a_message(app, make_client, staged_round):
    from burgerplatform.consultations.models import Suggestion

    staged = staged_round("co_define")
    client = make_client()
    client.login(staged.members[0])
    response = client.raw.post(
        f"{staged.base}/suggestions",
        data={
            "proposal": "Een betere vraag?",
            "reason": (io.BytesIO(b"waarom\n"), "waarom.txt"),
            "csrf_token": client.token(staged.base),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Er werd een bestand gestuurd" in html
    assert "Een betere vraag?" in html  # what was typed comes back
    with app.app_context():
        assert db.session.scalar(select(func.count(Suggestion.id))) == 0
        db.session.remove()
