"""The staff's audit record (audit.json) and draw page for a mix with a quota on a
sensitive answer give no more than the public record: no profiles, no chances per
person, no distribution, no answer. The server says instead whether every group of the
list meets every quota, and whether the replay picks the same group."""

from __future__ import annotations

import difflib

import pytest

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import run_jobs

# Chronic illness (sensitive) and a municipality; 20 people, 5 with a chronic illness.
SENSITIVE_MIX = {("lived_experience", 0): (1, 2), ("municipality", 0): (1, 3)}
PLAIN_MIX = {("municipality", 0): (2, 2)}
SEED = 4242


def _start(app, round_id: int, salt: str | None = None) -> int:
    """Start the draw with a number announced in advance (it picks at once)."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round

    with app.test_request_context():
        record = draws.start_draw(db.session.get(Round, round_id), SEED)
        if salt is not None:  # the same aliases as an earlier draw, to compare the two
            record.alias_salt = salt
        db.session.commit()
        record_id = record.id
    run_jobs(app)
    return record_id


def _staff(app, setup) -> Client:
    staff = Client(app)
    staff.login(setup.staff_email)
    return staff


def _views(app, setup, round_id: int, record_id: int) -> dict:
    """What staff can download or read of the draw, and the public record."""
    staff = _staff(app, setup)
    base = f"/{setup.slug}/rounds/{round_id}"
    audit = staff.get(f"{base}/draws/{record_id}/audit.json")
    page = staff.get(f"{base}/draws/{record_id}")
    public = Client(app).get(f"{base}/draw/record.json")
    assert audit.status_code == page.status_code == public.status_code == 200
    return {
        "audit": audit.get_json(),
        "page": page.get_data(as_text=True),
        "public": public.get_json(),
    }


def _walk(node, path=()):
    """Every key and value in a JSON document, with its path."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def _forbidden(app, record_id: int) -> dict:
    """What a record for a sensitive mix must not give, built from the draw's own stored
    fields (so a field added later that copies any of them fails): the names of its
    per-profile and per-person columns, the lasting pseudonyms, each profile (as codes)
    and the list of their sizes, each person's chance but the lowest (public), each
    weight and composition of the distribution, the answers kept per profile, and every
    answer label of a sensitive question (allowed only in the quotas, the mix's rules)."""
    from flask_babel import force_locale

    from burgerplatform.consultations import draw_check, pool
    from burgerplatform.consultations.models import DrawRecord, Round

    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        alias = draw_check.alias_for(record)
        zone_id = db.session.get(Round, record.round_id).zone_id
        sensitive = [c for c in pool.categories_by_id(zone_id).values() if c.sensitive]
        labels = set()
        for language in ("nl", "fr", "en"):
            with force_locale(language):
                labels |= {v.display_label for c in sensitive for v in c.values}
                labels |= {
                    f"{c.display_label}: {v.display_label}" for c in sensitive for v in c.values
                }
        sizes = [len(p) for p in record.profiles]
        assert len(record.profiles) > 1 and record.distribution  # the draw has all of it
        return {
            "keys": {"probabilities", "profiles", "distribution", "profile_answers", "chances"},
            "strings": {pid for p in record.profiles for pid in p} | set(record.left_out),
            "lists": [sorted(alias(pid) for pid in p) for p in record.profiles if len(p) > 1]
            + [sizes, sorted(sizes), record.profile_answers]
            + [composition for composition, _p in record.distribution],
            "floats": ({p for p in record.probabilities.values()} - {record.min_probability})
            | {p for _composition, p in record.distribution},
            "labels": {str(label) for label in labels},
            "sizes": sizes,  # (for the walk's own check)
        }


def _names_an_answer(text: str, forbidden) -> bool:
    """A sensitive answer's label, alone or as "Question: answer" within a text (a
    single word such as "Vervoer" may well be in a round's title)."""
    return text in forbidden["labels"] or any(
        ": " in label and label in text for label in forbidden["labels"]
    )


def _leaks(document, forbidden) -> list:
    found = []
    for path, value in _walk(document):
        rules = path[:1] == ("quotas",)  # the mix's own labels and limits
        if isinstance(value, dict):
            # A forbidden field with something in it (the public record says "chances":
            # null), or an answer label used as a key (a count per answer, say).
            found += [(path, k) for k, v in value.items() if k in forbidden["keys"] and v]
            if not rules:
                found += [(path, k) for k in value if _names_an_answer(k, forbidden)]
        elif isinstance(value, str) and not rules:
            if value in forbidden["strings"] or _names_an_answer(value, forbidden):
                found.append((path, value))
        elif isinstance(value, list) and value in forbidden["lists"]:
            found.append((path, value))
        elif isinstance(value, float) and value in forbidden["floats"]:
            found.append((path, value))
    return found


