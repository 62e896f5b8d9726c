"""Page load in a real browser: the example briefing as built, against the same page with its
charts drawn only in the browser by vega-embed (the way mkdocs-charts-plugin works).

The site is served from 127.0.0.1 by a small server that gzips text as GitHub Pages
does (Content-Encoding: gzip, level 6, compressed once per file so that the server's
own work stays out of the timings) and sends `Cache-Control: no-store`. Headless
Chromium loads each page five times, each time in a fresh context with the cache
disabled through the DevTools protocol, and we keep the median of:

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
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import measure

ROOT = measure.ROOT
EXAMPLE_SLUG = "russia-us-rare-earths-aluminium"
VARIANT_NAME = "browser-only.html"
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/atom+xml")

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
# chart's spec once the page is parsed. Our spec, our bundle: only the drawing moves.
EMBED = """<script src="../_assets/vega-bundle.js"></script>
<script>
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var holder = figure.querySelector(".chart__graphic");
    var spec = JSON.parse(figure.querySelector("script.chart__spec").textContent);
    var live = document.createElement("div");
    holder.appendChild(live);
    vegaEmbed(live, spec, {actions: false, renderer: "svg"});
  });
});
</script>
"""


class _Handler(http.server.BaseHTTPRequestHandler):
    """Static files, gzipped where GitHub Pages would gzip them; never cached."""

    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, directory: Path, cache: dict[str, tuple[bytes, str, bool]],
                 **kwargs: Any):
        self.directory = directory
        self.cache = cache
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _file(self, url_path: str) -> tuple[bytes, str, bool] | None:
        if url_path in self.cache:
            return self.cache[url_path]
        path = (self.directory / unquote(url_path).lstrip("/")).resolve()
        if self.directory.resolve() not in path.parents and path != self.directory.resolve():
            return None
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return None
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        text = kind.startswith(TEXT_TYPES)
        entry = (gzip.compress(data, 6) if text else data, kind, text)
        self.cache[url_path] = entry
        return entry

    def do_GET(self) -> None:
        found = self._file(urlsplit(self.path).path)
        if found is None:
            self.send_error(404)
            return
        data, kind, compressed = found
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(
            ("text/", "application/javascript", "application/json")) else ""))
        if compressed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


class _Quiet(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser context closed mid-response: nothing to report


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(_Handler, directory=directory, cache={})
        self.httpd = _Quiet(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


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


def _load(browser: Any, url: str, charts: int) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sent: dict[str, str] = {}
    finished: dict[str, tuple[float, float]] = {}  # request id → (monotonic s, bytes)
    clock: list[float] = []  # wall - monotonic, from the first request

    def on_sent(event: dict[str, Any]) -> None:
        if not event["request"]["url"].startswith("data:"):
            sent[event["requestId"]] = event["request"]["url"]
        if not clock:
            clock.append(event["wallTime"] - event["timestamp"])

    cdp.on("Network.requestWillBeSent", on_sent)
    cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(
        e["requestId"], (e["timestamp"], e["encodedDataLength"])))
    page.add_init_script(DRAWN_PROBE % charts)
    page.goto(url, wait_until="commit")
    if charts:
        page.wait_for_function("window.__chartsDrawn !== undefined", timeout=60_000)
    else:  # a page without charts: its first paint instead
        page.wait_for_function("window.__fcp !== undefined", timeout=60_000)
        page.evaluate("window.__chartsDrawn = window.__fcp")
    drawn_ms = page.evaluate("window.__chartsDrawn")
    drawn_wall = page.evaluate("performance.timeOrigin + window.__chartsDrawn") / 1000
    page.wait_for_load_state("networkidle")
    time.sleep(0.2)  # the last loadingFinished events
    fcp = page.evaluate("window.__fcp || 0")
    context.close()
    offset = clock[0] if clock else 0.0
    ours = {rid: v for rid, v in finished.items() if rid in sent}
    before = [b for ts, b in ours.values() if ts + offset <= drawn_wall]
    return {"charts_ms": drawn_ms, "fcp_ms": fcp, "bytes": sum(before), "requests": len(before),
            "total_bytes": sum(b for _, b in ours.values()), "total_requests": len(ours)}


def _median(loads: list[dict[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {k: round(statistics.median(load[k] for load in loads), 1)
                           for k in loads[0]}
    out["charts_ms_each"] = [round(load["charts_ms"]) for load in loads]
    return out


def run(workdir: Path, loads: int = 5, log: Any = print) -> dict[str, Any]:
    """Build the example briefing, then load it `loads` times each way; medians."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_FLAGS  # the test suite's browser, same flags
    from playwright.sync_api import sync_playwright

    project = measure.copy_project(workdir / "example", data=ROOT / "data")
    log("  building the example briefing ...")
    measure.build(project)
    site = project / "site"
    page = site / "briefings" / EXAMPLE_SLUG / "index.html"
    _, charts = browser_only_variant(page)
    server = Server(site)
    base = f"{server.url}/briefings/{EXAMPLE_SLUG}/"
    out: dict[str, Any] = {"example_charts": charts, "loads": loads}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                # A page of the same site without charts (about/): its first paint is
                # the floor that Material and Chromium set for any page here.
                urls = {"page": base, "browser_only": base + VARIANT_NAME,
                        "no_charts": f"{server.url}/about/"}
                count = {"page": charts, "browser_only": charts, "no_charts": 0}
                for name, url in urls.items():
                    _load(browser, url, count[name])  # warm-up: Chromium's first-run costs
                # Taken in turns, so that whatever else the machine does weighs on all.
                results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
                for _ in range(loads):
                    for name, url in urls.items():
                        results[name].append(_load(browser, url, count[name]))
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
