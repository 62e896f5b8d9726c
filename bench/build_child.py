"""One build in a fresh process, as `python build.py build` runs it, with its stage timings.

    python bench/build_child.py PROJECT_ROOT

Imports the `briefing` package of PROJECT_ROOT (the benchmark's copy of the project),
builds, and prints one line of JSON: seconds to import, the build's own total, and the
pipeline's per-stage timings (load+validate, charts, pages, stage, mkdocs, link, swap).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    root = Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(root))
    from briefing import pipeline

    imported = time.perf_counter()
    result = pipeline.build(pipeline.Project(root))
    done = time.perf_counter()
    print(json.dumps({"import_s": imported - started, "build_s": done - imported,
                      "stages": result.timings, "notes": result.notes}))


if __name__ == "__main__":
    main()
