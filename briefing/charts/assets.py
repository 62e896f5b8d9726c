"""The scripts an interactive chart needs, served from the site itself (never a CDN):
Vega, Vega-Lite and Vega-Embed in one bundle from vl-convert, and briefing/assets/charts.js
with the palette filled in."""

from __future__ import annotations

import json
from pathlib import Path

from .theme import PALETTE

ASSETS_DIR = "_assets"  # under the generated folder; no slug can start with "_"
SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "charts.js"


def bundle_name() -> str:
    """The bundle's file name for this vl-convert: a new version, a new bundle."""
    import vl_convert as vlc

    version = vlc.__version__  # type: ignore[attr-defined]  # missing from vl-convert's stub
    return f"vega-bundle-{version}.js"


def vega_bundle() -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one offline script (877 KiB; the pipeline keeps
    it in the cache under bundle_name(), as making it takes a while)."""
    import vl_convert as vlc

    # The stub makes `snippet` required; without one, the bundle defines the globals.
    return vlc.javascript_bundle().encode()  # type: ignore[call-arg]


def interactive_script() -> bytes:
    """assets/charts.js with the palette filled in: colour → CSS custom property."""
    text = SCRIPT.read_text(encoding="utf-8")
    mapping = {colour: f"--br-chart-{role}" for role, colour in PALETTE.items()}
    return text.replace("/*PALETTE*/{}", json.dumps(mapping, sort_keys=True)).encode()
