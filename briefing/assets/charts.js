/*
 * Interactive charts. Each chart's page already shows a static SVG (readable without
 * JavaScript and in print). Here, where JavaScript runs, each becomes a Vega view with
 * tooltips, drawn by the local Vega bundle (never a CDN) from its spec, a file beside the
 * page (data-spec) fetched with the bundle when the chart is first reached.
 *
 * The spec holds the light palette; every palette colour is swapped for the value of its
 * CSS custom property (--br-chart-*, set in briefing.css per Material scheme), and the
 * views are drawn again when the reader switches scheme.
 *
 * The Vega bundle (877 KiB, 298 KiB gzipped) is not in the page's critical path: the
 * static charts need none of it. It is fetched (data-vega on this script's tag) only when
 * a reader reaches for a chart: points at it, touches it or moves the keyboard focus into
 * it. Never on idle: parsing the bundle and drawing every view is a long task of about a
 * second on a phone, which a reader who only reads should not pay for. Each chart becomes
 * live when it is reached, not all of them at once.
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

  // The view's spec, fetched once per figure (data-spec, beside the page).
  function specText(figure, holder) {
    if (!figure._specText) {
      var url = holder.getAttribute("data-spec");
      figure._specText = !url ? Promise.reject(new Error("no data-spec")) :
        window.fetch(url).then(function (response) {
          if (!response.ok) {
            throw new Error("the chart's spec did not load (" + response.status + ")");
          }
          return response.text();
        });
    }
    return figure._specText;
  }

  function draw(figure) {
    var holder = figure.querySelector(".chart__graphic");
    if (!holder || !window.fetch) {
      return Promise.resolve();
    }
    return specText(figure, holder).then(function (text) {
      return drawFrom(figure, holder, text);
    }).catch(function (error) {
      figure._specText = null; // asked again on the next reach
      if (window.console) {
        window.console.warn("chart " + figure.id + " stays static:", error);
      }
    });
  }

  function drawFrom(figure, holder, text) {
    var live = holder.querySelector(".chart__live");
    if (!live) {
      live = document.createElement("div");
      live.className = "chart__live";
      holder.appendChild(live);
    }
    var spec = responsive(themed(text, colours(figure)));
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

  // The figures a reader has reached, drawn live and redrawn on a change of scheme.
  var reached = [];

  function drawReached() {
    reached.forEach(draw);
  }

  var observing = false;
  function observeScheme() {
    if (observing || !window.MutationObserver) {
      return;
    }
    observing = true;
    new MutationObserver(function (changes) {
      if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) {
        drawReached();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  var loading = null; // a Promise of the bundle, once asked for
  function bundle() {
    if (loading) {
      return loading;
    }
    loading = new Promise(function (resolve, reject) {
      if (typeof window.vegaEmbed === "function") {
        resolve();
        return;
      }
      var url = script && script.getAttribute("data-vega");
      if (!url) {
        reject(new Error("no data-vega on the charts script"));
        return;
      }
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () {
        if (typeof window.vegaEmbed === "function") {
          resolve();
        } else {
          reject(new Error("the Vega bundle defined no vegaEmbed"));
        }
      };
      tag.onerror = function () { reject(new Error("the Vega bundle did not load")); };
      document.head.appendChild(tag);
    });
    return loading;
  }

  function reach(figure) {
    if (reached.indexOf(figure) !== -1) {
      return;
    }
    reached.push(figure);
    bundle().then(function () {
      observeScheme();
      return draw(figure);
    }).catch(function (error) {
      // The static chart stays, as without JavaScript.
      if (window.console) {
        window.console.warn("charts stay static:", error);
      }
    });
  }

  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      var figure = target && target.closest && target.closest("figure.chart");
      if (figure) {
        reach(figure);
      }
    }, { passive: true });
  });
})();
