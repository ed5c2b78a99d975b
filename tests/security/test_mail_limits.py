"""Nobody can make the platform mail an address over and over.

Every route that mails an address someone typed (invitations, login links, resets,
confirmations) has a limit per account and a daily cap for everyone together. The list of
such routes (tests/security/mail_flows.py) is checked against the code: a new route that
mails a typed address and is not in the list, or not limited, fails here.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import pytest

from burgerplatform.core import jobs
from burgerplatform.extensions import db
from tests.conftest import Client
from tests.security.mail_flows import MAIL_ROUTES, build_scene

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
    assert endpoints_that_mail_a_typed_address(app) == set(MAIL_ROUTES)
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


@pytest.mark.parametrize("endpoint", sorted(MAIL_ROUTES))
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


@pytest.mark.parametrize("endpoint", sorted(MAIL_ROUTES))
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
