"""Read aloud: a citizen presses "Lees voor" (by keyboard) and hears the page's main text
in the page's language, can pause, go on and stop; it never reads what is hidden, reads
the easy-read version when the page has one, and is not there without JavaScript or
without a voice for the language.

Chromium's speech is replaced by a recorder (an init script): `getVoices` gives the
voices the test names, `speak` notes each utterance's text and language.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_a11y, goto, new_page, press_and_wait, tab_to

pytestmark = pytest.mark.browser

SPEECH_RECORDER = """
(function () {
  var voices = VOICES.map(function (lang) {
    return {lang: lang, name: "Test " + lang, voiceURI: "test-" + lang, localService: true,
            default: false};
  });
  var utterances = [];
  window.__spoken = [];
  window.__speech = {paused: false, cancelled: 0};
  function Utterance(text) { this.text = text; this.lang = ""; this.voice = null; }
  var synth = {
    getVoices: function () { return voices; },
    speak: function (u) {
      utterances.push(u);
      window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null});
    },
    cancel: function () { window.__speech.cancelled += 1; utterances = []; },
    pause: function () { window.__speech.paused = true; },
    resume: function () { window.__speech.paused = false; },
    addEventListener: function () {},
  };
  // Every queued utterance is spoken to its end.
  window.__finishSpeaking = function () {
    var done = utterances; utterances = [];
    done.forEach(function (u) { if (u.onend) { u.onend({}); } });
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  Object.defineProperty(window, "SpeechSynthesisUtterance",
                        {value: Utterance, configurable: true, writable: true});
})();
"""


def with_voices(context, *langs: str) -> None:
    context.add_init_script(SPEECH_RECORDER.replace("VOICES", json.dumps(list(langs))))


@pytest.fixture
def help_zone(app, make_zone):
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    with app.app_context():
        stored = db.session.get(Zone, zone.id)
        stored.contact_name = "Els Van Damme"
        stored.contact_phone = "09 376 12 34"
        stored.opening_hours = "Maandag tot donderdag, 9 tot 12 uur"
        db.session.commit()
        db.session.remove()
    return zone


def spoken(page) -> list[dict]:
    return page.evaluate("() => window.__spoken")


def test_a_citizen_hears_the_help_page_in_dutch_and_pauses_and_stops_it_by_keyboard(
    page, help_zone
):
    with_voices(page.context, "nl-BE", "fr-BE")
    goto(page, "/meetjesland/help")
    start = page.get_by_role("button", name="Lees voor")
    expect(start).to_be_visible()
    expect(start).to_have_attribute("aria-pressed", "false")
    # Things a reader must never hear, put in the page as the site would hide them.
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        const add = (html) => main.insertAdjacentHTML('beforeend', html);
        add('<p hidden>Verborgen tekst een</p>');
        add('<p aria-hidden="true">Verborgen tekst twee</p>');
        add('<p class="hidden-note" data-read-aloud="skip">Verborgen door de moderator</p>');
        const gone = document.createElement('p');
        gone.textContent = 'Verborgen tekst drie';
        gone.style.display = 'none';
        main.appendChild(gone);
    }"""
    )
    tab_to(page, start)
    page.keyboard.press("Enter")
    expect(start).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".read-aloud-status")).to_have_text("Wordt voorgelezen.")
    said = spoken(page)
    texts = [s["text"] for s in said]
    assert texts[0] == "Hulp en contact", texts[:3]
    assert any("Els Van Damme" in t for t in texts)
    assert any("09 376 12 34" in t for t in texts)
    assert {s["lang"] for s in said} == {"nl-BE"}
    everything = " ".join(texts)
    assert "Verborgen" not in everything
    # Not the menu, not the footer, not the buttons of the control itself.
    assert "Privacyverklaring" not in everything and "Lees voor" not in everything

    pause = page.get_by_role("button", name="Pauzeer")
    tab_to(page, pause)
    page.keyboard.press("Enter")
    expect(pause).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => window.__speech.paused")
    expect(page.locator(".read-aloud-status")).to_have_text("Gepauzeerd.")
    page.keyboard.press("Enter")  # go on
    expect(pause).to_have_attribute("aria-pressed", "false")
    assert not page.evaluate("() => window.__speech.paused")

    stop = page.get_by_role("button", name="Stop")
    tab_to(page, stop)
    page.keyboard.press("Enter")
    expect(start).to_have_attribute("aria-pressed", "false")
    expect(start).to_be_focused()
    expect(page.locator(".read-aloud-status")).to_have_text("Voorlezen gestopt.")
    assert page.evaluate("() => window.__speech.cancelled") >= 1

    # Read again, to the end.
    page.keyboard.press("Enter")
    page.evaluate("() => window.__finishSpeaking()")
    expect(page.locator(".read-aloud-status")).to_have_text("Klaar met voorlezen.")
    expect(start).to_have_attribute("aria-pressed", "false")
    check_a11y(page)  # the page with the control in use


def test_a_french_speaker_hears_the_page_in_french_and_the_easy_read_version_first(page, help_zone):
    with_voices(page.context, "nl-BE", "fr-BE")
    goto(page, "/meetjesland/help")
    french = page.locator("form.language-switch button[lang='fr']")
    tab_to(page, french)
    press_and_wait(page)
    assert page.locator("html").get_attribute("lang") == "fr"
    start = page.get_by_role("button", name="Lire à voix haute")
    tab_to(page, start)
    page.keyboard.press("Enter")
    said = spoken(page)
    assert said[0]["text"] == "Aide et contact"
    assert {s["lang"] for s in said} == {"fr-BE"}
    assert any("Vous préférez le dire par téléphone" in s["text"] for s in said)
    page.get_by_role("button", name="Arrêter").click()
    # A page that shows an easy-read version: that is what is read.
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('afterbegin',
        '<div data-read-aloud="easy"><p>Vous pouvez nous appeler.</p></div>')"""
    )
    page.evaluate("() => { window.__spoken = []; }")
    start.click()
    assert [s["text"] for s in spoken(page)] == ["Vous pouvez nous appeler."]


def test_without_a_voice_for_the_language_or_without_javascript_there_is_no_control(
    page, browser, base_url, help_zone
):
    # Only Dutch and French voices: the English page offers no read-aloud.
    with_voices(page.context, "nl-BE", "fr-BE")
    goto(page, "/meetjesland/help")
    tab_to(page, page.locator("form.language-switch button[lang='en']"))
    press_and_wait(page)
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("#read-aloud")).to_be_hidden()
    expect(page.get_by_role("button", name="Read aloud")).to_have_count(0)
    # Chromium's own voices (none for Dutch on a bare machine): the control is shown
    # only when there is one, and nothing breaks either way.
    bare = new_page(browser, base_url, page)
    goto(bare, "/meetjesland/help")
    has_dutch = bare.evaluate(
        "() => !!window.speechSynthesis && speechSynthesis.getVoices()"
        ".some(v => v.lang.toLowerCase().startsWith('nl'))"
    )
    expect(bare.locator("#read-aloud")).to_be_visible() if has_dutch else expect(
        bare.locator("#read-aloud")
    ).to_be_hidden()
    # Without JavaScript: never shown, and the page works (its links lead on).
    plain = new_page(browser, base_url, page, java_script_enabled=False)
    goto(plain, "/meetjesland/help")
    expect(plain.locator("#read-aloud")).to_be_hidden()
    expect(plain.get_by_role("button", name="Lees voor")).to_have_count(0)
    expect(plain.get_by_role("heading", name="Hulp en contact")).to_be_visible()
    plain.context.close()
    bare.context.close()
