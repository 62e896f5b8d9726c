/*
 * Regions that scroll sideways can be reached from the keyboard (axe's
 * scrollable-region-focusable). On a phone a wide table (Material wraps each in
 * .md-typeset__scrollwrap) or a chart's live view kept at a legible width (.chart__graphic,
 * briefing.css) scrolls sideways; a reader without a pointer must be able to focus it to
 * scroll it with the arrow keys. Only a region that overflows takes a tab stop: on a wide
 * screen, where nothing scrolls, the keyboard does not stop at every table and chart.
 * Material makes overflowing code blocks focusable itself, but not on a touch screen
 * (a phone with a keyboard attached, or a screen reader's): this does it there.
 *
 * Nothing is measured on load: a measurement there laid out the whole page inside this
 * script's task, and the charts too that the browser leaves unrendered off screen
 * (briefing.css). A ResizeObserver reports each region after the browser's own layout,
 * and again whenever it or its content changes size. A static chart never overflows (it
 * scales down to the column) and is not measured.
 */
(function () {
  "use strict";

  var SELECTOR = ".md-typeset__scrollwrap, .chart__graphic, pre > code";
  var LABELS = { table: "Table, scrolls sideways", chart: "Chart, scrolls sideways" };

  function overflows(region) {
    if (region.classList.contains("chart__graphic") && !region.closest(".chart--live")) {
      return false;  // the static SVG scales down to the column (briefing.css)
    }
    return region.scrollWidth > region.clientWidth + 1;
  }

  function mark(region, overflowing) {
    var owned = region.getAttribute("data-scroll-focus") === "1";
    if (overflowing && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scroll-focus", "1");
      if (region.tagName !== "CODE") {  // code keeps its own role; a group is named
        region.setAttribute("role", "group");
        var kind = region.classList.contains("chart__graphic") ? "chart" : "table";
        region.setAttribute("aria-label", LABELS[kind]);
      }
    } else if (!overflowing && owned) {
      // Only what this script added is taken away.
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
      region.removeAttribute("data-scroll-focus");
    }
  }

  // Every size is read before any attribute is written: a write between two reads would
  // make the second read lay the page out again.
  function markAll(regions) {
    var overflowing = regions.map(overflows);
    regions.forEach(function (region, i) { mark(region, overflowing[i]); });
  }

  function regions() {
    return Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
  }

  var observer = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        var found = [];
        entries.forEach(function (entry) {
          var region = entry.target.closest(SELECTOR);
          if (region && found.indexOf(region) < 0) {
            found.push(region);
          }
        });
        markAll(found);
      })
    : null;

  function watch() {
    if (!observer) {  // an old browser: measure now and on each resize
      markAll(regions());
      window.addEventListener("resize", function () { markAll(regions()); });
      return;
    }
    regions().forEach(function (region) {
      observer.observe(region);
      // What scrolls changes inside a region of constant size: a chart's live view takes
      // the static one's place (charts.js), so its children are watched too.
      for (var child = region.firstElementChild; child; child = child.nextElementSibling) {
        observer.observe(child);
      }
    });
  }

  // Material wraps tables once its own (deferred) script has run: watch them after it.
  if (document.readyState === "complete") {
    watch();
  } else {
    window.addEventListener("load", watch);
  }
})();
