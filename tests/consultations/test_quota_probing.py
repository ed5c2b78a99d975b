"""Staff cannot learn one person's sensitive answer by probing the group rules (outside
review): saving is a yes or no on the pool, so "size 1, Bornem at least 1, over 80 at
least 1, chronic illness at least 1" told whether one of the two known people from Bornem
over 80 is chronically ill, and the quota table's exact count (6, then 7 when Rita joined)
told it by subtraction. The check on saving now counts the pool in fives per class of
people with the same answers (`clashes.suppressed`), and staff see counts of a sensitive
answer as bands of five."""

from __future__ import annotations

import html as html_lib
import random
import re
from dataclasses import dataclass

import pytest

from burgerplatform.consultations import clashes
from burgerplatform.extensions import db
from tests.conftest import Client


@dataclass(frozen=True)
class Rule:
    label: str
    min: int
    max: int
    sensitive: bool = False


def _said(search: clashes.Search) -> tuple[bool, list[tuple[tuple[int, ...], str]]]:
    """What staff hear of a save: whether it is refused, and each clash in words."""
    found = search.clashes()
    every = tuple(range(len(search.quotas)))
    return (bool(found) or not search.feasible(every)), [
        (c.quotas, clashes.render("%(why)s", {"why": c.why}, translate=False)) for c in found
    ]


def _random_rules(rng: random.Random, size: int) -> list[Rule]:
    """Bornem, over 80 (not sensitive) and chronic illness (sensitive), with limits that
    ask about the sensitive answer (a minimum above 0 or a maximum below the group)."""

    def limits() -> tuple[int, int]:
        low = rng.randint(0, size)
        return low, rng.randint(low, size)

    chronic = limits()
    while chronic == (0, size):
        chronic = limits()
    return [
        Rule("Municipality: Bornem", *limits()),
        Rule("Age: 80 or older", *limits()),
        Rule("Lived experience: chronic illness", *chronic, sensitive=True),
    ]


def test_saving_quotas_says_the_same_whether_0_or_up_to_4_people_have_a_sensitive_answer():
    rng = random.Random(20261206)
    cases = 0
    for _case in range(300):
        size = rng.randint(1, 4)
        rules = _random_rules(rng, size)
        # Everyone else: random answers, but the class that varies (from Bornem, over
        # 80) has a multiple of 5 without the illness besides the 4 who vary.
        others = [
            (rng.random() < 0.5, rng.random() < 0.4, rng.random() < 0.3)
            for _ in range(rng.randint(0, 14))
        ]
        others = [p for p in others if not (p[0] and p[1])]
        others += [(True, True, False)] * rng.choice([0, 5, 10])
        heard = set()
        for ill in range(5):
            # Four people from Bornem over 80: `ill` of them say they are chronically ill
            # (one person's answer changes between two steps).
            varied = [(True, True, k < ill) for k in range(4)]
            pool = others + varied
            private = clashes.Search(pool, rules, size, private=True)
            heard.add(repr(_said(private)))
            # What is saved can be drawn: a group of the view is one of the real pool.
            if private.feasible((0, 1, 2)):
                assert clashes.Search(pool, rules, size).feasible((0, 1, 2))
        assert len(heard) == 1, (size, rules, heard)
        cases += 1
    assert cases == 300


def test_without_the_counted_view_the_same_probe_tells_the_answer():
    """The probe of the review, on the real pool (as the check used to run): it shows
    what the test above guards against."""
    rules = [
        Rule("Municipality: Bornem", 1, 1),
        Rule("Age: 80 or older", 1, 1),
        Rule("Lived experience: chronic illness", 1, 1, sensitive=True),
    ]
    two = [(True, True, False), (True, True, False)] + [(False, False, False)] * 20
    rita = [*two, (True, True, True)]
    assert not clashes.Search(two, rules, 1).feasible((0, 1, 2))
    assert clashes.Search(rita, rules, 1).feasible((0, 1, 2))
    assert _said(clashes.Search(two, rules, 1, private=True)) == _said(
        clashes.Search(rita, rules, 1, private=True)
    )


