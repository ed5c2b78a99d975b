"""The rules of a round's themes: a run groups all open input, what staff confirm is kept,
and what the round page shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.themes.conftest import add_input, run_jobs


def _round(themed_round):
    from burgerplatform.consultations.models import Round

    return db.session.get(Round, themed_round.staged.round_id)


def _run(app, t):
    from burgerplatform.themes import services

    with app.test_request_context():
        services.start_run(_round(t), None)
        db.session.commit()
    run_jobs(app)


def _theme_of(key):
    from burgerplatform.themes.models import ThemeItem

    kind, item_id = key
    column = ThemeItem.contribution_id if kind == "contribution" else ThemeItem.answer_id
    return db.session.scalar(select(ThemeItem).where(column == item_id)).theme


def test_a_run_groups_online_offline_and_questionnaire_input_in_the_job_worker(app, themed):
    from burgerplatform.themes import services
    from burgerplatform.themes.models import RunStatus

    t = themed()
    _run(app, t)
    with app.test_request_context():
        round_ = _round(t)
        run = services.last_run(round_)
        assert run.status is RunStatus.DONE
        # 24 texts from the set, the two of the staged round, one open answer.
        assert run.texts == 27
        themes = services.themes_of(round_)
        assert len(themes) >= 2
        assert sum(len(th.items) for th in themes) == 27
        assert all(th.name and th.top_words and th.typical for th in themes)
        assert _theme_of(("answer", t.answer_id)) is not None


def test_hidden_input_is_not_grouped(app, themed):
    from burgerplatform.consultations.models import Contribution
    from burgerplatform.core.db import utcnow
    from burgerplatform.themes import services

    t = themed()
    hidden_id = next(iter(t.labels))
    with app.test_request_context():
        db.session.get(Contribution, hidden_id).hidden_at = utcnow()
        db.session.commit()
    _run(app, t)
    with app.test_request_context():
        assert services.last_run(_round(t)).texts == 26
        from burgerplatform.themes.models import ThemeItem

        assert (
            db.session.scalar(select(ThemeItem).where(ThemeItem.contribution_id == hidden_id))
            is None
        )


def test_a_round_without_open_input_cannot_be_grouped(app, staged_round):
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.domain import DomainError
    from burgerplatform.themes import services

    staged = staged_round("co_define")
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.start_run(db.session.get(Round, staged.round_id), None)


def test_what_staff_confirmed_stays_when_the_search_runs_again_on_new_input(app, themed):
    from burgerplatform.themes import services
    from burgerplatform.themes.models import InputTheme

    t = themed()
    _run(app, t)
    with app.test_request_context():
        round_ = _round(t)
        first, second, *_ = services.themes_of(round_)
        services.rename(first, "Dokter van wacht")
        moved = second.items[0]
        moved_key = moved.key
        services.move(moved, first)
        rec = services.recommendations_of(round_)[0]
        services.link(first, rec)
        first_id = first.id
        keys = {i.key for i in first.items}
        add_input(round_.id, round_.zone_id, [("vervoer", "geen bus meer naar het ziekenhuis")])
        db.session.commit()
    _run(app, t)
    with app.test_request_context():
        theme = db.session.get(InputTheme, first_id)
        assert theme.name == "Dokter van wacht" and theme.confirmed
        assert keys <= {i.key for i in theme.items}  # nothing staff confirmed undone
        assert _theme_of(moved_key).id == first_id
        assert [r.title for r in theme.recommendations] == ["Buurtauto"]
        assert services.last_run(_round(t)).kept >= len(keys)


def test_merging_moves_all_input_and_links_into_the_other_theme(app, themed):
    from burgerplatform.themes import services
    from burgerplatform.themes.models import InputTheme

    t = themed()
    _run(app, t)
    with app.test_request_context():
        round_ = _round(t)
        a, b, *_ = services.themes_of(round_)
        services.link(a, services.recommendations_of(round_)[0])
        count = len(a.items) + len(b.items)
        a_id = a.id
        into = services.merge(a, b)
        assert db.session.get(InputTheme, a_id) is None
        assert len(into.items) == count and into.confirmed
        assert all(i.confirmed for i in into.items)
        assert [r.title for r in into.recommendations] == ["Buurtauto"]


def test_staff_mistakes_are_refused_with_a_clear_message(app, themed, staged_round):
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.domain import DomainError
    from burgerplatform.themes import services
    from burgerplatform.themes.models import InputTheme

    t = themed()
    _run(app, t)
    other = themed()
    _run(app, other)
    with app.test_request_context():
        a, b, *_ = services.themes_of(_round(t))
        foreign = services.themes_of(_round(other))[0]
        with pytest.raises(DomainError, match="niet met zichzelf"):
            services.merge(a, a)
        with pytest.raises(DomainError, match="thema van deze ronde"):
            services.merge(a, foreign)
        with pytest.raises(DomainError, match="thema van deze ronde"):
            services.move(a.items[0], foreign)
        with pytest.raises(DomainError, match="Geef het thema een naam"):
            services.rename(a, "   ")
        with pytest.raises(DomainError, match="Geef het thema een naam"):
            services.split_off(a.items[0], "")
        foreign_rec = services.recommendations_of(_round(other))[0]
        with pytest.raises(DomainError, match="aanbeveling van deze ronde"):
            services.link(a, foreign_rec)
        assert db.session.get(InputTheme, a.id).name == a.name
        db.session.rollback()
        assert db.session.get(Round, t.staged.round_id)


def test_splitting_starts_a_new_confirmed_theme_with_the_moved_input(app, themed):
    from burgerplatform.themes import services

    t = themed()
    _run(app, t)
    with app.test_request_context():
        a = services.themes_of(_round(t))[0]
        item = a.items[0]
        new = services.split_off(item, "Belbus")
        assert new.confirmed and new.name == "Belbus" and item.theme is new


def test_the_round_page_counts_people_per_confirmed_theme_and_blurs_small_counts(app, themed):
    from burgerplatform.themes import services

    t = themed()
    _run(app, t)
    with app.test_request_context():
        round_ = _round(t)
        assert services.public_themes(round_) == []  # nothing confirmed yet
        theme = max(services.themes_of(round_), key=lambda th: len(th.items))
        services.rename(theme, "Dokter van wacht")  # a name a person gave it
        shown = services.public_themes(round_)
        assert [p.theme for p in shown] == [theme]
        # Offline input has no account: each piece is one person.
        assert shown[0].people == len(theme.items)
        small = services.PublicTheme(theme, 3, exact=False)
        assert small.shown == "minder dan 5" and small.few
        assert services.PublicTheme(theme, 7, exact=False).shown == "5 tot 9"
        assert services.PublicTheme(theme, 3, exact=True).shown == "3"
