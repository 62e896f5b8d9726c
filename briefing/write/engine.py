"""The one door to the site engine: MkDocs with Material today. No other module imports mkdocs.

The generator hands the engine a docs folder of plain Markdown and `mkdocs.yml`, and gets
back a built site (`build`) or a live preview (`serve`); `read_settings` gives the few
settings the rest of the package needs from `mkdocs.yml`. Search is not the engine's: the
generator runs Pagefind over what the engine built (write/search.py). An engine that reads
`mkdocs.yml` too (Zensical, Material's successor) would replace this module and nothing
else; README.md, "Moving to Zensical", lists what else such a move takes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BuildError
from .preview import Changed, ChangesObserver, Preview, overlay_html

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("briefing")


@dataclass(frozen=True)
class SiteSettings:
    """What the generator needs from mkdocs.yml; mike reads the same keys."""

    site_name: str = "Briefings"
    site_url: str = ""  # with a trailing slash, or "" when unset
    branch: str = "gh-pages"  # remote_branch
    remote: str = "origin"  # remote_name
    default_alias: str = "latest"  # extra.version.default
    language: str = "en"  # theme.language, as written (it may carry a region: "pt-BR")


def read_settings(config_file: Path) -> SiteSettings:
    """The settings in `config_file`, with their defaults where unset (or where the file
    cannot be read: a project without mkdocs.yml fails in the build, with MkDocs' message)."""
    from mkdocs.utils.yaml import yaml_load  # same loader as MkDocs: !ENV, INHERIT

    try:
        with open(config_file, "rb") as f:
            cfg = yaml_load(f) or {}
    except OSError:
        return SiteSettings()
    url = str(cfg.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    version = (cfg.get("extra") or {}).get("version") or {}
    default = version.get("default") if isinstance(version, dict) else None
    theme = cfg.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return SiteSettings(
        site_name=str(cfg.get("site_name") or SiteSettings.site_name),
        site_url=url,
        branch=str(cfg.get("remote_branch") or SiteSettings.branch),
        remote=str(cfg.get("remote_name") or SiteSettings.remote),
        default_alias=default if isinstance(default, str) and default else "latest",
        language=str(language or SiteSettings.language),
    )


def _config(config_file: Path, docs_dir: Path, site_dir: Path, *, strict: bool,
            versioned: bool, **overrides: str) -> MkDocsConfig:
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config_file), docs_dir=str(docs_dir),
                      site_dir=str(site_dir), strict=strict, **overrides)
    snippets = cfg.mdx_configs.get("pymdownx.snippets")
    if snippets is not None:
        snippets["base_path"] = [str(docs_dir)]  # includes resolve inside a staged docs folder
    if not versioned:
        # Material's version selector and outdated banner read ../versions.json, which only
        # mike's gh-pages tree has: without it every page would request it and log a 404.
        cfg.extra.pop("version", None)
    return cfg


class _Held(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _held_log() -> Iterator[_Held]:
    """MkDocs' warnings and errors, held back while it builds. A failed build reports them
    once, in its BuildError (they used to print twice: MkDocs' "ERROR: …" line, then ours);
    a build that succeeds passes them on as they were."""
    mk_log = logging.getLogger("mkdocs")
    held, propagate = _Held(), mk_log.propagate
    mk_log.addHandler(held)
    mk_log.propagate = False
    failed = False
    try:
        yield held
    except BaseException:
        failed = True
        raise
    finally:
        mk_log.removeHandler(held)
        mk_log.propagate = propagate
        if not failed:
            for record in held.records:
                logging.getLogger().handle(record)


def build(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int,
          versioned: bool = False) -> None:
    """`mkdocs build --strict` of `docs_dir` into `site_dir`, with `epoch` (the edition's
    date, never the clock's) as build date. A plain build leaves out `extra.version`;
    `versioned` keeps it, for an edition published with mike."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # what MkDocs writes into sitemap.xml
    with _held_log() as held:
        try:
            cfg = _config(config_file, docs_dir, site_dir, strict=True, versioned=versioned)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except (Abort, ConfigurationError) as exc:
            detail = "; ".join(r.getMessage() for r in held.records[:10]) or str(exc)
            raise BuildError(f"mkdocs build failed: {detail}") from None


def _pages_written_since(site_dir: Path, started: float) -> bool:
    """Whether a build that began at `started` wrote any page (404.html, which every build
    writes, aside)."""
    folders = [site_dir]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif (entry.name.endswith(".html") and entry.name != "404.html"
                      and entry.stat().st_mtime >= started):
                    return True
    return False


@dataclass
class _Built:
    """What a build of the preview assembled: enough to build some of its pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    by_source: dict[str, File] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_source = {os.path.abspath(f.abs_src_path): f for f in self.files
                          if f.abs_src_path}


def _recorder(last: list[_Built]) -> BasePlugin[Any]:  # Any: its options' class is local
    """A plugin that keeps in `last` what each build assembled (one, once the build has
    gathered its pages; none while a build runs or after it failed)."""
    from mkdocs.config.base import Config
    from mkdocs.plugins import BasePlugin

    class NoOptions(Config):
        """The recorder's options: none."""

    class Recorder(BasePlugin[NoOptions]):
        nav: Navigation | None = None

        def on_pre_build(self, *, config: MkDocsConfig) -> None:
            last.clear()

        def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig,
                   files: Files) -> Navigation | None:
            self.nav = nav
            return None

        def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
                   files: Files) -> jinja2.Environment | None:
            assert self.nav is not None
            last.append(_Built(config, files, self.nav, env))
            return None

        def on_build_error(self, *, error: Exception) -> None:
            last.clear()

    return Recorder()