def test_staff_audit_record_of_a_sensitive_mix_gives_no_profiles_chances_or_answers(
    app, pool_zone, make_round
):
    setup = pool_zone(20)
    round_id = make_round(setup, size=4, quotas=SENSITIVE_MIX)
    record_id = _start(app, round_id)
    views = _views(app, setup, round_id, record_id)
    forbidden = _forbidden(app, record_id)
    audit = views["audit"]
    assert _leaks(audit, forbidden) == []
    # The walk itself finds a field added without care: a count per answer, sizes.
    label = next(lb for lb in forbidden["labels"] if ": " in lb)
    careless = {"counts": {label: 3}, "sizes": forbidden["sizes"], "profiles": [["P1"]]}
    assert len(_leaks(careless, forbidden)) == 3
    assert _leaks(views["public"], forbidden) == []
    # The staff's draw page too (HTML): no pseudonym, no chance per person.
    page = views["page"]
    assert not [s for s in forbidden["strings"] if s in page]
    # What staff need is said by the server instead.
    assert audit["pool_matches_snapshot"] is True and audit["replay_refused"] is None
    assert audit["replay_picks_same_group"] is True
    assert audit["all_groups_meet_all_quotas"] is True
    assert audit["selected"] == views["public"]["selected"]
    assert audit["withheld"] == ["probabilities", "profiles", "distribution"]


def test_staff_audit_record_without_a_sensitive_quota_keeps_profiles_and_chances(
    app, pool_zone, make_round
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas=PLAIN_MIX)
    record_id = _start(app, round_id)
    audit = _views(app, setup, round_id, record_id)["audit"]
    assert audit["profiles"] and audit["probabilities"] and audit["distribution"]
    assert "all_groups_meet_all_quotas" not in audit and "withheld" not in audit
    assert audit["replay"] == audit["selected"]


def test_a_record_whose_quotas_predate_the_sensitive_flag_is_read_as_sensitive(
    app, pool_zone, make_round
):
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas=PLAIN_MIX)
    record_id = _start(app, round_id)
    with app.app_context():
        record = db.session.get(DrawRecord, record_id)
        record.quotas = [{k: v for k, v in q.items() if k != "sensitive"} for q in record.quotas]
        db.session.commit()
    audit = _views(app, setup, round_id, record_id)["audit"]
    assert not {"profiles", "probabilities", "distribution"} & set(audit)
    assert audit["all_groups_meet_all_quotas"] is True


