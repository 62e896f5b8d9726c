#!/usr/bin/env python3
"""Command line of the briefing-site generator. See `python build.py --help`."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
