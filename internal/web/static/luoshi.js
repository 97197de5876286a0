// luoshi.js: the only script of the UI besides htmx. Pages work without it;
// it adds the CSRF header to htmx requests and wires the print buttons.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (e) {
    var m = document.querySelector('meta[name="csrf-token"]');
    if (m) { e.detail.headers["X-CSRF-Token"] = m.content; }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".js-print");
    if (b) { window.print(); }
  });
  // Forms that change something: while one is being sent, its buttons are
  // disabled and a second submit is ignored, so a double click sends once.
  // (Without the script the form's one-time token still makes a repeat
  // harmless: the server answers it with the first result.) A page shown
  // again from the Back cache gets its buttons back.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f || (f.method || "").toLowerCase() !== "post" || !f.querySelector('input[name="submission"]')) { return; }
    if (f.getAttribute("aria-busy") === "true") { e.preventDefault(); return; }
    f.setAttribute("aria-busy", "true");
    // After this tick, so the clicked button's name and value are sent.
    setTimeout(function () {
      f.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[aria-busy="true"]').forEach(function (f) {
      f.removeAttribute("aria-busy");
      f.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
  // A box that chooses all: [data-check-all=NAME] ticks its form's NAME boxes.
  document.addEventListener("change", function (e) {
    var all = e.target.closest && e.target.closest("[data-check-all]");
    if (!all || !all.form) { return; }
    all.form.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-check-all") + '"]').forEach(function (c) { c.checked = all.checked; });
  });
  // Filter forms: submit on change (htmx swaps the results when present).
  document.addEventListener("change", function (e) {
    var f = e.target.form;
    if (f && f.classList.contains("js-autosubmit") && !window.htmx) { f.submit(); }
  });
})();
