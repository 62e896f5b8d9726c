/*
 * Interactive charts. Each chart's page already shows a static SVG (readable without
 * JavaScript and in print). Here, where JavaScript runs, each becomes a Vega view with
 * tooltips, drawn from the spec inlined beside it by the local Vega bundle (never a CDN).
 *
 * The spec holds the light palette; every palette colour is swapped for the value of its
 * CSS custom property (--br-chart-*, set in briefing.css per Material scheme), and the
 * views are drawn again when the reader switches scheme.
 *
 * The Vega bundle (877 KiB, 298 KiB gzipped) is not in the page's critical path: the
 * static charts need none of it. This script fetches it (data-vega on its tag) once the
 * page has loaded and the browser is idle, or at once when a reader points at, touches
 * or focuses a chart.
 */
(function () {
  "use strict";

  // colour in the spec → custom property holding its value in the current scheme.
  var PALETTE = /*PALETTE*/{};
  var HEX = /"#[0-9a-f]{6}"/g;

  var script = document.currentScript;

  if (!document.querySelector || !window.Promise) {
    return; // the static charts stay
  }

  function colours(element) {
    var style = window.getComputedStyle(element);
    var out = {};
    Object.keys(PALETTE).forEach(function (hex) {
      var value = style.getPropertyValue(PALETTE[hex]).trim();
      if (value) {
        out[hex] = value;
      }
    });
    return out;
  }

  function themed(text, map) {
    return JSON.parse(text.replace(HEX, function (quoted) {
      var value = map[quoted.slice(1, -1)];
      return value ? JSON.stringify(value) : quoted;
    }));
  }

  // A single view (not a concatenation) can take the width of the column it sits in.
  function responsive(spec) {
    if (typeof spec.width === "number" && (spec.mark || spec.layer)) {
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
    }
    return spec;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function draw(figure) {
    var holder = figure.querySelector(".chart__graphic");
    var source = figure.querySelector("script.chart__spec");
    if (!holder || !source) {
      return Promise.resolve();
    }
    var live = holder.querySelector(".chart__live");
    if (!live) {
      live = document.createElement("div");
      live.className = "chart__live";
      holder.appendChild(live);
    }
    var spec = responsive(themed(source.textContent, colours(figure)));
    if (figure._chartView) {
      figure._chartView.finalize(); // redrawn in the other scheme's colours
      figure._chartView = null;
      live.textContent = "";
    }
    return window.vegaEmbed(live, spec, {
      actions: false, // the downloads beside the chart do this
      renderer: "svg",
      tooltip: { theme: dark() ? "dark" : "light" }
    }).then(function (result) {
      figure._chartView = result;
      figure.classList.add("chart--live");
    }).catch(function (error) {
      // Keep the static chart; say why for whoever looks.
      figure.classList.remove("chart--live");
      if (window.console) {
        window.console.warn("chart " + figure.id + " stays static:", error);
      }
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), draw);
  }

  function start() {
    if (typeof window.vegaEmbed !== "function") {
      return; // the bundle did not load: the static charts stay
    }
    drawAll();
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) {
          drawAll();
        }
      }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    }
  }

  var requested = false;
  function load() {
    if (requested) {
      return;
    }
    requested = true;
    if (typeof window.vegaEmbed === "function") {
      start();
      return;
    }
    var url = script && script.getAttribute("data-vega");
    if (!url) {
      return;
    }
    var tag = document.createElement("script");
    tag.src = url;
    tag.onload = start;
    document.head.appendChild(tag);
  }

  function whenIdle() {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(load, { timeout: 2000 });
    } else {
      window.setTimeout(load, 200);
    }
  }

  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target && target.closest && target.closest("figure.chart")) {
        load();
      }
    }, { passive: true });
  });
  if (document.readyState === "complete") {
    whenIdle();
  } else {
    window.addEventListener("load", whenIdle);
  }
})();
