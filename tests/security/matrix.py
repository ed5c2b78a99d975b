"""What every actor may do on every route: the expectation the matrix test checks.

The expectation comes from the rule each view declares with `@requires` (its `name`),
looked up in RULES below, an explicit table written from the product's promises (not
from the rules' code). A rule name that is not in the table fails the matrix test, so a
new kind of rule cannot slip in untested. VIEW_CHECKS lists the few routes whose view
narrows its rule further (for example: only the notification's owner may open it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.world import ACTORS, World

EVERYONE = frozenset(ACTORS)
LOGGED_IN = EVERYONE - {"anonymous"}
STAFF_A = frozenset({"staff_a", "admin"})
ZORGRAAD_A = STAFF_A | {"zorgraad_a"}
ZONE_A_PEOPLE = frozenset({"citizen_a", "zorgraad_a", "author", "member"})
PROEFTUIN_X_COACH = frozenset({"coach_x", "admin"})
PROEFTUIN_X_MEMBERS = PROEFTUIN_X_COACH | {"author"}
# Moderated kinds of a round (burgerplatform/consultations/moderated.py).
ROUND_TARGETS = ("round_contribution", "recommendation_comment")


@dataclass(frozen=True)
class Case:
    """One URL to try: an endpoint with zone A's objects, maybe in a variant (the draft
    instead of the published initiative, the members-only proeftuin, ...)."""

    endpoint: str
    method: str
    variant: str = ""
    args: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.endpoint}" + (f" [{self.variant}]" if self.variant else "")


# rule name -> who may pass, as a set or as a function of the case's variant.
# Zone A is the zone of every object; proeftuin X is public, Y is members-only.
RULES = {
    "public": EVERYONE,
    "logged_in": LOGGED_IN,
    "admin": {"admin"},
    # Two-step login is for admins, staff and coaches (of any zone): their own account.
    "two_step_user": {"admin", "staff_a", "staff_b", "coach_x", "coach_y"},
    # Zone roles hold only in their own zone: zone B's staff is a stranger in zone A.
    "zone:staff": STAFF_A,
    "zone:staff,zorgraad_member": ZORGRAAD_A,
    # A draft initiative does not exist for the zorgraad yet (only authors and staff).
    "zone:staff,zorgraad_member+visible": lambda v: STAFF_A if v == "draft" else ZORGRAAD_A,
    # Published initiatives are public; drafts exist only for their authors and staff.
    "initiative_viewer": lambda v: STAFF_A | {"author"} if v == "draft" else EVERYONE,
    "initiative_participant": lambda v: STAFF_A | {"author"} if v == "draft" else LOGGED_IN,
    "initiative_author": {"author"},
    # Authors edit while it is a draft; after publication nobody edits.
    "initiative_author_editing": lambda v: {"author"} if v == "draft" else set(),
    # Citizens of the zone (their home zone) and its staff start initiatives.
    "zone_citizen_or_staff": ZONE_A_PEOPLE | STAFF_A,
    # Staff and the zorgraad's PZON cluster open rounds.
    "round_creator": ZORGRAAD_A,
    # Only the drawn klankbordgroep (not even an admin) speaks as the group.
    "round_member": {"member"},
    "round_member | zone:staff": STAFF_A | {"member"},
    # The round is not open to all: the group and staff gather input.
    "round_contributor": STAFF_A | {"member"},
    # The gathering round's questionnaire: staff build it (the group only while shaping
    # the question); citizens of the zone and the group answer; its results are not
    # public, so staff and the group read them.
    "questionnaire_builder": STAFF_A,
    "questionnaire_answerer": ZONE_A_PEOPLE,
    "questionnaire_results": STAFF_A | {"member"},
    # The meeting and the space are proeftuin X's: public to see, its people take part,
    # its coach (or an admin) manages.
    "meeting_visible": EVERYONE,
    "meeting_participant": PROEFTUIN_X_MEMBERS,
    "meeting_manager": PROEFTUIN_X_COACH,
    # The meeting's attendance register is kept by who manages its space; amounts and
    # bank accounts are for the staff of the meeting's zone only.
    "meeting_register_keeper": PROEFTUIN_X_COACH,
    "meeting_payer": STAFF_A,
    "zone_payer": STAFF_A,
    "meeting_space_visible": EVERYONE,
    "meeting_space_manager": PROEFTUIN_X_COACH,
    "proeftuin_visible": lambda v: {"coach_y", "admin"} if v == "members-only" else EVERYONE,
    "proeftuin_member": lambda v: (
        {"coach_y", "admin"} if v == "members-only" else PROEFTUIN_X_MEMBERS
    ),
    "proeftuin_coach": lambda v: {"coach_y", "admin"} if v == "members-only" else PROEFTUIN_X_COACH,
    "proeftuin_post_author": {"author"},
    # Documents of proeftuin X (public: everyone downloads, its coach manages) or, as the
    # members-only variant, of proeftuin Y: they do not exist for anyone outside it.
    "document_visible": lambda v: {"coach_y", "admin"} if v == "members-only" else EVERYONE,
    "document_manager": lambda v: (
        {"coach_y", "admin"} if v == "members-only" else PROEFTUIN_X_COACH
    ),
    "document_owner_manager": PROEFTUIN_X_COACH,
    # Coaches (in any zone) and admins open proeftuinen and have a dashboard.
    "proeftuin_creator": {"coach_x", "coach_y", "admin"},
    "coach_anywhere": {"coach_x", "coach_y", "admin"},
    # A case of proeftuin X (in zone A) is published by its coach or zone A's staff.
    "proeftuin_case_publisher": PROEFTUIN_X_COACH | STAFF_A,
    # The case of proeftuin X (zone A, no publisher left) is corrected or withdrawn by
    # zone A's staff and admins (and its publisher, tests/library/test_changes.py).
    "case_editor": STAFF_A,
    # The target is the author's post in public proeftuin X, or (variants) the author's
    # input to a round of zone A or comment on its advice: rounds are public, zone A's
    # staff moderate them.
    "can_view_target": LOGGED_IN,
    "moderator_of_target": lambda v: STAFF_A if v in ROUND_TARGETS else PROEFTUIN_X_COACH,
    "author_of_target": {"author"},
    # The register of groups: the group of zone A is listed (public); the author is its
    # contact person; staff and the zone's coaches add groups for others; the coaches
    # answer requests for support, which the group's contact reads too.
    "zone:coach": {"coach_x", "coach_y", "admin"},
    "zone:staff | zone:coach": STAFF_A | {"coach_x", "coach_y"},
    "group_contact": {"author"},
    "support_reader": {"coach_x", "coach_y", "admin", "author"},
    "support_coach": {"coach_x", "coach_y", "admin"},
}

# endpoint -> (why, who passes the view's own check on top of the rule).
# Keys are "METHOD endpoint" or "endpoint" (every method).
VIEW_CHECKS = {
    "notifications.open_one": ("a notification is its owner's", {"author"}),
    "pool.renew_consent": ("only someone in the pool agrees to its new text", {"member"}),
    "consultations.invitation": ("only an invited or seated person has one", {"member"}),
    "initiatives.invitation": ("only the invited address accepts a co-author link", {"member"}),
    "proeftuinen.invitation": (
        "only the invited address accepts; a visitor may make that account",
        {"anonymous"},
    ),
    "site.metrics_page": ("only Prometheus, with METRICS_TOKEN, reads the metrics", set()),
    "POST pool.join": ("visitors may read the pool page; joining needs an account", LOGGED_IN),
    "allowances.statement": ("only a member paid in that year has a statement", set()),
    # The world's draw is one made before draws published a list of groups: such a draw
    # has no public record for anyone (test_published_draw.py opens one that has).
    "consultations.draw_public_record": ("a draw without a published list has no record", set()),
    # Likewise the world's discarded draw, discarded before it had a list.
    "consultations.discarded_draw_record": ("a draw without a published list has no record", set()),
    "my_seats.show_name": ("only the seat's holder chooses to be named", {"member"}),
    "my_seats.hide_name": ("only the seat's holder chooses to be named", {"member"}),
}
# Public pages whose right answer to a visitor is "log in first" (no login under way).
LOGIN_IS_THE_ANSWER = {"accounts.two_step_login"}

# Variants: endpoint prefix -> [(variant, URL overrides from the world)].
VARIANTS = {
    "initiatives.": [("", {}), ("draft", {"initiative_id": "draft_id"})],
    "proeftuinen.": [("", {}), ("members-only", {"proeftuin_id": "proeftuin_y"})],
    "documents.": [
        ("", {}),
        ("members-only", {"document_id": "document_y", "name": "document_y_name"}),
    ],
    "moderation.": [("", {})]
    + [(n, {"target_type": f"{n}_type", "target_id": f"{n}_id"}) for n in ROUND_TARGETS],
}
# Routes of a round in a given phase (the world has one round per phase).
ROUND_PHASE = {
    "consultations.suggest": "co_define",
    "consultations.answer_suggestion": "co_define",
    "consultations.propose": "co_draft",
    "consultations.comment": "co_draft",
    "consultations.edit_recommendation": "co_draft",
    "consultations.recommendation": "co_draft",
    "consultations.review": "review",
    "consultations.answer_review": "review",
    "consultations.outcome": "submitted",
    "consultations.publish": "submitted",
    "consultations.progress_update": "follow_up",
}
# URL arguments that are not ids of the world's objects.
TOKENS = {
    "initiatives.invitation": "coauthor_token",
    "proeftuinen.invitation": "proeftuin_token",
    "groups.confirm": "group_token",
}


def cases(app, world: World) -> list[Case]:
    """Every (endpoint, method, variant) of the app, with zone A's objects in the URL."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        variants = next(
            (v for prefix, v in VARIANTS.items() if rule.endpoint.startswith(prefix)), [("", {})]
        )
        for variant, overrides in variants:
            if overrides and not set(overrides) >= rule.arguments - {"zone_slug"}:
                continue  # other ids in the URL belong to the main object
            args = {name: world.ids.get(name) for name in rule.arguments}
            for name, key in overrides.items():
                if name in args:
                    args[name] = world.extra[key]
            if rule.endpoint in ROUND_PHASE:
                phase = ROUND_PHASE[rule.endpoint]
                args["round_id"] = world.extra["rounds"][phase]
                if "rec_id" in args:
                    args["rec_id"] = world.extra["recs"][phase]
            if rule.endpoint in TOKENS:
                args["token"] = world.extra[TOKENS[rule.endpoint]]
            if rule.endpoint == "consultations.discarded_draw_record":
                args["draw_id"] = world.extra["discarded_draw_id"]  # 404 for all (no list)
            missing = [name for name, value in args.items() if value is None]
            assert not missing, f"the world has no value for {missing} of {rule.rule}"
            for method in sorted(rule.methods & {"GET", "POST"}):
                found.append(Case(rule.endpoint, method, variant, args))
    return found


class UnknownRule(Exception):
    pass


def allowed(app, case: Case, actor: str) -> bool:
    from burgerplatform.core.permissions import permission_of

    with app.app_context():
        rule = permission_of(case.endpoint)
    if rule is None or rule.name not in RULES:
        raise UnknownRule(f"{case.endpoint}: rule {getattr(rule, 'name', None)!r}")
    who = RULES[rule.name]
    who = who(case.variant) if callable(who) else who
    ok = actor in who
    for key in (case.endpoint, f"{case.method} {case.endpoint}"):
        if key in VIEW_CHECKS:
            ok = ok and actor in VIEW_CHECKS[key][1]
    return ok


def needs_login(app, endpoint: str) -> bool:
    from burgerplatform.core.permissions import permission_of

    with app.app_context():
        return permission_of(endpoint).needs_login


ALLOWED_STATUSES = {200, 302, 303, 400}


def to_login(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code in (302, 303) and location.split("?")[0] == "/login"
