"""A build killed at any moment leaves the old output or the new one, never a mix.

A project holds a complete build of one input; its data is then changed and
`build.py build` is started and killed with SIGKILL (the whole process group, as an
out-of-memory killer or a pulled plug would) at several moments: at once, during
generation (once it has written a first new entry into its caches), once its
staging folder exists, once the generated pages are staged, while MkDocs writes the
site, once Pagefind has written the search index, right after the first folder was
swapped in, and after seeded random delays. After each kill, docs/briefings/ and site/
must each hash exactly as the old complete output or the new complete output (and both
the same one, except in the moment between the two swaps, one system call each), and
the next build must succeed and produce the new output.

Each kill must interrupt the build: the build must die of the SIGKILL. A build that
finished first proves nothing, so a delay it outran is tried again, halved, and a
condition it passed unseen is tried again as it was; a point never reached fails. Kills
before the swaps must leave the old output, a kill right after the first swap the new
docs/briefings/. The old output and the rebuild after each kill are built in this process
(devtools.projects.run_main); what a kill could break is in the files, not the process.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_input.cases import BASE, SLUG
from sitecheck import tree_files, tree_hash

from devtools.projects import cli_env, copy_project, run_cli, run_main

OUTPUTS = ("docs/briefings", "site")
# One worker builds the old and new outputs once and tries every kill point on copies.
pytestmark = pytest.mark.xdist_group("atomic")


def _stages(project: Path) -> list[Path]:
    return sorted((project / ".build").glob("stage-*"))


def _exists(pattern: str) -> Callable[[Path], bool]:
    return lambda project: any((project / ".build").glob(pattern))


def _swapped(inode: int) -> Callable[[Path], bool]:
    def check(project: Path) -> bool:
        try:
            return (project / "docs" / "briefings").stat().st_ino != inode
        except FileNotFoundError:
            return True

    return check


def _change(data: Path) -> None:
    """The new input: another title, figure and table row, so that every page and the chart
    change (and the build writes new entries into its caches)."""
    path = data / "briefings" / SLUG / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: A briefing that builds", "title: A briefing that was rebuilt")
    text = text.replace("value: 3800000", "value: 3900000")
    path.write_text(text, encoding="utf-8")
    table = data / "briefings" / SLUG / "reserves.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("Russia,3800000", "Russia,3900000"),
                     encoding="utf-8")


def _cache_files(project: Path) -> set[Path]:
    return {p for p in (project / ".build").rglob("*")
            if p.is_file() and "stage-" not in p.as_posix() and not p.name.endswith(".tmp")}


def _new_cache_entry(before: set[Path]) -> Callable[[Path], bool]:
    return lambda project: bool(_cache_files(project) - before)


@dataclass(frozen=True)
class States:
    armed: Path  # the old output built, the new input in data/
    reference: Path  # the new input built cleanly
    old: dict[str, str]  # output folder → tree hash
    new: dict[str, str]
    duration: float  # seconds of the reference build, as a subprocess


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def states(tmp_path_factory: pytest.TempPathFactory) -> States:
    """The old output (built), the armed project (old output, new input) and the new output's
    hashes, built in a folder of its own by `python build.py build`, whose duration the
    fractions below are taken of."""
    base = tmp_path_factory.mktemp("atomic")
    new_data = base / "new-data"
    shutil.copytree(BASE, new_data)
    _change(new_data)

    armed = copy_project(base / "armed", data=BASE)
    run = run_main(armed, "build")
    assert run.code == 0, run.text
    old = {name: tree_hash(armed / name) for name in OUTPUTS}
    shutil.rmtree(armed / "data")
    shutil.copytree(new_data, armed / "data")

    reference = copy_project(base / "reference", data=new_data)
    started = time.monotonic()
    run = run_cli(reference, "build", coverage=False)  # timed like the builds to be killed
    duration = time.monotonic() - started
    assert run.code == 0, run.text
    new = {name: tree_hash(reference / name) for name in OUTPUTS}
    assert old != new
    return States(armed, reference, old, new, duration)


# A moment is a fraction of a clean build's duration, a condition on the project's
# folders, or "swap" (docs/briefings/ is no longer the folder it was).
Moment = float | str | Callable[[Path], bool]
KILL_POINTS: dict[str, Moment] = {
    "at-once": 0.0,
    "first-cache-entry-written": "cache",
    "stage-created": _exists("stage-*"),
    "pages-staged": _exists("stage-*/docs/briefings/index.md"),
    "mkdocs-writing-site": _exists("stage-*/site"),
    "pagefind-wrote-search-index": _exists("stage-*/site/pagefind/pagefind-entry.json"),
    "docs-swapped-in": "swap",
}
_rng = random.Random(20261127)
RANDOM_FRACTIONS = [round(_rng.uniform(0.05, 1.1), 3) for _ in range(4)]
for _fraction in RANDOM_FRACTIONS:
    KILL_POINTS[f"random-{_fraction}"] = _fraction
# Points that come seconds before the build's swaps: a kill there leaves the old output,
# both folders. (After Pagefind, MkDocs' last steps and the linking of unchanged files are
# too short a margin to be sure of; a kill there may land after the swaps.)
BEFORE_THE_SWAPS = {"at-once", "first-cache-entry-written", "stage-created", "pages-staged",
                    "mkdocs-writing-site"}
# Tries per point: a fraction the build outran is tried again half as long each time; a
# condition passed unseen (the build was between two looks at the folders), as it was.
FRACTION_ATTEMPTS, CONDITION_ATTEMPTS = 6, 3


def _kill_at(project: Path, when: Moment, duration: float) -> bool:
    """Start `build.py build` and SIGKILL its process group at the moment `when`; whether the
    kill interrupted it (it died of SIGKILL, not of its own accord first)."""
    if when == "swap":
        when = _swapped((project / "docs" / "briefings").stat().st_ino)
    elif when == "cache":  # during generation: validation and chart caches are written
        when = _new_cache_entry(_cache_files(project))
    proc = subprocess.Popen([sys.executable, "build.py", "build", "-q"], cwd=project,
                            env=cli_env(coverage=False), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        if isinstance(when, float):
            deadline = time.monotonic() + when * duration
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.001)
        else:
            assert callable(when)
            while proc.poll() is None and not when(project):
                time.sleep(0.0005)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != -signal.SIGKILL:
        # It finished before the kill: then it must have succeeded, and the point was missed.
        assert proc.returncode == 0, stderr
        return False
    return True


@pytest.mark.parametrize("point", list(KILL_POINTS), ids=list(KILL_POINTS))
def test_killed_build_leaves_old_or_new_output(point: str, states: States,
                                               tmp_path: Path) -> None:
    old, new = states.old, states.new
    when = KILL_POINTS[point]
    tries: list[str] = []
    attempts = FRACTION_ATTEMPTS if isinstance(when, float) else CONDITION_ATTEMPTS
    for attempt in range(attempts):
        project = tmp_path / f"project-{attempt}"
        shutil.copytree(states.armed, project, symlinks=True)
        assert {name: tree_hash(project / name) for name in OUTPUTS} == old
        if _kill_at(project, when, states.duration):
            break
        tries.append(f"{when}: the build finished first")
        if isinstance(when, float):
            when /= 2  # the build outran the delay: a shorter one
    else:
        pytest.fail(f"no kill at {point} landed before the build ended: {tries}")

    after = {name: tree_hash(project / name) for name in OUTPUTS}
    for name in OUTPUTS:
        assert after[name] in (old[name], new[name]), (
            f"{name} after a kill at {point} is neither the old nor the new output")
    if point != "docs-swapped-in":
        # Only between the two back-to-back swaps (one system call each), which this point
        # aims at, may docs/briefings/ be new while site/ is still old.
        assert after in (old, new), f"a kill at {point} left a mix of old and new"
    if point in BEFORE_THE_SWAPS:
        assert after == old, f"a kill at {point}, before the swaps, did not leave the old output"
    if point == "docs-swapped-in":
        assert after["docs/briefings"] == new["docs/briefings"]
    print(f"\nkill at {point}: killed after {len(tries)} missed tries; "
          + ", ".join(f"{n} {'old' if after[n] == old[n] else 'new'}" for n in OUTPUTS))

    # The next build (in this process: what it proves is in the files, not the process)
    # succeeds and makes exactly what a clean build makes.
    run = run_main(project, "build")
    assert run.code == 0, run.text
    final = {name: tree_hash(project / name) for name in OUTPUTS}
    if final != new:
        reference = states.reference
        diff = {name: sorted(k for k, v in tree_files(project / name).items()
                             if tree_files(reference / name).get(k) != v)
                for name in OUTPUTS}
        pytest.fail(f"the build after a kill at {point} differs from a clean one: {diff}")
    assert _stages(project) == [], "a staging folder was left behind"
