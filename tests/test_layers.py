"""The stages as layers (pyproject.toml, [tool.importlinter]): a module imports only from
its own layer or below. Checked over the package as it is, and over a copy with one upward
import planted, which the check must refuse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from devtools.projects import ROOT

LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"]


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([*LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=package_parent, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_package_keeps_its_layers() -> None:
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Stages import downwards only KEPT" in run.stdout


def test_an_upward_import_is_refused(tmp_path: Path) -> None:
    """The records (model) learning of the pipeline is the kind of erosion this guards."""
    shutil.copytree(ROOT / "briefing", tmp_path / "briefing",
                    ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "briefing" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom . import pipeline  # planted\n",
                     encoding="utf-8")
    run = _lint(tmp_path)
    assert run.returncode != 0, run.stdout
    assert "BROKEN" in run.stdout
    assert "briefing.model -> briefing.pipeline" in run.stdout, run.stdout
