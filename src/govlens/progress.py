"""A progress bar for long runs (on stderr; shown on terminals or when GOVLENS_PROGRESS is set)."""

from __future__ import annotations

import os
from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_bar(total: int, label: str, console: Console | None = None,
                 done: int = 0) -> tuple[Progress, Callable[[str, str], None]]:
    err = console or Console(stderr=True)
    prog = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=err,
                    disable=not err.is_terminal and "GOVLENS_PROGRESS" not in os.environ)
    task = prog.add_task(label, total=total, completed=done, last="")

    def tick(url: str, status: str) -> None:
        prog.update(task, advance=1, last=f"{status:>10} {url[:60]}")

    return prog, tick
