"""Easy-read versions in a round: the question, a recommendation and a progress update.
Staff write them with the readability shown; citizens read them first, with the full
text one click away."""

from __future__ import annotations

from burgerplatform.extensions import db

QUESTION_EASY = "Hoe kom je bij de dokter als je geen auto hebt?"
FORM = {
    "title": "Vervoer naar de huisarts",
    "question": "Hoe geraken mensen zonder eigen vervoer bij de huisartsenpraktijk?",
    "question_easy": QUESTION_EASY,
    "background": "",
    "asked_by": "PZON-cluster",
    "deadline": "",
}


def _staff(make_client, staged):
    client = make_client()
    client.login(staged.setup.staff_email)
    return client


def test_staff_write_an_easy_question_and_see_its_readability_after_saving(
    app, make_client, client, staged_round
):
    from burgerplatform.consultations.models import Round

    staged = staged_round("co_define", seated=False)
    staff = _staff(make_client, staged)
    assert staff.post(f"{staged.base}/edit", FORM).status_code == 302
    with app.app_context():
        assert db.session.get(Round, staged.round_id).question_easy == QUESTION_EASY
    form = staff.get(f"{staged.base}/edit").get_data(as_text=True)
    assert QUESTION_EASY in form
    assert "Leesbaarheid: " in form and "op 100, Makkelijk te lezen." in form
    page = client.get(staged.base).get_data(as_text=True)
    assert page.index(QUESTION_EASY) < page.index("Read the full text")
    assert page.index("Read the full text") < page.index(FORM["question"])


def test_taking_a_members_wording_replaces_the_easy_question(app, make_client, staged_round):
    from burgerplatform.consultations.models import Round, Suggestion

    staged = staged_round("co_define")
    with app.app_context():
        db.session.get(Round, staged.round_id).question_easy = QUESTION_EASY
        db.session.commit()
    staff = _staff(make_client, staged)
    member = make_client()
    member.login(staged.members[0])
    member.post(
        f"{staged.base}/suggestions",
        {"proposal": "Hoe raken mensen met een beperking bij de huisarts?", "reason": ""},
    )
    with app.app_context():
        suggestion_id = db.session.query(Suggestion.id).scalar()
    p = f"s{suggestion_id}-"
    new_easy = "Hoe kom je bij de dokter als je slecht ter been bent?"
    response = staff.post(
        f"{staged.base}/suggestions/{suggestion_id}",
        {p + "decision": "accept", p + "answer": "", p + "question_easy": new_easy},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Round, staged.round_id).question_easy == new_easy


def test_a_recommendation_and_its_update_show_the_easy_version_first(
    app, make_client, client, staged_round
):
    staged = staged_round("co_draft")
    staff = _staff(make_client, staged)
    edit = f"{staged.base}/recommendations/{staged.rec_id}/edit"
    easy = "Help mensen die samen een auto delen."
    response = staff.post(
        edit,
        {"title": "Buurtauto", "body": "Steun een buurtauto.", "body_easy": easy, "sources": []},
    )
    assert response.status_code == 302
    assert easy in staff.get(edit).get_data(as_text=True)
    page = client.get(f"{staged.base}/recommendations/{staged.rec_id}").get_data(as_text=True)
    assert page.index(easy) < page.index("Read the full text")
    assert page.index("Read the full text") < page.index("Steun een buurtauto.")


def test_a_progress_update_carries_its_easy_version(app, make_client, client, staged_round):
    from burgerplatform.consultations.models import ProgressUpdate, Recommendation

    staged = staged_round("follow_up")
    from burgerplatform.consultations.models import Outcome

    with app.app_context():
        rec = db.session.get(Recommendation, staged.rec_id)
        rec.outcome = Outcome.ADOPTED
        rec.outcome_reason = "Goed."
        db.session.commit()
    staff = _staff(make_client, staged)
    p = f"p{staged.rec_id}-"
    data = {
        p + "body": "De gemeente betaalt de verzekering.",
        p + "body_easy": "De gemeente betaalt.",
    }
    response = staff.post(f"{staged.base}/recommendations/{staged.rec_id}/updates", data)
    assert response.status_code == 302
    with app.app_context():
        update = db.session.query(ProgressUpdate).one()
        assert update.body_easy == "De gemeente betaalt."
    page = client.get(f"{staged.base}/recommendations/{staged.rec_id}").get_data(as_text=True)
    assert page.index("De gemeente betaalt.") < page.index("De gemeente betaalt de verzekering.")


def test_the_open_data_api_publishes_the_easy_question_advice_and_update(app, client, staged_round):
    from burgerplatform.consultations.models import (
        Outcome,
        ProgressUpdate,
        Recommendation,
        Round,
    )

    staged = staged_round("follow_up")
    with app.app_context():
        db.session.get(Round, staged.round_id).question_easy = QUESTION_EASY
        rec = db.session.get(Recommendation, staged.rec_id)
        rec.body, rec.body_easy = "Steun een buurtauto in elke gemeente.", "Help met een auto."
        rec.outcome, rec.outcome_reason = Outcome.ADOPTED, "Goed."
        db.session.add(
            ProgressUpdate(recommendation_id=rec.id, body="De gemeente betaalt de verzekering.")
        )
        db.session.commit()
    slug = staged.base.split("/")[1]
    items = client.get(f"/api/v1/zones/{slug}/rounds").get_json()["items"]
    round_ = next(r for r in items if r["id"] == staged.round_id)
    assert round_["question_easy_read"] == QUESTION_EASY
    advice = next(r for r in round_["recommendations"] if r["id"] == staged.rec_id)
    assert advice["body"] == "Steun een buurtauto in elke gemeente."
    assert advice["body_easy_read"] == "Help met een auto."
    # No easy version written: null, never an empty string to show.
    assert advice["updates"][0]["text_easy_read"] is None
    spec = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "question_easy_read" in spec["Round"]["properties"]
    assert {"body", "body_easy_read"} <= set(spec["Recommendation"]["properties"])
