"""A case of the library says the language it is written in: on every page that shows its
text (the library, the case's page, its withdraw page, the search), the text's element
carries that language, so a screen reader reads a French case in French on a Dutch page,
and a Dutch case in Dutch on a French page; nothing is marked where the page's own
language already says it."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.library.conftest import case_form
from tests.site.test_content_language import _texts

TITLES = {"nl": "Buurtsoep in Eeklo", "fr": "Soupe de quartier", "en": "Neighbourhood soup"}
TEXTS = {
    "fr": {
        "fr_title": TITLES["fr"],
        "fr_asked": "Comment les voisins se rencontrent-ils?",
        "fr_done": "Chaque mois, nous faisons de la soupe.",
        "fr_changed": "Les voisins s'entraident plus vite.",
    },
    "en": {
        "en_title": TITLES["en"],
        "en_asked": "How do neighbours meet?",
        "en_done": "Every month we make soup together.",
        "en_changed": "Neighbours ask each other for help sooner.",
    },
}
# The words a search finds in the case's text in every language.
SEARCHED = {"nl": "Buurtsoep", "fr": "Soupe", "en": "Neighbourhood"}


def _publish(app, closed_proeftuin, make_client, written: tuple[str, ...]) -> tuple[int, Client]:
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    data = case_form()
    for lang in written:
        data.update(TEXTS.get(lang, {}))
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", data)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    return int(sent.headers["Location"].rsplit("/", 1)[1]), coach


def _language_of(page: str, page_language: str, text: str) -> set[str]:
    found = {lang for shown, lang in _texts(page, page_language) if shown == text}
    assert found, (text, "not on the page")
    return found


@pytest.mark.parametrize("reader", ["nl", "fr", "en"])
@pytest.mark.parametrize("written", [("nl",), ("nl", "fr"), ("nl", "en"), ("nl", "fr", "en")])
def test_a_case_is_marked_in_the_language_it_is_written_in_wherever_it_is_shown(
    app, closed_proeftuin, make_client, reader, written
):
    case_id, coach = _publish(app, closed_proeftuin, make_client, written)
    # The reader's language when the case has it, else Dutch (with a visible note).
    shown = reader if reader in written else "nl"
    title = TITLES[shown]
    visitor = Client(app, language=reader)
    pages = {
        "library": visitor.get("/library/"),
        "case": visitor.get(f"/library/{case_id}"),
        "search": visitor.get(f"/zoeken?q={SEARCHED[shown]}&kind=case"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.get_data(as_text=True)
        assert _language_of(page, reader, title) == {shown}, (name, reader, written)
        if shown == reader:
            # Nothing to say: the page's own language is the text's.
            assert f'lang="{reader}">{title}' not in page, name
    # The search's snippet too: a piece of the same text.
    search = pages["search"].get_data(as_text=True)
    snippets = [
        lang
        for text, lang in _texts(search, reader)
        if any(word in text.casefold() for word in ("voisins", "neighbours", "buren"))
    ]
    assert snippets and set(snippets) == {shown}, (reader, written, snippets)
    # The publisher (who reads English) names the case on its withdraw page.
    own = "en" if "en" in written else "nl"
    page = coach.get(f"/library/{case_id}/withdraw").get_data(as_text=True)
    assert _language_of(page, "en", TITLES[own]) == {own}, written
