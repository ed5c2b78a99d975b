"""A proeftuin with a topic closed with an outcome, and a round in its follow-up: what a
case is published from."""

from __future__ import annotations

import pytest

from burgerplatform.extensions import db
from tests.consultations.conftest import (  # noqa: F401
    english_pages,
    make_round,
    pool_zone,
    staged_round,
)
from tests.proeftuinen.helpers import add_topic, setup_proeftuin


@pytest.fixture
def make_user(make_user):
    """People who read English pages, so the tests read the source strings."""

    def factory(*args, **overrides):
        overrides.setdefault("locale", "en")
        return make_user(*args, **overrides)

    return factory


@pytest.fixture
def closed_proeftuin(app, make_zone, make_user):
    """closed_proeftuin(closed=True) -> the setup dict of tests.proeftuinen.helpers, its
    members An and Jef, one topic closed with an outcome (unless `closed` is False)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen.models import Topic

    def factory(closed: bool = True):
        setup = setup_proeftuin(app, make_zone, make_user)
        topic_id, _post = add_topic(app, setup["id"], setup["members"][0].id)
        if closed:
            with app.test_request_context(base_url="http://localhost"):
                discussion.close(
                    db.session.get(Topic, topic_id),
                    db.session.get(User, setup["coach"].id),
                    "Elke maand een buurtsoep.",
                )
                db.session.commit()
        return setup

    return factory


def case_form(**overrides) -> dict:
    """What a coach types in the publish form: the Dutch text, tags and the confirmation."""
    data = {
        "nl_title": "Buurtsoep in Eeklo",
        "nl_asked": "Hoe leren buren elkaar kennen?",
        "nl_who": "Twaalf buren en drie mantelzorgers.",
        "nl_done": "Elke maand koken we samen soep.",
        "nl_changed": "Buren vragen elkaar nu sneller om hulp.",
        "nl_differently": "Vroeger beginnen met de uitnodiging.",
        "nl_summary_easy": "Buren koken samen. Zo leren ze elkaar kennen.",
        "topic": "loneliness",
        "themes": ["community", "volunteering"],
        "participant_count": "15",
        "contact": "ELZ-medewerker, info@example.org",
        "no_names": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
