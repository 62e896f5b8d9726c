// The search dialog in the header (overrides/partials/header.html).
// Pagefind's interface (about 120 KB) and its index load only when a reader first opens
// search, so a page that is only read downloads none of it. Links in results are made
// from where this site is served: the same build works at /, under a GitHub Pages
// project path, and inside each edition's folder.
(function () {
  "use strict";
  var dialog = document.getElementById("briefing-search");
  var opener = document.querySelector(".briefing-search__open");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;
  var ui = null;

  function load(url, tag) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      if (tag === "link") { el.rel = "stylesheet"; el.href = url; }
      else { el.src = url; }
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(el);
    });
  }

  // Loads Pagefind's interface once; resolves with its search field (or nothing).
  function start() {
    if (ui) return ui;
    // Absolute, because Pagefind imports its files relative to its own script, not the page.
    var bundle = new URL(dialog.getAttribute("data-bundle"), location.href).pathname;
    ui = Promise.all([load(bundle + "pagefind-ui.css", "link"),
                      load(bundle + "pagefind-ui.js", "script")]).then(function () {
      /* global PagefindUI */
      new PagefindUI({
        element: "#briefing-search-ui",
        bundlePath: bundle,
        baseUrl: new URL(dialog.getAttribute("data-root"), location.href).pathname,
        showSubResults: true,
        showImages: false,
        autofocus: true,
        pageSize: 8,
        // Briefing pages carry their topics as a filter (templates/briefing.md.j2); it is
        // the only one, so it is shown open.
        openFilters: ["topic"],
        translations: { placeholder: "Search briefings, figures, claims",
                        filters_label: "Filter results" }
      });
      // Pagefind names its box by a title only; name it by the dialog's visible heading.
      var input = dialog.querySelector("input.pagefind-ui__search-input");
      if (input) input.setAttribute("aria-labelledby", "briefing-search-title");
      return input;
    }).catch(function (err) {
      ui = null;
      var box = document.getElementById("briefing-search-ui");
      box.textContent = "Search could not load (" + err.message + ").";
    });
    return ui;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    start().then(function (input) {
      if (input) { input.focus(); input.select(); }
    });
  }

  opener.addEventListener("click", open);
  dialog.querySelector(".briefing-search__close").addEventListener("click", function () {
    dialog.close();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as Esc does.
  dialog.addEventListener("click", function (ev) {
    if (ev.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", function (ev) {
    if (dialog.open || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (ev.key === "/" || ev.key === "s") {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      open();
    }
  }, true);
})();
