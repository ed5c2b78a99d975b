"""Nobody can make the platform mail an address over and over, and no limit tells who
has an account.

Every route that mails an address someone typed (invitations, login links, resets,
confirmations) has a limit per account and a daily cap for everyone together. The list of
such routes (tests/security/mail_flows.py) is checked against the code: a new route that
mails a typed address and is not in the list, or not limited, fails here.

A visitor's routes answer past the limit per typed address and past the cap exactly as
below them (the mail is held back): the class test sends each of them N+2 times for an
address with an account and one without, in both letter cases, and compares the answers.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path

import pytest

from burgerplatform.core import jobs
from burgerplatform.extensions import db
from tests.conftest import PASSWORD, Client
from tests.security.mail_flows import MAIL_ROUTES, MAILED_ONCE_PER_RECORD, build_scene
from tests.security.mail_flows import visitor as _visitor

# Logged in: the limits are per account and may be shown. A visitor's: per typed address.
ACCOUNT_ROUTES = sorted(e for e, route in MAIL_ROUTES.items() if route.actor is not _visitor)
VISITOR_ROUTES = sorted(e for e, route in MAIL_ROUTES.items() if route.actor is _visitor)

ROOT = Path(__file__).resolve().parents[2] / "burgerplatform"
# Notifications mail the account's own confirmed address, never one typed by someone else.
NOT_TYPED = {(ROOT / "notifications" / "services.py").resolve()}


@pytest.fixture
def scene(app, make_zone, make_user):
    return build_scene(app, make_zone, make_user)


def queued_mails(app) -> int:
    with app.app_context():
        n = db.session.scalar(
            db.select(db.func.count(jobs.Job.id)).where(jobs.Job.kind == "send_mail")
        )
        db.session.remove()
        return n


def _module_file(dotted: str) -> Path | None:
    base = ROOT.parent / dotted.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate.resolve()
    return None


def _imports(tree) -> dict[str, tuple[Path, str | None]]:
    """name -> (file, function name) for imported functions, (file, None) for modules."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("burgerplatform"):
            for alias in node.names:
                as_module = _module_file(f"{node.module}.{alias.name}")
                if as_module is not None:
                    names[alias.asname or alias.name] = (as_module, None)
                elif (source := _module_file(node.module)) is not None:
                    names[alias.asname or alias.name] = (source, alias.name)
    return names


def _calls(node, path: Path, imports, local: set[str]) -> set[tuple[Path, str]]:
    """The functions of this code base that `node` calls, resolved through the imports."""
    found = set()
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if isinstance(func, ast.Name):
            if func.id in local:
                found.add((path, func.id))
            elif func.id in imports and imports[func.id][1]:
                found.add(imports[func.id])
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            target = imports.get(func.value.id)
            if target and target[1] is None:
                found.add((target[0], func.attr))
    return found


def functions_that_mail_a_typed_address() -> set[tuple[Path, str]]:
    """(module file, function name) of every function that calls queue_mail (outside the
    notifications, which mail an account's own address), and of every function that calls
    one of those, until nothing is added."""
    mail = (ROOT / "core" / "mail.py").resolve()
    functions: dict[tuple[Path, str], set[tuple[Path, str]]] = {}
    for path in ROOT.rglob("*.py"):
        path = path.resolve()
        tree = ast.parse(path.read_text())
        imports = _imports(tree)
        local = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                functions[(path, node.name)] = _calls(node, path, imports, local)
    found = {
        key
        for key, calls in functions.items()
        if (mail, "queue_mail") in calls and key[0] not in NOT_TYPED
    }
    while True:
        more = {key for key, calls in functions.items() if calls & found} - found
        if not more:
            return found
        found |= more


def endpoints_that_mail_a_typed_address(app) -> set[str]:
    mailing = functions_that_mail_a_typed_address()
    found = set()
    for endpoint, view in app.view_functions.items():
        original = inspect.unwrap(view)
        path = inspect.getsourcefile(sys.modules[original.__module__])
        if (Path(path).resolve(), original.__name__) in mailing:
            found.add(endpoint)
    return found


def test_every_route_that_mails_a_typed_address_is_listed_and_limited(app):
    assert endpoints_that_mail_a_typed_address(app) == set(MAIL_ROUTES) | set(
        MAILED_ONCE_PER_RECORD
    )
    for endpoint in MAIL_ROUTES:
        assert getattr(app.view_functions[endpoint], "mail_limit", None), endpoint


def _sender(app, scene, endpoint):
    route = MAIL_ROUTES[endpoint]
    client = Client(app)
    if route.actor(scene):
        client.login(route.actor(scene))
    if route.prepare:
        route.prepare(app, scene)
    return route, client


