"""Screenshots of built pages in light and dark mode, for looking at what we built.

    python scripts/screenshot.py [PATH ...] [--out DIR] [--width 1280]

Serves site/ on 127.0.0.1 (a free port), opens each PATH in headless Chromium
with prefers-color-scheme light and dark, and writes full-page PNGs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# The repository's devtools/: the same server and Chromium launch as the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools.chromium import launch
from devtools.server import Server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/", "/briefings/"])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path(".build/screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--full", action="store_true", help="full page, not just the viewport")
    parser.add_argument(
        "--tiles",
        type=int,
        default=0,
        help="also write N viewport-high tiles from the top of the page",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with Server(args.site) as server, sync_playwright() as p:
        base = server.url
        browser = launch(p)
        for scheme in ("light", "dark"):
            page = browser.new_page(
                viewport={"width": args.width, "height": 900}, color_scheme=scheme
            )
            for path in args.paths:
                page.goto(base + path)
                page.wait_for_timeout(300)
                name = (path.strip("/").replace("/", "_") or "home") + f"-{scheme}.png"
                page.screenshot(path=str(args.out / name), full_page=args.full)
                print(args.out / name)
                height = page.evaluate("document.documentElement.scrollHeight")
                for i in range(min(args.tiles, -(-height // 900))):
                    tile = args.out / name.replace(".png", f"-{i + 1}.png")
                    page.screenshot(
                        path=str(tile),
                        full_page=True,
                        clip={"x": 0, "y": i * 900, "width": args.width, "height": 900},
                    )
                    print(tile)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
