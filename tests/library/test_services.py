"""Publishing a case: from what, in which languages, and never naming who did not agree."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import Round
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.library import queries, services
from burgerplatform.library.models import Case, CaseTopic, Theme
from burgerplatform.proeftuinen.models import Proeftuin


def details(**overrides) -> services.CaseDetails:
    texts = {
        "nl": {
            "title": "Buurtsoep in Eeklo",
            "asked": "Hoe leren buren elkaar kennen?",
            "who": "Twaalf buren.",
            "done": "Samen soep koken.",
            "changed": "Buren helpen elkaar sneller.",
            "differently": "",
            "summary_easy": "",
        }
    }
    values = {
        "texts": texts,
        "topic": CaseTopic.LONELINESS,
        "themes": [Theme.COMMUNITY],
        "participant_count": 12,
        "confirmed_no_names": True,
    }
    values.update(overrides)
    return services.CaseDetails(**values)


def _load(setup):
    return (
        db.session.get(Proeftuin, setup["id"]),
        db.session.get(User, setup["coach"].id),
    )


def test_a_closed_proeftuin_publishes_a_case_in_its_zone(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        case = services.publish_from_proeftuin(proeftuin, coach, details())
        assert case.zone_id == setup["zone"].id
        assert case.theme_list == [Theme.COMMUNITY]
        text, fallback = case.text_in("fr")
        assert text.lang == "nl" and fallback
        assert "<p>" in text.asked_html
        assert queries.published_cases().items == [case]


def test_a_proeftuin_without_an_outcome_cannot_publish_a_case(app, closed_proeftuin):
    setup = closed_proeftuin(closed=False)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        with pytest.raises(DomainError, match="closed with an outcome"):
            services.publish_from_proeftuin(proeftuin, coach, details())
        assert db.session.scalar(select(Case)) is None


def test_a_case_naming_a_member_who_did_not_agree_is_refused_with_their_name(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        texts = details().texts
        texts["nl"]["done"] = "An en Jef kookten soep."
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert "An, Jef" in str(refused.value.message)
        assert refused.value.field == "nl_done"  # shown at the text that names them
        assert db.session.scalar(select(Case)) is None
        # Jef agreed: only An is named in the refusal.
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(
                proeftuin, coach, details(texts=texts, named={setup["members"][1].id})
            )
        assert "An" in str(refused.value.message) and "Jef" not in str(refused.value.message)
        # Both agreed: published, and remembered who agreed.
        case = services.publish_from_proeftuin(
            proeftuin, coach, details(texts=texts, named={m.id for m in setup["members"]})
        )
        assert {n.user_id for n in case.named} == {m.id for m in setup["members"]}


def test_names_are_found_as_words_and_by_first_name():
    people = [services.Participant(1, "Yasmine M."), services.Participant(2, "An")]
    assert services.names_in(["Met dank aan Yasmine voor de soep."], people) == ["Yasmine M."]
    assert services.names_in(["yasmine m. kookte"], people) == ["Yasmine M."]
    # "an" as an English word, or inside another word, is not the name An.
    assert services.names_in(["an informal carer in Antwerpen"], people) == []
    assert services.names_in(["An kookte."], people) == ["An"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Fatima", "FATIMA schreef de brief."),
        ("Fatima", "fatima schreef de brief."),
        ("Fatima", "Fátima schreef de brief."),
        ("Fátima", "FATIMA schreef de brief."),
        ("Fátima", "fatima schreef de brief."),
        ("Fatima", "Met dank aan Fatima's buren."),
        ("Fatima", "Met dank aan FATIMA’S buren."),
        ("Fatima", "De brief (van Fatima) kwam aan."),
        ("Jef", "JEF organiseerde de wandeling."),
        ("Jef", "jef organiseerde de wandeling."),
        ("Jef", "Wandeling door Jef-en-co."),
        ("Yasmine M.", "YASMINE kookte."),
        ("Yasmine M.", "yasmine kookte."),
        ("Yasmine M.", "Yasmine, M. kookte."),
        ("Jean-Pierre Dupont", "JEAN PIERRE kookte."),
        ("Jean-Pierre Dupont", "Jean-Pierre kookte."),
        ("Jean-Pierre Dupont", "jean-pierre DUPONT kookte."),
        ("Zoë Peeters", "ZOE kookte."),
        ("Zoë Peeters", "zoe peeters kookte."),
        ("An", "AN kookte."),
        ("An", "An kookte."),
        ("Ben", "Samen met BEN."),
    ],
)
def test_a_name_is_found_in_any_case_with_or_without_accents(name, text):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == [name]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("An", "an informal carer in Antwerpen"),  # a common word, written in lower case
        ("Ben", "ik ben blij met de soep"),
        ("Jef", "Jeffrey en Jefke kookten."),  # inside another name
        ("Fatima", "Fatimazaal"),
        ("Yasmine M.", "Yasmineke kookte."),
        ("Al Haddad", "al het eten"),  # a first name of two letters only counts in full
    ],
)
def test_a_word_that_only_looks_like_a_name_is_no_name(name, text):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []


@pytest.mark.parametrize(
    ("name", "text", "word"),
    [
        ("An", "an kookte elke week.", "an"),  # a common word: in lower case, maybe the name
        ("Ben", "ik ben blij met de soep", "ben"),
        ("Rose Peeters", "rose kookte.", "rose"),
        ("Al Haddad", "Al het eten was op.", "Al"),  # a first name of two letters
        ("An Peeters", "An kookte.", "An"),
    ],
)
def test_a_word_that_may_be_a_name_is_asked_about_not_refused(name, text, word):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []
    assert services.maybe_names_in([text], people) == [(word, name)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Bart", "bart kookte."),  # no common word: any case is the name
        ("Bart", "Met dank aan barts buren en BART."),
        ("An Peeters", "an peeters kookte."),  # the full name, in any case
        ("Rose Peeters", "Rose kookte."),  # a common word with a capital
        ("Al Haddad", "al haddad kookte."),
    ],
)
def test_a_name_that_surely_is_one_is_refused_in_any_case(name, text):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == [name]


def test_a_case_with_a_word_that_may_be_a_name_is_published_once_the_publisher_checked(
    app, closed_proeftuin
):
    setup = closed_proeftuin()
    texts = details().texts
    texts["nl"]["done"] = "Samen soep koken, ook voor wie ziek was: an kookte elke week."
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        proeftuin, coach = _load(setup)
        with pytest.raises(DomainError) as asked:
            services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert asked.value.field == "not_names"
        assert "“an” (An)" in str(asked.value)
        assert "Ik heb het nagekeken" in str(asked.value)
        case = services.publish_from_proeftuin(
            proeftuin, coach, details(texts=texts, checked_not_names=True)
        )
        assert "an kookte" in case.text_in("nl")[0].done
        # The tick does not let a name written with a capital through.
        db.session.delete(case)
        texts["nl"]["done"] = "An kookte elke week."
        with pytest.raises(DomainError, match="An"):
            services.publish_from_proeftuin(
                proeftuin, coach, details(texts=texts, checked_not_names=True)
            )


def test_a_name_in_capitals_is_refused_at_the_text_that_names_them(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        texts = details().texts
        texts["fr"] = {
            "title": "Soupe",
            "asked": "Comment?",
            "done": "JEF a organisé la promenade.",
            "changed": "Tout.",
        }
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert "Jef" in str(refused.value.message)
        assert refused.value.field == "fr_done"
        texts["fr"]["done"] = "On a organisé la promenade."
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(
                proeftuin, coach, details(texts=texts, contact="Vraag het aan AN")
            )
        assert refused.value.field == "contact"
        assert db.session.scalar(select(Case)) is None


def test_a_case_needs_the_confirmation_that_nobody_is_named(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        with pytest.raises(DomainError, match="names nobody"):
            services.publish_from_proeftuin(proeftuin, coach, details(confirmed_no_names=False))


def test_a_half_translated_language_is_refused_an_empty_one_is_fine(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        texts = details().texts
        texts["fr"] = {"title": "Soupe de quartier"}
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert refused.value.field == "fr_asked"
        assert "In French" in str(refused.value.message)
        texts["fr"] = {}
        texts["en"] = {"title": "Neighbourhood soup", "asked": "How?"}
        with pytest.raises(DomainError) as refused:
            services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert refused.value.field == "en_done"
        assert "In English" in str(refused.value.message)
        texts["en"] = {}
        texts["fr"] = {"title": "", "asked": "  "}
        case = services.publish_from_proeftuin(proeftuin, coach, details(texts=texts))
        assert [t.lang for t in case.texts] == ["nl"]


def test_a_proeftuin_has_one_case(app, closed_proeftuin):
    setup = closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        proeftuin, coach = _load(setup)
        services.publish_from_proeftuin(proeftuin, coach, details())
        with pytest.raises(DomainError, match="already has a case"):
            services.publish_from_proeftuin(proeftuin, coach, details())


def test_a_round_publishes_only_in_its_follow_up_and_checks_the_names_of_its_group(
    app, staged_round
):
    staged = staged_round("follow_up")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        round_ = db.session.get(Round, staged.round_id)
        staff = db.session.scalar(select(User).where(User.email == staged.setup.staff_email))
        member = db.session.scalar(select(User).where(User.email == staged.members[0]))
        texts = details().texts
        texts["nl"]["done"] = f"Met {member.display_name} en Maria op de markt."
        with pytest.raises(DomainError) as refused:
            services.publish_from_round(round_, staff, details(texts=texts))
        # The klankbordgroep member and the name written with input on paper.
        assert member.display_name in str(refused.value.message)
        assert "Maria" in str(refused.value.message)
        case = services.publish_from_round(round_, staff, details())
        assert case.zone_id == staged.setup.zone_id


def test_a_round_before_its_follow_up_cannot_publish(app, staged_round):
    staged = staged_round("co_draft")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        round_ = db.session.get(Round, staged.round_id)
        staff = db.session.scalar(select(User).where(User.email == staged.setup.staff_email))
        with pytest.raises(DomainError, match="follow-up"):
            services.publish_from_round(round_, staff, details())


def test_the_library_filters_by_theme_topic_and_zone(app, closed_proeftuin):
    first, second = closed_proeftuin(), closed_proeftuin()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        one = services.publish_from_proeftuin(*_load(first), details())
        two = services.publish_from_proeftuin(
            *_load(second),
            details(topic=CaseTopic.CARERS, themes=[Theme.VOICE, Theme.VOLUNTEERING]),
        )
        zone = first["zone"]
        assert queries.published_cases(queries.CaseFilters(theme=Theme.VOICE)).items == [two]
        assert queries.published_cases(queries.CaseFilters(topic=CaseTopic.LONELINESS)).items == [
            one
        ]
        from burgerplatform.zones.models import Zone

        in_zone = queries.CaseFilters(zone=db.session.get(Zone, zone.id))
        assert queries.published_cases(in_zone).items == [one]
        assert queries.published_cases(with_total=True).total == 2
