// Read aloud: reads the page's main text in the page's language with the browser's own
// speech (speechSynthesis). The control stays hidden without a voice for the language;
// without this file the page simply has no control. It reads the easy-read version when
// the page marks one (data-read-aloud="easy"), else <main>, and never reads what is
// hidden: [hidden], aria-hidden, display:none, moderated posts (data-read-aloud="skip"),
// navigation (menus, breadcrumbs, page links), the footer and form fields.
(function () {
  "use strict";
  var control = document.querySelector("[data-read-aloud-control]");
  var speech = window.speechSynthesis;
  if (!control || !speech || !window.SpeechSynthesisUtterance) { return; }
  var lang = (document.documentElement.getAttribute("lang") || "nl").toLowerCase();
  var start = control.querySelector("[data-read-aloud-action='start']");
  var pause = control.querySelector("[data-read-aloud-action='pause']");
  var stop = control.querySelector("[data-read-aloud-action='stop']");
  var status = control.querySelector(".read-aloud-status");
  var voice = null;
  var reading = false;
  var queue = 0;
  var run = 0; // each reading's number: a cancelled reading's last events are ignored

  var SKIP = "script, style, template, noscript, nav, footer, button, input, select, " +
    "textarea, option, [hidden], [aria-hidden='true'], [data-read-aloud='skip'], " +
    "[data-read-aloud-control], .hidden-note, .hidden-text, .breadcrumbs, .breadcrumb, " +
    ".pagination, .skip-link";
  // Each of these starts a new piece to read: a pause between headings and paragraphs.
  var BLOCKS = /^(P|LI|H[1-6]|DT|DD|TD|TH|BLOCKQUOTE|FIGCAPTION|LEGEND|LABEL|SUMMARY|CAPTION|PRE)$/;

  function pickVoice() {
    var voices = speech.getVoices() || [];
    var base = lang.split("-")[0];
    var exact = null, near = null;
    for (var i = 0; i < voices.length; i++) {
      var vl = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (vl === lang) { exact = exact || voices[i]; }
      if (vl.split("-")[0] === base) {
        // A Belgian voice for a Belgian site, when there is one.
        if (!near || vl.slice(-2) === "be") { near = voices[i]; }
      }
    }
    return exact || near;
  }

  function visible(el) {
    if (el.closest(SKIP)) { return false; }
    if (el.checkVisibility) {
      return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    }
    var style = window.getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden";
  }

  function pieces(root) {
    var out = [];
    var current = "";
    function flush() {
      var text = current.replace(/\s+/g, " ").trim();
      if (text) { out.push(text); }
      current = "";
    }
    function walk(node) {
      if (node.nodeType === 3) { current += node.nodeValue; return; }
      if (node.nodeType !== 1 || !visible(node)) { return; }
      var block = BLOCKS.test(node.tagName);
      if (block) { flush(); }
      for (var child = node.firstChild; child; child = child.nextSibling) { walk(child); }
      if (block) { flush(); } else if (node.tagName === "BR") { current += " "; }
    }
    walk(root);
    flush();
    return out;
  }

  function source() {
    var main = document.querySelector("main") || document.body;
    var easy = [].slice.call(main.querySelectorAll("[data-read-aloud='easy']")).filter(visible);
    return easy.length ? easy : [main];
  }

  function say(text) {
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function setState(isReading, isPaused) {
    reading = isReading;
    start.setAttribute("aria-pressed", isReading ? "true" : "false");
    pause.setAttribute("aria-pressed", isPaused ? "true" : "false");
    pause.disabled = !isReading;
    stop.disabled = !isReading;
  }

  function finish(message) {
    setState(false, false);
    say(message);
  }

  function read() {
    speech.cancel();
    var texts = [];
    source().forEach(function (root) { texts = texts.concat(pieces(root)); });
    if (!texts.length) { return; }
    queue = texts.length;
    run += 1;
    var mine = run;
    setState(true, false);
    say(control.getAttribute("data-reading"));
    texts.forEach(function (text) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = voice && voice.lang ? voice.lang : lang;
      if (voice) { utterance.voice = voice; }
      utterance.onend = utterance.onerror = function () {
        if (mine !== run) { return; }
        queue -= 1;
        if (queue <= 0 && reading) { finish(control.getAttribute("data-done")); }
      };
      speech.speak(utterance);
    });
  }

  function halt() {
    run += 1;
    queue = 0;
    reading = false;
    speech.cancel();
    finish(control.getAttribute("data-stopped"));
  }

  start.addEventListener("click", function () {
    if (reading) { halt(); } else { read(); }
  });
  pause.addEventListener("click", function () {
    if (!reading) { return; }
    if (pause.getAttribute("aria-pressed") === "true") {
      speech.resume();
      setState(true, false);
      say(control.getAttribute("data-reading"));
    } else {
      speech.pause();
      setState(true, true);
      say(control.getAttribute("data-paused"));
    }
  });
  stop.addEventListener("click", function () {
    halt();
    start.focus();
  });
  // Leaving the page stops the voice (some browsers keep reading otherwise).
  window.addEventListener("pagehide", function () { speech.cancel(); });

  function offer() {
    voice = pickVoice();
    if (voice) { control.hidden = false; }
  }
  offer();
  if (!voice && speech.addEventListener) {
    // Chromium loads its voices after the page: they come with this event.
    speech.addEventListener("voiceschanged", offer);
  }
})();
