// A "Copy" button beside a read-only input: <button data-copy-target="input-id" hidden>.
// Without JavaScript the button stays hidden and the link can be selected and copied by hand.
// What it says comes from the button, translated by its template: data-copied-status (the
// status line once copied), data-copied-label (the button's new text), data-copy-failed.
(function () {
  "use strict";
  function status(id, text) {
    var place = document.querySelector('[data-copy-status="' + id + '"]');
    if (place) place.textContent = text;
  }
  function copy(button) {
    var id = button.getAttribute("data-copy-target");
    var input = document.getElementById(id);
    if (!input) return;
    input.select();
    var done = function () {
      status(id, button.getAttribute("data-copied-status") || "");
      button.textContent = button.getAttribute("data-copied-label") || button.textContent;
    };
    var failed = function () { status(id, button.getAttribute("data-copy-failed") || ""); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, failed);
    } else {
      try { document.execCommand("copy") ? done() : failed(); } catch (e) { failed(); }
    }
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