def _zone_values(app, setup):
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        cats = {c.key: c for c in pool.categories(db.session.get(Zone, setup.zone_id))}
        return (
            cats["municipality"].values[0].id,
            cats["age_band"].values[4].id,
            cats["lived_experience"].values[0].id,
        )


def _join(app, setup, make_user, answers: set[int]) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    user = make_user(zone_id=setup.zone_id)
    with app.test_request_context():
        pool.join_or_update(
            db.session.get(Zone, setup.zone_id), db.session.get(User, user.id), answers, True
        )
        db.session.commit()


def test_the_reviewers_probe_on_the_group_form_no_longer_tells_that_rita_is_ill(
    app, pool_zone, make_round, make_user
):
    setup = pool_zone(12)
    town, old, ill = _zone_values(app, setup)
    # Nobody of the 12 is over 80 (ages are random): take them out, then two from the
    # first municipality over 80 who did not say they are ill.
    from burgerplatform.consultations.models import PoolAnswer

    with app.test_request_context():
        db.session.query(PoolAnswer).filter(PoolAnswer.value_id == old).delete()
        db.session.commit()
    for _ in range(2):
        _join(app, setup, make_user, {town, old})
    round_id = make_round(setup, size=3)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    form = {
        "group_size": "1",
        "rotation_rounds": "0",
        "rotation_months": "0",
        "reply_days": "10",
        f"min_{town}": "1",
        f"min_{old}": "1",
        f"min_{ill}": "1",
    }

    def probe() -> tuple[int, list[str]]:
        response = staff.post(url, form)
        text = html_lib.unescape(response.get_data(as_text=True))
        return response.status_code, re.findall(r'class="error"[^>]*>(.*?)<', text)

    before = probe()
    assert before[0] == 400
    assert "tellen we mensen dan alleen in groepjes van 5" in str(before[1])
    # Rita, from the first municipality, over 80, chronically ill, joins.
    _join(app, setup, make_user, {town, old, ill})
    assert probe() == before


BAND = re.compile(r"^(minder dan 5|(\d+) tot (\d+))$")


def _sensitive_cells(app, setup, page: str) -> list[str]:
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context(headers={"Accept-Language": "nl"}):
        labels = [
            str(v.display_label)
            for c in pool.categories(db.session.get(Zone, setup.zone_id))
            if c.sensitive and c.for_quotas
            for v in c.values
        ]
    cells = []
    for label in labels:
        cells += re.findall(
            rf'<th scope="row">{re.escape(str(html_lib.escape(label)))}</th>\s*<td[^>]*>(.*?)</td>',
            page,
            re.S,
        )
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


@pytest.mark.parametrize("size", [3, 12, 20, 31])
def test_staff_never_see_an_exact_count_of_a_sensitive_answer(app, pool_zone, make_round, size):
    # In the pool of `size`, a third are informal carers and a quarter chronically ill:
    # 1, 4, 7, 11 carers and 1, 3, 5, 8 ill.
    setup = pool_zone(size)
    round_id = make_round(setup, size=2)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    for url in (f"/{setup.slug}/pool/overview", f"/{setup.slug}/rounds/{round_id}/group"):
        page = staff.get(url).get_data(as_text=True)
        cells = _sensitive_cells(app, setup, page)
        assert cells, url
        for cell in cells:
            match = BAND.match(cell)
            assert match, (url, cell)
            if match.group(2):
                low, high = int(match.group(2)), int(match.group(3))
                assert low % 5 == 0 and high == low + 4, cell
    carers = (size + 2) // 3
    if carers >= 5:
        low = carers - carers % 5
        page = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
        assert f"{low} tot {low + 4}" in html_lib.unescape(page)
