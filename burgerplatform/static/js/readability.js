// Live readability of an easy-read version while staff type. The same weights as the
// server (core/readability.py): Flesch–Douma for Dutch, Kandel–Moles for French, Flesch
// for English; syllables are counted by vowel groups here (the server also hyphenates),
// so the two may differ by a point or two. Calls nothing outside the page; without
// JavaScript the measure is shown after saving.
(function () {
  "use strict";
  if (window.readabilityLoaded) { return; }  // the script is included beside each field
  window.readabilityLoaded = true;
  var WEIGHTS = { nl: [206.835, 0.93, 77], fr: [207, 1.015, 73.6], en: [206.835, 1.015, 84.6] };
  var VOWELS = /[aeiouyàáâäèéêëìíîòóôöùúûüœæ]+|ï/gi;
  var WORD = /[^\s\d_.,;:!?()"“”‘’'*#>|[\]-]+/g;

  function syllables(word, lang) {
    var groups = (word.match(VOWELS) || []).length;
    if (lang === "fr" && groups > 1 && /(e|es|ent)$/i.test(word)) { groups -= 1; }
    return Math.max(groups, 1);
  }

  function measure(text, lang) {
    var w = WEIGHTS[lang] || WEIGHTS.nl, words = 0, sentences = 0, syls = 0;
    text = text.replace(/\]\([^)]*\)|https?:\/\/\S+|<[^>]+>/g, " ");
    text.split(/[.!?:;]+(?=\s|$)|\n+/).forEach(function (piece) {
      var found = piece.match(WORD);
      if (!found) { return; }
      sentences += 1;
      words += found.length;
      found.forEach(function (word) { syls += syllables(word, lang); });
    });
    if (!words) { return null; }
    return w[0] - w[1] * (words / sentences) - w[2] * (syls / words);
  }

  function level(score) {
    if (score >= 60) { return "easy"; }
    if (score >= 50) { return "fairly_easy"; }
    if (score >= 30) { return "fairly_hard"; }
    return "hard";
  }

  function update(area) {
    var note = document.getElementById(area.getAttribute("data-readability"));
    if (!note) { return; }
    var score = measure(area.value, note.getAttribute("data-lang"));
    if (score !== null) { score = Math.min(100, Math.max(0, score)); }  // "of 100"
    note.className = "readability" + (score === null ? "" : " readability-" + level(score));
    note.textContent = score === null ? note.getAttribute("data-empty") :
      note.getAttribute("data-message")
        .replace("{score}", String(Math.round(score)))
        .replace("{level}", note.getAttribute("data-" + level(score)));
  }

  var timer = null;
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.hasAttribute || !area.hasAttribute("data-readability")) { return; }
    // Wait for a pause in typing so a screen reader does not hear every keystroke.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { update(area); }, 400);
  });
})();
