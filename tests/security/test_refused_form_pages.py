"""Every form sent empty (or with a password typed), as someone allowed to send it: the
page that comes back lists every error in its summary, each entry a link to the input it
is about; the summary takes the focus (no other element asks for it); no id is used
twice; and a password field that was emptied says to type it again (outside review)."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.security import matrix
from tests.security.test_fuzz import (  # noqa: F401 - `discovered` is a fixture
    CRAWLERS,
    REPORT,
    allowed_actor,
    discovered,
    post_cases,
    url,
)
from tests.security.world import client_for

CONTROLS = ("input", "select", "textarea")
RETYPE_NL = "Typ je wachtwoord opnieuw."
TYPED_PASSWORD = "een-wachtwoord-dat-niet-terugkomt"


class Page(HTMLParser):
    """What these checks read from a page: its elements by id, the links of the error
    summary, the field errors, and the elements that ask for the focus on load."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, list[tuple[str, dict]]] = {}
        self.summary_links: list[str] = []
        self.summary_items = 0
        self.field_errors: list[str] = []
        self.autofocus: list[str] = []
        self.passwords: dict[str, dict] = {}
        self._summary_depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if "id" in attrs:
            self.ids.setdefault(attrs["id"], []).append((tag, attrs))
        if "autofocus" in attrs:
            self.autofocus.append(f"{tag}#{attrs.get('id', '')}")
        if tag == "input" and attrs.get("type") == "password":
            self.passwords[attrs.get("id", "")] = attrs
        classes = attrs.get("class", "").split()
        if tag == "p" and "error" in classes and attrs.get("id", "").endswith("-error"):
            self.field_errors.append(attrs["id"].removesuffix("-error"))
        if self._summary_depth:
            if tag == "div":
                self._summary_depth += 1
            elif tag == "li":
                self.summary_items += 1
            elif tag == "a" and attrs.get("href", "").startswith("#"):
                self.summary_links.append(attrs["href"][1:])
        elif tag == "div" and "error-summary" in classes and attrs.get("id") == "error-summary":
            self._summary_depth = 1

    def handle_endtag(self, tag):
        if self._summary_depth and tag == "div":
            self._summary_depth -= 1


def problems_of(page: Page, typed_passwords: set[str]) -> list[str]:
    found = [
        f"id {i!r} used {len(tags)} times ({', '.join(tag for tag, _attrs in tags)})"
        for i, tags in page.ids.items()
        if len(tags) > 1
    ]
    if page.summary_items:
        if page.autofocus != ["div#error-summary"]:
            found.append(f"the focus on load goes to {page.autofocus}, not the summary")
        for target in page.summary_links:
            tag, attrs = (page.ids.get(target) or [("nothing", {})])[0]
            if tag not in CONTROLS or attrs.get("type") == "hidden":
                found.append(f"summary entry #{target} leads to {tag}, not to its input")
        for name in page.field_errors:
            if name not in page.summary_links and f"{name}-0" not in page.summary_links:
                found.append(f"the error of {name!r} has no link in the summary")
    for field_id in typed_passwords:
        attrs = page.passwords.get(field_id)
        if attrs is None:
            continue  # the page that came back has no such field (e.g. a redirect target)
        if attrs.get("value"):
            found.append(f"password {field_id!r} sent back into the page")
        if f"{field_id}-retype" not in attrs.get("aria-describedby", "").split():
            found.append(f"password {field_id!r} emptied without saying so")
    return found


def test_every_refused_form_links_each_error_to_its_input_and_says_a_password_is_emptied(
    app,
    world,
    discovered,  # noqa: F811
):
    built, sessions, rollback = world
    wrong: list[str] = []
    summaries = passwords = 0
    for case in post_cases(app, built):
        actor = allowed_actor(app, case)
        path = url(app, case)
        form = discovered.get(path)
        if actor is None or form is None:
            continue
        typed = {f.name for f in form.fields.values() if f.kind == "password"}
        if typed and matrix.allowed(app, case, "anonymous"):
            actor = "anonymous"  # registering, logging in: logged in, it is a redirect
        session = sessions[actor]
        # Every text left empty (the usual required-field errors), a password typed.
        data = {
            f.name: TYPED_PASSWORD if f.name in typed else ""
            for f in form.fields.values()
            if f.kind not in ("radio", "checkbox", "hidden", "select")
        }
        data["csrf_token"] = session.token
        with rollback.undone():
            client = client_for(app, session, language="nl")
            response = client.post(path, data=data)
            html = response.get_data(as_text=True)
            response.close()
        if response.status_code != 400 or "text/html" not in response.content_type:
            continue
        page = Page(html)
        summaries += bool(page.summary_items)
        passwords += bool(typed & set(page.passwords))
        # A field's id is its name in these forms (WTForms' default).
        problems = problems_of(page, typed)
        if typed & set(page.passwords) and RETYPE_NL not in html:
            problems.append("no Dutch word about the emptied password")
        wrong += [f"{case.label} as {actor}: {p}" for p in problems]
    REPORT.append(f"refused forms: {summaries} error summaries, {passwords} with a password")
    assert summaries > 40
    assert passwords >= 3
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong[:60])


def test_every_page_uses_each_id_once_and_asks_for_the_focus_at_most_once(app, world):
    """Every page as every crawling actor: an id twice (two forms' tokens, an answer box
    and a radio of another form) breaks labels and links; two elements asking for the
    focus on load leave it to chance which is read first."""
    built, sessions, rollback = world
    wrong = set()
    pages = 0
    for actor in CRAWLERS:
        for case in matrix.cases(app, built):
            if case.method != "GET" or not matrix.allowed(app, case, actor):
                continue
            with rollback.undone():
                response = client_for(app, sessions[actor]).get(url(app, case))
                html = response.get_data().decode("utf-8", "replace")
                response.close()
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            pages += 1
            page = Page(html)
            wrong.update(f"{case.label}: {p}" for p in problems_of(page, set()))
            if len(page.autofocus) > 1:
                wrong.add(f"{case.label}: {page.autofocus} all ask for the focus")
    assert pages > 150
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(sorted(wrong)[:60])
