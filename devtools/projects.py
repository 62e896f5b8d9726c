"""Copies of the project to build and break freely, and the command line run on them.

`run_cli` runs `python build.py ARGS` in a subprocess, as a user does: interpreter start,
imports, exit code and all. `run_main` calls `briefing.cli.main(ARGS)` in this process with
its output captured: the same messages and exit codes without the second or so a fresh
interpreter costs, for the many checks that only read what the command line says.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SLUG = "russia-us-rare-earths-aluminium"
# What a project copy needs; data/ is copied separately so that callers can swap it.
PROJECT_FILES = ("build.py", "mkdocs.yml", "pyproject.toml", "templates", "overrides", "docs",
                 "briefing")


def copy_project(dest: Path, data: Path | None = ROOT / "data") -> Path:
    """A copy of this repository's code, templates and hand-written docs, without build
    output; with `data` (a folder holding briefings/) as its data/, or none."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                "__pycache__", "briefings" if name == "docs" else "__none__"))
        else:
            shutil.copy2(src, dest / name)
    # Pagefind runs from node_modules beside the code (briefing/write/search.py): linked, as
    # the copies share this checkout's .venv.
    if (ROOT / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    if data is not None:
        shutil.copytree(data, dest / "data")
    return dest


def set_option(project: Path, key: str, value: str) -> Path:
    """Set `key = value` (TOML) under [tool.briefing] in a copy's pyproject.toml, in place of
    the key's line if it has one, adding the table (and the file) if it has none: a second
    header or key is invalid TOML."""
    config = project / "pyproject.toml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    header = "[tool.briefing]\n"
    table = text.find(header)
    end = text.find("\n[", table + 1) if table >= 0 else -1  # the next table's header
    if table >= 0 and (line := re.compile(rf"^{re.escape(key)} = .*$", re.MULTILINE)
                       .search(text, table, end if end >= 0 else len(text))):
        text = text[:line.start()] + f"{key} = {value}" + text[line.end():]  # one-line values
    elif table >= 0:
        text = text.replace(header, f"{header}{key} = {value}\n", 1)
    else:
        text += f"\n{header}{key} = {value}\n"
    config.write_text(text, encoding="utf-8")
    return project


def allow_custom_charts(project: Path, *slugs: str) -> Path:
    """Give a copy's briefings consent to run their charts.py ([tool.briefing] custom_charts):
    code in a briefing runs only where the project says so."""
    return set_option(project, "custom_charts", "[" + ", ".join(f'"{s}"' for s in slugs) + "]")


# What makes coverage start in a Python subprocess (`patch = subprocess` under pytest-cov).
COVERAGE_VARIABLES = ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")


def cli_env(coverage: bool = True) -> dict[str, str]:
    """This process's environment without SOURCE_DATE_EPOCH: a build takes its date from
    the edition, and a value left in the environment must not hide a bug there.

    `coverage=False` also keeps coverage out of the subprocess: for runs that are timed (the
    benchmark) or killed (they never write their data), where a tracer only costs time."""
    drop = {"SOURCE_DATE_EPOCH", *(() if coverage else COVERAGE_VARIABLES)}
    return {k: v for k, v in os.environ.items() if k not in drop}


@dataclass
class Run:
    """What a run of the command line gave: exit code, standard output and error."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(project: Path, *args: str, timeout: float = 300, coverage: bool = True) -> Run:
    """`python build.py ARGS` in a project folder, in a subprocess, as a user runs it."""
    proc = subprocess.run([sys.executable, "build.py", *args], cwd=project,
                          env=cli_env(coverage), capture_output=True, text=True,
                          timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def run_main(project: Path, *args: str) -> Run:
    """`briefing.cli.main(ARGS)` in this process, from the project folder (the default
    --root), with standard output and error captured; argparse's exits become codes.

    The package is this repository's, not the copy's (they are the same code). The
    environment and the current folder are put back afterwards, so that one run leaves
    nothing behind for the next (a build sets SOURCE_DATE_EPOCH for MkDocs)."""
    from briefing import cli

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        with contextlib.chdir(project), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as done:  # argparse: --help, a wrong command line
                code = done.code if isinstance(done.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Run(code, out.getvalue(), err.getvalue())


def built_copy(dest: Path, data: Path = ROOT / "data", *commands: str) -> Path:
    """A copy of the project with `data`, through `commands` (default: build) in this
    process, each of which must succeed (AssertionError with its output otherwise)."""
    project = copy_project(dest, data=data)
    for command in commands or ("build",):
        result = run_main(project, command)
        assert result.code == 0, f"{command}: {result.text}"
    return project
