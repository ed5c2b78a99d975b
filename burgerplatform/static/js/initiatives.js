// Autosave of an initiative draft: every 20 seconds after a change, the form is sent to
// the same address as the "Save draft" button. Without this file, that button saves.
(function () {
  "use strict";
  var form = document.querySelector("form.initiative-form[data-autosave='1']");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var changed = false;
  form.addEventListener("input", function () { changed = true; });
  window.setInterval(function () {
    if (!changed) { return; }
    changed = false;
    var data = new FormData(form);
    data.set("action", "save");
    window.fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin", redirect: "follow"
    }).then(function (response) {
      if (status && response.ok) { status.textContent = form.getAttribute("data-saved-text") || ""; }
      if (!response.ok) { changed = true; }
    }).catch(function () { changed = true; });
  }, 20000);
})();
