"""The one Typer app, its consoles, the options every command shares, and the one error path.

Every user error — a missing file, a bad run id, a bad value, a bad column, a bad encoding —
is printed as ``error: <file or thing>: <what is wrong>`` (and a ``hint:`` line when there is
something to do) with exit status 2, never a traceback. Exit statuses: 0 done, 1 a CI
threshold was not met (``--fail-on``, ``--min-score``, ``--min-f1``), 2 a user error, 3 a bug
in govlens (its traceback only with ``--debug``), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer
from rich.console import Console

from govlens import PROJECT_URL, __version__
from govlens.config import WORKSPACE_ENV

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from govlens.config import Config as ConfigFile

EXIT_THRESHOLD, EXIT_USER, EXIT_BUG, EXIT_INTERRUPTED = 1, 2, 3, 130

def _no_type_names() -> None:
    """Help shows what to type (FILE, RUN), never a Python type (<path>, <str>): an argument
    with a metavar shows only it (Typer adds the type of arguments regardless)."""
    from typer.core import TyperArgument

    plain = TyperArgument.display_type_rich

    def display_type_rich(self: TyperArgument, ctx: Any) -> str | None:
        return None if self.metavar else plain(self, ctx)

    TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_names()

app = typer.Typer(help="Measure government online services the way the international rankings do.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  pretty_exceptions_enable=False, context_settings={"help_option_names": ["-h", "--help"]})
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


@dataclass
class State:
    """Set by the global options: -1 quiet, 0 normal, 1 verbose."""

    verbosity: int = 0
    debug: bool = False

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0

    @property
    def verbose(self) -> bool:
        return self.verbosity > 0

    @property
    def progress(self) -> str:
        return "off" if self.quiet else "site" if self.verbose else "auto"


state = State()

# -------------------------------------------------------------------- shared options

Workspace = Annotated[Optional[Path], typer.Option(  # noqa: UP007
    "--workspace", "-w", envvar=WORKSPACE_ENV, metavar="DIR", show_envvar=True,
    help="The workspace: the folder holding govlens.sqlite, the runs and their WARCs "
         "(default: the workspace of the nearest govlens.toml, else ./govlens-workspace).")]
ValidateHtml = Annotated[bool, typer.Option(
    "--validate-html/--no-validate-html",
    help="Check each home page's HTML with the Nu Html Checker, run locally (Java + vnu.jar; "
         "tech.html-valid). Without them: a warning, and the check is not applicable.")]
CheckOption = Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
    "--check-option", metavar="CHECK.OPTION=VALUE",
    help="Set a check option, e.g. content.freshness.max_days=120 (repeatable; "
         "`govlens checks list --format json` lists them).")]
Config = Annotated[Optional[Path], typer.Option(  # noqa: UP007
    "--config", metavar="FILE",
    help="A govlens.toml: workspace, [crawl] settings, [checks] options "
         "(default: the nearest govlens.toml in this folder or above).")]
Encoding = Annotated[Optional[str], typer.Option(  # noqa: UP007
    "--encoding", metavar="NAME",
    help="The encoding of the input file, e.g. windows-874 (default: UTF-8; Thai in "
         "windows-874 / TIS-620 is recognised).")]
OldOut = Annotated[Optional[Path], typer.Option("--out", hidden=True, help="Old name of --output.")]  # noqa: UP007
OldJson = Annotated[bool, typer.Option("--json", hidden=True, help="Old spelling of --format json.")]
TableFormat = Annotated[Literal["table", "json"], typer.Option(
    "--format", metavar="table|json", help="How to print: a table, or JSON.")]
FailOn = Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
    "--fail-on", metavar="OUTCOME",
    help="Exit 1 when any site has a check with this outcome: fail, partial, error, or "
         "unreachable (a site not reached). Repeatable, or comma-separated.")]
MinScore = Annotated[Optional[float], typer.Option(  # noqa: UP007
    "--min-score", metavar="SHARE", min=0.0, max=1.0,
    help="Exit 1 when a site's share of checks passed (0–1; partial counts its score) is below this.")]

FAIL_ON = ("fail", "partial", "error", "unreachable")

# -------------------------------------------------------------------- messages


def _write(stream: Any, text: str, style: str | None = None) -> None:
    if style and getattr(stream, "isatty", lambda: False)() and "NO_COLOR" not in os.environ:
        text = typer.style(text, fg=style, bold=style == "red")
    stream.write(text + "\n")
    stream.flush()


def fail(thing: str, problem: str = "", hint: str = "") -> typer.Exit:
    """Print ``error: <thing>: <problem>`` (and ``hint: …``); return the exit to raise (2)."""
    text = f"{thing}: {problem}" if problem else thing
    lines = text.splitlines() or [""]
    _write(sys.stderr, f"error: {lines[0]}", "red")
    for line in lines[1:]:
        _write(sys.stderr, line if line.startswith(" ") else f"  {line}")
    if hint:
        _write(sys.stderr, f"hint: {hint}")
    return typer.Exit(EXIT_USER)


def warn(message: str) -> None:
    """A warning on stderr (not with --quiet)."""
    if not state.quiet:
        _write(sys.stderr, f"warning: {message}", "yellow")


def info(message: str) -> None:
    """What is happening, on stderr (not with --quiet)."""
    if not state.quiet:
        _write(sys.stderr, message)


def detail(message: str) -> None:
    """More of what is happening, on stderr (with --verbose)."""
    if state.verbose:
        _write(sys.stderr, message)


def choices(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in allowed:
        raise fail(option, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def output_of(output: Path | None, out: Path | None) -> Path | None:
    if out is not None:
        warn("--out is now --output (-o)")
    return output if output is not None else out


def format_of(fmt: str, as_json: bool) -> str:
    if as_json:
        warn("--json is now --format json")
        return "json"
    return fmt


# -------------------------------------------------------------------- config, workspace, database


def load_config_file(config: Path | None) -> ConfigFile:
    from govlens.config import ConfigError, load_config

    try:
        cfg = load_config(config)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if cfg.path is not None:
        detail(f"config: {cfg.path}")
    return cfg


def workspace_of(option: Path | None, cfg: ConfigFile) -> Path:
    from govlens.config import workspace_of as resolve

    ws = resolve(option, cfg)
    detail(f"workspace: {ws}")
    return ws


def check_options(config: Path | ConfigFile | None, items: list[str] | None) -> dict[str, dict]:
    """Check options from the config file, then the command line on top (validated)."""
    from govlens.checks.options import OptionError, parse_overrides, validate
    from govlens.config import Config as ConfigFile

    cfg = config if isinstance(config, ConfigFile) else load_config_file(config)
    try:
        opts = validate(cfg.checks)
        for cid, o in parse_overrides(items or ()).items():
            opts.setdefault(cid, {}).update(o)
    except OptionError as exc:
        where = f"{cfg.path}: [checks]" if cfg.path and cfg.checks else "--check-option"
        raise fail(where, str(exc)) from None
    return opts


def open_db(workspace: Path, create: bool = False) -> Engine:
    """The workspace's database; ``create=False`` (read-only commands) creates nothing."""
    from sqlalchemy.exc import SQLAlchemyError

    from govlens.store import tables as _tables  # noqa: F401  (registers the score tables)
    from govlens.store.db import DatabaseMissing, connect, database_url, safe_url

    try:
        engine = connect(workspace, create=create)
    except DatabaseMissing as exc:
        raise fail(f"workspace {workspace}" if exc.where == str(workspace) else exc.where, exc.why,
                   f"run `govlens assess CATALOG -w {workspace}` first, or name the workspace with -w "
                   f"or ${WORKSPACE_ENV}") from None
    except ValueError as exc:  # $GOVLENS_DATABASE_URL is not a URL, or not a UTF-8 database
        raise fail(str(exc)) from None
    except SQLAlchemyError as exc:
        try:
            where = safe_url(database_url(workspace))
        except ValueError:
            where = str(workspace)
        raise fail(f"database {where}", _db_message(exc)) from None
    detail(f"database: {safe_url(str(engine.url))}")
    return engine


