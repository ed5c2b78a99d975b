"""One meaning of "staff of this zone": `core.permissions.is_zone_staff` (and its rule
`ZONE_STAFF`)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import g
from flask_login import AnonymousUserMixin

import burgerplatform
from burgerplatform.accounts.models import User
from burgerplatform.core.permissions import ZONE_STAFF, is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role, Zone

PACKAGE = Path(burgerplatform.__file__).parent


def test_staff_of_a_zone_are_staff_there_only_and_admins_everywhere(app, make_zone, make_user):
    zone, other = make_zone(), make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    member = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)])
    admin = make_user(is_admin=True)
    with app.test_request_context("/"):
        staff, member, admin = (db.session.get(User, u.id) for u in (staff, member, admin))
        assert is_zone_staff(staff, zone.id)
        assert not is_zone_staff(staff, other.id)
        assert not is_zone_staff(member, zone.id)
        assert is_zone_staff(admin, other.id)
        assert not is_zone_staff(AnonymousUserMixin(), zone.id)
        # Without a zone named: the zone of the URL, as the rule for @requires reads it.
        g.zone = db.session.get(Zone, zone.id)
        assert is_zone_staff(staff) and ZONE_STAFF.allows(staff)
        g.zone = db.session.get(Zone, other.id)
        assert not is_zone_staff(staff) and not ZONE_STAFF.allows(staff)


def test_no_module_says_staff_of_a_zone_its_own_way():
    own = PACKAGE / "core" / "permissions.py"
    own_way = re.compile(r"has_role\([^()]*Role\.STAFF\)|def is_(zone_)?staff\b")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path != own
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if own_way.search(line)
    ]
    assert not found, "use core.permissions.is_zone_staff: " + ", ".join(found)
