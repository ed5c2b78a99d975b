"""The care sector's words (ELZ, zorgraad, klankbordgroep, proeftuin...) are explained on
one glossary page in nl, fr and en, and on every page the glossary lists, where they
first appear: a <dfn> linking to the glossary entry, which works without JavaScript and
for screen readers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import url_for

from burgerplatform.extensions import db
from burgerplatform.site.glossary import EXPLAINED_PAGES, TERMS, explain_terms
from burgerplatform.zones.models import Zone
from tests.conftest import Client

# Where a word is not running text: a link or button names a target, a heading and a
# label name a part, and typed text stays as typed.
NOT_RUNNING = {
    "a", "abbr", "button", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend",
    "option", "select", "textarea", "script", "style", "summary", "code", "pre", "svg",
}  # fmt: skip
TERM_LINK = re.compile(r"/woordenlijst#term-([a-z]+)$")


class FirstOccurrences(HTMLParser):
    """Reads a page's <main> and notes, per term, whether the first time it appears in
    running text it is explained (inside <dfn class="term"> linking to its entry)."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.patterns = {t.key: _pattern(t, language) for t in TERMS}
        self.first: dict[str, str | None] = {}  # term -> the entry it links to, or None
        self.stack: list[tuple[str, dict]] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def _explained_as(self) -> str | None | bool:
        """The entry a <dfn class="term"> we are in links to; False outside running text."""
        tags = [tag for tag, _ in self.stack]
        if "dfn" in tags:
            at = tags.index("dfn")
            if "term" not in (self.stack[at][1].get("class") or "").split():
                return False
            if any(t in NOT_RUNNING for t in tags[:at]):
                return False
            link = next((a for t, a in self.stack[at:] if t == "a"), {})
            match = TERM_LINK.search(link.get("href") or "")
            return match.group(1) if match else None
        return False if any(t in NOT_RUNNING for t in tags) or self._hidden() else None

    def _hidden(self) -> bool:
        """Inside an element screen readers skip (a drawn chart beside its table)."""
        return any(a.get("aria-hidden") == "true" or "hidden" in a for _t, a in self.stack)

    def handle_data(self, data):
        if not self.in_main or not data.strip():
            return
        where = self._explained_as()
        if where is False:
            return
        for key, pattern in self.patterns.items():
            if key not in self.first and pattern.search(data):
                self.first[key] = where


def _pattern(term, language):
    forms = term.forms.get(language) or term.forms["nl"]
    flags = 0 if term.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])", flags)


def first_occurrences(html: str, language: str) -> dict[str, str | None]:
    reader = FirstOccurrences(language)
    reader.feed(html)
    return reader.first


# The public pages without an object of their own: each uses some of the words.
LIST_PAGES = (
    "site.home",
    "site.glossary",
    "site.accessibility",
    "site.privacy",
    "zones.show",
    "zones.help",
    "initiatives.index",
    "consultations.index",
    "pool.join",
    "accountability.what_happened",
    "proeftuinen.index",
)


@pytest.fixture
def zone_pages(app, make_zone):
    zone = make_zone(
        slug="meetjesland",
        name="ELZ Meetjesland",
        description="De eerstelijnszone Meetjesland: de zorgraad luistert naar burgers.",
    )
    with app.app_context():
        stored = db.session.get(Zone, zone.id)
        stored.contact_name, stored.contact_phone = "Els Van Damme", "09 376 12 34"
        db.session.commit()
    with app.test_request_context():
        return {
            endpoint: url_for(endpoint, zone_slug="meetjesland")
            if endpoint.split(".")[0] not in ("site", "proeftuinen")
            else url_for(endpoint)
            for endpoint in LIST_PAGES
        }


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_page_in_the_glossarys_list_explains_its_words_where_they_first_appear(
    app, zone_pages, language
):
    client = Client(app, language=language)
    explained_somewhere = set()
    for url in zone_pages.values():
        response = client.get(url)
        assert response.status_code == 200, url
        first = first_occurrences(response.get_data(as_text=True), language)
        wrong = {term: where for term, where in first.items() if where != term}
        assert not wrong, f"{url} ({language}): first occurrence not explained: {wrong}"
        assert first, f"{url} ({language}) uses none of the glossary's words"
        explained_somewhere |= set(first)
    # Between them, the pages use most of the words the glossary explains.
    assert len(explained_somewhere) >= 8, sorted(explained_somewhere)