@pytest.mark.parametrize("endpoint", ACCOUNT_ROUTES)
def test_the_mail_after_the_limit_is_not_sent_and_the_form_keeps_what_was_typed(
    app, scene, rate_limits, endpoint
):
    limit_setting = app.view_functions[endpoint].mail_limit
    rate_limits(
        **{
            limit_setting: "2 per hour",
            "VISITOR_MAIL_RATE_LIMIT": "2 per hour",  # a visitor: e.g. new addresses
            "MAIL_DAILY_CAP": "1000 per day",
        }
    )
    route, client = _sender(app, scene, endpoint)
    for n in range(2):
        before = queued_mails(app)
        response = route.send(client, scene, n)
        assert response.status_code < 400, (endpoint, n)
        assert queued_mails(app) == before + 1, (endpoint, n)
    before = queued_mails(app)
    refused = route.send(client, scene, 2)
    assert queued_mails(app) == before, f"{endpoint}: the third mail was sent"
    _assert_refusal(client, refused, endpoint, "we wait before we send another")


@pytest.mark.parametrize("endpoint", ACCOUNT_ROUTES)
def test_the_daily_cap_stops_a_route_for_everyone_together(app, scene, rate_limits, endpoint):
    limit_setting = app.view_functions[endpoint].mail_limit
    rate_limits(
        **{
            limit_setting: "100 per hour",
            "VISITOR_MAIL_RATE_LIMIT": "100 per hour",
            "MAIL_DAILY_CAP": "2 per day",
        }
    )
    route, client = _sender(app, scene, endpoint)
    for n in range(2):
        assert route.send(client, scene, n).status_code < 400, (endpoint, n)
    before = queued_mails(app)
    refused = route.send(client, scene, 2)
    assert queued_mails(app) == before, f"{endpoint}: a mail beyond the cap was sent"
    _assert_refusal(client, refused, endpoint, "Try again tomorrow")


def _assert_refusal(client, response, endpoint, message):
    if response.status_code in (302, 303):
        # A button, not a form (resend my confirmation): the message comes on the page
        # it leads to.
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert message in html, endpoint
        return
    html = response.get_data(as_text=True)
    assert response.status_code == 429, endpoint
    assert message in html, endpoint
    typed = [value for value in ("@example.org",) if value in html]
    assert typed, f"{endpoint}: the typed address is not kept"


def test_inviting_removing_and_inviting_again_stops_at_the_limit(app, scene, rate_limits):
    """The review's case: invite, remove, invite again, 25 mails in seconds."""
    from burgerplatform.initiatives.models import Coauthor

    rate_limits()  # the defaults
    client = Client(app)
    client.login(scene.author_email)
    url = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/coauthors"
    before = queued_mails(app)
    statuses = []
    for _ in range(25):
        response = client.post(url, {"email": "victim@example.org"})
        statuses.append(response.status_code)
        with app.app_context():
            invitation = db.session.scalar(db.select(Coauthor.id))
            db.session.remove()
        if invitation:
            assert client.post(f"{url}/{invitation}/remove").status_code == 302
    sent = queued_mails(app) - before
    assert sent == 10  # COAUTHOR_INVITE_RATE_LIMIT: 10 per hour
    assert statuses[10:] == [429] * 15


# --- A visitor's routes: no limit tells who has an account ----------------------------

# The routes where a visitor types an address that may or may not have an account.
TYPED_ROUTES = ["accounts.forgot_password", "accounts.register", "accounts.request_login_link"]
UNKNOWN = "nobody.here@example.org"


def _ask(app, endpoint: str, address: str, remote: str = "192.0.2.10"):
    """A new visitor (own browser, own network address unless told) types `address`."""
    if endpoint == "accounts.register":
        url, data = "/register", {"display_name": "Iemand", "email": address}
        data.update(password=PASSWORD, zone="0", locale="en", consent="y")
    elif endpoint == "accounts.login":
        url, data = "/login", {"email": address, "password": PASSWORD}
    else:
        url = "/login/link" if endpoint == "accounts.request_login_link" else "/password/forgot"
        data = {"email": address}
    return Client(app).post(url, data, environ_base={"REMOTE_ADDR": remote}, follow_redirects=True)


def _answer(response) -> tuple:
    """What the visitor sees: every status on the way and the page, without the parts
    that differ on every request (the CSRF token, the CSP nonce)."""
    html = response.get_data(as_text=True)
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return [r.status_code for r in response.history], response.status_code, html


def _other_case(address: str, n: int) -> str:
    local, _, domain = address.partition("@")
    return address if n % 2 == 0 else f"{local.upper()}@{domain.title()}"


def mails_to(app, address: str) -> int:
    with app.app_context():
        payloads = db.session.scalars(
            db.select(jobs.Job.payload).where(jobs.Job.kind == "send_mail")
        ).all()
        db.session.remove()
    return sum(1 for p in payloads if p["to"].lower() == address.lower())


