"""Lighthouse scores of the example briefing page, mobile and desktop, median of 3 runs each.

Lighthouse is the npm package pinned in package-lock.json (a devDependency: `make bench`
and `make test` install it, `make site` does not), run by Node with Debian's Chromium
against the built site served from 127.0.0.1 as GitHub Pages serves it (devtools/server.py,
gzip and no caching). Mobile is Lighthouse's default (a simulated mid-range phone on a slow
4G link); desktop is its `--preset=desktop`. The runs alternate, mobile then desktop, so
that whatever else the machine does weighs on both.

Scores are Lighthouse's 0 to 100. On this machine Lighthouse warns that the CPU is slower
than it expects: the performance score is this machine's, to compare run with run, not
with a reader's phone.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path
from typing import Any

from devtools.projects import EXAMPLE_SLUG, ROOT
from devtools.server import Server

CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = ("mobile", "desktop")


def check_installed() -> None:
    """Refuse before an hour of measuring rather than after it."""
    if not CLI.is_file():
        raise SystemExit(f"{CLI.relative_to(ROOT)} is missing: `make bench` installs "
                         "Lighthouse (npm ci --include=dev); or pass --lighthouse-runs 0")
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"{CHROMIUM} is missing: `make chromium` installs it; or pass "
                         "--lighthouse-runs 0")


def parse(report: dict[str, Any]) -> dict[str, Any]:
    """The figures of one Lighthouse JSON report: each category's score (0 to 100) and the
    performance metrics behind it. A failed run (runtimeError, or a category without a
    score, as when the page did not load) raises ValueError with Lighthouse's reason."""
    error = report.get("runtimeError")
    if error:
        raise ValueError(f"Lighthouse failed: {error.get('code')}: {error.get('message')}")
    out: dict[str, Any] = {"form_factor": report.get("configSettings", {}).get("formFactor"),
                           "version": report.get("lighthouseVersion")}
    categories = report.get("categories", {})
    for name in CATEGORIES:
        score = categories.get(name, {}).get("score")
        if not isinstance(score, int | float):
            raise ValueError(f"Lighthouse gave no {name} score (found {score!r})")
        out[name.replace("-", "_")] = round(score * 100)
    audits = report.get("audits", {})
    for key, audit in (("fcp_ms", "first-contentful-paint"),
                       ("lcp_ms", "largest-contentful-paint"),
                       ("tbt_ms", "total-blocking-time"), ("si_ms", "speed-index"),
                       ("cls", "cumulative-layout-shift")):
        value = audits.get(audit, {}).get("numericValue")
        out[key] = None if value is None else round(float(value), 3 if key == "cls" else 0)
    return out


def run_once(url: str, preset: str) -> dict[str, Any]:
    cmd = ["node", str(CLI), url, f"--chrome-path={CHROMIUM}",
           "--chrome-flags=--headless=new --no-sandbox", "--output=json",
           "--only-categories=" + ",".join(CATEGORIES), "--quiet"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse ({preset}) exited {proc.returncode}: "
                           f"{proc.stderr[-2000:]}")
    return parse(json.loads(proc.stdout))


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs (a score and its metrics each on their own)."""
    out: dict[str, Any] = {k: runs[0][k] for k in ("form_factor", "version")}
    for key in runs[0]:
        if key in out:
            continue
        values = [r[key] for r in runs if r[key] is not None]
        out[key] = statistics.median(values) if values else None
    return out


def measure(site: Path, runs: int = 3, log: Any = print) -> dict[str, Any]:
    """Lighthouse over the built site's example briefing page, `runs` times each preset."""
    server = Server(site, like_github_pages=True)
    url = f"{server.url}/briefings/{EXAMPLE_SLUG}/"
    found: dict[str, list[dict[str, Any]]] = {p: [] for p in PRESETS}
    try:
        for i in range(runs):
            for preset in PRESETS:
                found[preset].append(run_once(url, preset))
                r = found[preset][-1]
                log(f"  lighthouse {preset} {i + 1}: performance {r['performance']}, "
                    f"TBT {r['tbt_ms']:.0f} ms")
    finally:
        server.stop()
    out: dict[str, Any] = {"runs": runs}
    for preset in PRESETS:
        out[preset] = median_of(found[preset])
        out[f"{preset}_runs"] = found[preset]
    return out


def keys(found: dict[str, Any] | None) -> dict[str, Any]:
    """The top-level keys of latest.json; each null where Lighthouse was skipped."""
    out: dict[str, Any] = {}
    for preset in PRESETS:
        m = found[preset] if found else {}
        out[f"lighthouse_{preset}"] = m.get("performance")
        for name in ("accessibility", "best_practices", "seo"):
            out[f"lighthouse_{preset}_{name}"] = m.get(name)
    out["lighthouse_mobile_tbt_ms"] = found["mobile"]["tbt_ms"] if found else None
    return out
