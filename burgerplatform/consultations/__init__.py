"""Consultation rounds with a klankbordgroep drawn by lot from the zone's citizen pool."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("consultations", __name__, "/rounds")
# The citizen pool has its own address (/<zone>/pool): it outlives every round.
pool_bp = zone_blueprint("pool", __name__, "/pool")


@bp.app_template_global()
def round_sensitive_questions(round_) -> str:
    """The sensitive questions of a round's quotas, named (see queries)."""
    from burgerplatform.consultations.queries import sensitive_questions

    return sensitive_questions(round_)


@bp.app_template_global()
def draw_sensitive_questions(record) -> str:
    """The sensitive questions of a draw's mix, named (see draw_check)."""
    from burgerplatform.consultations.draw_check import sensitive_questions

    return sensitive_questions(record)


@bp.app_template_global()
def draw_known_from(record) -> str:
    """From when the draw's source gives its number, as the pages say it ("" if unset)."""
    from burgerplatform.consultations.draws import known_from_text

    return known_from_text(record)


@bp.app_template_global()
def input_url(round_id: int, contribution_id: int, zone_slug: str | None = None) -> str:
    """The round page, at one input: in the window of input that shows it."""
    from burgerplatform.consultations.services import input_url as url

    return url(round_id, contribution_id, zone_slug)


@bp.app_template_global()
def quota_in_words(quota, group_size: int) -> str:
    """A quota kept with a draw ({"label", "min", "max"}) in words, as the clash messages
    say it: "no seats", "exactly 2", "at least 3", "at most 1", "between 1 and 3"."""
    from types import SimpleNamespace

    from burgerplatform.consultations.clashes import rule, translated

    q = SimpleNamespace(label=quota["label"], min=quota["min"], max=quota["max"])
    return translated(rule(q, group_size))
