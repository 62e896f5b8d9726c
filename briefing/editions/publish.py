"""Publishing an edition to gh-pages: the only module that calls mike.

The edition committed is the site this generator built, not one mike builds. `deploy`
builds the edition itself, through the engine with `extra.version` kept (Material's
version selector and outdated banner), into a stage under .build/; Pagefind indexes it
there; then mike's Python API only commits that folder: under `<date>/`, copied to the
default alias (`latest/`, `alias_type: copy` from mkdocs.yml) when it is the newest
edition, with versions.json and the root redirect. mike's command line would run a second
`mkdocs build` of its own, not strict, and without the search index that the generator,
not MkDocs, now writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..write.engine import SiteSettings, read_settings
from ..write.files import new_stage
from ..write.staging import build_site
from .errors import DeployError, EditionError
from .history import Branch, git, rev, tail


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
    settings = read_settings(config_file)
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


@dataclass
class Deployed:
    edition: dt.date
    latest: bool  # whether the default alias now points at this edition
    pushed: bool
    branch: str
    remote: str


@contextlib.contextmanager
def _environ(name: str, value: str) -> Iterator[None]:
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _build_edition(config_file: Path, docs_dir: Path, site_dir: Path, version: str,
                   epoch: int) -> None:
    """The edition's site, as mike's own build would make it, with its search index."""
    from mike.mkdocs_utils import docs_version_var

    # mike's plugin (mkdocs.yml) reads this variable during the build, as it does in the
    # builds mike runs itself: it points canonical URLs at `canonical_version` (latest/).
    with _environ(docs_version_var, version):
        build_site(config_file, docs_dir, site_dir, epoch, versioned=True)


def _commit(root: Path, config_file: Path, site_dir: Path, settings: SiteSettings,
            remote: str, version: str, aliases: list[str], message: str) -> None:
    """Commit `site_dir` as `version` (and `aliases`) to the branch, then make the default
    alias the root's redirect: what `mike deploy --update-aliases` and `mike set-default`
    do, minus mike's build. Raises DeployError naming the step that failed."""
    from mike import commands, git_utils, mkdocs_utils
    from mike.mkdocs_plugin import MikePlugin

    alias = settings.default_alias
    step = "deploy"
    # mike runs git in the current folder, and reads its options (alias_type,
    # redirect_template, deploy_prefix) from the mike plugin's entry in mkdocs.yml.
    with contextlib.chdir(root):
        try:
            cfg = mkdocs_utils.load_config(str(config_file))
            options = (cfg["plugins"].get("mike") or MikePlugin.default()).config
            cfg["site_dir"] = str(site_dir)  # what mike copies into the branch: our build
            alias_type = commands.AliasType[options["alias_type"]]
            template, prefix = options["redirect_template"], options["deploy_prefix"]
            # As mike does before committing: fast-forward to the remote's branch, refuse
            # a branch that has diverged from it.
            git_utils.update_from_upstream(remote, settings.branch)
            # An unchanged tree (a --force republish of the same site) is no error to mike.
            with contextlib.suppress(git_utils.GitEmptyCommit), commands.deploy(
                    cfg, version, version, aliases, True, alias_type, template,
                    branch=settings.branch, message=message, deploy_prefix=prefix):
                pass  # the site is built already: mike commits it when this block ends
            step = "set-default"
            with contextlib.suppress(git_utils.GitEmptyCommit):
                commands.set_default(alias, template, branch=settings.branch,
                                     message=f"Default: {alias}", deploy_prefix=prefix)
        except (git_utils.GitError, ValueError, KeyError, OSError) as error:
            raise DeployError(f"mike {step} failed; {settings.branch} was left as it was:\n"
                              f"{tail(str(error))}") from None


def deploy(root: Path, config_file: Path, docs_dir: Path, edition: dt.date, epoch: int, *,
           push: bool, remote: str | None, message: str | None) -> Deployed:
    """Build the edition from `docs_dir`, commit it to gh-pages with mike, move `latest`
    if this is the newest edition, and push if asked. On failure the local branch is put
    back as it was."""
    settings = read_settings(config_file)
    remote = remote or settings.remote
    branch = Branch.open(root, settings.branch, remote)
    newer = [d for d in branch.editions() if d > edition]
    before = rev(root, f"refs/heads/{settings.branch}")
    version = edition.isoformat()

    def restore() -> None:
        if before:
            git(root, "update-ref", f"refs/heads/{settings.branch}", before)
        else:
            git(root, "update-ref", "-d", f"refs/heads/{settings.branch}")

    stage = new_stage(root / ".build", "edition-")
    try:
        try:
            _build_edition(config_file, docs_dir, stage / "site", version, epoch)
        except BuildError as error:
            raise DeployError(f"building edition {version} failed; {settings.branch} was left "
                              f"as it was: {error}") from None
        try:
            _commit(root, config_file, stage / "site", settings, remote, version,
                    [] if newer else [settings.default_alias], message or f"Edition {version}")
        except DeployError:
            restore()
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
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
