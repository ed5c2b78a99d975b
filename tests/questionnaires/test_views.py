"""A round's questionnaire through the pages: building, answering online and on paper,
results, and who may do which (by role and by zone)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.questionnaires.conftest import Built


def _count(app, column, *where) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count(column)).where(*where))
        db.session.remove()
        return n


def _submissions(app, sent: bool | None = None) -> int:
    from burgerplatform.questionnaires.models import Submission

    where = []
    if sent is not None:
        where.append(Submission.sent_at.is_not(None) if sent else Submission.sent_at.is_(None))
    return _count(app, Submission.id, *where)


def _answers(app) -> int:
    from burgerplatform.questionnaires.models import Answer

    return _count(app, Answer.id)


def _login(make_client, email):
    client = make_client()
    client.login(email)
    return client


def full_answers(b: Built) -> dict:
    q = b.questions
    return {
        f"q{q['single']}": "1",
        f"q{q['multiple']}": ["0", "2"],
        f"q{q['scale']}": "4",
        f"q{q['ranking']}_1": "2",
        f"q{q['ranking']}_2": "0",
        f"q{q['ranking']}_3": "1",
        f"q{q['open']}": "Een buurtbus zou helpen.",
    }


# --- Building -----------------------------------------------------------------------


def test_staff_build_a_questionnaire_with_every_kind_of_question(
    app, make_client, staged_round, english_pages
):
    staged = staged_round("gather")
    english_pages()
    client = _login(make_client, staged.setup.staff_email)
    base = f"{staged.base}/questionnaire"
    page = client.get(f"{base}/build")
    assert page.status_code == 200
    made = client.post(f"{base}/new", {"intro": "Vijf vragen.", "audience": "anyone"})
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    for kind, options in (
        ("single", "Ja\nNee"),
        ("multiple", "A\nB\nC"),
        ("scale", ""),
        ("ranking", "Een\nTwee\nDrie\nVier\nVijf"),
        ("open", ""),
    ):
        added = client.post(
            f"{base}/questions",
            {"kind": kind, "text_nl": f"Vraag {kind}?", "options_nl": options, "required": "y"},
        )
        assert added.status_code == 302, added.get_data(as_text=True)[:3000]
    html = client.get(f"{base}/build").get_data(as_text=True)
    for kind in ("single", "multiple", "scale", "ranking", "open"):
        assert f"Vraag {kind}?" in html
    assert "A scale from 1 to 5" in html


def test_a_question_without_dutch_or_with_one_option_is_refused_and_kept(app, make_client, built):
    b = built()
    client = _login(make_client, b.staff)
    response = client.post(
        f"{b.base}/questions", {"kind": "single", "text_fr": "Oui ou non ?", "options_nl": "Ja"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write the question in Dutch" in html
    assert "Oui ou non ?" in html
    response = client.post(
        f"{b.base}/questions",
        {"kind": "ranking", "text_nl": "Rangschik", "options_nl": "1\n2\n3\n4\n5\n6"},
    )
    assert response.status_code == 400
    assert "A ranking has at most 5 options." in response.get_data(as_text=True)


def test_the_klankbordgroep_builds_while_shaping_the_question_but_not_later(
    app, make_client, built, staged_round, english_pages
):
    staged = staged_round("co_define")
    english_pages()
    member = _login(make_client, staged.members[0])
    base = f"{staged.base}/questionnaire"
    assert member.get(f"{base}/build").status_code == 200
    assert member.post(f"{base}/new", {"audience": "zone"}).status_code == 302
    b = built("gather")
    member = _login(make_client, b.staged.members[0])
    assert member.get(f"{b.base}/build").status_code == 403


def test_citizens_and_another_zones_staff_cannot_build(
    app, make_client, make_zone, make_user, built
):
    b = built()
    citizen = _login(make_client, b.citizens[3])
    assert citizen.get(f"{b.base}/build").status_code == 403
    assert citizen.post(f"{b.base}/questions", {"kind": "open", "text_nl": "X"}).status_code == 403
    other = make_zone()
    stranger = make_user(roles=[(other.id, Role.STAFF)])
    client = _login(make_client, stranger.email)
    assert client.get(f"{b.base}/build").status_code == 403
    # Their own zone's address with this round: no such round there.
    assert (
        client.get(f"/{other.slug}/rounds/{b.staged.round_id}/questionnaire/build").status_code
        == 404
    )
    assert client.get(f"{b.base}/paper").status_code == 403
    assert client.get(f"{b.base}/results.csv").status_code == 403


def test_a_question_without_translation_is_shown_in_dutch_and_marked(app, make_client, built):
    from burgerplatform.accounts.models import User

    b = built()
    with app.app_context():
        db.session.scalar(select(User).where(User.email == b.citizens[3])).locale = "fr"
        db.session.commit()
    client = _login(make_client, b.citizens[3])
    html = client.get(f"{b.base}/answer?mode=all").get_data(as_text=True)
    assert "Comment allez-vous chez le médecin ?" in html  # translated
    assert "Wat is moeilijk?" in html  # Dutch stand-in
    assert "pas encore traduit" in html


def test_after_the_first_answer_only_the_wording_changes_and_the_fix_is_logged(
    app, make_client, built
):
    from burgerplatform.audit.models import AuditEvent

    b = built()
    citizen = _login(make_client, b.citizens[3])
    citizen.post(
        f"{b.base}/answer",
        {"mode": "one", "page": "1", "step": "stop", f"q{b.questions['single']}": "0"},
    )
    staff = _login(make_client, b.staff)
    refused = staff.post(f"{b.base}/questions", {"kind": "open", "text_nl": "Nog iets?"})
    assert refused.status_code == 400
    assert "People have started answering" in refused.get_data(as_text=True)
    url = f"{b.base}/questions/{b.questions['single']}"
    changed_kind = staff.post(
        url,
        {
            "kind": "multiple",
            "text_nl": "Hoe gaat u?",
            "options_nl": "Te voet\nMet de bus\nMet de auto",
            "required": "y",
        },
    )
    assert changed_kind.status_code == 400
    fixed = staff.post(
        url,
        {
            "kind": "single",
            "required": "y",
            "text_nl": "Hoe gaat u naar de huisarts?",
            "options_nl": "Te voet\nMet de bus\nMet de auto's",
        },
    )
    assert fixed.status_code == 302, fixed.get_data(as_text=True)[:3000]
    assert _count(app, AuditEvent.id, AuditEvent.action == "questionnaire.wording_fixed") == 1


# --- Answering ----------------------------------------------------------------------


def test_a_citizen_answers_half_stops_comes_back_and_finishes(app, make_client, built):
    b = built()
    q = b.questions
    client = _login(make_client, b.citizens[3])
    start = client.get(b.base).get_data(as_text=True)
    assert "One question per page" in start
    first = client.post(
        f"{b.base}/answer", {"mode": "one", "page": "1", "step": "next", f"q{q['single']}": "1"}
    )
    assert first.headers["Location"].endswith("page=2")
    second = client.post(
        f"{b.base}/answer",
        {"mode": "one", "page": "2", "step": "stop", f"q{q['multiple']}": ["0", "2"]},
    )
    assert second.status_code == 302
    assert _submissions(app, sent=False) == 1 and _answers(app) == 2
    # Later, in another browser: the answers are there, and the rest is answered.
    again = _login(make_client, b.citizens[3])
    assert "You started before" in again.get(b.base).get_data(as_text=True)
    page2 = again.get(f"{b.base}/answer?mode=one&page=2").get_data(as_text=True)
    assert 'value="0" checked' in page2 or 'checked value="0"' in page2 or "checked" in page2
    data = full_answers(b)
    for page, names in (
        (3, [f"q{q['scale']}"]),
        (4, [f"q{q['ranking']}_{n}" for n in (1, 2, 3)]),
        (5, [f"q{q['open']}"]),
    ):
        step = again.post(
            f"{b.base}/answer",
            {"mode": "one", "page": str(page), "step": "next", **{n: data[n] for n in names}},
        )
        assert step.status_code == 302, step.get_data(as_text=True)[:3000]
    assert step.headers["Location"].endswith("/questionnaire/summary")
    summary = again.get(f"{b.base}/summary").get_data(as_text=True)
    assert "Met de bus" in summary and "1. Dichtbij; 2. Snel; 3. Goedkoop" in summary
    assert "Een buurtbus zou helpen." in summary
    sent = again.post(f"{b.base}/send")
    assert sent.status_code == 302
    assert _submissions(app, sent=True) == 1
    # One per person: a second send, or a new answer, is refused.
    again.post(f"{b.base}/send")
    assert _submissions(app) == 1
    late = again.post(f"{b.base}/answer", {"mode": "all", "step": "next", **data})
    assert late.status_code == 400
    assert "You sent your answers already" in late.get_data(as_text=True)


def test_all_on_one_page_then_send(app, make_client, built):
    b = built()
    client = _login(make_client, b.citizens[3])
    response = client.post(f"{b.base}/answer", {"mode": "all", "step": "next", **full_answers(b)})
    assert response.headers["Location"].endswith("/summary")
    assert client.post(f"{b.base}/send").status_code == 302
    assert _submissions(app, sent=True) == 1 and _answers(app) == 5


def test_a_required_question_skipped_is_refused_and_what_was_typed_kept(app, make_client, built):
    b = built()
    data = full_answers(b)
    del data[f"q{b.questions['scale']}"]
    client = _login(make_client, b.citizens[3])
    response = client.post(f"{b.base}/answer", {"mode": "all", "step": "next", **data})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This question is required" in html
    assert "Een buurtbus zou helpen." in html
    assert _answers(app) == 0
    # Sending from the summary without it is refused as well.
    client.post(f"{b.base}/answer", {"mode": "all", "step": "stop", **data})
    refused = client.post(f"{b.base}/send")
    assert refused.status_code == 400
    assert _submissions(app, sent=True) == 0


def test_a_ranking_with_the_same_option_twice_is_refused(app, make_client, built):
    b = built()
    data = full_answers(b)
    data[f"q{b.questions['ranking']}_2"] = "2"
    client = _login(make_client, b.citizens[3])
    response = client.post(f"{b.base}/answer", {"mode": "all", "step": "next", **data})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "You chose the same option for two places" in html
    assert "Een buurtbus zou helpen." in html
    assert _answers(app) == 0


def test_answers_to_a_closed_questionnaire_are_refused(app, make_client, built):
    from burgerplatform.consultations.models import Phase, Round

    b = built()
    with app.app_context():
        db.session.get(Round, b.staged.round_id).phase = Phase.CO_DRAFT
        db.session.commit()
    client = _login(make_client, b.citizens[3])
    response = client.post(f"{b.base}/answer", {"mode": "all", "step": "next", **full_answers(b)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This questionnaire is closed" in html
    assert "Een buurtbus zou helpen." in html
    assert _submissions(app) == 0
    assert client.get(f"{b.base}/answer").status_code == 302


def test_who_may_answer_follows_the_rounds_setting(app, make_client, make_zone, make_user, built):
    other = make_zone()
    outsider = make_user(zone_id=other.id)
    b = built(audience="zone")
    assert _login(make_client, b.citizens[3]).get(f"{b.base}/answer").status_code == 200
    assert _login(make_client, outsider.email).get(f"{b.base}/answer").status_code == 403
    anonymous = make_client()
    assert anonymous.get(f"{b.base}/answer").status_code == 302  # to log in
    g = built(audience="group")
    assert _login(make_client, g.citizens[3]).get(f"{g.base}/answer").status_code == 403
    assert _login(make_client, g.staged.members[0]).get(f"{g.base}/answer").status_code == 200
    a = built(audience="anyone")
    assert _login(make_client, outsider.email).get(f"{a.base}/answer").status_code == 200


# --- Paper --------------------------------------------------------------------------


def _today() -> str:
    """Today in Belgium: a paper questionnaire is dated within its round, which the test
    makes today."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Brussels")).date().isoformat()


