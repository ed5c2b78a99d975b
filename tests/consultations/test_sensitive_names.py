"""A sensitive question is named by what it is about (its own label), and the pages name
only the sensitive questions the mix actually uses (review 1, item 2): not every one
called "health" ("Gender over gezondheid", "De mix gaat ook over gezondheid, zorg, gender
of talen" when only gender was used)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, run_jobs
from tests.consultations.test_published_draw import pick

LANGUAGES = ["nl", "fr", "en"]
# Words that called every sensitive answer "health", in each language.
HEALTH = re.compile(r"gezondheid|santé|health|zorg|soins|care|beperking|handicap|disability", re.I)
KINDS = ["gender", "lived_experience", "languages", "own question"]


def _text(html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _paragraph(html: str, marker: str) -> str:
    found = re.search(rf"<p[^>]*>[^<]*{re.escape(marker)}.*?</p>", html, re.S)
    assert found, marker
    return _text(found.group(0))


def _set_locale(app, email: str, lang: str) -> None:
    from burgerplatform.accounts.models import User

    with app.app_context():
        db.session.scalar(db.select(User).where(User.email == email)).locale = lang
        db.session.commit()


def _sensitive_round(app, pool_zone, make_round, kind: str):
    """A round whose only sensitive quota is on the question `kind`, drawn and picked;
    the question's label in nl, fr and en, and the other sensitive questions' labels."""
    from flask_babel import force_locale

    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    # 30 people: 5 informal carers in each municipality, enough to be counted when the
    # rules are saved.
    setup = pool_zone(30)
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        key = kind
        if kind == "own question":
            own = pool.add_category(zone, "Geloof of levensbeschouwing", False, True, ["Ja", "Nee"])
            key = own.key
            db.session.commit()
        cats = [c for c in pool.categories(zone) if c.sensitive and c.for_quotas]
        labels, others = {}, {}
        for lang in LANGUAGES:
            with force_locale(lang):
                labels[lang] = next(c.display_label for c in cats if c.key == key)
                others[lang] = [c.display_label for c in cats if c.key != key]
    # Nobody answered gender, languages or the own question; 10 informal carers.
    limits = (0, 3) if kind != "lived_experience" else (1, 3)
    round_id = make_round(setup, size=4, quotas={(key, 1): limits, ("municipality", 0): (1, 3)})
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form("de zorgraad")).status_code == 302
    run_jobs(app)
    page = staff.get(f"{base}/group").get_data(as_text=True)
    draw_id = re.search(rf"{base}/draws/(\d+)", page).group(1)
    assert pick(staff, base, draw_id, "5").status_code == 302
    return setup, base, labels, others


@pytest.mark.parametrize("kind", KINDS)
def test_every_sensitive_question_is_named_by_its_own_label_and_only_when_used(
    app, pool_zone, make_round, kind
):
    setup, base, labels, others = _sensitive_round(app, pool_zone, make_round, kind)
    for lang in LANGUAGES:
        client = Client(app, language=lang)
        # The public page of the draw: why the record gives no answers per person.
        public = client.get(f"{base}/draw").get_data(as_text=True)
        marker = {"nl": "De mix gaat ook over", "fr": "Comme le mélange", "en": "Because the mix"}
        sentence = _paragraph(public, marker[lang])
        assert labels[lang] in sentence, (lang, sentence)
        assert not [o for o in others[lang] if o in sentence], (lang, sentence)
        assert not HEALTH.search(sentence.replace(labels[lang], "")), (lang, sentence)
        # The staff's group page: why the sensitive counts are not shown yet.
        _set_locale(app, setup.staff_email, lang)
        client.login(setup.staff_email)
        group = client.get(f"{base}/group").get_data(as_text=True)
        rule = _text(re.search(r'id="sensitive-rule">(.*?)</p>', group, re.S).group(1))
        assert labels[lang] in rule, (lang, rule)
        assert not [o for o in others[lang] if o in rule], (lang, rule)
        assert not HEALTH.search(rule.replace(labels[lang], "")), (lang, rule)
        # The round page, before the staff close the first phase: what is still open.
        show = client.get(base).get_data(as_text=True)
        marker = {
            "nl": "Quota op gevoelige vragen",
            "fr": "Les quotas sur des questions sensibles",
            "en": "Quotas on sensitive questions",
        }[lang]
        open_end = _text(re.search(rf"<li>[^<]*{marker}.*?</li>", show, re.S).group(0))
        assert labels[lang] in open_end and not [o for o in others[lang] if o in open_end]
        assert not HEALTH.search(open_end.replace(labels[lang], "")), (lang, open_end)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pool_in_numbers_marks_sensitive_questions_as_sensitive_not_as_health(
    app, pool_zone, lang
):
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    setup = pool_zone(6)
    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        pool.add_category(zone, "Geloof of levensbeschouwing", False, True, ["Ja", "Nee"])
        db.session.commit()
    _set_locale(app, setup.staff_email, lang)
    staff = Client(app, language=lang)
    staff.login(setup.staff_email)
    page = staff.get(f"/{setup.slug}/pool/overview").get_data(as_text=True)
    headings = [_text(h) for h in re.findall(r"<h2 id=\"cat-\d+\">(.*?)</h2>", page, re.S)]
    badge = {"nl": "gevoelig", "fr": "sensible", "en": "sensitive"}[lang]
    marked = [h for h in headings if h.endswith(" " + badge)]
    # Gender, lived experience, languages, what helps me take part and the own question;
    # nothing says "health".
    assert len(marked) == 5, headings
    assert not [h for h in headings if re.search("gezondheid|santé|health", h)], headings
