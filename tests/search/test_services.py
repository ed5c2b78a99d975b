"""Searching: the words checked, stemming in Dutch and French, ranking, the sources."""

from __future__ import annotations

import pytest

from burgerplatform.core import fulltext
from burgerplatform.core.db import STORED_COLUMN
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.search import registry, services
from burgerplatform.search.registry import Terms
from burgerplatform.zones.models import Role


def test_the_words_are_letters_and_digits_in_order_without_repeats():
    assert services.parse("  Bus, bus & ZIEKENHUIS 112!  ") == "bus ziekenhuis 112"
    assert services.parse("soins à domicile") == "soins à domicile"
    assert services.parse("huis_arts") == "huis arts"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type one or more words"),
        ("   \t", "Type one or more words"),
        ("?!%*& -- ''", "Search with letters or numbers"),
        ("x" * 5000, "Your search is too long"),
    ],
)
def test_a_search_that_cannot_work_is_refused_with_a_reason(app, query, message):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        services.parse(query)
    assert message in str(refused.value.message)


def test_at_most_ten_words_are_searched():
    assert len(services.parse(" ".join(f"w{n}" for n in range(30))).split()) == 10


def test_every_kind_of_content_has_a_source_registered_by_its_module(app):
    kinds = [s.kind for s in registry.sources()]
    assert kinds == ["proposal", "round", "advice", "topic", "meeting", "group", "case", "help"]


def test_a_snippet_shows_the_text_around_the_first_word_found():
    text = (
        "Een inleiding. " * 30 + "De bussen rijden te weinig naar het ziekenhuis. " + "Slot. " * 30
    )
    piece = fulltext.snippet(text, ["bus"], length=80)
    assert "bussen rijden" in piece
    assert piece.startswith("…") and piece.endswith("…")
    assert len(piece) <= 82
    assert fulltext.snippet("Kort.", ["bus"]) == "Kort."


@pytest.fixture
def proposals(app, make_zone, make_user):
    """Published proposals in Dutch and French, and one nobody but its author may see."""
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.initiatives import workflow

    zone = make_zone(slug="brussel", name="ELZ Brussel")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    author = make_user(zone_id=zone.id)
    texts = [
        ("Vervoer voor ouderen", "Er rijdt maar één bus per uur.", "Ook op zondag."),
        ("Een bus naar het ziekenhuis", "Bus, bus en nog eens bus.", "Graag."),
        ("Soins à domicile", "Les soins infirmiers à la maison.", "Merci."),
        ("Wandelgroep", "Samen wandelen tegen eenzaamheid.", "Elke week."),
    ]
    with app.test_request_context():
        from burgerplatform.accounts.models import User
        from burgerplatform.zones.models import Zone

        z = db.session.get(Zone, zone.id)
        a, s = db.session.get(User, author.id), db.session.get(User, staff.id)
        for title, summary, body in texts:
            found = initiatives.save_draft(z, a, initiatives.DraftData(title, summary, body))
            workflow.submit(found, a)
            workflow.approve(found, s)
        initiatives.save_draft(z, a, initiatives.DraftData("Bus in ontwerp", "Nog niet af.", ""))
        db.session.commit()
    return zone


def _titles(app, words: str, kind: str = "proposal") -> list[str]:
    from flask_login import AnonymousUserMixin

    with app.test_request_context():
        results = services.search(Terms(words), AnonymousUserMixin(), kind)
        return [hit.title for hit in results.page.items]


def test_bussen_finds_bus_and_bus_finds_bussen(app, proposals):
    assert "Vervoer voor ouderen" in _titles(app, "bussen")
    assert "Een bus naar het ziekenhuis" in _titles(app, "bussen")


def test_french_words_find_french_text_in_other_forms(app, proposals):
    assert _titles(app, "soin") == ["Soins à domicile"]
    assert _titles(app, "infirmier maison") == ["Soins à domicile"]


def test_a_word_in_the_title_ranks_above_a_word_in_the_text(app, proposals):
    titles = _titles(app, "bus")
    assert titles[0] == "Een bus naar het ziekenhuis"
    assert titles.index("Een bus naar het ziekenhuis") < titles.index("Vervoer voor ouderen")


def test_every_word_must_be_found(app, proposals):
    assert _titles(app, "bus zondag") == ["Vervoer voor ouderen"]
    assert _titles(app, "bus eenzaamheid") == []