def test_a_paper_questionnaire_dated_before_its_round_is_refused_and_kept(app, make_client, built):
    """Outside review: dates in 1900 and in year 1 were saved."""
    b = built()
    client = _login(make_client, b.staff)
    response = client.post(
        f"{b.base}/paper",
        {"source": "paper", "source_date": "1900-01-01", f"q{b.questions['open']}": "Bus."},
    )
    assert response.status_code == 400
    assert "before the round started" in response.get_data(as_text=True)
    assert _submissions(app) == 0


def test_staff_type_in_three_paper_questionnaires_that_count_as_offline(app, make_client, built):
    b = built()
    q = b.questions
    client = _login(make_client, b.staff)
    assert client.get(f"{b.base}/paper").status_code == 200
    for value in ("0", "0", "2"):
        response = client.post(
            f"{b.base}/paper",
            {
                "source": "paper",
                "source_date": _today(),
                "source_note": "Infoavond",
                f"q{q['single']}": value,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        assert f"date={_today()}" in response.headers["Location"]
    assert _submissions(app, sent=True) == 3
    html = client.get(f"{b.base}/results").get_data(as_text=True)
    assert "offline: 3" in html


def test_a_paper_questionnaire_without_a_date_is_refused_and_kept(app, make_client, built):
    b = built()
    client = _login(make_client, b.staff)
    response = client.post(
        f"{b.base}/paper",
        {"source": "phone", "source_note": "Telefoon", f"q{b.questions['open']}": "Meer bussen."},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Fill in the date of the questionnaire." in html
    assert "Meer bussen." in html and "Telefoon" in html
    assert _submissions(app) == 0


def test_citizens_cannot_type_in_paper_questionnaires(app, make_client, built):
    b = built()
    client = _login(make_client, b.citizens[3])
    assert client.get(f"{b.base}/paper").status_code == 403


# --- Results ------------------------------------------------------------------------


def _answered_by(app, b: Built, n: int) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Round
    from burgerplatform.questionnaires import services
    from burgerplatform.questionnaires.models import Questionnaire

    with app.test_request_context():
        round_ = db.session.get(Round, b.staged.round_id)
        questionnaire = db.session.get(Questionnaire, b.questionnaire_id)
        for email in b.citizens[:n]:
            user = db.session.scalar(select(User).where(User.email == email))
            given = {
                b.questions["single"]: services.Given(choices=[1]),
                b.questions["scale"]: services.Given(choices=[4]),
                b.questions["open"]: services.Given(body=f"Idee van {user.display_name}"),
            }
            services.save_answers(round_, questionnaire, user, given)
            services.send(round_, questionnaire, user)
        db.session.commit()


def test_results_show_small_counts_only_to_staff(app, make_client, built):
    b = built(public=True)
    _answered_by(app, b, 3)
    staff = _login(make_client, b.staff).get(f"{b.base}/results").get_data(as_text=True)
    assert "Answers sent: 3" in staff
    assert "fewer than 5" not in staff
    assert '<svg class="chart-track"' in staff and "<table>" in staff
    public = make_client().get(f"{b.base}/results")
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert "Answers sent: fewer than 5." in html
    assert "Answers sent: 3" not in html
    # Nothing to subtract from (outside review): no per-question totals, no online/offline.
    assert "Answers: " not in html and "offline" not in html.lower()
    # Open answers are listed, never with a name.
    assert "Idee van" in html


def test_public_counts_are_ranges_so_a_hidden_count_cannot_be_worked_out(app, make_client, built):
    """Outside reviews: exact totals, an online/offline split, and then a lower bound on
    the total each let a count shown as "fewer than 5" be worked out by subtraction."""
    import re

    b = built(public=True)
    n = len(b.citizens)
    assert n >= 6 and n % 5
    _answered_by(app, b, n)
    staff = _login(make_client, b.staff).get(f"{b.base}/results").get_data(as_text=True)
    assert f"Answers sent: {n} " in staff
    html = make_client().get(f"{b.base}/results").get_data(as_text=True)
    low = n - n % 5
    assert f"Answers sent: {low} to {low + 4}." in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    # No count but 0 is shown as a number of its own: every one is a range or "fewer than 5".
    cells = re.findall(r"<td>([^<]*)</td>", main)
    assert cells and all(c == "0" or " to " in c or c == "fewer than 5" for c in cells), cells


def test_results_are_private_unless_the_round_says_so(app, make_client, built):
    b = built(public=False)
    assert make_client().get(f"{b.base}/results").status_code == 403
    assert _login(make_client, b.citizens[3]).get(f"{b.base}/results").status_code == 403
    assert _login(make_client, b.staged.members[0]).get(f"{b.base}/results").status_code == 200


def test_the_csv_export_holds_the_answers_and_no_name(app, make_client, built):
    b = built()
    _answered_by(app, b, 6)
    response = _login(make_client, b.staff).get(f"{b.base}/results.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 7
    assert rows[1][3] == "Met de bus"
    assert "@" not in text
    citizen = _login(make_client, b.citizens[3])
    assert citizen.get(f"{b.base}/results.csv").status_code == 403


def test_staff_hide_an_open_answer_with_a_visible_reason(app, make_client, built):
    from burgerplatform.questionnaires.models import Answer

    b = built(public=True)
    _answered_by(app, b, 1)
    with app.app_context():
        answer_id = db.session.scalar(select(Answer.id).where(Answer.body != ""))
    staff = _login(make_client, b.staff)
    hidden = staff.post(
        f"/moderation/questionnaire_answer/{answer_id}/hide",
        {"reason": "personal_data", "note": "Er staat een naam in."},
    )
    assert hidden.status_code == 302, hidden.get_data(as_text=True).split("<main")[1][:1500]
    html = make_client().get(f"{b.base}/results").get_data(as_text=True)
    assert "Hidden by the moderator" in html
    assert "Idee van" not in html


# --- Personal data ------------------------------------------------------------------


def test_answers_are_in_the_data_download_and_go_with_the_account(app, make_client, built):
    b = built()
    _answered_by(app, b, 1)
    client = _login(make_client, b.citizens[0])
    download = client.get("/account/export.json")
    assert download.status_code == 200
    assert "questionnaire_answers" in download.get_data(as_text=True)
    assert "Idee van" in download.get_data(as_text=True)
    from burgerplatform.accounts.models import User
    from burgerplatform.accounts.services import delete_account

    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == b.citizens[0]))
        delete_account(user)
        db.session.commit()
    assert _submissions(app) == 0 and _answers(app) == 0
