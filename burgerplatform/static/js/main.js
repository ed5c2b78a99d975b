// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Focus what the page asks for on load (the error summary, else the message of what
  // just happened, else a confirmation's question), so keyboard and screen-reader users
  // hear it first: `autofocus` does it too, where it is supported on such elements.
  var first = document.querySelector("[autofocus]");
  if (first && document.activeElement !== first) { first.focus(); }

  // Ask before destructive buttons marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // A double click must not send a form twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 4000);
  });
})();
