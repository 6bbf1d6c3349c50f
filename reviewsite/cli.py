"""Command line: `python build.py [build|check|serve|new]`. The only place that prints and exits."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reviewsite.errors import BUILD_COMMAND, ContentError, SiteError, command
from reviewsite.pipeline import BuildOptions, BuildResult, build_site, check_site, export_portable
from reviewsite.progress import Progress
from reviewsite.project import Project

COMMANDS = ("build", "check", "serve", "new", "portable")
PORTABLE_FOLDER = "_site-portable"
DEFAULT_PORT = 8000


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    """Run one command; return the process exit code (0 success, 1 content errors, 2 usage)."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    project = Project(
        root=(root or Path.cwd()),
        content=Path(args.content) if args.content else None,
        output=Path(args.output) if args.output else None,
        cache=Path(args.cache) if args.cache else None,
    )
    try:
        if args.command == "check":
            return _check(project, args)
        if args.command == "serve":
            from reviewsite.serve import serve

            return serve(project, BuildOptions(base_url=args.base_url), port=args.port or DEFAULT_PORT)
        if args.command == "new":
            from reviewsite.scaffold import create_area

            path = create_area(project, args.name)
            print(f"Created {project.label(path)}.")
            print(f"Next: replace its placeholder text with facts from your sources, then run `{command('check')}`.")
            return 0
        if args.command == "portable":
            return _portable(project, args)
        return _build(project, args)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=BUILD_COMMAND,
        description="Build the local system reviews comparison site from content/ into _site/.",
    )
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="build (default): build the site; check: validate content and links without writing; serve: live-reloading preview; new: start an area file; "
                        f"portable: write a copy that opens from disk, without a web server, into {PORTABLE_FOLDER}/")
    parser.add_argument("name", nargs="?", help="with 'new': the area's name, e.g. \"Ynys Môn\"")
    parser.add_argument("--content", metavar="DIR", help="content folder (default: content/)")
    parser.add_argument("--output", metavar="DIR", help="output folder (default: _site/)")
    parser.add_argument("--base-url", metavar="URL", help="address the site is published at (overrides site.yaml)")
    parser.add_argument("--update-ledger", action="store_true", help="record new public URLs in content/published-urls.txt")
    parser.add_argument("--cache", metavar="DIR", help="where builds keep what the next build reuses (default: .reviewsite-cache/; safe to delete)")
    parser.add_argument("--no-cache", action="store_true", help="build everything afresh, without reading or writing the cache")
    parser.add_argument("--port", type=int, help=f"with 'serve': port on 127.0.0.1 (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    if args.command == "new" and not args.name:
        parser.error(f"'new' needs the area's name, e.g. {command('new')} \"Ynys Môn\"")
    if args.command != "new" and args.name:
        parser.error(f"unexpected argument '{args.name}'")
    for option, value, commands in (("--port", args.port, {"serve"}), ("--update-ledger", args.update_ledger, {"build"}),
                                    ("--base-url", args.base_url, {"build", "check", "serve", "portable"}), ("--output", args.output, {"build", "serve", "portable"}),
                                    ("--cache", args.cache, {"build", "check"}), ("--no-cache", args.no_cache, {"build", "check"})):
        if value and args.command not in commands:
            parser.error(f"{option} does not apply to '{args.command}'")
    return args


def _build(project: Project, args: argparse.Namespace) -> int:
    options = BuildOptions(base_url=args.base_url, update_ledger=args.update_ledger, use_cache=not args.no_cache)
    result = build_site(project, options, Progress.on_terminal())
    _print_warnings(result.warnings)
    print(f"Built {result.pages} pages ({result.areas} areas) and {result.files - result.pages} other files into {project.label(project.out_dir)}/ in {result.seconds:.2f} s"
          f" ({_changes(result)}).")
    if result.ledger_updated:
        print(f"Recorded new URLs in {project.label(project.ledger_path)}; commit it with the content.")
    return 0


def _portable(project: Project, args: argparse.Namespace) -> int:
    folder = project.output or project.root / PORTABLE_FOLDER
    result = export_portable(project, folder, BuildOptions(base_url=args.base_url))
    _print_warnings(result.warnings)
    print(f"Wrote a copy of the site that opens from disk ({result.pages} pages) into {project.label(folder)}/ in {result.seconds:.2f} s:"
          f" open {project.label(folder / 'index.html')} in a browser.")
    return 0


def _changes(result: BuildResult) -> str:
    if result.written:
        return f"{result.written} {'file' if result.written == 1 else 'files'} written"
    return "no file changed"


def _check(project: Project, args: argparse.Namespace) -> int:
    result: BuildResult = check_site(project, BuildOptions(base_url=args.base_url, use_cache=not args.no_cache), Progress.on_terminal())
    _print_warnings(result.warnings)
    print(f"No problems: {result.areas} areas, {result.pages} pages, every internal link and anchor resolves ({result.seconds:.2f} s).")
    return 0


def _print_warnings(warnings: Sequence[ContentError]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
