"""`python -m briefing.reference > docs/reference.md`: the page, or (exit 1, on stderr) what
the reference fails to describe. A page leaving a field out is never written."""

from __future__ import annotations

import sys

from . import example_problems, missing, reference


def main() -> int:
    problems = missing() + example_problems()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s): docs/reference.md not generated", file=sys.stderr)
        return 1
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    sys.exit(main())