@pytest.mark.parametrize(
    ("language", "heading", "zorgraad"),
    [
        ("nl", "Woordenlijst", "De raad van de zone."),
        ("fr", "Lexique", "Le conseil de soins de la zone."),
        ("en", "Words explained", "The care council of the zone."),
    ],
)
def test_the_glossary_page_explains_every_word_in_each_language(app, language, heading, zorgraad):
    page = Client(app, language=language).get("/woordenlijst").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page
    for term in TERMS:
        assert f'<dt id="{term.anchor}">' in page, term.key
    assert zorgraad in page
    # Every page links to it from the footer.
    assert 'href="/woordenlijst"' in Client(app, language=language).get("/privacy").get_data(
        as_text=True
    )


def test_only_the_first_occurrence_in_running_text_is_marked(app):
    html = (
        "<h1>De zorgraad</h1><p>Lees <a href='/x'>zorgraad</a> hier.</p>"
        "<textarea>zorgraad</textarea>"
        "<p>Elke ELZ heeft een zorgraad. De zorgraad antwoordt.</p>"
        "<p>Een klankbordgroep &lt;b&gt;zorgraad&lt;/b&gt;</p>"
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        out = str(explain_terms(html))
    assert out.count('<dfn class="term">') == 3  # ELZ, zorgraad, klankbordgroep
    assert "<h1>De zorgraad</h1>" in out and "<a href='/x'>zorgraad</a>" in out
    assert "<textarea>zorgraad</textarea>" in out
    assert (
        'heeft een <dfn class="term"><a href="/woordenlijst#term-zorgraad"' in out
        and "De zorgraad antwoordt." in out
    )
    # An abbreviation also says what it stands for; escaped text stays escaped.
    assert re.search(r'<abbr title="eerstelijnszone[^"]*">ELZ</abbr>', out)
    assert "&lt;b&gt;zorgraad&lt;/b&gt;" in out


def test_french_pages_explain_the_french_words(app):
    html = "<p>Les membres sont tirés au sort dans le vivier de citoyens, selon des quotas.</p>"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        out = str(explain_terms(html))
    for key, word in (("loting", "tirés au sort"), ("burgerpool", "vivier de citoyens")):
        assert f'#term-{key}" title="' in out and f">{word}</a></dfn>" in out
    assert "#term-quotum" in out
    assert "Choisir des personnes au hasard" in out  # the explanation, in French


@pytest.mark.parametrize(
    ("language", "text", "marked"),
    [
        (
            "fr",
            "<p>Le groupe de résonance remet son avis au conseil de soins de la zone de "
            "première ligne, après un tour de consultation. Un projet pilote aide.</p>",
            {
                "klankbordgroep": "groupe de résonance",
                "zorgraad": "conseil de soins",
                "eerstelijnszone": "zone de première ligne",
                "adviesronde": "tour de consultation",
                "proeftuin": "projet pilote",
            },
        ),
        (
            "en",
            "<p>The sounding board group advises the care council of the primary-care "
            "zone after a consultation round. A pilot project helps.</p>",
            {
                "klankbordgroep": "sounding board group",
                "zorgraad": "care council",
                "eerstelijnszone": "primary-care zone",
                "adviesronde": "consultation round",
                "proeftuin": "pilot project",
            },
        ),
    ],
)
def test_french_and_english_pages_explain_their_own_words_not_only_the_dutch_ones(
    app, language, text, marked
):
    with app.test_request_context(headers={"Accept-Language": language}):
        out = str(explain_terms(text))
    for key, word in marked.items():
        assert re.search(rf'#term-{key}" title="[^"]*">{word}</a></dfn>', out), (key, out)


@pytest.mark.parametrize(
    ("language", "headword", "dutch"),
    [
        ("fr", "groupe de résonance", "klankbordgroep"),
        ("fr", "conseil de soins", "zorgraad"),
        ("fr", "vivier de citoyens", "burgerpool"),
        ("en", "citizen pool", "burgerpool"),
        ("en", "consultation round", "adviesronde"),
    ],
)
def test_the_glossary_lists_the_readers_own_word_with_the_dutch_word_beside_it(
    app, language, headword, dutch
):
    page = Client(app, language=language).get("/woordenlijst").get_data(as_text=True)
    assert re.search(
        rf'<dfn>{headword} <span class="muted">\([^<]*<span lang="nl">{dutch}</span>\)', page
    )


def test_the_glossary_has_no_dutch_word_in_a_french_explanation_or_nested_brackets(app):
    page = Client(app, language="fr").get("/woordenlijst").get_data(as_text=True)
    pool = page.split('id="term-burgerpool"')[1].split("</dd>")[0]
    assert "groupe de résonance" in pool and '<span lang="nl">burgerpool</span>' in pool
    assert "klankbordgroep." not in pool and "à un klankbordgroep" not in pool
    assert not re.search(r"\([^()<]*\(", page.split("<main")[1])  # no ( ... ( ... ) )


def test_the_new_words_of_the_site_are_explained_in_dutch(app):
    html = (
        "<p>Geef je inbreng in de adviesronde. Het voorstel heeft 3 steunbetuigingen. "
        "Vraag het aan het OCMW.</p>"
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        out = str(explain_terms(html))
    for key in ("inbreng", "adviesronde", "steunbetuiging", "ocmw"):
        assert f'/woordenlijst#term-{key}" title="' in out, key
    assert "voor een adviesronde" in out  # the input's explanation uses the site's word


def test_a_word_only_in_a_heading_or_card_link_is_explained_under_the_h1_not_inside_it(app):
    html = (
        "<h1>Proeftuin Samen</h1><p>De zorgraad vergadert.</p><h2>De zorgraad</h2>"
        '<a class="card" href="/pool"><h3>Word lid van een klankbordgroep</h3></a>'
        "<div hidden><h2>loting</h2></div><button>OCMW</button>"
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        out = str(explain_terms(html))
    # Headings and link texts keep their plain text: pages and screen readers read them.
    for plain in (
        "<h1>Proeftuin Samen</h1>",
        "<h2>De zorgraad</h2>",
        '<a class="card" href="/pool"><h3>Word lid van een klankbordgroep</h3></a>',
        "<div hidden><h2>loting</h2></div>",
    ):
        assert plain in out, plain
    # A word also in running text is explained there, not in the note.
    assert 'De <dfn class="term"><a href="/woordenlijst#term-zorgraad"' in out
    # Heading-only words: one line right after the <h1>, in the order they appear, each
    # a link to its entry titled with the explanation (works without JavaScript).
    note = out.split("</h1>", 1)[1].split("</p>", 1)[0]
    assert note.startswith('<p class="page-words">Woorden op deze pagina: <dfn class="term">')
    assert note.index("#term-proeftuin") < note.index("#term-klankbordgroep")
    assert re.search(r'#term-klankbordgroep" title="Een kleine groep[^"]+">klankbordgroep<', note)
    # Never a word only hidden, or only on a button.
    assert "#term-loting" not in out and "#term-ocmw" not in out
    assert out.count("/woordenlijst#term-") == 3


def test_a_page_without_heading_only_words_gets_no_note(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        out = str(explain_terms("<h1>Le conseil de soins</h1><p>Le conseil de soins dit.</p>"))
    assert "page-words" not in out and "<h1>Le conseil de soins</h1>" in out


def _demo_pages(app) -> dict[str, str]:
    """A URL on the demo for every page in the glossary's list: the list pages and the
    detail pages under them (a proposal, a round, its advice, its draw, a proeftuin and a
    topic, a meeting), and the pages of a logged-in citizen."""
    from sqlalchemy import select

    from burgerplatform import demo
    from burgerplatform.consultations.models import DrawRecord, Phase, Recommendation, Round
    from burgerplatform.initiatives.models import Initiative
    from burgerplatform.library.models import Case
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.proeftuinen.models import Proeftuin, Topic

    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        zone = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        in_zone = {"zone_slug": zone.slug}
        answered = db.session.scalar(
            select(Initiative)
            .where(Initiative.zone_id == zone.id, Initiative.answer_easy != "")
            .order_by(Initiative.id)
        )
        finished = db.session.scalar(
            select(Round).where(Round.zone_id == zone.id, Round.phase == Phase.FOLLOW_UP)
        )
        advice = db.session.scalar(
            select(Recommendation).where(Recommendation.round_id == finished.id)
        )
        drawn = db.session.scalar(
            select(Round).join(DrawRecord).where(Round.zone_id == zone.id).order_by(Round.id)
        )
        topic = db.session.scalar(select(Topic).where(Topic.outcome_easy != ""))
        proeftuin = db.session.get(Proeftuin, topic.proeftuin_id)
        meeting = db.session.scalar(
            select(Meeting).where(Meeting.space == f"zone:{zone.id}").order_by(Meeting.id)
        )
        arguments = {
            "initiatives.show": {**in_zone, "initiative_id": answered.id},
            "consultations.show": {**in_zone, "round_id": finished.id},
            "consultations.recommendation": {
                **in_zone,
                "round_id": finished.id,
                "rec_id": advice.id,
            },
            "consultations.draw_check_page": {**in_zone, "round_id": drawn.id},
            "proeftuinen.show": {"proeftuin_id": proeftuin.id},
            "proeftuinen.topic": {"proeftuin_id": proeftuin.id, "topic_id": topic.id},
            "meetings.show": {"uid": meeting.uid},
            "library.show": {"case_id": db.session.scalar(select(Case.id).order_by(Case.id))},
        }
        pages = {}
        for endpoint in EXPLAINED_PAGES:
            if endpoint in arguments:
                pages[endpoint] = url_for(endpoint, **arguments[endpoint])
            elif endpoint.split(".")[0] in ("zones", "initiatives", "consultations", "pool"):
                pages[endpoint] = url_for(endpoint, **in_zone)
            elif endpoint == "accountability.what_happened":
                pages[endpoint] = url_for(endpoint, **in_zone)
            else:
                pages[endpoint] = url_for(endpoint)
        db.session.remove()
    return pages


CITIZEN = "jef@example.org"
# Words of the reader's language that the demo's pages must explain somewhere.
OWN_WORDS = {
    "nl": {("klankbordgroep", "klankbordgroep"), ("adviesronde", "adviesronde")},
    "fr": {("klankbordgroep", "groupe de résonance"), ("zorgraad", "conseil de soins")},
    "en": {("burgerpool", "citizen pool"), ("adviesronde", "consultation round")},
}


def test_every_citizen_page_and_detail_page_explains_its_words_where_they_first_appear(app):
    """The glossary's list covers the detail pages too (a proposal, a round and its
    advice, a proeftuin topic, a meeting...): on each, in nl, fr and en, every domain word
    is a <dfn> linking to its entry where it first appears in running text."""
    from burgerplatform.accounts.models import User
    from burgerplatform.demo import DEMO_PASSWORD

    pages = _demo_pages(app)  # the demo is seeded once: it takes a while
    for language in ("nl", "fr", "en"):
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == CITIZEN))
            user.locale = language  # a logged-in reader sees the language they chose
            db.session.commit()
        client = Client(app, language=language)
        client.login(CITIZEN, DEMO_PASSWORD)
        explained_somewhere: set[str] = set()
        marked_words: set[tuple[str, str]] = set()
        for endpoint, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (endpoint, url, response.status_code)
            html = response.get_data(as_text=True)
            first = first_occurrences(html, language)
            wrong = {term: where for term, where in first.items() if where != term}
            assert not wrong, f"{url} ({language}): first occurrence not explained: {wrong}"
            explained_somewhere |= set(first)
            # Only the first occurrence: one explanation per word per page.
            for key in first:
                assert html.count(f'/woordenlijst#term-{key}" title=') == 1, (url, key)
            marked_words |= {
                (key, word.lower())
                for key, word in re.findall(
                    r'/woordenlijst#term-([a-z]+)" title="[^"]*">(?:<abbr[^>]*>)?([^<]+)', html
                )
            }
        assert len(explained_somewhere) >= 10, (language, sorted(explained_somewhere))
        # The reader's own words are marked, not only the Dutch ones.
        for own in OWN_WORDS[language]:
            assert own in marked_words, (language, own, sorted(marked_words))


def test_a_word_in_a_part_hidden_from_screen_readers_is_not_made_a_link(app):
    html = (
        '<div class="chart" aria-hidden="true"><div><span>PZON</span></div>'
        "<div>zorgraad</div></div><p hidden>proeftuin</p>"
        "<table><tr><th>PZON</th></tr></table><p>De zorgraad en de proeftuin.</p>"
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        out = str(explain_terms(html))
    assert '<div class="chart" aria-hidden="true"><div><span>PZON</span></div>' in out
    assert "<div>zorgraad</div></div><p hidden>proeftuin</p>" in out
    assert "<th><dfn" in out and "De <dfn" in out and out.count("<dfn") == 3


def test_a_word_inside_an_attribute_or_a_comment_is_never_marked(app):
    html = (
        '<p><img alt="kijk > zorgraad" src="/x.png"> tekst</p>'
        "<!-- de zorgraad > hier -->"
        "<p title='proeftuin > ja'>Een klankbordgroep</p>"
    )
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        out = str(explain_terms(html))
    assert '<img alt="kijk > zorgraad" src="/x.png">' in out
    assert "<!-- de zorgraad > hier -->" in out
    assert "<p title='proeftuin > ja'>Een <dfn" in out and out.count("<dfn") == 1


class VisibleText(HTMLParser):
    """The text a reader sees in <main>: the page's own words (what people wrote, marked
    lang="nl", apart), and the words of its "Words on this page" line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in Dutch content, in the note
        self.in_main = False
        self.own: list[str] = []  # the page's language, outside the note
        self.all: list[str] = []  # everything outside the note
        self.note_words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        dutch = bool(self.stack and self.stack[-1][1]) or attributes.get("lang") == "nl"
        note = bool(self.stack and self.stack[-1][2]) or "page-words" in (
            attributes.get("class") or ""
        )
        self.stack.append((tag, dutch, note))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.in_main or not data.strip() or not self.stack:
            return
        tag, dutch, note = self.stack[-1]
        if tag in ("script", "style"):
            return
        if note:
            if tag in ("a", "abbr"):
                self.note_words.append(data.strip())
        else:
            self.all.append(data)
            if not dutch:
                self.own.append(data)


def _visible(html: str) -> VisibleText:
    reader = VisibleText()
    reader.feed(html)
    return reader


# One concept, two words an English page could use for it: it must use one of them.
ENGLISH_CONCEPTS = {
    "zorgraad": (r"zorgraa?d|zorgraden", r"care councils?"),
    "klankbordgroep": (r"klankbordgroep(?:en)?", r"sounding[- ]board groups?"),
    "eerstelijnszone": (r"eerstelijnszones?", r"primary[- ]care zones?"),
    "proeftuin": (r"proeftuin(?:en)?", r"pilot projects?"),
    "mantelzorger": (r"mantelzorgers?", r"informal carers?"),
}


def test_english_pages_use_one_word_per_concept_and_list_only_words_they_use(app):
    """An English reader meets one word for the zorgraad (never also "care council"), and
    the "Words on this page" line lists the words the page itself uses, in its own form."""
    pages = _demo_pages(app)
    client = _citizen_reading(app, "en")
    for endpoint, url in pages.items():
        html = client.get(url).get_data(as_text=True)
        seen = _visible(html)
        text = " ".join(" ".join(seen.own).split())
        everything = " ".join(" ".join(seen.all).split()).lower()
        for word in seen.note_words:
            assert word.lower() in everything, (url, word, "listed but not on the page")
        if endpoint == "site.glossary":
            continue  # the glossary explains one word by the other
        for concept, forms in ENGLISH_CONCEPTS.items():
            used = [
                form
                for form in forms
                if re.search(rf"(?<![\w-])(?:{form})(?![\w-])", text, re.IGNORECASE)
            ]
            assert len(used) < 2, (url, concept, used)


def _citizen_reading(app, language: str) -> Client:
    from burgerplatform.accounts.models import User
    from burgerplatform.demo import DEMO_PASSWORD

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == CITIZEN))
        user.locale = language
        db.session.commit()
        db.session.remove()
    client = Client(app, language=language)
    client.login(CITIZEN, DEMO_PASSWORD)
    return client


def test_the_english_glossary_lists_the_english_word_with_the_dutch_one_beside_it(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = Client(app, language="en").get(url_for("site.glossary")).get_data(as_text=True)
    assert re.search(
        r"primary-care zone <span class=\"muted\">\(in Dutch: <span lang=\"nl\">"
        r"eerstelijnszone</span>\)",
        html,
    )


def test_technical_words_are_not_listed_as_words_to_explain(app):
    """iCal is a button's word, not one of the care sector: no "Words on this page" entry
    and no glossary entry, in any language."""
    assert not any(term.key == "ical" for term in TERMS)
    pages = _demo_pages(app)
    for language in ("nl", "fr", "en"):
        client = _citizen_reading(app, language)
        for endpoint in ("proeftuinen.show", "proeftuinen.topic", "meetings.show"):
            html = client.get(pages[endpoint]).get_data(as_text=True)
            assert "#term-ical" not in html, (language, endpoint)
            assert "iCal" not in " ".join(_visible(html).note_words), (language, endpoint)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_library_case_explains_its_proeftuin_tag(app, language):
    pages = _demo_pages(app)
    html = _citizen_reading(app, language).get(pages["library.show"]).get_data(as_text=True)
    assert '/woordenlijst#term-proeftuin" title=' in html, language