@pytest.mark.parametrize("endpoint", TYPED_ROUTES)
def test_past_the_limit_per_address_the_answer_is_the_same_whether_or_not_an_account_exists(
    app, scene, rate_limits, endpoint
):
    """The review: /password/forgot answered 200 x5 for an unknown address but
    200,200,200,429,429 for a known one, and anyone could use up the owner's budget."""
    n = 3
    rate_limits(LOGIN_MAIL_RATE_LIMIT=f"{n} per hour", MAIL_DAILY_CAP="1000 per day")
    sequences = {}
    for address in (scene.waiting_email, UNKNOWN):
        sequences[address] = [
            _answer(_ask(app, endpoint, _other_case(address, i), remote=f"198.51.100.{i}"))
            for i in range(n + 2)
        ]
    known, unknown = sequences[scene.waiting_email], sequences[UNKNOWN]
    assert [a[:2] for a in known] == [a[:2] for a in unknown], endpoint
    assert known == unknown, f"{endpoint}: the pages differ"
    assert len({a[2] for a in known}) == 1, f"{endpoint}: the page past the limit differs"
    assert known[0][1] == 200
    assert mails_to(app, scene.waiting_email) == n, endpoint
    assert mails_to(app, UNKNOWN) <= n, endpoint  # registered by the first request


def test_the_login_form_re_sends_a_confirmation_at_most_n_times_and_always_answers_the_same(
    app, scene, rate_limits
):
    n = 3
    rate_limits(LOGIN_MAIL_RATE_LIMIT=f"{n} per hour", MAIL_DAILY_CAP="1000 per day")
    answers = [
        _answer(
            _ask(
                app,
                "accounts.login",
                _other_case(scene.unconfirmed_email, i),
                remote=f"198.51.100.{i}",
            )
        )
        for i in range(n + 2)
    ]
    assert answers[0][:2] == ([302], 200)
    assert all(a == answers[0] for a in answers), [a[:2] for a in answers]
    assert mails_to(app, scene.unconfirmed_email) == n


@pytest.mark.parametrize("endpoint", VISITOR_ROUTES)
def test_past_the_daily_cap_a_visitor_sees_the_usual_page_and_no_mail_is_sent(
    app, scene, rate_limits, endpoint
):
    rate_limits(
        LOGIN_MAIL_RATE_LIMIT="100 per hour",
        VISITOR_MAIL_RATE_LIMIT="100 per hour",
        MAIL_DAILY_CAP="2 per day",
    )
    address = scene.unconfirmed_email if endpoint == "accounts.login" else scene.waiting_email
    answers = [_answer(_ask(app, endpoint, address)) for _ in range(4)]
    assert all(a == answers[0] for a in answers), [a[:2] for a in answers]
    assert answers[0][1] == 200
    assert mails_to(app, address) == 2


@pytest.mark.parametrize("endpoint", TYPED_ROUTES)
def test_the_limit_per_network_address_is_shown_and_counts_known_and_unknown_alike(
    app, scene, rate_limits, endpoint
):
    """Keyed on the network address and counted for every request, it tells nothing
    about an address: it may say so, and keep what was typed."""
    rate_limits(
        LOGIN_MAIL_RATE_LIMIT="100 per hour",
        VISITOR_MAIL_RATE_LIMIT="3 per hour",
        MAIL_DAILY_CAP="1000 per day",
    )
    statuses = {}
    for network, address in (("192.0.2.1", scene.waiting_email), ("192.0.2.2", UNKNOWN)):
        responses = [_ask(app, endpoint, address, remote=network) for _ in range(5)]
        statuses[address] = [r.status_code for r in responses]
        refused = responses[-1].get_data(as_text=True)
        assert "we wait before we send another" in refused, endpoint
        assert f'value="{address}"' in refused, endpoint
    assert statuses[scene.waiting_email] == statuses[UNKNOWN] == [200] * 3 + [429] * 2


def test_the_limit_per_network_address_never_refuses_a_login(app, scene, rate_limits):
    rate_limits(VISITOR_MAIL_RATE_LIMIT="1 per hour")
    answers = [_answer(_ask(app, "accounts.login", scene.unconfirmed_email)) for _ in range(3)]
    assert all(a == answers[0] for a in answers) and answers[0][:2] == ([302], 200)
    assert mails_to(app, scene.unconfirmed_email) == 1


def test_a_care_home_behind_one_address_can_ask_sixty_password_resets_in_an_hour(
    app, make_user, rate_limits
):
    """Everybody in the home shares one network address; each asks for their own."""
    rate_limits()  # the defaults
    residents = [make_user(email=f"bewoner{i}@example.org").email for i in range(60)]
    statuses = [
        _ask(app, "accounts.forgot_password", email, remote="192.0.2.50").history[0].status_code
        for email in residents
    ]
    assert statuses == [302] * 60
    assert sum(mails_to(app, email) for email in residents) == 60
