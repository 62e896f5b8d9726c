/*
 * Regions that scroll sideways can be reached from the keyboard (axe's
 * scrollable-region-focusable). On a phone a wide table (Material wraps each in
 * .md-typeset__scrollwrap) or a chart kept at a legible width (.chart__graphic,
 * briefing.css) scrolls sideways; a reader without a pointer must be able to focus it to
 * scroll it with the arrow keys. Only a region that overflows takes a tab stop: on a wide
 * screen, where nothing scrolls, the keyboard does not stop at every table and chart.
 * Material makes overflowing code blocks focusable itself, but not on a touch screen
 * (a phone with a keyboard attached, or a screen reader's): this does it there.
 */
(function () {
  "use strict";

  var SELECTOR = ".md-typeset__scrollwrap, .chart__graphic, pre > code";
  var LABELS = { table: "Table, scrolls sideways", chart: "Chart, scrolls sideways" };

  function mark(region) {
    var overflows = region.scrollWidth > region.clientWidth + 1;
    var owned = region.getAttribute("data-scroll-focus") === "1";
    if (overflows && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scroll-focus", "1");
      if (region.tagName !== "CODE") {  // code keeps its own role; a group is named
        region.setAttribute("role", "group");
        var kind = region.classList.contains("chart__graphic") ? "chart" : "table";
        region.setAttribute("aria-label", LABELS[kind]);
      }
    } else if (!overflows && owned) {
      // Only what this script added is taken away.
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
      region.removeAttribute("data-scroll-focus");
    }
  }

  function scan() {
    var regions = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < regions.length; i++) {
      mark(regions[i]);
      if (observer) {
        observer.observe(regions[i]);
        // What scrolls changes inside a region of constant size: a chart's live view takes
        // the static one's place (charts.js), so its children are watched too.
        for (var child = regions[i].firstElementChild; child; child = child.nextElementSibling) {
          observer.observe(child);
        }
      }
    }
  }

  var observer = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        for (var i = 0; i < entries.length; i++) {
          var target = entries[i].target;
          var region = target.matches(SELECTOR) ? target : target.closest(SELECTOR);
          if (region) {
            mark(region);
          }
        }
      })
    : null;

  // Material wraps tables once its own (deferred) script has run: scan after it.
  if (document.readyState === "complete") {
    scan();
  } else {
    window.addEventListener("load", scan);
  }
  window.addEventListener("resize", scan);
})();
