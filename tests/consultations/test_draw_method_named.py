"""The method of a draw is named the same everywhere: in the staff's audit.json, on the
staff's draw page and on the public pages, from one source (`DrawRecord.method`).

An outside review found a failed draw whose audit.json said "maximin" (stored before the
solver ran, whatever method it would use) while a leximin draw was what ran. Here every
method a draw can name, through every outcome: failed before the chances were worked
out, failed while working them out, failed after (its list ready too late), published,
set aside, picked."""

from __future__ import annotations

from contextlib import contextmanager
from html import unescape

import pytest
from flask_babel import force_locale

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_published_draw import SOURCE, _records, pick, set_aside

NEAR_SHARE = 0.9921


def _stored_name(method: str) -> str:
    from burgerplatform.consultations import sortition

    return sortition.algorithm_name(method, NEAR_SHARE if method == "near maximin" else None)


def _technical_names(app) -> dict[str, str]:
    """Per method, the sentence of the pages that names it ("Vakterm: leximin."): each
    is in no other method's explanation."""
    from burgerplatform.consultations import sortition
    from burgerplatform.consultations.models import DrawRecord

    names = {}
    with app.test_request_context(), force_locale("nl"):
        for method in sortition.METHODS:
            explained = DrawRecord(algorithm=_stored_name(method)).method_explained
            names[method] = explained[explained.rindex("Vakterm:") :]
    for method, sentence in names.items():
        assert [m for m, s in names.items() if sentence in s] == [method], names
    return names


@contextmanager
def _made_with(monkeypatch, method: str):
    """Draws whose chances come out of `method` (the real chances, named so)."""
    from burgerplatform.consultations import sortition

    real = sortition.compute_distribution

    def named(*args, **kwargs):
        groups, distribution, _method, _share = real(*args, **kwargs)
        return groups, distribution, method, NEAR_SHARE if method == "near maximin" else 1.0

    with monkeypatch.context() as patch:
        patch.setattr(sortition, "compute_distribution", named)
        yield


@pytest.mark.parametrize("method", ["maximin", "near maximin", "leximin", "partial leximin"])
def test_every_outcome_names_the_method_the_same_in_audit_json_and_on_every_page(
    app, pool_zone, make_round, monkeypatch, method
):
    from burgerplatform.consultations import leximin, maximin, sortition
    from burgerplatform.consultations.models import DrawStatus

    names = _technical_names(app)
    stored = _stored_name(method)
    setup = pool_zone(12)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"

    def publish(status: DrawStatus, *, too_late: bool = False):
        assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
        if too_late:
            number_is_known()  # the worker got to it only once the number was known
        run_jobs(app)
        record = max(_records(app), key=lambda r: r.id)
        assert record.status is status, record.error
        return record

    def said(record, audit: str | None, *, staff_page: set, public_page: set) -> None:
        """The name audit.json gives, and the methods each page names."""
        named_in_audit = staff.get(f"{base}/draws/{record.id}/audit.json").get_json()
        assert named_in_audit["algorithm"] == audit, (record.status, named_in_audit)
        public = Client(app, language="nl").get(f"{base}/draw")
        pages = {
            "staff": unescape(staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)),
            "public": unescape(public.get_data(as_text=True)),
        }
        for page, expected in (("staff", staff_page), ("public", public_page)):
            named = {m for m, sentence in names.items() if sentence in pages[page]}
            assert named == expected, (record.status, page, named)
        if record.status is DrawStatus.FAILED:
            computed = "De kansen waren al berekend toen de loting stopte" in pages["staff"]
            assert computed == bool(staff_page)
            assert "Er werd dus geen lotingsmethode gebruikt" in pages["staff"] or computed

    # Failed before the chances: nothing is named, audit.json gives no method.
    with monkeypatch.context() as patch:

        def refuse(*_args):
            raise sortition.DrawError(sortition.SENSITIVE_CLASH)

        patch.setattr(sortition, "check_feasible", refuse)
        with _made_with(monkeypatch, method):
            said(publish(DrawStatus.FAILED), None, staff_page=set(), public_page=set())

    # Failed while working them out: the same (no chances, so no method used).
    with monkeypatch.context() as patch:

        def stop(*_args, **_kwargs):
            raise maximin.SolverFailed("weights: Time limit reached")

        patch.setattr(leximin, "solve", stop)
        patch.setattr(maximin, "solve", stop)
        said(publish(DrawStatus.FAILED), None, staff_page=set(), public_page=set())

    with _made_with(monkeypatch, method):
        # Failed after: the staff's page and audit.json name it; the public page names no
        # method of a failed draw (it would say whether the pool met the quotas).
        too_late = publish(DrawStatus.FAILED, too_late=True)
        said(too_late, stored, staff_page={method}, public_page=set())
        # Published: the public page explains it.
        published = publish(DrawStatus.PUBLISHED)
        said(published, stored, staff_page=set(), public_page={method})
        # Set aside: its record keeps the name; no page explains a method.
        assert set_aside(staff, base, published.id, "De pool was fout.").status_code == 302
        said(published, stored, staff_page=set(), public_page=set())
        discarded = Client(app).get(f"{base}/draw/discarded/{published.id}/record.json")
        assert discarded.get_json()["algorithm"] == stored
        # Picked: every page.
        second = publish(DrawStatus.PUBLISHED)
        assert pick(staff, base, second.id, "7").status_code == 302
        with app.app_context():
            db.session.expire_all()
        done = max(_records(app), key=lambda r: r.id)
        said(done, stored, staff_page={method}, public_page={method})
        assert Client(app).get(f"{base}/draw/record.json").get_json()["algorithm"] == stored
        round_page = unescape(Client(app, language="nl").get(base).get_data(as_text=True))
        assert {m for m, s in names.items() if s in round_page} == {method}


def test_a_failed_draw_stored_before_names_no_method_it_never_used(app):
    """Draws that failed before 7 December stored "maximin" before the solver ran: no
    chances, so no method, whatever the record holds; one that failed after its chances
    were worked out keeps the method that worked them out."""
    from burgerplatform.consultations import sortition
    from burgerplatform.consultations.models import DrawRecord, DrawStatus

    old = sortition.algorithm_name()
    with app.test_request_context(), force_locale("nl"):
        before = DrawRecord(status=DrawStatus.FAILED, algorithm=old, distribution=[])
        assert before.method is None
        assert before.method_explained == "" and before.algorithm_text == ""
        after = DrawRecord(
            status=DrawStatus.FAILED, algorithm=_stored_name("leximin"), distribution=[[[], 1.0]]
        )
        assert after.method == _stored_name("leximin")
        assert after.method_explained.endswith("Vakterm: leximin.")
