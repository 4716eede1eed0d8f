// Forms that never lose work, as progressive enhancement: without JavaScript the server's error
// summary, its length checks and plain saving all still work.
// - Focus moves to a refused form's error summary ([data-error-summary]), and its links focus
//   the field they name.
// - A field with data-max-length (templates/django/forms/widgets/attrs.html) gets a counter,
//   in the words base.html puts on this script's tag (data-count-text and data-over-*-text,
//   translated there), with numbers written the page's way (<html lang>).
// - Leaving a page while a form holds unsaved changes asks first, except for forms marked
//   data-no-unsaved-warning, GET forms (filters keep their fields in the address) and a form
//   being submitted. A refused form, or one the server marked data-unsaved, holds unsaved text
//   from the start.
(function () {
  "use strict";
  // Read now: document.currentScript is only set while the script runs.
  var script = document.currentScript;
  function words(name) {
    return (script && script.getAttribute(name)) || "";
  }
  var countWords = words("data-count-text");
  var overOneWords = words("data-over-one-text");
  var overManyWords = words("data-over-many-text");

  // --- Error summary -------------------------------------------------------------------------
  function focusSummary(root) {
    var summary = root.matches && root.matches("[data-error-summary]")
      ? root : root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    // The label (or legend) above the field comes into view with it.
    var label = field.labels && field.labels[0];
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (label || legend || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });

  // --- Character counters --------------------------------------------------------------------
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "en");

  // The length the server counts: code points, with each line break sent as CR LF.
  function serverLength(value) {
    return Array.from(value).length + (value.match(/\n/g) || []).length;
  }

  // "{count} of {limit} characters"; "{over} character(s) too many": one, or more than one
  // (the rule of both the site's languages, as over is never 0).
  function countText(length, limit) {
    if (length <= limit) {
      return countWords.replace("{count}", numbers.format(length))
        .replace("{limit}", numbers.format(limit));
    }
    var over = length - limit;
    return (over === 1 ? overOneWords : overManyWords).replace("{over}", numbers.format(over));
  }

  function addCounter(field) {
    if (field.hasAttribute("data-counted") || !field.id) return;
    var counted = field.tagName === "TEXTAREA" || field.type === "text" || field.type === "search";
    var limit = parseInt(field.getAttribute("data-max-length"), 10);
    if (!counted || !(limit > 0) || !countWords) return;
    field.setAttribute("data-counted", "");
    var counter = document.createElement("div");
    counter.id = field.id + "-count";
    counter.className = "form-text char-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var update = function () {
      var length = serverLength(field.value);
      counter.textContent = countText(length, limit);
      counter.classList.toggle("text-danger", length > limit);
      counter.classList.toggle("fw-semibold", length > limit);
    };
    field.addEventListener("input", update);
    update();
  }

  function addCounters(root) {
    root.querySelectorAll("[data-max-length]").forEach(addCounter);
  }

  // --- Unsaved changes -----------------------------------------------------------------------
  function changed(element) {
    if (element.disabled || !element.name || element.type === "hidden") return false;
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked !== element.defaultChecked;
    }
    if (element.tagName === "SELECT") {
      var options = Array.from(element.options);
      var hasDefault = options.some(function (option) { return option.defaultSelected; });
      return options.some(function (option, index) {
        var byDefault = hasDefault ? option.defaultSelected : index === 0 && !element.multiple;
        return option.selected !== byDefault;
      });
    }
    if (element.type === "file") return element.value !== "";
    return "defaultValue" in element && element.value !== element.defaultValue;
  }

  function watched(form) {
    return !form.hasAttribute("data-no-unsaved-warning")
      && (form.getAttribute("method") || "get").toLowerCase() !== "get"
      && !form.hasAttribute("data-submitting");
  }

  function dirty(form) {
    if (!watched(form)) return false;
    var elements = Array.from(form.elements);
    // A refused form came back with the text that was not saved.
    var refused = form.querySelector("[data-error-summary]") || elements.some(function (element) {
      return element.getAttribute("aria-invalid") === "true";
    });
    return Boolean(refused) || form.hasAttribute("data-unsaved") || elements.some(changed);
  }

  // What is on the page now is what is saved: after an htmx save of the form.
  function markSaved(form) {
    form.removeAttribute("data-unsaved");
    Array.from(form.elements).forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.defaultChecked = element.checked;
      } else if (element.tagName === "SELECT") {
        Array.from(element.options).forEach(function (option) {
          option.defaultSelected = option.selected;
        });
      } else if ("defaultValue" in element && element.type !== "file") {
        element.defaultValue = element.value;
      }
    });
  }

  document.addEventListener("submit", function (event) {
    event.target.setAttribute("data-submitting", "");
  });

  // Coming back to the page from the history: nothing is being submitted any more.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!Array.from(document.forms).some(dirty)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // htmx saves a form in place: a success clears what it saved, a refusal leaves it to change.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form) return;
    form.removeAttribute("data-submitting");
    var refused = form.querySelector("[data-error-summary]");
    if (event.detail.successful && form.isConnected && !refused) markSaved(form);
  });

  // New content from htmx: counters for its fields, focus for its summary.
  document.addEventListener("htmx:load", function (event) {
    addCounters(event.detail.elt);
    if (event.detail.elt !== document.body) focusSummary(event.detail.elt);
  });

  addCounters(document);
  focusSummary(document);
})();
