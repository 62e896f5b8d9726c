"""Page load in a real browser: the example briefing as built, against the same page with its
charts drawn only in the browser by vega-embed (the way mkdocs-charts-plugin works).

The site is served from 127.0.0.1 by a small server that gzips text as GitHub Pages
does (Content-Encoding: gzip, level 6, compressed once per file so that the server's
own work stays out of the timings) and sends `Cache-Control: no-store`. Headless
Chromium loads each page five times, each time from about:blank in a tab kept for that
page (see _Tab for why not a fresh context each time), with the cache disabled through
the DevTools protocol, and we keep the median of:

* charts_ms: from navigation start (performance.timeOrigin) until every chart on the
  page has a drawn SVG with a size, checked every animation frame by a script
  injected before the page's own;
* bytes: encoded (on the wire, gzipped, headers included) bytes of the responses that
  had finished loading when the last chart was drawn, i.e. what a reader waits for
  before seeing the charts; total_bytes: everything once the network is idle;
* requests: responses finished by then, and in total;
* fcp_ms: first contentful paint. The same is measured on a page of the site without
  charts (about/): the floor that Material and Chromium set for any page here.

The two pages are loaded in turns, after one warm-up load each.

search(): what one search downloads, on a site of the benchmark's synthetic corpus (its
largest scale). For each query, in a fresh context: open the home page, click the
header's search button, type the query into Pagefind's field at about ten keys a second
(Pagefind's interface preloads the index chunks of each prefix as it is typed, then
searches 300 ms after the last key), and wait for the first result and then for the
network to fall idle. Recorded per query:

* bytes, requests: response bodies under /pagefind/, as transferred (Pagefind's index,
  filter and fragment files are gzip-compressed on disk and sent as they are; its
  scripts and entry JSON are gzipped by the server); index_bytes (meta, index chunks,
  filters), fragment_bytes and other_bytes (scripts, styles, wasm, entry) split them;
* ms: from the keydown of the query's last character until a result with its title is
  visible, Pagefind's 300 ms debounce included. A figure to read, not to assert on.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import measure

from devtools.chromium import launch
from devtools.projects import EXAMPLE_SLUG, ROOT, copy_project
from devtools.search_queries import first_rate, load_queries, run_queries
from devtools.server import Server

VARIANT_NAME = "browser-only.html"

# Runs before any script of the page: the time at which every chart is first drawn.
DRAWN_PROBE = """
(() => {
  const want = %d;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === "first-contentful-paint") window.__fcp = e.startTime;
    }
  }).observe({type: "paint", buffered: true});
  function drawn(figure) {
    for (const svg of figure.querySelectorAll(".chart__graphic svg")) {
      const box = svg.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) return true;
    }
    return false;
  }
  function check() {
    const figures = document.querySelectorAll("figure.chart");
    let done = 0;
    figures.forEach((f) => { if (drawn(f)) done += 1; });
    if (want > 0 && done >= want) { window.__chartsDrawn = performance.now(); return; }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
"""

# What mkdocs-charts-plugin does: the Vega bundle as a plain script, then vegaEmbed on each
# chart's spec once the page is parsed (fetched from the file beside the page, as the plugin
# fetches a spec file it is given). Our spec, our bundle: only the drawing moves.
EMBED = """<script src="../_assets/vega-bundle.js"></script>
<script>
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var holder = figure.querySelector(".chart__graphic");
    var live = document.createElement("div");
    holder.appendChild(live);
    fetch(holder.getAttribute("data-spec")).then(function (r) { return r.json(); })
      .then(function (spec) { vegaEmbed(live, spec, {actions: false, renderer: "svg"}); });
  });
});
</script>
"""


def browser_only_variant(page: Path) -> tuple[Path, int]:
    """The built page with its static SVGs removed and the charts drawn by vega-embed.
    Written beside the page, so that every relative address still holds."""
    html = page.read_text(encoding="utf-8")
    charts = html.count('<figure class="chart ')
    # Drop the build-time SVG of each chart; keep its spec.
    html, dropped = re.subn(r'(<div class="chart__graphic"[^>]*>)\s*<svg\b.*?</svg>', r"\1",
                            html, flags=re.S)
    # Our deferred interactive scripts give way to the plugin's way of drawing.
    html, scripts = re.subn(r'<script defer src="[^"]*_assets/charts\.js[^"]*"[^>]*></script>\s*',
                            "", html)
    if dropped != charts or scripts != 1:
        raise RuntimeError(f"unexpected chart markup in {page}: {charts} charts, "
                           f"{dropped} SVGs, {scripts} scripts")
    html = html.replace("</body>", EMBED + "</body>", 1)
    out = page.with_name(VARIANT_NAME)
    out.write_text(html, encoding="utf-8")
    return out, charts


class _Tab:
    """One tab for one page, loaded again and again with the HTTP cache off.

    The tab is kept between loads, as a reader moving between pages of the site keeps
    Chromium's renderer process: a fresh context per load starts a new renderer each time,
    which here took 60 to 200 ms, varying from load to load and the same for both pages,
    and swamped what the pages themselves cost. Each load starts from about:blank, so it
    is a full navigation. Chromium runs with V8's in-memory compilation cache off
    (NO_SCRIPT_CACHE), so that each load compiles every script as a first visit does; with
    it on, the browser-only page's 1 MB Vega bundle was compiled once and then nearly free.
    """

    def __init__(self, browser: Any, charts: int):
        self.charts = charts
        self.context = browser.new_context()
        self.page = self.context.new_page()
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.sent: dict[str, str] = {}
        self.finished: dict[str, tuple[float, float]] = {}  # request id → (monotonic s, bytes)
        self.clock: list[float] = []  # wall - monotonic, from the first request
        cdp.on("Network.requestWillBeSent", self._on_sent)
        cdp.on("Network.loadingFinished", lambda e: self.finished.__setitem__(
            e["requestId"], (e["timestamp"], e["encodedDataLength"])))
        self.page.add_init_script(DRAWN_PROBE % charts)

    def _on_sent(self, event: dict[str, Any]) -> None:
        if not event["request"]["url"].startswith(("data:", "about:")):
            self.sent[event["requestId"]] = event["request"]["url"]
        if not self.clock:
            self.clock.append(event["wallTime"] - event["timestamp"])

    def close(self) -> None:
        self.context.close()

    def load(self, url: str) -> dict[str, float]:
        page = self.page
        page.goto("about:blank")
        self.sent.clear()
        self.finished.clear()
        self.clock.clear()
        page.goto(url, wait_until="commit")
        if self.charts:
            page.wait_for_function("window.__chartsDrawn !== undefined", timeout=60_000)
        else:  # a page without charts: its first paint instead
            page.wait_for_function("window.__fcp !== undefined", timeout=60_000)
            page.evaluate("window.__chartsDrawn = window.__fcp")
        drawn_ms = page.evaluate("window.__chartsDrawn")
        drawn_wall = page.evaluate("performance.timeOrigin + window.__chartsDrawn") / 1000
        page.wait_for_load_state("networkidle")
        time.sleep(0.2)  # the last loadingFinished events
        fcp = page.evaluate("window.__fcp || 0")
        offset = self.clock[0] if self.clock else 0.0
        ours = {rid: v for rid, v in self.finished.items() if rid in self.sent}
        before = [b for ts, b in ours.values() if ts + offset <= drawn_wall]
        return {"charts_ms": drawn_ms, "fcp_ms": fcp, "bytes": sum(before),
                "requests": len(before), "total_bytes": sum(b for _, b in ours.values()),
                "total_requests": len(ours)}


def _median(loads: list[dict[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {k: round(statistics.median(load[k] for load in loads), 1)
                           for k in loads[0]}
    out["charts_ms_each"] = [round(load["charts_ms"]) for load in loads]
    return out


# With the HTTP cache off, what a renderer still keeps between loads: compiled scripts.
NO_SCRIPT_CACHE = ["--js-flags=--no-compilation-cache"]


def run(workdir: Path, loads: int = 5, log: Any = print) -> dict[str, Any]:
    """Build the example briefing, then load it `loads` times each way; medians."""
    from playwright.sync_api import sync_playwright

    project = copy_project(workdir / "example", data=ROOT / "data")
    log("  building the example briefing ...")
    measure.build(project)
    site = project / "site"
    page = site / "briefings" / EXAMPLE_SLUG / "index.html"
    _, charts = browser_only_variant(page)
    server = Server(site, like_github_pages=True)
    base = f"{server.url}/briefings/{EXAMPLE_SLUG}/"
    out: dict[str, Any] = {"example_charts": charts, "loads": loads}
    try:
        with sync_playwright() as p:
            browser = launch(p, NO_SCRIPT_CACHE)
            try:
                # A page of the same site without charts (about/): its first paint is
                # the floor that Material and Chromium set for any page here.
                urls = {"page": base, "browser_only": base + VARIANT_NAME,
                        "no_charts": f"{server.url}/about/"}
                count = {"page": charts, "browser_only": charts, "no_charts": 0}
                tabs = {name: _Tab(browser, count[name]) for name in urls}
                for name, url in urls.items():
                    tabs[name].load(url)  # warm-up: Chromium's first-run costs
                # Taken in turns, so that whatever else the machine does weighs on all.
                results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
                for _ in range(loads):
                    for name, url in urls.items():
                        results[name].append(tabs[name].load(url))
                for tab in tabs.values():
                    tab.close()
                for name in urls:
                    out[name] = _median(results[name])
                    what = "to first paint" if name == "no_charts" else "to every chart"
                    log(f"  {name}: {out[name]['charts_ms']:.0f} ms {what}, "
                        f"{out[name]['bytes'] / 1024:.0f} KiB then, "
                        f"{out[name]['total_bytes'] / 1024:.0f} KiB in all")
            finally:
                browser.close()
    finally:
        server.stop()
    return out


# Words the synthetic corpus (bench/corpus.py) holds: a commodity and a country (briefing 0
# is Argentina's copper), a commodity and a word of its claims and events, and words of
# every briefing's claims.
SEARCH_QUERIES = ("copper Argentina", "lithium tariffs", "leading supplier reserves")
TYPING_DELAY_MS = 100
# The query field; a filter panel, if the site has filters, has inputs (checkboxes) too.
SEARCH_FIELD = "#briefing-search-ui input.pagefind-ui__search-input"
SEARCH_IDLE_S = 0.5  # no /pagefind/ request in flight for this long: the network is idle

# Installed once the search field exists: the time of each keydown in the field (the last
# one wins), then, every animation frame, whether Pagefind shows results for the whole
# query with at least one result's title link laid out (its fragment loaded).
SEARCH_PROBE = """
(query) => {
  const box = document.getElementById("briefing-search-ui");
  const input = box.querySelector("input.pagefind-ui__search-input");
  window.__lastKey = undefined;
  window.__shown = undefined;
  window.__noResults = false;
  input.addEventListener("keydown", () => { window.__lastKey = performance.now(); }, true);
  function check() {
    const message = box.querySelector(".pagefind-ui__message");
    const text = message ? message.textContent.trim() : "";
    if (input.value === query && window.__lastKey !== undefined && text.includes(query)) {
      if (/^no results/i.test(text)) { window.__noResults = true; return; }
      for (const link of box.querySelectorAll(".pagefind-ui__result-link")) {
        const r = link.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) { window.__shown = performance.now(); return; }
      }
    }
    requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
}
"""


def _search(browser: Any, home: str, query: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    seen: list[Any] = []
    pending: set[Any] = set()
    last_change = [time.monotonic()]

    def started(request: Any) -> None:
        if "/pagefind/" in urlsplit(request.url).path:
            seen.append(request)
            pending.add(request)
            last_change[0] = time.monotonic()

    def ended(request: Any) -> None:
        if request in pending:
            pending.discard(request)
            last_change[0] = time.monotonic()

    # On the context, not the page: Pagefind fetches from a Web Worker.
    context.on("request", started)
    context.on("requestfinished", ended)
    context.on("requestfailed", ended)
    try:
        page.goto(home, wait_until="load")
        page.click(".briefing-search__open")
        field = page.locator(SEARCH_FIELD)
        field.wait_for(state="visible", timeout=60_000)
        page.evaluate(SEARCH_PROBE, query)
        field.press_sequentially(query, delay=TYPING_DELAY_MS)
        page.wait_for_function("window.__shown !== undefined || window.__noResults",
                               timeout=60_000)
        if page.evaluate("window.__noResults"):
            raise RuntimeError(f"the search for {query!r} found nothing on {home}")
        ms = page.evaluate("window.__shown - window.__lastKey")
        deadline = time.monotonic() + 60
        # page.wait_for_timeout, not time.sleep: Playwright delivers events while it waits.
        while pending or time.monotonic() - last_change[0] < SEARCH_IDLE_S:
            if time.monotonic() > deadline:
                raise RuntimeError(f"search for {query!r}: still loading "
                                   f"{sorted(r.url for r in pending)}")
            page.wait_for_timeout(100)
        kinds = {"index_bytes": 0, "fragment_bytes": 0, "other_bytes": 0}
        chunks = 0
        failed = [r.url for r in seen if r.failure is not None]
        if failed:
            raise RuntimeError(f"search for {query!r}: requests failed: {failed}")
        for request in seen:
            # Content-Length: our server always sends it, and it is the body as sent
            # (gzipped or not). Chromium reports no body size for the worker's own script.
            response = request.response()
            size = int(response.headers["content-length"]) if response else 0
            path = urlsplit(request.url).path
            if path.endswith(".pf_fragment"):
                kinds["fragment_bytes"] += size
            elif path.endswith((".pf_meta", ".pf_index", ".pf_filter")):
                kinds["index_bytes"] += size
                chunks += path.endswith(".pf_index")
            else:
                kinds["other_bytes"] += size
    finally:
        context.close()
    return {"query": query, "ms": round(ms, 1), "bytes": sum(kinds.values()),
            "requests": len(seen), **kinds, "index_chunks": chunks}


def first_result_rate(browser: Any, site: Path, home: str) -> tuple[float, int]:
    """The share of tests/search_queries.yaml whose expected page comes first, over the
    queries whose page this site has: the corpus holds no example briefing, so the
    queries about it are left out (the suite runs all of them, tests/test_search_queries.py)."""
    queries = [q for q in load_queries()
               if (site / q.page.strip("/") / "index.html").is_file()]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(home)
        outcomes = run_queries(page, queries)
    finally:
        context.close()
    return first_rate(outcomes), len(queries)


def search(site: Path, queries: tuple[str, ...] = SEARCH_QUERIES,
           log: Any = print) -> dict[str, Any]:
    """Each query once, on a built site, after one warm-up search; the medians."""
    from playwright.sync_api import sync_playwright

    server = Server(site, like_github_pages=True)
    home = f"{server.url}/"
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                _search(browser, home, queries[0])  # warm-up: Chromium's first-run costs
                rate, asked = first_result_rate(browser, site, home)
                log(f"  query set: first result right for {rate:.0%} of {asked} queries")
                each = []
                for query in queries:
                    each.append(_search(browser, home, query))
                    log(f"  {query!r}: {each[-1]['bytes'] / 1024:.0f} KiB in "
                        f"{each[-1]['requests']} requests (index "
                        f"{each[-1]['index_bytes'] / 1024:.0f} KiB, fragments "
                        f"{each[-1]['fragment_bytes'] / 1024:.0f} KiB), first result "
                        f"{each[-1]['ms']:.0f} ms after the last key")
            finally:
                browser.close()
    finally:
        server.stop()
    return {"queries": each, "typing_delay_ms": TYPING_DELAY_MS,
            "first_rate": round(rate, 3), "first_rate_queries": asked,
            "bytes": round(statistics.median(q["bytes"] for q in each)),
            "requests": round(statistics.median(q["requests"] for q in each)),
            "ms": round(statistics.median(q["ms"] for q in each), 1)}
