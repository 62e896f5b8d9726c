"""Helpers for working on the project, shared by tests/, bench/ and scripts/.

* projects: copies of the project to build in, and the command line run on them (in a
  subprocess as a user runs it, or in this process for speed);
* server: a built site served from 127.0.0.1;
* chromium: Debian's Chromium launched through Playwright, with the flags it needs here.

Not part of the `briefing` package and never imported by it: nothing here ships.
"""
