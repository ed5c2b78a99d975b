"""A process-wide memo of bounded size: what a page builds again and again (a written
moment, a status badge) is built once per key, and the whole memo is dropped when it
holds `limit` entries (cheaper than tracking use; it fills again within a few pages)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class BoundedMemo(Generic[T]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.values: dict[Hashable, T] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self.values.get(key)
        if value is None:
            value = make()
            if len(self.values) >= self.limit:
                self.values.clear()
            self.values[key] = value
        return value