def _db_message(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def run_id_of(engine: Engine, run: str, workspace: Path) -> int:
    from govlens.store import results as store

    try:
        return store.resolve_run(engine, run)
    except LookupError as exc:
        raise fail(f"run {run}", str(exc), f"`govlens runs -w {workspace}` lists the runs") from None


# -------------------------------------------------------------------- CI thresholds


def parse_fail_on(values: list[str] | None) -> set[str]:
    out: set[str] = set()
    for v in values or []:
        for part in v.split(","):
            part = part.strip().lower()
            if part:
                choices(part, FAIL_ON, "--fail-on")
                out.add(part)
    return out


def ci_verdict(sites: list[dict[str, Any]], fail_on: set[str], min_score: float | None) -> int:
    """Print what failed the thresholds; the exit status (0, or 1)."""
    from collections import Counter

    from govlens.report.model import site_share

    if not fail_on and min_score is None:
        return 0
    bad = False
    if fail_on:
        hits: Counter[str] = Counter()
        hit_sites = set()
        for s in sites:
            if "unreachable" in fail_on and s.get("status") != "ok":
                hits["unreachable"] += 1
                hit_sites.add(s["url"])
            for cid, c in s["checks"].items():
                if c.get("outcome") in fail_on:
                    hits[f"{cid} {c['outcome']}"] += 1
                    hit_sites.add(s["url"])
        if hits:
            bad = True
            top = ", ".join(f"{k} ×{v}" for k, v in hits.most_common(8))
            _write(sys.stderr, f"fail-on {','.join(sorted(fail_on))}: {sum(hits.values())} result(s) on "
                               f"{len(hit_sites)} site(s): {top}")
    if min_score is not None:
        low = []
        for s in sites:
            share = site_share(s)[3]
            if share is None or share < min_score:
                low.append((s["url"], share))
        if low:
            bad = True
            shown = ", ".join(f"{u} {'—' if v is None else f'{v:.2f}'}" for u, v in low[:8])
            _write(sys.stderr, f"min-score {min_score:g}: {len(low)} site(s) below: {shown}"
                               + (" …" if len(low) > 8 else ""))
    return EXIT_THRESHOLD if bad else 0


# -------------------------------------------------------------------- global options


def _version(value: bool) -> None:
    if value:
        print(f"govlens {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Nothing on stderr but errors: no progress, "
                                                               "no warnings (the result still goes to stdout).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More on stderr: a progress line per "
                                                                   "site, the config, workspace and database used.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="On a govlens bug, print the traceback.")] = False,
) -> None:
    """govlens: assess government web sites, keep the evidence, score and report.

    Exit status: 0 done; 1 a --fail-on / --min-score / --min-f1 threshold was not met;
    2 a problem with the input (the message says what); 3 a bug in govlens.
    """
    if quiet and verbose:
        raise fail("--quiet and --verbose", "choose one")
    state.verbosity = -1 if quiet else 1 if verbose else 0
    state.debug = state.debug or debug


def report_bug(exc: BaseException) -> int:
    """A bug: one line and where to report it; the traceback with --debug."""
    import traceback

    if state.debug:
        traceback.print_exception(exc)
    _write(sys.stderr, f"error: internal error: {type(exc).__name__}: {exc}", "red")
    _write(sys.stderr, f"  this is a bug in govlens {__version__}: please report it at {PROJECT_URL}/issues"
                       " with the command you ran" + ("" if state.debug else " and the traceback "
                                                       "(rerun with --debug to see it)"))
    return EXIT_BUG
