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

  // Spelling suggestion. Pagefind matches words as spelled (and by prefix), so a name typed
  // one letter wrong ("Krasnoyarks", "Peskob") found nothing. The build writes the site's
  // words, most frequent first (briefing/write/vocabulary.py); a query word that is not one
  // of them, nor the start of one, is searched as the most frequent word one edit away
  // (a letter dropped, added, changed, or two swapped), and the dialog says so.
  var rank = null; // word → position in the vocabulary, once loaded
  var note = null;

  function loadVocabulary(bundle) {
    return fetch(bundle + "vocabulary.json").then(function (r) {
      return r.ok ? r.json() : [];
    }).then(function (words) {
      rank = new Map();
      words.forEach(function (w, i) { rank.set(w, i); });
    }).catch(function () { rank = new Map(); }); // search works without suggestions
  }

  function known(word) {
    if (rank.has(word)) return true;
    for (var w of rank.keys()) if (w.startsWith(word)) return true;
    return false;
  }

  function nearest(word) {
    var best = null;
    function offer(candidate) {
      var at = rank.get(candidate);
      if (at !== undefined && (best === null || at < rank.get(best))) best = candidate;
    }
    var letters = new Set();
    for (var w of rank.keys()) for (var ch of w) letters.add(ch);
    var chars = Array.from(word);
    for (var i = 0; i <= chars.length; i++) {
      var head = chars.slice(0, i).join(""), tail = chars.slice(i).join("");
      if (i < chars.length) offer(head + chars.slice(i + 1).join(""));          // dropped
      if (i + 1 < chars.length) {
        offer(head + chars[i + 1] + chars[i] + chars.slice(i + 2).join(""));  // swapped
      }
      letters.forEach(function (ch) {
        offer(head + ch + tail);                                               // added
        if (i < chars.length) offer(head + ch + chars.slice(i + 1).join("")); // changed
      });
    }
    return best;
  }

  // A share is indexed as one word as well as its figure ("53percent", made by
  // briefing/pages/search_terms.py): "53%", "53 percent" and "53 per cent" are searched as
  // that word, which only pages showing the share hold. ("53" alone is in every page that
  // shows 53.5 million or 1,253.)
  function shares(term) {
    return term.replace(/(\d[\d,]*(?:\.\d+)?)\s*(?:%|per\s*cent\b)/gi, function (_, n) {
      return n.replace(/,/g, "") + "percent";
    });
  }

  function correct(term) {
    var changed = false;
    var out = term.split(/(\s+)/).map(function (part) {
      var word = part.toLowerCase();
      if (!rank || !/^\p{L}{5,}$/u.test(word) || known(word)) return part;
      var fix = nearest(word);
      if (!fix) return part;
      changed = true;
      return fix;
    }).join("");
    if (note) note.textContent = changed ? "Showing results for " + out.trim() : "";
    return shares(out);
  }

  // A claim's words are often quoted in the prose above it too: sub-results are listed by
  // how many different words of the query their excerpt shows (Pagefind marks each match in
  // the excerpt it cuts around the best region), then claims before other sections, then
  // page order; not in page order alone, so that a search for a claim's words links to the
  // claim itself first.
  function distinctMatches(excerpt) {
    var seen = new Set(), marked = /<mark>([^<]*)<\/mark>/g, m;
    while ((m = marked.exec(excerpt || "")) !== null) seen.add(m[1].toLowerCase());
    return seen.size;
  }

  // Words indexed from attributes (a figure's other spellings, a word's other spelling)
  // sit between U+2063 and U+2064 (briefing/pages/search_terms.py): Pagefind quotes them
  // in excerpts as if they were the page's text. They are taken out, and where one of
  // them matched, the figure shown after them is marked instead. Text only is touched:
  // Pagefind's excerpts hold no markup but <mark>.
  var HIDDEN = /\u2063[^\u2064]*\u2064\.?\s*(\S*)/g;

  function shown(excerpt) {
    if (typeof excerpt !== "string" || !/[\u2063\u2064]/.test(excerpt)) return excerpt;
    var out = excerpt.replace(HIDDEN, function (block, next) {
      var matched = block.indexOf("<mark>") >= 0;
      return matched && next && next.indexOf("<mark>") < 0 ? "<mark>" + next + "</mark>" : next;
    });
    // An excerpt may begin or end inside such a run of words.
    out = out.replace(/^[^\u2063]*?\u2064\.?\s*/, "").replace(/\u2063[^\u2064]*$/, "");
    return out;
  }

  function bySpecificity(result) {
    result.excerpt = shown(result.excerpt);
    (result.sub_results || []).forEach(function (sub) { sub.excerpt = shown(sub.excerpt); });
    var subs = result.sub_results;
    if (!Array.isArray(subs) || subs.length < 2) return result;
    var page = result.meta && result.meta.url || result.url;
    var top = subs[0].url === page ? [subs.shift()] : [];
    var scored = subs.map(function (sub, i) {
      return { sub: sub, i: i, close: distinctMatches(sub.excerpt),
               claim: /#claim-/.test(sub.url) ? 1 : 0 };
    });
    scored.sort(function (a, b) {
      return (b.close - a.close) || (b.claim - a.claim) || (a.i - b.i);
    });
    // Three, as Pagefind's interface shows: given more, it keeps the three with the most
    // matches (a long section over a claim), whatever their order.
    result.sub_results = top.concat(scored.slice(0, 3).map(function (s) { return s.sub; }));
    return result;
  }

  // Loads Pagefind's interface once; resolves with its search field (or nothing).
  function start() {
    if (ui) return ui;
    // Absolute, because Pagefind imports its files relative to its own script, not the page.
    var bundle = new URL(dialog.getAttribute("data-bundle"), location.href).pathname;
    ui = Promise.all([load(bundle + "pagefind-ui.css", "link"),
                      load(bundle + "pagefind-ui.js", "script"),
                      loadVocabulary(bundle)]).then(function () {
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
        processTerm: correct,
        processResult: bySpecificity,
        translations: { placeholder: "Search briefings, figures, claims",
                        filters_label: "Filter results" }
      });
      // Pagefind names its box by a title only; name it by the dialog's visible heading.
      var input = dialog.querySelector("input.pagefind-ui__search-input");
      if (input) input.setAttribute("aria-labelledby", "briefing-search-title");
      // Where a corrected query is announced; text only, never markup.
      note = document.createElement("p");
      note.className = "briefing-search__corrected";
      note.setAttribute("aria-live", "polite");
      var form = dialog.querySelector(".pagefind-ui__form");
      if (form && input) input.insertAdjacentElement("afterend", note);
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