def _rebuild_only(built: _Built, changed: set[str] | None) -> bool | None:
    """Build again the pages and files at `changed` (absolute paths), as the last build did
    them, with its files, navigation and templates: MkDocs' dirty build of them, less the
    walk over all of docs/ that starts every build (at 800 briefings, 16,000 files: 0.8 s
    of its 1.9 s) and the navigation made again. Whether a page was built; None when that
    cannot stand for a build: a file the last build did not have, or one gone since, or a
    folder changed (MkDocs builds then)."""
    from mkdocs.commands.build import _build_page, _populate_page  # pinned: requirements.lock
    from mkdocs.structure.files import InclusionLevel

    if not changed:
        return None
    files = []
    for path in changed:
        file = built.by_source.get(path)
        if file is None and os.path.lexists(path):  # new
            return None
        if file is not None:
            if not os.path.isfile(path):  # gone
                return None
            files.append(file)
        # else: a file that came and went (a temporary one of an atomic write)
    pages = [f for f in files if f.is_documentation_page()]
    if any(f.page is None for f in pages):
        return None
    config = built.config
    doc_files = built.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for file in files:
        if not file.is_documentation_page():
            file.copy_file(dirty=False)
    for file in pages:
        assert file.page is not None
        _populate_page(file.page, config, built.files)
        _build_page(file.page, config, doc_files, built.nav, built.env,
                    excluded=file.inclusion.is_excluded())
    return bool(pages)


