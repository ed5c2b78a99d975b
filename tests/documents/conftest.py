"""The round fixtures (a zone with a pool, a round with a seated group), shared here."""

import pytest  # noqa: E402

from tests.consultations.conftest import (  # noqa: F401
    english_pages,
    make_round,
    pool_zone,
    staged_round,
)


@pytest.fixture
def make_user(make_user):
    """People who read English pages, so the tests read the source strings."""

    def factory(*args, **overrides):
        overrides.setdefault("locale", "en")
        return make_user(*args, **overrides)

    return factory
