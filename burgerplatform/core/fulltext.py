"""Full-text search: PostgreSQL's own, with Dutch and French stemming ("bussen" finds
"bus", "soins" finds "soin"), and a `simple` fallback on SQLite (every word somewhere in
the columns, in any order).

A model declares what is searched as SQL text, `document(titles, texts)`, and puts a GIN
index on exactly that text (`search_index`); queries use the same text, so the planner
can use the index (bound parameters in the expression would not match it). The rank
counts the words found in the title (`rank_of`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import nh3
from sqlalchemy import (
    ColumnElement,
    Index,
    String,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    or_,
    text,
)
from sqlalchemy.orm import InstrumentedAttribute

from burgerplatform.core.db import STORED_COLUMN, STORED_INDEXES
from burgerplatform.extensions import db

LANGUAGES = ("dutch", "french")
# Letters and digits (no underscore): safe to pass to to_tsquery as they are.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _joined(columns: Sequence[str]) -> str:
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


def document(titles: Sequence[str], texts: Sequence[str] = ()) -> str:
    """The SQL of a row's searchable text (its titles and texts) in both languages."""
    columns = _joined([*titles, *texts])
    return "(" + " || ".join(f"to_tsvector('{lang}', {columns})" for lang in LANGUAGES) + ")"


def search_index(name: str, document_sql: str) -> Index:
    """The GIN index on a document, on PostgreSQL only (SQLite has no to_tsvector)."""
    return Index(name, text(document_sql), postgresql_using="gin").ddl_if(dialect="postgresql")


# Stored documents: a table's vector kept in a generated column, computed when a row is
# written, instead of an index on the expression. A search that lets PostgreSQL scan the
# table until it has its candidates (a word found in many rows) then reads each row's
# stored vector instead of computing to_tsvector on the row's whole text again (half a
# millisecond a row; 580 rows read for two common words at 100,000 proposals: 320 ms).
# PostgreSQL only and not mapped (SQLite has no to_tsvector, and no row ever loads it);
# the migration adds the same, and Alembic's comparison leaves it out.
# Its name and the indexes' names live in core.db, whose migration comparison leaves
# them out (STORED_COLUMN, STORED_INDEXES).
#
# The vector is kept in the row (STORAGE MAIN), not in TOAST: a row is wider than TOAST's
# 2 KB with it, and PostgreSQL moved it out, so scanning for candidates read two or three
# TOAST pages per row, a cost its planner does not count. For a word in one proposal in
# twenty it chose to scan 4,300 rows for its 200 candidates: 47 to 116 ms at 100,000
# proposals. In the row the same scan takes 4 ms (PostgreSQL now takes the GIN index
# for that word: the wider rows make scanning cost what it does), and common words 1 ms
# instead of 3 to 8. Other long values (the rendered HTML) move to TOAST instead.
STORAGE = "MAIN"


def stored_document(table: Any, index_name: str, document_sql: str) -> str:
    """Keep `document_sql` in the table's STORED_COLUMN with a GIN index `index_name`
    (created with the table, PostgreSQL only); the SQL to match against instead."""
    from sqlalchemy import DDL, event

    STORED_INDEXES.add(index_name)
    for statement in (
        f"ALTER TABLE {table.name} ADD COLUMN {STORED_COLUMN} tsvector "
        f"GENERATED ALWAYS AS {document_sql} STORED",
        f"ALTER TABLE {table.name} ALTER COLUMN {STORED_COLUMN} SET STORAGE {STORAGE}",
        f"CREATE INDEX {index_name} ON {table.name} USING gin ({STORED_COLUMN})",
    ):
        ddl = DDL(statement)  # type: ignore[no-untyped-call]
        event.listen(table, "after_create", ddl.execute_if(dialect="postgresql"))
    return f"{table.name}.{STORED_COLUMN}"


def words_of(query: str) -> list[str]:
    """The words of a query: letters and digits, in order, without duplicates."""
    return list(dict.fromkeys(WORD.findall(query.lower())))


def is_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def _prefixes(words: str) -> list[str]:
    """Each word as the start of a word: its rough stem (`_stem`), so that "bussen" finds
    "bus" and "bus" finds "bussen" (the Dutch stemmer keeps "buss")."""
    return [stem for stem in (_stem(w) for w in words.split()) if stem]


def _tsquery_text(prefixes: list[str]) -> str:
    # Only letters and digits reach here (words_of), so the text is a valid tsquery.
    return " & ".join(f"{p}:*" if len(p) >= 3 else p for p in prefixes)


def _tsquery(words: str) -> ColumnElement[Any]:
    text_query = _tsquery_text(_prefixes(words))
    queries = [func.to_tsquery(literal_column(f"'{lang}'"), text_query) for lang in LANGUAGES]
    return queries[0].op("||")(queries[1])


def matches(
    document_sql: str, words: str, columns: Sequence[InstrumentedAttribute[Any]]
) -> ColumnElement[bool]:
    """Rows whose document holds every word (in either language's stemming); on SQLite,
    rows where every word is part of one of the columns."""
    if is_postgresql():
        return literal_column(document_sql).bool_op("@@")(_tsquery(words))
    clauses = [
        or_(*(column.ilike(_pattern(word), escape="\\") for column in columns))
        for word in _prefixes(words)
    ]
    return and_(*clauses) if clauses else false()


