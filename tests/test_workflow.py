"""The publish workflow: tests run with a read-only token, and only the publish job, which
runs after them, may write to the repository."""

from __future__ import annotations

from typing import Any

import yaml

from devtools.projects import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _writes(permissions: Any) -> bool:
    if permissions in ("write-all",):
        return True
    return isinstance(permissions, dict) and "write" in permissions.values()


def test_tests_and_publish_are_separate_jobs_and_only_publish_writes() -> None:
    wf = _workflow()
    assert wf["permissions"] == {"contents": "read"}, "the default token must be read-only"
    jobs = wf["jobs"]
    assert set(jobs) == {"test", "publish"}
    test, publish = jobs["test"], jobs["publish"]
    assert not _writes(test.get("permissions", wf["permissions"]))
    assert any("make test" in str(step.get("run", "")) for step in test["steps"])
    assert publish["needs"] == "test", "publish must wait for the tests to pass"
    assert publish["permissions"] == {"contents": "write"}
    runs = " ".join(str(step.get("run", "")) for step in publish["steps"])
    assert "build.py publish --push" in runs
    assert "make test" not in runs, "the suite must not run with a token that can push"


def test_publish_keeps_the_build_cache_between_runs() -> None:
    """A publish after one changed briefing re-renders only that briefing's charts: .build/
    is restored, keyed by the locks and the generator's code (not by the data)."""
    steps = _workflow()["jobs"]["publish"]["steps"]
    cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["path"] == ".build"
    key = cache["with"]["key"]
    assert "requirements.lock" in key and "briefing/**" in key and "data/" not in key
    assert cache["with"]["restore-keys"].strip() in key