def test_a_draft_is_never_found(app, proposals):
    assert "Bus in ontwerp" not in _titles(app, "bus")
    assert "Bus in ontwerp" not in _titles(app, "ontwerp")


def test_a_search_narrowed_to_another_zone_finds_nothing_of_this_one(app, proposals, make_zone):
    other = make_zone(slug="gent", name="ELZ Gent")
    from flask_login import AnonymousUserMixin

    with app.test_request_context():
        results = services.search(Terms("bus", other.id), AnonymousUserMixin())
        assert results.page.items == []
        results = services.search(Terms("bus", proposals.id), AnonymousUserMixin())
        assert {h.zone for h in results.page.items} == {"ELZ Brussel"}


def test_postgresql_uses_its_full_text_index_for_the_search(app, proposals):
    with app.app_context():
        if not fulltext.is_postgresql():
            pytest.skip("PostgreSQL only")
        from sqlalchemy import select, text

        from burgerplatform.initiatives.models import (
            SEARCH_COLUMNS,
            SEARCH_DOCUMENT,
            Initiative,
        )

        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        query = select(Initiative.id).where(
            fulltext.matches(SEARCH_DOCUMENT, "bussen", SEARCH_COLUMNS)
        )
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(db.session.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert "ix_initiatives_search" in plan


def test_a_search_for_common_words_reads_each_proposals_stored_words_not_its_whole_text(
    app, proposals
):
    """With words found in many proposals PostgreSQL reads the table until it has its
    candidates: each row it reads must be matched on its stored vector, not by computing
    to_tsvector of its title, summary and body again (at 100,000 proposals two common
    words took 320 ms that way, about 10 ms on the stored vector)."""
    with app.test_request_context():
        if not fulltext.is_postgresql():
            pytest.skip("PostgreSQL only")
        from sqlalchemy import text

        from burgerplatform.initiatives.policies_search import _statement

        words = "bus"
        statement = _statement(fulltext.shape(words), False, 21, fulltext.dialect())
        bound = statement.params(**fulltext.params(words))
        compiled = bound.compile(db.engine, compile_kwargs={"literal_binds": True})
        sql = str(compiled).replace("%%", "%")
        for scan in ("enable_bitmapscan", "enable_indexscan"):  # as with common words
            db.session.execute(text(f"SET LOCAL {scan} = off"))
        plan = "\n".join(
            db.session.connection()
            .exec_driver_sql("EXPLAIN VERBOSE " + sql.replace("%", "%%"))
            .scalars()
        )
        assert "Seq Scan" in plan
        assert "to_tsvector" not in plan
        assert "search_vector" in plan
        from flask_login import AnonymousUserMixin

        found = services.search(Terms(words, None), AnonymousUserMixin(), kind="proposal")
        assert len(found.page.items) == 2


def test_each_search_is_planned_for_its_own_words(app, proposals):
    """The statements are the same text for every search; prepared after five runs, a
    generic plan that never sees the words read the whole GIN index for common words
    (110 ms at 100,000 proposals instead of 10). The search asks for a plan per search."""
    with app.test_request_context():
        if not fulltext.is_postgresql():
            pytest.skip("PostgreSQL only")
        from flask_login import AnonymousUserMixin
        from sqlalchemy import text

        services.search(Terms("bus", None), AnonymousUserMixin())
        mode = db.session.execute(text("SHOW plan_cache_mode")).scalar()
        assert mode == "force_custom_plan"


def test_each_proposals_stored_words_are_kept_in_its_row_for_a_rare_word_to_be_fast(app, proposals):
    """Kept in TOAST (PostgreSQL's default for a value that makes the row wider than
    2 KB), each row scanned for a word in one proposal in twenty cost two or three more
    page reads that the planner does not count: 47 to 116 ms at 100,000 proposals, 4 ms
    with the words in the row."""
    with app.app_context():
        if not fulltext.is_postgresql():
            pytest.skip("PostgreSQL only")
        from sqlalchemy import text

        storage = db.session.execute(
            text(
                "SELECT attstorage FROM pg_attribute"
                " WHERE attrelid = 'initiatives'::regclass AND attname = :name"
            ),
            {"name": STORED_COLUMN},
        ).scalar()
        assert storage == "m"  # MAIN: compressed if it can be, kept in the row