def _one_sensitive_answer_changed(app, setup) -> None:
    """Someone without a chronic illness (person 1 of the pool) now says they have one."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        user = db.session.scalar(db.select(User).where(User.email == setup.members[1]))
        member = pool.membership(zone, user)
        values = {a.value_id for a in member.answers}
        illness = {c.key: c for c in pool.categories(zone)}["lived_experience"].values[0]
        assert illness.id not in values
        pool.join_or_update(zone, user, values | {illness.id}, consent=True)
        db.session.commit()


def _undo_draw(app, record_id: int) -> None:
    """Take the draw and its invitations away, so the round can be drawn again."""
    from burgerplatform.consultations.models import DrawRecord, Seat

    with app.app_context():
        record = db.session.get(DrawRecord, record_id)
        db.session.execute(db.delete(Seat).where(Seat.round_id == record.round_id))
        db.session.delete(record)
        db.session.commit()


def _main(page: str, record_id: int) -> str:
    """The page's own content (the header counts the staff's unread notifications), its
    links without the draw's id (PostgreSQL does not reuse the first draw's)."""
    main = page[page.index("<main") : page.index("</main>")]
    return main.replace(f"/draws/{record_id}/", "/draws/<id>/")


# Staff fields that repeat a field of the public record: they may differ between two
# pools, since anyone sees them differ there too.
PUBLIC_COUNTERPART = {
    "published_list_sha256": lambda p: p["list_sha256"],
    "published_at": lambda p: p["published_at"],
    "groups_in_list": lambda p: len(p["groups"]),
    "largest_deviation": lambda p: p["largest_deviation"],
    "index": lambda p: p["index"],
    "selected": lambda p: p["selected"],
    "replay": lambda p: p["selected"],
}


def test_one_persons_sensitive_answer_changes_nothing_staff_see_beyond_the_public_record(
    app, pool_zone, make_round
):
    """The same round drawn twice with the same number and the same aliases, from two
    pools that differ only in one person's chronic illness. What is fair to compare: the
    published list itself follows the pool (the chances do), so the list's fingerprint,
    its groups, the picked group and the rounding differ, and everyone sees that on the
    public record. So a field of audit.json may differ only if it equals the public
    record's field of that draw (`PUBLIC_COUNTERPART`), or it is the pool's fingerprint
    (a SHA-256 over random pseudonyms staff never see). Everything else, from the quotas
    to the server's checks, must be identical; and so must the staff's draw page, but
    for the public figures it repeats (fingerprint, lowest chance, group number). The
    pools are chosen so that the old audit.json differed (the profiles' sizes did)."""
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(20)
    round_id = make_round(setup, size=4, quotas=SENSITIVE_MIX)
    first_id = _start(app, round_id)
    before = _views(app, setup, round_id, first_id)
    with app.app_context():
        first = db.session.get(DrawRecord, first_id)
        salt, sizes_before = first.alias_salt, sorted(len(p) for p in first.profiles)
    _undo_draw(app, first_id)
    _one_sensitive_answer_changed(app, setup)
    second_id = _start(app, round_id, salt=salt)
    after = _views(app, setup, round_id, second_id)
    with app.app_context():
        second = db.session.get(DrawRecord, second_id)
        assert sorted(len(p) for p in second.profiles) != sizes_before  # a real difference

    a, b = before["audit"], after["audit"]
    assert set(a) == set(b)
    for key in a:
        if a[key] == b[key] or key == "pool_snapshot_sha256":
            continue
        assert key in PUBLIC_COUNTERPART, (key, a[key], b[key])
        assert a[key] == PUBLIC_COUNTERPART[key](before["public"]), key
        assert b[key] == PUBLIC_COUNTERPART[key](after["public"]), key

    def public_bits(views):
        public = views["public"]
        return [public["list_sha256"], f" {public['index'] + 1} ", "%"]

    lines = difflib.unified_diff(
        _main(before["page"], first_id).splitlines(),
        _main(after["page"], second_id).splitlines(),
        lineterm="",
        n=0,
    )
    for line in lines:
        if line.startswith(("---", "+++", "@@")):
            continue
        bits = public_bits(before if line.startswith("-") else after)
        assert any(bit in line for bit in bits), line


def test_the_server_says_a_group_of_the_list_breaks_a_quota_when_the_record_is_tampered_with(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import audit_record, pool_changes
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(20)
    round_id = make_round(setup, size=4, quotas=SENSITIVE_MIX)
    record_id = _start(app, round_id)
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert audit_record.groups_meet_quotas(record) is True
        answers = pool_changes.answers_at_draw(record)
        group = list(record.panels[0])
        # The first group with everyone who has a chronic illness (the sensitive quota,
        # at least 1) swapped for people outside it who have none.
        others = iter(p for p in answers if p not in group and not answers[p][0])
        broken = [next(others) if answers[pid][0] else pid for pid in group]
        record.panels = [broken, *record.panels[1:]]
        assert audit_record.groups_meet_quotas(record) is False
        # A group with someone twice, or someone outside the draw's pool.
        record.panels = [[group[0], *group[:-1]], *record.panels[1:]]
        assert audit_record.groups_meet_quotas(record) is False
        record.panels = [[*group[:-1], "not-in-the-pool"], *record.panels[1:]]
        assert audit_record.groups_meet_quotas(record) is False
        db.session.rollback()
        # A quota's limits changed after the draw.
        record = db.session.get(DrawRecord, record_id)
        assert audit_record.groups_meet_quotas(record) is True
        record.quotas = [{**q, "min": 3} if q.get("sensitive") else q for q in record.quotas]
        assert audit_record.groups_meet_quotas(record) is False
        db.session.rollback()


@pytest.mark.parametrize("changed", [False, True])
def test_the_quota_check_uses_the_answers_of_the_draw_when_the_pool_changed_since(
    app, pool_zone, make_round, changed
):
    """After someone changed an answer the check still answers, from what the draw
    kept: a later change does not make an honest list look wrong."""
    from burgerplatform.consultations import audit_record
    from burgerplatform.consultations.models import DrawRecord
    from tests.consultations.test_draw_check import _change_one_age

    setup = pool_zone(20)
    round_id = make_round(setup, size=4, quotas=SENSITIVE_MIX)
    record_id = _start(app, round_id)
    if changed:
        _change_one_age(app, record_id)
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert audit_record.groups_meet_quotas(record) is True
    audit = _views(app, setup, round_id, record_id)["audit"]
    assert audit["pool_matches_snapshot"] is (not changed)
    assert audit["all_groups_meet_all_quotas"] is True
    assert audit["replay_picks_same_group"] is (None if changed else True)