# Statements built once per shape -------------------------------------------------------
#
# A search's statement depends on the words only through their number: the words go in as
# bound parameters (`params`), so a source can build its statement once per shape
# (`shape`, with `rank_of` and `matching`) and reuse it, instead of building and keying a
# new tree of SQL expressions on every search (a fifth of the search's CPU time).


def dialect() -> str:
    """The database's kind, part of a built statement's shape (the matching differs)."""
    return str(db.engine.dialect.name)


def shape(words: str) -> int:
    """How many searched stems the words give (the number of bound word parameters)."""
    return len(_prefixes(words))


def params(words: str) -> dict[str, str]:
    """The bound values of a statement built with `rank_of` and `matching`."""
    prefixes = _prefixes(words)
    values = {f"fts_w{i}": _pattern(p) for i, p in enumerate(prefixes)}
    values["fts_q"] = _tsquery_text(prefixes)
    return values


def _word(i: int) -> Any:
    return bindparam(f"fts_w{i}", type_=String)


def rank_of(n: int, titles: Sequence[InstrumentedAttribute[Any]]) -> ColumnElement[float]:
    """How well a row matches (`n` stems, given at execution by `params`): 0.1, plus 1
    for each word (its rough stem, so "bussen" counts in "Een buurtbus") found in a title;
    each source puts the newest first among equals. The same on both databases.
    PostgreSQL's ts_rank was tried: it computes the document's to_tsvector again for
    every candidate (it is not stored), milliseconds each on the whole text, which made
    a search at 10,000 proposals take 1.6 s here."""
    score: ColumnElement[Any] = literal(0.1)
    for i in range(n):
        for column in titles:
            score = score + case((column.ilike(_word(i), escape="\\"), 1.0), else_=0.0)
    return score


def matching(
    document_sql: str, n: int, columns: Sequence[InstrumentedAttribute[Any]], dialect_name: str
) -> ColumnElement[bool]:
    """`matches` for `n` stems given at execution (`params`)."""
    if dialect_name == "postgresql":
        query = bindparam("fts_q", type_=String)
        queries = [func.to_tsquery(literal_column(f"'{lang}'"), query) for lang in LANGUAGES]
        return literal_column(document_sql).bool_op("@@")(queries[0].op("||")(queries[1]))
    clauses = [or_(*(column.ilike(_word(i), escape="\\") for column in columns)) for i in range(n)]
    return and_(*clauses) if clauses else false()


def plan_for_these_words() -> None:
    """Have PostgreSQL plan the rest of this transaction's statements for their values.

    The search's statements are the same text for every search (the words are bound), so
    after five runs on one connection psycopg prepares them and PostgreSQL may keep one
    generic plan that never sees the words: for two common words at 100,000 proposals it
    read the GIN index for every match (110 ms) where scanning until 200 are found takes
    10. SET LOCAL ends with the transaction (the request's)."""
    if is_postgresql():
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


# Matches ranked per search and kind at most: a word found in half the rows costs what a
# rare one does (the index finds the candidates). More matches than this: "add a word".
CANDIDATES = 200


def _pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def snippet(text_value: str, words: Sequence[str], length: int = 200) -> str:
    """About `length` characters of a plain text around the first word found (from its
    first four letters, so "bussen" finds "bus"), with "…" where it was cut."""
    flat = " ".join((text_value or "").split())
    if len(flat) <= length:
        return flat
    lowered = flat.lower()
    found = [lowered.find(w[:4]) for w in words if w[:4] and lowered.find(w[:4]) >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = flat[start : start + length]
    end = piece.rfind(" ")
    if start + length < len(flat) and end > length // 2:
        piece = piece[:end]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(flat) else "")


def plain(stored_html: str | None) -> str:
    """The text of HTML kept when a Markdown field was saved, without its tags."""
    return html.unescape(nh3.clean(stored_html or "", tags=set()))


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A rough stem, searched as the start of a word (in the database and in the help
    pages' fixed texts): without a plural ending and a doubled last letter ("bussen" →
    "bus", "soins" → "soin"); the database's stemmers then do the rest."""
    for ending in ("en", "es", "s", "x", "e"):
        if len(word) > len(ending) + 2 and word.endswith(ending):
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class FixedText:
    """A fixed text (a help page, a glossary word) with the stems of its words worked out
    once: searching the help pages then stems only the reader's words (`text_rank`)."""

    title_stems: frozenset[str]
    body_stems: frozenset[str]


@lru_cache(maxsize=1024)
def fixed_text(title: str, body: str) -> FixedText:
    """The stems of a fixed text's words (kept: the help texts are few and never change
    while the app runs, one set per language)."""
    title_stems = frozenset(_stem(w) for w in WORD.findall(title.lower()))
    body_stems = frozenset(_stem(w) for w in WORD.findall(body.lower())) | title_stems
    return FixedText(title_stems, body_stems)


def text_rank(title: str, body: str, words: Sequence[str]) -> float | None:
    """How well a fixed text (a help page) matches the words, on the scale `rank` gives
    rows of the database; None when a word is in neither the title nor the text."""
    text_ = fixed_text(title, body)
    stems = [_stem(w) for w in words]
    if not all(any(t.startswith(s) for t in text_.body_stems) for s in stems):
        return None
    return 0.1 + sum(1 for s in stems if any(t.startswith(s) for t in text_.title_stems))
