// luoshi.js: the only script of the UI besides htmx. Pages work without it;
// it adds the CSRF header to htmx requests, wires the print buttons, makes
// unit selects searchable and gives the draft review its keys.
(function () {
  "use strict";
  // Marks the page as scripted: .js-only shows, .js-hide hides.
  document.documentElement.classList.add("js");
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

  // Unit pickers ([data-picker], template "unitpicker"): the select stays
  // the form field, hidden; a combobox finds a unit by any of its words
  // (name, English name, code, aliases: 教务, jwc) and the chosen units are
  // chips. Keys: arrows move in the list, Enter picks, Escape closes,
  // Backspace in the empty box removes the last chip.
  function fmt(s, v) { return (s || "").replace("%s", v).replace("%d", v); }
  function initPicker(box) {
    var sel = box.querySelector("select");
    if (!sel || box.getAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "1");
    var multiple = sel.multiple, id = sel.id, label = box.querySelector("label");
    var wrap = document.createElement("div");
    wrap.className = "picker-box";
    var chips = document.createElement("ul");
    chips.className = "chips";
    chips.id = id + "-chosen";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "-q";
    input.className = "picker-input";
    input.autocomplete = "off";
    input.placeholder = box.getAttribute("data-placeholder") || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    input.setAttribute("aria-describedby", chips.id);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", label ? label.textContent : "");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    if (label) { label.htmlFor = input.id; }
    sel.hidden = true;
    sel.tabIndex = -1;
    wrap.appendChild(chips);
    wrap.appendChild(input);
    box.appendChild(wrap);
    box.appendChild(list);
    box.appendChild(status);
    var shown = [], active = -1;

    function changed() { sel.dispatchEvent(new Event("change", { bubbles: true })); }
    function chosen() { return Array.prototype.filter.call(sel.options, function (o) { return o.selected && o.value; }); }
    function drawChips() {
      chips.textContent = "";
      chosen().forEach(function (o) {
        var li = document.createElement("li");
        li.className = "chip";
        li.setAttribute("data-code", o.value);
        var name = document.createElement("span");
        name.textContent = o.textContent;
        var x = document.createElement("button");
        x.type = "button";
        x.textContent = "×";
        x.setAttribute("aria-label", fmt(box.getAttribute("data-remove"), o.textContent));
        x.addEventListener("click", function () { o.selected = false; if (!multiple) { sel.value = ""; } drawChips(); changed(); input.focus(); });
        li.appendChild(name);
        li.appendChild(x);
        chips.appendChild(li);
      });
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        if (i === active) { li.scrollIntoView({ block: "nearest" }); }
      });
      if (active >= 0 && list.children[active]) {
        input.setAttribute("aria-activedescendant", list.children[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function open() {
      var q = input.value.trim().toLowerCase();
      shown = Array.prototype.filter.call(sel.options, function (o) {
        return o.value && !(multiple && o.selected) && (!q || (o.getAttribute("data-search") || "").indexOf(q) >= 0);
      });
      // A name or code that starts with what was typed comes first.
      if (q) {
        shown.sort(function (a, b) {
          var sa = (a.getAttribute("data-search") || "").indexOf(q) === 0 ? 0 : 1;
          var sb = (b.getAttribute("data-search") || "").indexOf(q) === 0 ? 0 : 1;
          return sa - sb;
        });
      }
      list.textContent = "";
      shown.forEach(function (o, i) {
        var li = document.createElement("li");
        li.id = id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.textContent = o.textContent;
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = o.value;
        li.appendChild(code);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(o); });
        list.appendChild(li);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "muted none";
        none.textContent = box.getAttribute("data-none") || "";
        list.appendChild(none);
      }
      active = q && shown.length ? 0 : -1;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = shown.length ? fmt(box.getAttribute("data-count"), shown.length) : box.getAttribute("data-none");
      mark();
    }
    function pick(o) {
      if (!multiple) { sel.value = ""; }
      o.selected = true;
      input.value = "";
      close();
      drawChips();
      changed();
    }
    input.addEventListener("input", open);
    input.addEventListener("click", function () { if (list.hidden) { open(); } });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (e) {
      switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (list.hidden) { open(); }
        if (shown.length) { active = Math.min(active + 1, shown.length - 1); mark(); }
        break;
      case "ArrowUp":
        e.preventDefault();
        if (shown.length) { active = Math.max(active - 1, 0); mark(); }
        break;
      case "Enter":
        // Never submits the form: Enter here picks a unit.
        e.preventDefault();
        if (!list.hidden && active >= 0 && shown[active]) { pick(shown[active]); }
        break;
      case "Escape":
        if (!list.hidden) { e.preventDefault(); close(); }
        break;
      case "Backspace":
        if (!input.value) {
          var c = chosen();
          if (c.length) { c[c.length - 1].selected = false; if (!multiple) { sel.value = ""; } drawChips(); changed(); }
        }
        break;
      }
    });
    // Enter's keypress would submit the form (implicit submission).
    input.addEventListener("keypress", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    wrap.addEventListener("click", function (e) { if (e.target === wrap || e.target === chips) { input.focus(); } });
    drawChips();
  }
  function initPickers(root) { (root || document).querySelectorAll("[data-picker]").forEach(initPicker); }

  // The draft review: split at the cursor, and keys to walk the table.
  function runes(s) { return Array.from(s).length; }
  // splitAt notes where a draft's text is to be split: the cursor, or the
  // start of what is selected, counted in characters as the server counts.
  function splitAt(ta) {
    var at = document.querySelector('.js-split-at[data-text="' + ta.id + '"]');
    if (!at) { return; }
    var before = ta.value.slice(0, ta.selectionStart);
    var n = runes(before);
    var ok = n > 0 && n < runes(ta.value);
    at.value = ok ? String(n) : "";
    var hint = document.getElementById("split-hint-" + ta.id.replace("title-", ""));
    if (hint) {
      hint.textContent = ok ? fmt(hint.getAttribute("data-at"), Array.from(before).slice(-8).join("")) : hint.getAttribute("data-none");
    }
  }
  ["select", "click", "keyup", "input"].forEach(function (ev) {
    document.addEventListener(ev, function (e) {
      if (e.target.classList && e.target.classList.contains("js-split-text")) { splitAt(e.target); }
    });
  });
  // A point clicked or selected in the speech's marked words puts the
  // cursor there in the draft's text, when that text is still the words.
  document.addEventListener("mouseup", function (e) {
    var words = e.target.closest && e.target.closest(".speech mark .words");
    var s = window.getSelection();
    if (!words || !s || !s.rangeCount) { return; }
    var seq = words.parentNode.getAttribute("data-seq");
    var ta = document.querySelector('.js-split-text[data-found="' + seq + '"]');
    var r = s.getRangeAt(0);
    if (!ta || !words.contains(r.startContainer)) { return; }
    var pre = document.createRange();
    pre.setStart(words, 0);
    pre.setEnd(r.startContainer, r.startOffset);
    var k = pre.toString().length;
    if (ta.value.slice(0, k) !== pre.toString()) { return; }
    ta.setSelectionRange(k, k);
    splitAt(ta);
    current(ta.closest("tr"));
  });
  // Split without a cursor in the text: say where to click instead of
  // sending a split the server must refuse. (A click on the button also
  // puts the focus in the text; the s key does not, or the key's own
  // character would land in it.)
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".js-split");
    if (!b) { return; }
    var at = b.parentNode.querySelector(".js-split-at");
    if (at && !at.value) {
      e.preventDefault();
      var hint = b.parentNode.querySelector(".split-hint");
      if (hint) { hint.classList.add("ask"); }
      var ta = document.getElementById(at.getAttribute("data-text"));
      if (ta && e.detail > 0) { ta.focus(); }
    }
  });
  function current(row) {
    if (!row) { return; }
    document.querySelectorAll("table.drafts tr.current").forEach(function (r) { r.classList.remove("current"); r.removeAttribute("aria-current"); });
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }
  // Working in a row makes it the current one, for the keys below.
  document.addEventListener("focusin", function (e) {
    var row = e.target.closest && e.target.closest("table.drafts tbody tr[data-seq]");
    if (row && !row.classList.contains("current")) {
      document.querySelectorAll("table.drafts tr.current").forEach(function (r) { r.classList.remove("current"); r.removeAttribute("aria-current"); });
      row.classList.add("current");
      row.setAttribute("aria-current", "true");
    }
  });
  // j/k move between rows, a accepts, x rejects, s splits at the cursor;
  // not while typing in a field, nor with a modifier held.
  document.addEventListener("keydown", function (e) {
    var table = document.querySelector("table.drafts");
    var t = e.target;
    if (!table || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || (t.matches && t.matches("input, textarea, select"))) { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-seq]"));
    if (!rows.length) { return; }
    var cur = table.querySelector("tr.current"), i = rows.indexOf(cur);
    var key = e.key;
    if (key === "j" || key === "k") {
      e.preventDefault();
      i = key === "j" ? Math.min(i + 1, rows.length - 1) : Math.max(i - 1, 0);
      current(rows[i]);
      return;
    }
    if ((key === "a" || key === "x" || key === "s") && cur) {
      var b = cur.querySelector('button[data-key="' + key + '"]');
      if (!b) { return; }
      e.preventDefault();
      b.click();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    initPickers();
    document.querySelectorAll(".js-split-at").forEach(function (at) { at.type = "hidden"; at.value = ""; });
    var m = /^#draft-\d+$/.exec(location.hash);
    if (m) { current(document.querySelector(location.hash)); }
  });
  document.addEventListener("htmx:afterSwap", function (e) { initPickers(e.target); });
})();
