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
  // Filter forms: submit on change (htmx swaps the results when present).
  document.addEventListener("change", function (e) {
    var f = e.target.form;
    if (f && f.classList.contains("js-autosubmit") && !window.htmx) { f.submit(); }
  });
})();
