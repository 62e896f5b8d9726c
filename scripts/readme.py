"""Keeps README.md's command reference in step with the CLI: `python scripts/readme.py`.

Each block between `<!-- help: ARGS -->` and `<!-- /help -->` is replaced by the
output of `build.py ARGS --help`. A test runs `check()` so the README cannot drift.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLOCK = re.compile(r"(<!-- help:(?P<args>[^>]*?) -->\n).*?(<!-- /help -->)", re.S)


def help_text(args: str) -> str:
    from briefing.cli import make_parser

    out = io.StringIO()
    # argparse wraps to the terminal width; fix it so the README is the same everywhere
    # (and put the environment back: a test calls this in its own process).
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit), \
            mock.patch.dict(os.environ, {"COLUMNS": "100"}):
        make_parser().parse_args([*args.split(), "--help"])
    return out.getvalue()


def render(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + "```text\n" + help_text(m.group("args")).rstrip()
                     + "\n```\n" + m.group(3), text)


def check() -> bool:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return render(text) == text


if __name__ == "__main__":
    path = ROOT / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    print("README.md command reference updated")
