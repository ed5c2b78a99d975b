"""Declarative base with a constraint naming convention, and small mixins."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import DateTime, Enum, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database.

    SQLite forgets the timezone; without this a datetime read back could not be
    compared with `utcnow()`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        """As TypeDecorator's, with process_result_value written in: a page reads a
        thousand moments or more (a round's input, seats and quotas), and the call in
        between was a third of their cost."""
        impl = self.impl_instance.result_processor(dialect, coltype)
        if impl is None:

            def process(value: Any) -> datetime | None:
                if value is not None and value.tzinfo is None:
                    return cast(datetime, value.replace(tzinfo=UTC))
                return cast(datetime | None, value)

            return process

        def process_parsed(value: Any) -> datetime | None:
            value = impl(value)
            if value is not None and value.tzinfo is None:
                return cast(datetime, value.replace(tzinfo=UTC))
            return cast(datetime | None, value)

        return process_parsed


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def enum_column(enum_cls: type[enum.Enum], name: str) -> Enum:
    """Store an Enum by its lowercase English value, as a plain string (no PG enum type):
    adding a status later is then a code change, not a migration of a type."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        values_callable=lambda e: [m.value for m in e],
        length=32,
        validate_strings=True,
    )


def is_expression_index(obj: object) -> bool:
    from sqlalchemy import Column, Index

    return isinstance(obj, Index) and any(not isinstance(e, Column) for e in obj.expressions)


# The stored search documents (core.fulltext.stored_document): PostgreSQL only, not
# mapped; their column name and the names of their indexes, as they are declared.
STORED_COLUMN = "search_vector"
STORED_INDEXES: set[str] = set()


def compared_by_autogenerate(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's `include_object`: leave expression indexes out of the comparison.

    SQLite cannot reflect them and PostgreSQL gives back a rewritten expression, so
    comparing them only ever reports false differences; migrations create them by hand
    and tests/core/test_migrations.py checks by name that they exist. The same for the
    stored search documents (core.fulltext.stored_document: PostgreSQL only, not mapped)."""
    if type_ == "column" and name == STORED_COLUMN:
        return False
    if type_ == "index" and name in STORED_INDEXES:
        return False
    return not (type_ == "index" and is_expression_index(compare_to if reflected else obj))
