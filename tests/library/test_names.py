"""The check that a case names nobody who did not agree, for every way a name is written
(plain, genitive "Jefs", "Jef's", "Jef’s", "Hans'", any case, accents, full-width
letters, with punctuation after it), in every text field and language of the form."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from burgerplatform.extensions import db
from burgerplatform.library import services
from burgerplatform.library.models import LANGUAGES, Case
from burgerplatform.library.services import TEXT_PARTS
from tests.library.conftest import case_form

# Every way to write Jef (a member who did not agree) that must be refused.
JEF_FORMS = [
    "Jef",
    "Jefs",
    "Jef's",
    "Jef’s",
    "Jef'",
    "jef",
    "jefs",
    "JEF",
    "JEFS",
    "JEF'S",
    "Jéf",
    "Jéfs",
    "Ｊｅｆｓ",
    "Jefs.",
    "Jefs,",
    "(Jefs)",
    "“Jefs”",
]
FIELDS = [f"{lang}_{part}" for lang in LANGUAGES for part in TEXT_PARTS] + ["contact"]
TRANSLATED = {
    lang: {
        f"{lang}_title": "Soupe",
        f"{lang}_asked": "Comment?",
        f"{lang}_done": "Soupe.",
        f"{lang}_changed": "Plus d'aide.",
    }
    for lang in ("fr", "en")
}


def _form_with(field: str, text: str) -> dict:
    """The publish form with `text` in `field`, and the other required parts of its
    language filled in (so the name check is what answers)."""
    lang = field.split("_")[0]
    data = {**TRANSLATED.get(lang, {})}
    data[field] = text
    return case_form(**data)


def _cases(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Case.id)))


@pytest.mark.parametrize("name", JEF_FORMS)
def test_every_way_of_writing_a_name_is_found(name):
    people = [services.Participant(1, "Jef")]
    for text in (f"Het was {name} idee.", f"{name} idee was goed.", f"C'était l'idée de {name}"):
        assert services.names_in([text], people) == ["Jef"], text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Dirk W.", "Dirks idee was goed."),
        ("Dirk W.", "DIRKS idee."),
        ("Hans", "Hans' idee was goed."),
        ("Fátima", "Fatimas buren."),
        ("Jean-Pierre Dupont", "Jean-Pierres idee."),
        ("An", "Ans idee was goed."),  # a common word, but with a capital it is the name
        ("An", "ANS idee."),
        ("Dan", "Dans idee was goed."),  # "dans" may be a word, with a capital it is Dan
        ("An Peeters", "An Peeters' idee."),
        ("Zoë Peeters", "Zoë Peeterss"),  # a typo, still her name
    ],
)
def test_a_genitive_of_a_name_is_refused(name, text):
    assert services.names_in([text], [services.Participant(1, name)]) == [name]


@pytest.mark.parametrize(
    ("name", "text", "word"),
    [
        ("An", "ans idee was goed.", "ans"),  # in lower case "ans" may be a word
        ("Lo", "de fiets stond los.", "los"),  # "los" is a Dutch word
        ("Wa", "het was goed.", "was"),
        ("Dan", "Il était dans la cuisine.", "dans"),  # French words too
        ("Jean Dupont", "Ze droeg jeans.", "jeans"),
        ("Pol", "een pols die pijn doet.", "pols"),
        ("Al Haddad", "als het kan.", "als"),  # a first name of two letters
    ],
)
def test_a_genitive_that_is_also_a_word_is_asked_about(name, text, word):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []
    assert services.maybe_names_in([text], people) == [(word, name)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Jef", "Jefke en Jeffrey kookten."),
        ("Jef", "jefss"),
        ("Dirk W.", "Dirksen kookte."),
        ("An", "Anna en Annes kookten."),
    ],
)
def test_a_longer_word_is_still_no_name(name, text):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []
    assert services.maybe_names_in([text], people) == []


def test_a_name_ending_in_a_dot_gets_no_second_full_stop():
    assert services.listed(["An", "Dirk W."]) == "An, Dirk W"
    message = services.NAMES_FOUND % {"names": services.listed(["Dirk W."])}
    assert "Dirk W. Remove" in str(message) and ".." not in str(message)


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_and_language_refuses_every_form_of_a_name(
    field, app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    for name in JEF_FORMS:
        sent = coach.post(url, _form_with(field, f"Het was {name} idee"))
        assert sent.status_code == 400, (field, name)
        page = sent.get_data(as_text=True)
        assert "did not agree to be named: Jef. Remove" in page, (field, name)
        assert f'<a href="#{field}">' in page, (field, name)
    # "ans" may be a word: asked, not refused; "Ans" with a capital is An.
    sent = coach.post(url, _form_with(field, "Het was Ans idee"))
    assert "did not agree to be named: An. Remove" in sent.get_data(as_text=True)
    sent = coach.post(url, _form_with(field, "het was ans idee"))
    assert sent.status_code == 400
    assert "“ans” (An)" in sent.get_data(as_text=True)
    assert _cases(app) == 0


def test_a_name_ending_in_a_dot_is_shown_with_one_full_stop(app, closed_proeftuin, make_client):
    from burgerplatform.accounts.models import User
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Proeftuin

    setup = closed_proeftuin()
    with app.test_request_context():
        dirk = User(email="dirk@example.org", display_name="Dirk W.", password_hash="x")
        db.session.add(dirk)
        db.session.flush()
        proeftuinen.join(db.session.get(Proeftuin, setup["id"]), dirk)
        db.session.commit()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish", case_form(nl_done="Dirks idee was goed.")
    )
    page = sent.get_data(as_text=True)
    assert "did not agree to be named: Dirk W. Remove" in page
    assert "W.." not in page


def test_a_dutch_reader_sees_which_language_a_field_is_in(app, closed_proeftuin, make_client):
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    with app.app_context():
        from burgerplatform.accounts.models import User

        db.session.get(User, setup["coach"].id).locale = "nl"
        db.session.commit()
    sent = coach.post(
        f"/library/proeftuinen/{setup['id']}/publish",
        case_form(fr_title="Soupe", fr_asked="Comment?", fr_changed="Plus."),
    )
    page = sent.get_data(as_text=True)
    assert '<a href="#fr_done">Wat werd er gedaan? (Frans)' in page
    assert '<label for="fr_done">Wat werd er gedaan? (Frans)</label>' in page
    assert '<label for="nl_done">Wat werd er gedaan?</label>' in page


# --- Participants who share a first name ----------------------------------------------

RIKS = [
    services.Participant(1, "Rik W."),
    services.Participant(2, "Rik M."),
    services.Participant(3, "Rik V."),
]


def _refused(text: str, agreed_ids: set[int]) -> list[str]:
    agreed = [p for p in RIKS if p.user_id in agreed_ids]
    refused = [p for p in RIKS if p.user_id not in agreed_ids]
    return services.names_in([text], refused, agreed)


@pytest.mark.parametrize(
    "text",
    [
        "Rik W. kookte soep.",
        "rik w. kookte soep.",
        "RIK W kookte soep.",
        "Rík W. kookte soep.",
        "Rik Wouters kookte soep.",
        "Het was Rik W.'s idee.",
        "Het was Rik W’s idee.",
        "Het was Rik Wouters' idee.",
        "Rik Wouters’ idee.",
    ],
)
def test_the_full_name_of_the_rik_who_agreed_is_not_the_riks_who_did_not(text):
    assert _refused(text, {1}) == []


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Rik kookte soep.", ["Rik M.", "Rik V."]),  # which Rik? not said: refused
        ("Riks idee.", ["Rik M.", "Rik V."]),
        ("Rik wil soep.", ["Rik M.", "Rik V."]),  # "wil" is a word, not Wouters
        ("Rik W. en Rik M. kookten.", ["Rik M.", "Rik V."]),
        ("Rik Mertens kookte.", ["Rik M.", "Rik V."]),
    ],
)
def test_a_rik_who_did_not_agree_is_still_found_next_to_the_one_who_did(text, refused):
    assert _refused(text, {1}) == refused


def test_two_participants_with_the_same_full_name_cannot_be_told_apart():
    twins = [services.Participant(1, "Rik W."), services.Participant(2, "Rik W.")]
    assert services.names_in(["Rik W. kookte."], twins[1:], twins[:1]) == ["Rik W."]


def test_a_case_naming_the_rik_who_agreed_is_published(app, closed_proeftuin, make_client):
    """Through the form: members "Rik W." (ticked) and "Rik M." (not ticked)."""
    from burgerplatform.accounts.models import User

    setup = closed_proeftuin()
    with app.app_context():
        for member, name in zip(setup["members"], ["Rik W.", "Rik M."], strict=True):
            db.session.get(User, member.id).display_name = name
        db.session.commit()
    rik_w, _rik_m = setup["members"]
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    bare = coach.post(url, case_form(nl_done="Rik kookte soep.", named=[str(rik_w.id)]))
    assert bare.status_code == 400
    assert "write their full name (Rik W)" in bare.get_data(as_text=True)
    full = coach.post(url, case_form(nl_done="Rik W. kookte soep.", named=[str(rik_w.id)]))
    assert full.status_code == 302
    assert _cases(app) == 1


def test_the_publisher_ticks_their_own_name_like_everyone_listed(
    app, closed_proeftuin, make_client
):
    """The coach Ilse is among the people to tick: "Ilses idee" needs her tick too."""
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    page = coach.get(url).get_data(as_text=True)
    assert f'value="{setup["coach"].id}"' in page  # listed
    refused = coach.post(url, case_form(nl_done="Het was Ilses idee."))
    assert refused.status_code == 400
    assert "did not agree to be named: Ilse" in refused.get_data(as_text=True)
    ticked = coach.post(
        url, case_form(nl_done="Het was Ilses idee.", named=[str(setup["coach"].id)])
    )
    assert ticked.status_code == 302


# --- Surnames -------------------------------------------------------------------------

# Every way to write the surname of Jef Janssens or Sofie Van Damme (members who did not
# agree) alone: it identifies them as their first name does.
SURNAME_FORMS = [
    ("Jef Janssens", "Janssens"),
    ("Jef Janssens", "janssens"),
    ("Jef Janssens", "JANSSENS"),
    ("Jef Janssens", "Janssens'"),
    ("Jef Janssens", "Janssens’"),
    ("Jef Janssens", "Jánssens"),
    ("Jef Janssens", "Ｊａｎｓｓｅｎｓ"),
    ("Jef Janssens", "(Janssens)"),
    ("Jef Janssens", "“Janssens”"),
    ("Sofie Van Damme", "Van Damme"),
    ("Sofie Van Damme", "van Damme"),
    ("Sofie Van Damme", "VAN DAMME"),
    ("Sofie Van Damme", "Van Dammes"),
    ("Sofie Van Damme", "Van Damme's"),
    ("Sofie Van Damme", "Van Damme’s"),
    ("Sofie Van Damme", "Van Dámme"),
    ("Jean-Pierre Dupont", "Dupont"),
    ("Jean-Pierre Dupont", "Duponts"),
    ("Fátima El Amrani", "El Amrani"),
    ("Fátima El Amrani", "el amrani"),
]


@pytest.mark.parametrize(("name", "written"), SURNAME_FORMS)
def test_every_way_of_writing_a_surname_alone_is_found(name, written):
    people = [services.Participant(1, name)]
    for text in (f"{written} deed mee.", f"Het was {written} idee.", f"C'était {written}."):
        assert services.names_in([text], people) == [name], text


@pytest.mark.parametrize(
    ("name", "text", "word"),
    [
        ("Lies Roos", "een roos in de tuin.", "roos"),  # a surname that is a word
        ("Mei Li", "li", "li"),  # two letters: may be a word
    ],
)
def test_a_surname_that_may_be_a_word_is_asked_about(name, text, word):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []
    assert services.maybe_names_in([text], people) == [(word, name)]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Yasmine M.", "M. deed mee."),  # an initial is no surname
        ("Ilse (coach BurgersAanZet)", "De coach van BurgersAanZet hielp."),
        ("Jef Janssens", "Janssenswijk en Janssensen."),  # a longer word
        ("Lies Roos", "Rozen in de tuin."),
    ],
)
def test_initials_remarks_and_longer_words_are_no_surname(name, text):
    people = [services.Participant(1, name)]
    assert services.names_in([text], people) == []
    assert services.maybe_names_in([text], people) == []


WOUTERS = [services.Participant(1, "Rik Wouters"), services.Participant(2, "Jef Wouters")]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Rik Wouters kookte soep.", []),  # the full name of the one who agreed
        ("Het was Rik Wouters' idee.", []),
        ("Wouters kookte soep.", ["Jef Wouters"]),  # which Wouters? not said: refused
        ("Het idee van Wouters.", ["Jef Wouters"]),
        ("Rik Wouters en Jef Wouters kookten.", ["Jef Wouters"]),
    ],
)
def test_a_surname_shared_with_someone_who_agreed_follows_the_first_name_rules(text, refused):
    assert services.names_in([text], WOUTERS[1:], WOUTERS[:1]) == refused


def _member(app, setup, display_name: str, email: str):
    from burgerplatform.accounts.models import User
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Proeftuin

    with app.test_request_context():
        person = User(email=email, display_name=display_name, password_hash="x")
        db.session.add(person)
        db.session.flush()
        proeftuinen.join(db.session.get(Proeftuin, setup["id"]), person)
        db.session.commit()
        return person.id


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_and_language_refuses_a_surname_alone(
    field, app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    _member(app, setup, "Sofie Van Damme", "sofie@example.org")
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    for written in ("Van Damme", "van dammes", "VAN DAMME'S"):
        sent = coach.post(url, _form_with(field, f"Het was {written} idee"))
        assert sent.status_code == 400, (field, written)
        page = sent.get_data(as_text=True)
        assert "did not agree to be named: Sofie Van Damme. Remove" in page, (field, written)
        assert f'<a href="#{field}">' in page, (field, written)
    assert _cases(app) == 0


def test_the_publisher_reads_that_someone_who_agreed_has_the_same_surname(
    app, closed_proeftuin, make_client
):
    setup = closed_proeftuin()
    agreed = _member(app, setup, "Rik Wouters", "rik@example.org")
    _member(app, setup, "Mia Wouters", "mia@example.org")
    coach = make_client()
    coach.login(setup["coach"].email)
    url = f"/library/proeftuinen/{setup['id']}/publish"
    sent = coach.post(url, case_form(nl_done="Wouters kookte.", named=[str(agreed)]))
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400
    assert "did not agree to be named: Mia Wouters. Someone who agreed has the same" in page
    assert "surname: write their full name (Rik Wouters)" in page
    ok = coach.post(url, case_form(nl_done="Rik Wouters kookte.", named=[str(agreed)]))
    assert ok.status_code == 302, ok.get_data(as_text=True)[:3000]
