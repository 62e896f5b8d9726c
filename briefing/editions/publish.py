"""Publishing an edition: refuse early what cannot be done cleanly, then commit it with mike.

The only module that runs mike. mike commits the built site to the gh-pages branch
under the edition's date and moves the default alias (`latest`) to the newest edition.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import DeployError, EditionError
from .history import Branch, git, rev, tail
from .settings import SiteSettings


def check_publishable(root: Path, config_file: Path, edition: dt.date, force: bool, *,
                      newest_briefing: dt.date | None = None, push: bool = False,
                      remote: str | None = None) -> Branch:
    """Refuse, before anything is written, what publish could not do cleanly."""
    if newest_briefing is not None and edition < newest_briefing:
        raise EditionError(f"edition {edition} is older than the newest briefing "
                           f"({newest_briefing}): an edition cannot hold what was written after it")
    if git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise EditionError(f"{root} is not a git repository: publish commits each edition to "
                           "the gh-pages branch with mike; run `git init` and commit first")
    settings = SiteSettings.read(config_file)
    remote = remote or settings.remote
    if push and git(root, "remote", "get-url", remote).returncode != 0:
        raise EditionError(f"--push: this repository has no git remote named {remote!r} "
                           "(give one with --remote, or add it with `git remote add`)")
    # The remote that --push sends to is the one whose branch the edition goes on: an
    # edition published there (fetched as <remote>/gh-pages) is published.
    branch = Branch.open(root, settings.branch, remote)
    published = branch.editions()
    if edition in published and not force:
        raise EditionError(
            f"edition {edition} is already published on {settings.branch}; editions are frozen "
            "once published. Give a later date with --edition (or in the briefings), or pass "
            "--force to replace it")
    return branch


def _mike(root: Path, args: list[str], epoch: int) -> subprocess.CompletedProcess[str]:
    """Run mike's command line. mike runs `mkdocs` from PATH: put this interpreter's first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates: the edition's, not the clock's
    code = "import sys; from mike.driver import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env,
                          capture_output=True, text=True, check=False)


@dataclass
class Deployed:
    edition: dt.date
    latest: bool  # whether the default alias now points at this edition
    pushed: bool
    branch: str
    remote: str


def deploy(root: Path, config_file: Path, edition: dt.date, epoch: int, *, push: bool,
           remote: str | None, message: str | None) -> Deployed:
    """Commit the built docs to gh-pages with mike, move `latest` if this is the newest
    edition, and push if asked. On failure the local branch is put back as it was."""
    settings = SiteSettings.read(config_file)
    remote = remote or settings.remote
    branch = Branch.open(root, settings.branch, remote)
    newer = [d for d in branch.editions() if d > edition]
    alias = settings.default_alias
    before = rev(root, f"refs/heads/{settings.branch}")
    version = edition.isoformat()
    msg = message or f"Edition {version}"
    config = ["--config-file", str(config_file), "--remote", remote, "--branch", settings.branch]

    def restore() -> None:
        if before:
            git(root, "update-ref", f"refs/heads/{settings.branch}", before)
        else:
            git(root, "update-ref", "-d", f"refs/heads/{settings.branch}")

    steps = [["deploy", *config, "--update-aliases", "--title", version, "--message", msg,
              version, *([] if newer else [alias])],
             ["set-default", *config, "--message", f"Default: {alias}", alias]]
    for step in steps:
        proc = _mike(root, step, epoch)
        if proc.returncode != 0:
            restore()
            raise DeployError(f"mike {step[0]} failed; {settings.branch} was left as it was:\n"
                             f"{tail(proc.stderr or proc.stdout)}")
    pushed = False
    if push:
        proc_push = git(root, "push", "--", remote, f"refs/heads/{settings.branch}")
        if proc_push.returncode != 0:
            raise DeployError(
                f"edition {version} was committed to the local {settings.branch} branch, but "
                f"pushing it to {remote} failed:\n{tail(proc_push.stderr.decode())}\n"
                f"push it with: git push {remote} {settings.branch}")
        pushed = True
    return Deployed(edition, not newer, pushed, settings.branch, remote)
