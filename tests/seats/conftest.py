"""The round fixtures (a zone with a pool, a round with a seated group), shared here."""

from tests.consultations.conftest import make_round, pool_zone, staged_round  # noqa: F401
