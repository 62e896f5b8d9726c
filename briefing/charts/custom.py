"""An analyst's own chart functions: `charts.py` beside briefing.yaml, one function per
custom chart, taking the dataset's rows and returning an Altair chart. The file is
imported afresh on each run; every failure (no file, no such function, an exception, a
result that is no chart) becomes a problem that names the file and line."""

from __future__ import annotations

import copy
import importlib.util
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from ..errors import Problem, Problems, did_you_mean, known_list

if TYPE_CHECKING:
    from ..check.resolved import ResolvedBriefing
    from ..model import Chart
    from .columns import Row

CUSTOM_FILE = "charts.py"  # an analyst's custom chart functions, beside briefing.yaml


class ChartLike(Protocol):
    """What a custom function must return: anything Altair-like with a Vega-Lite dict."""

    def to_dict(self) -> dict[str, object]: ...


def custom_file_shown(rb: ResolvedBriefing) -> str:
    """The custom charts file as messages name it, beside the briefing's file."""
    return str(Path(rb.file).parent / CUSTOM_FILE)


def custom_chart(rb: ResolvedBriefing, i: int, chart: Chart, rows: list[Row],
                 modules: dict[str, ModuleType | None], problems: Problems) -> ChartLike | None:
    """Run the analyst's function; every failure becomes a problem naming charts.py.
    `modules` keeps the briefing's imported file between its charts (None: import failed)."""
    path = rb.folder / CUSTOM_FILE
    shown = custom_file_shown(rb)
    line, col = rb.position(("charts", i, "function"))
    where = f"charts[{i}].function"
    if not path.is_file():
        problems.add(Problem(rb.file, line, col, where,
                             f"a file {shown} defining {chart.function}(rows)", "no such file"))
        return None
    if "module" not in modules:
        modules["module"] = _import_custom(path, shown, rb.slug, problems)
    module = modules["module"]
    if module is None:
        return None  # import failed; reported once
    fn = getattr(module, chart.function or "", None)
    if not callable(fn):
        names = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
        problems.add(Problem(rb.file, line, col, where, f"a function defined in {shown}",
                             f"'{chart.function}'",
                             did_you_mean(chart.function or "", names) or known_list(names)))
        return None
    try:
        result = fn(copy.deepcopy(rows))
    except Exception as exc:  # the analyst's code: report it, never crash
        problems.add(Problem(shown, _line_in(exc, path), 0, f"{chart.function}() for chart "
                             f"'{chart.id}'", "an Altair chart",
                             f"{type(exc).__name__}: {exc}"[:300]))
        return None
    if not hasattr(result, "to_dict"):
        problems.add(Problem(shown, _def_line(fn), 0, f"{chart.function}() for chart "
                             f"'{chart.id}'", "an Altair chart (alt.Chart, alt.layer, ...)",
                             f"{type(result).__name__}"))
        return None
    made: ChartLike = result
    return made


def _import_custom(path: Path, shown: str, slug: str, problems: Problems) -> ModuleType | None:
    name = f"briefing_custom_charts_{slug.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        problems.add(Problem(shown, 0, 0, "", "a Python file", "a file Python cannot load"))
        return None
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs (dataclasses and pickling look it up), then dropped, so that
    # a rebuild (serve) reads the file afresh.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        problems.add(Problem(shown, exc.lineno or 0, exc.offset or 0, "", "valid Python",
                             f"SyntaxError: {exc.msg}"))
        return None
    except Exception as exc:
        problems.add(Problem(shown, _line_in(exc, path), 0, "", "a module that imports cleanly",
                             f"{type(exc).__name__}: {exc}"[:300]))
        return None
    finally:
        sys.modules.pop(name, None)
    return module


def _line_in(exc: BaseException, path: Path) -> int:
    """The last line of `path` that the traceback passed through."""
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno or 0
    return line


def _def_line(fn: Callable[..., object]) -> int:
    code = getattr(fn, "__code__", None)
    return code.co_firstlineno if code else 0
