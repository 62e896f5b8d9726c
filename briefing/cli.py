"""The command line: `python build.py validate|build|serve|publish|new`.

Turns every failure into a message and an exit code: 0 done, 1 a problem in the
input (each listed with file and line), 2 a wrong command line, 3 a failure of
the build itself (MkDocs, git). No traceback reaches the user unless --debug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import pipeline
from .editions.errors import DeployError, EditionError
from .errors import BuildError, InputError, Problem, plural, warning_lines

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3


def _edition(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an edition date such as 2026-11-27, found {text!r}"
        ) from None


# Each option shared by several commands is defined once, here, as a parent parser.
# --root's default is None, read as the current folder when the command runs (not when this
# module was imported: a caller may change folders in between).
_FOLDERS: tuple[tuple[str, Path | None, str], ...] = (
    ("--root", None, "the project folder (default: the current folder)"),
    ("--data", Path("data"), "folder holding briefings/<slug>/briefing.yaml (default: data)"),
    ("--templates", Path("templates"), "Jinja templates for the pages (default: templates)"),
    ("--docs", Path("docs"), "MkDocs docs folder; the build owns docs/briefings/ (default: docs)"),
    ("--site", Path("site"), "where the built site goes (default: site)"),
    ("--config", Path("mkdocs.yml"), "MkDocs configuration (default: mkdocs.yml)"),
)


def _parent(*adders: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    for add in adders:
        add(parent)
    return parent


def _project_options(parser: argparse.ArgumentParser) -> None:
    for flag, default, text in _FOLDERS:
        parser.add_argument(flag, type=Path, default=default, help=text)
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def _edition_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--edition", type=_edition,
                        help="edition date (default: newest briefing's)")
    parser.add_argument(
        "--previous", type=Path, metavar="PATH",
        help="compare with this facts.json (or a built edition's folder) instead of the "
        "newest older edition on gh-pages")


def _port_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")


def _strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (unused facts and sources, stale dates) as "
                        "problems: exit 1 and write nothing")


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-mkdocs", action="store_true", help="only generate docs/briefings/, do not run MkDocs"
    )
    parser.add_argument("--workers", type=_workers, metavar="N",
                        help="processes that draw charts (default: one for a few charts, else "
                        "one per core)")


def _publish_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--push", action="store_true",
                        help="push gh-pages to the remote afterwards")
    parser.add_argument(
        "--remote", help="git remote to push to (default: mkdocs.yml's remote_name, else origin)"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an edition that is already published"
    )
    parser.add_argument("-m", "--message",
                        help="commit message on gh-pages (default: Edition DATE)")


def _new_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slug", help="the folder and address: lowercase letters, digits, "
                        "hyphens")
    parser.add_argument("--edition", type=_edition,
                        help="edition date (default: today, or SOURCE_DATE_EPOCH's date)")


_Adder = Callable[[argparse.ArgumentParser], None]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Turn briefings kept as data (data/briefings/<slug>/briefing.yaml) into a "
        "searchable static site: Markdown in docs/briefings/, then MkDocs into site/.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # One parent parser per group of options, made once and shared by the commands. Each
    # command's docstring is its help: the first line in the list, the rest its description.
    parents: dict[_Adder, argparse.ArgumentParser] = {}
    for name, (run, adders) in COMMANDS.items():
        summary, _, description = inspect.cleandoc(run.__doc__ or "").partition("\n\n")
        commands.add_parser(name, help=summary, description=description,
                            parents=[parents.setdefault(a, _parent(a)) for a in adders])
    return parser


def _print_warnings(warnings: list[Problem]) -> None:
    for line in warning_lines(warnings):
        print(line, file=sys.stderr)


def _print_problems(error: InputError) -> None:
    _print_warnings(error.warnings)
    for problem in error.problems:
        print(f"error: {problem.render()}", file=sys.stderr)
    n = len(error.problems)
    strict = (f" ({plural(error.promoted, 'warning')} among them, problems under --strict)"
              if error.promoted else "")
    print(f"{n} problem{'s' if n != 1 else ''} found{strict}; nothing was written.",
          file=sys.stderr)


def _project(args: argparse.Namespace) -> pipeline.Project:
    root = (args.root or Path.cwd()).resolve()
    return pipeline.Project(root, args.data, args.templates, args.docs, args.site, args.config,
                            workers=getattr(args, "workers", None))


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more), "
                                         f"found {text!r}")
    return int(text)


def cmd_validate(args: argparse.Namespace) -> int:
    """check every briefing and report every problem

    Load and check every briefing. Reports every problem at once with file:line:column,
    field, expected and found, and every warning. Writes nothing."""
    briefings, warnings = pipeline.check(_project(args), strict=args.strict)
    _print_warnings(warnings)
    if not args.quiet:
        facts = sum(len(rb.facts) for rb in briefings)
        claims = sum(len(rb.claims) for rb in briefings)
        print(f"ok: {len(briefings)} briefing(s), {facts} facts, {claims} claims; no problems"
              + (f", {plural(len(warnings), 'warning')}." if warnings else "."))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """generate docs/briefings/ and build site/ (strict)

    Validate, generate the Markdown pages into docs/briefings/, then run mkdocs build
    --strict into site/. Both are swapped in only when everything succeeded."""
    started = time.perf_counter()
    result = pipeline.build(
        _project(args), args.edition, mkdocs=not args.no_mkdocs, previous=args.previous,
        strict=args.strict,
    )
    if result.warnings:  # the count only: validate lists them
        print(f"{plural(len(result.warnings), 'warning')} (python build.py validate lists "
              "them; --strict makes them problems).", file=sys.stderr)
    if not args.quiet:
        for note in result.notes:
            print(note)
        where = "docs/briefings/" if args.no_mkdocs else "docs/briefings/ and site/"
        print(
            f"built {len(result.briefings)} briefing(s), {len(result.pages)} generated files "
            f"into {where} in {time.perf_counter() - started:.1f} s "
            f"(edition {result.edition.isoformat()})."
        )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """preview on 127.0.0.1 with live reload

    Generate, then serve the site with MkDocs' live reload on 127.0.0.1. Changes in data/
    or templates/ regenerate the pages. Warnings are shown and never stop the preview."""
    from .serve import serve

    return serve(_project(args), args.port, quiet=args.quiet)


def cmd_publish(args: argparse.Namespace) -> int:
    """build an edition and commit it to gh-pages with mike

    Build the site as an edition named by its date, with what changed since the previous
    edition, then commit it to the gh-pages branch with mike and move the alias 'latest'
    (the default version) to it. Without --push only the local branch changes. Refuses an
    edition that is already published, unless --force."""
    started = time.perf_counter()
    result, done = pipeline.publish(
        _project(args),
        args.edition,
        push=args.push,
        remote=args.remote,
        previous=args.previous,
        force=args.force,
        message=args.message,
        strict=args.strict,
    )
    if not args.quiet:
        for note in result.notes:
            print(note)
        edition = done.edition.isoformat()
        where = (
            f"{done.branch} and pushed to {done.remote}"
            if done.pushed
            else (
                f"the local {done.branch} branch (push it with --push, or: "
                f"git push {done.remote} {done.branch})"
            )
        )
        latest = (
            "; 'latest' now points to it"
            if done.latest
            else ("; 'latest' stays on a newer edition")
        )
        print(
            f"published edition {edition} to {where}{latest} "
            f"({time.perf_counter() - started:.1f} s)."
        )
    return EXIT_OK


def _today() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date: what a new briefing's edition starts as."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def cmd_new(args: argparse.Namespace) -> int:
    """start a briefing: data/briefings/SLUG/briefing.yaml

    Write data/briefings/SLUG/briefing.yaml: title, edition and bottom line to fill in, and
    a commented placeholder for every kind of record. It validates as it stands. An
    existing briefing is never overwritten."""
    project = _project(args)
    path = pipeline.new_briefing(project, args.slug, args.edition or _today())
    if not args.quiet:
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        print(f"wrote {shown}; fill it in, then: python build.py validate")
    return EXIT_OK


def cmd_serve_editions(args: argparse.Namespace) -> int:
    """preview the published editions (gh-pages) on 127.0.0.1

    Serve the gh-pages branch as GitHub Pages would, with every edition, the version
    selector and the outdated-edition banner, on 127.0.0.1."""
    from .editions.preview import serve_editions

    return serve_editions(
        _project(args).root, _project(args).config_file, args.port, quiet=args.quiet
    )


# Each command: what runs it, and its groups of options (in this order in its --help).
COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], tuple[_Adder, ...]]] = {
    "validate": (cmd_validate, (_project_options, _strict_option)),
    "build": (cmd_build, (_project_options, _strict_option, _edition_option, _build_options)),
    "serve": (cmd_serve, (_project_options, _port_option)),
    "publish": (cmd_publish, (_project_options, _strict_option, _edition_option,
                              _publish_options)),
    "serve-editions": (cmd_serve_editions, (_project_options, _port_option)),
    "new": (cmd_new, (_project_options, _new_options)),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return COMMANDS[args.command][0](args)
    except InputError as error:
        _print_problems(error)
        return EXIT_INPUT
    except EditionError as error:
        print(f"error: {error}.", file=sys.stderr)
        print(
            "nothing was changed: gh-pages, docs/briefings/ and site/ are as they were.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except DeployError as error:  # after the build: the message says where gh-pages stands
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BUILD
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was changed in docs/briefings/ or site/.", file=sys.stderr)
        return EXIT_BUILD
    except KeyboardInterrupt:
        print("interrupted; previous output left as it was.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not bad input: say so plainly
        if getattr(args, "debug", False):
            raise
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print(
            "this is a bug in the generator; run again with --debug for details.", file=sys.stderr
        )
        return EXIT_BUILD
