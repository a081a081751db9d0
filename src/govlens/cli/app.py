"""The one Typer app, its console and the options every command shares."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from govlens import __version__

app = typer.Typer(help="Measure government online services the way the international rankings do.",
                  no_args_is_help=True, add_completion=False)
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

Workspace = Annotated[Path, typer.Option("--workspace", "-w", help="Folder holding govlens.sqlite and the WARCs.")]
ValidateHtml = Annotated[bool, typer.Option(
    "--validate-html/--no-validate-html",
    help="Check each home page's HTML with the Nu Html Checker, run locally (Java + vnu.jar; "
         "tech.html-valid). Without them: a warning, and the check is not applicable.")]
CheckOption = Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
    "--check-option", metavar="CHECK.OPTION=VALUE",
    help="Set a check option, e.g. content.freshness.max_days=120 (repeatable; "
         "`govlens checks list --format json` lists them).")]
Config = Annotated[Optional[Path], typer.Option(  # noqa: UP007
    "--config", help="A govlens.toml whose checks tables set check options "
                     "(default: ./govlens.toml when there is one).")]


def warn(message: str) -> None:
    err.print(f"[yellow]{message}")


def fail(message: str) -> typer.Exit:
    """Print a user error and return the exit to raise (exit status 2)."""
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(2)


def check_options(config: Path | None, items: list[str] | None) -> dict[str, dict]:
    """Check options from the config file, then the command line on top (validated)."""
    from govlens.checks.options import OptionError, parse_overrides, validate
    from govlens.config import ConfigError, load_config

    try:
        opts = validate(load_config(config).get("checks", {}))
        for cid, o in parse_overrides(items or ()).items():
            opts.setdefault(cid, {}).update(o)
    except (OptionError, ConfigError) as exc:
        raise fail(str(exc)) from None
    return opts


def _version(value: bool) -> None:
    if value:
        print(f"govlens {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """govlens."""