def serve(config_file: Path, docs_dir: Path, port: int, *,
          after_build: Callable[[Path], None] | None = None,
          on_serving: Callable[[str], None] | None = None,
          preview: Preview | None = None) -> None:
    """MkDocs' live-reloading preview of `docs_dir` at http://127.0.0.1:PORT/, until Ctrl+C.

    Built into a temporary folder, not strict (a warning must not stop the preview), and
    rebuilt when docs/ or mkdocs.yml change. `after_build(site_dir)` runs after every build
    (the generator's search index); `on_serving(url)` once the server listens. A failed
    first build raises BuildError; a failed rebuild is reported and the preview waits for
    the next change."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError
    from mkdocs.livereload import LiveReloadServer

    address = f"127.0.0.1:{port}"
    url = f"http://{address}/"  # at the root, not under site_url's path
    site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))

    control = preview or Preview()
    indexing = threading.Lock()

    def index_later() -> None:
        # After a rebuild the page reloads at once; search catches up a moment later (at
        # 800 briefings Pagefind takes seconds, longer than the rebuild itself).
        def run() -> None:
            with indexing:
                try:
                    if after_build is not None:
                        after_build(site_dir)
                except BuildError as error:
                    log.error("%s", error)
        threading.Thread(target=run, name="search-index", daemon=True).start()

    last: list[_Built] = []  # the last build's, once it has ended

    def config() -> MkDocsConfig:
        cfg = _config(config_file, docs_dir, site_dir, strict=False, versioned=False,
                      dev_addr=address, site_url=url)
        cfg.plugins["briefing-preview"] = _recorder(last)
        return cfg

    def builder(cfg: MkDocsConfig | None = None) -> None:
        # A save that changed only files the last build had (a briefing's page, charts,
        # downloads) rebuilds those alone. Anything else (a file new to docs/, the theme,
        # mkdocs.yml) is MkDocs' dirty build: the pages whose Markdown changed, as the
        # generator rewrites only files whose bytes change. Pages came or went: a whole one.
        changed = live.changes.take()
        whole = control._take_full()
        try:
            rebuilt = (_rebuild_only(last[-1], changed)
                       if cfg is None and not whole and last else None)
        except Exception:
            # A page half built: the next rebuild is MkDocs' own, which finds every page
            # older than its Markdown (this one included), not this one's narrow kind.
            last.clear()
            raise
        if rebuilt is None:
            started = time.time()
            mkdocs_build(cfg or config(), serve_url=url, dirty=not whole)
            rebuilt = whole or _pages_written_since(site_dir, started)
        if not rebuilt:
            # Only downloads changed (facts.json after serve's settling regeneration): the
            # open pages show nothing new, and are not reloaded for it.
            live.keep_pages()
        index_later()

    class Server(LiveReloadServer):
        """Binds (and listens) once, before serving: a port in use is a BuildError, and
        the address is announced only once it is ours."""

        bound = False

        def __init__(self, builder: Callable[[], None], host: str, port: int,
                     root: str) -> None:
            super().__init__(builder=builder, host=host, port=port, root=root)
            # MkDocs finds changes by polling: every half second it walks each watched
            # folder and stats every file in it. At 800 briefings docs/ holds 16,000 files,
            # and the walks took a core away from the regeneration and the rebuild after a
            # save, and waited up to half a second before seeing it (measured). The
            # system's own file events (inotify on Linux) instead.
            self.observer = ChangesObserver()
            self.changes = Changed()
            # How long docs/ must be quiet before a rebuild (MkDocs: 0.1 s). The generator
            # writes what it changed in one burst (write/staging.py).
            self.build_delay = 0.05

        def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
            super().watch(path, func, recursive=recursive)
            self.observer.schedule(self.changes, os.path.abspath(path), recursive=recursive)

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            page: bytes = super()._inject_js_into_html(content, epoch)
            problems = control.problems
            if not problems:
                return page
            end = page.rfind(b"</body>")
            end = len(page) if end < 0 else end
            return page[:end] + overlay_html(problems) + page[end:]

        def reload_pages(self) -> None:
            # Open pages poll /livereload/<epoch>/ and reload when the visible epoch is
            # newer: a new epoch with no build makes them fetch the page (and its overlay).
            # During a build, its end reloads them anyway (and must not see an epoch
            # older than this one).
            with self._epoch_cond:
                if self._visible_epoch == self._wanted_epoch:
                    self._visible_epoch = self._wanted_epoch = time.monotonic_ns() // 1_000_000
                    self._epoch_cond.notify_all()

        def keep_pages(self) -> None:
            # Called at the end of a build: the build loop then makes visible the epoch it
            # wanted, which is the one already visible, and no page reloads.
            with self._epoch_cond:
                self._wanted_epoch = self._visible_epoch

        def server_bind(self) -> None:
            if not self.bound:
                super().server_bind()
                super().server_activate()
                self.bound = True

        def server_activate(self) -> None:
            pass  # done in server_bind

    live = Server(builder=builder, host="127.0.0.1", port=port, root=str(site_dir))
    server: LiveReloadServer = live

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    control._reload = live.reload_pages
    try:
        with _held_log() as held:
            try:
                first = config()
                first.plugins.on_startup(command="serve", dirty=False)
                mkdocs_build(first, serve_url=url)
            except (Abort, ConfigurationError) as exc:
                detail = "; ".join(r.getMessage() for r in held.records[:10]) or str(exc)
                raise BuildError(f"mkdocs build failed: {detail}") from None
        try:
            if after_build is not None:
                after_build(site_dir)
            server.watch(str(docs_dir))
            server.watch(str(config_file))
            server = first.plugins.on_serve(server, config=first, builder=builder)
            for item in first.watch:
                server.watch(item)
            try:
                server.server_bind()
            except OSError as exc:
                raise BuildError(f"cannot serve on {address}: {exc.strerror or exc}") from None
            if on_serving is not None:
                on_serving(url)
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C ends the preview
                server.serve()
        finally:
            server.shutdown()
            first.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
