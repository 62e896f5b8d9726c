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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from ..errors import BuildError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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


OVERLAY_ID = "briefing-preview-problems"


class Preview:
    """What the generator tells the preview while it runs: the problems of the last
    regeneration, shown over every page as it is served (and gone once fixed), and whether
    the next rebuild must be whole. Thread-safe: the regeneration thread sets, the server's
    threads read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._problems: tuple[str, ...] = ()
        self._full = False
        self._reload: Callable[[], None] | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        with self._lock:
            return self._problems

    def show(self, problems: Sequence[str]) -> None:
        """Show `problems` (one line each, "file:line: …") over the pages, or none; open
        pages reload when this changes what they show."""
        with self._lock:
            changed = tuple(problems) != self._problems
            self._problems = tuple(problems)
            reload = self._reload
        if changed and reload is not None:
            reload()

    def rebuild_whole(self) -> None:
        """The next rebuild builds every page (pages were added or removed: every page's
        navigation changes), not only the changed ones."""
        with self._lock:
            self._full = True

    def _take_full(self) -> bool:
        with self._lock:
            full, self._full = self._full, False
            return full


def overlay_html(problems: Sequence[str]) -> bytes:
    """The problems as a panel over the page: text escaped, announced to screen readers."""
    n = len(problems)
    items = "".join(f"<li>{escape(p)}</li>" for p in problems[:50])
    more = f"<p>… and {n - 50} more (see the terminal).</p>" if n > 50 else ""
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;'
        "z-index:10;max-height:50vh;overflow:auto;padding:1rem 1.25rem;background:#fff;"
        "color:#1a1a1a;border:3px solid #b00020;border-radius:4px;font:0.8rem/1.45 "
        'ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)">'
        f'<p style="margin:0 0 .5rem;font-weight:700">This preview is out of date: {n} '
        f"problem{'s' if n != 1 else ''} in the input. It shows the last good pages until "
        f'they are fixed.</p><ul style="margin:0;padding-left:1.2rem">{items}</ul>{more}</div>'
    ).encode()


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

    def config() -> MkDocsConfig:
        return _config(config_file, docs_dir, site_dir, strict=False, versioned=False,
                       dev_addr=address, site_url=url)

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

    def builder(cfg: MkDocsConfig | None = None) -> None:
        # A rebuild builds only the pages whose Markdown changed (MkDocs' dirty build: the
        # generator rewrites only files whose bytes change), unless pages came or went.
        dirty = not control._take_full()
        started = time.time()
        mkdocs_build(cfg or config(), serve_url=url, dirty=dirty)
        if dirty and not _pages_written_since(site_dir, started):
            # Only downloads changed (facts.json after serve's settling regeneration): the
            # open pages show nothing new, and are not reloaded for it.
            live.keep_pages()
        index_later()

    class Server(LiveReloadServer):
        """Binds (and listens) once, before serving: a port in use is a BuildError, and
        the address is announced only once it is ours."""

        bound = False

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
