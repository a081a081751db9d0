"""Progress of long runs, on stderr: a bar with the time left on a terminal, plain lines
(about one per 5 %, or every 30 s) when stderr is a file or a CI log, nothing when quiet.

``mode``: ``auto`` (bar on a terminal, lines otherwise), ``bar``, ``lines``, ``site`` (a line
per site: ``--verbose``) or ``off`` (``--quiet``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

MODES = ("auto", "bar", "lines", "site", "off")
Tick = Callable[[str, str], None]


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class LineProgress:
    """Progress as plain lines, for logs: ``assess 12/40 (30%) 0:00:21 elapsed, about 0:00:49
    left — ok https://…``."""

    def __init__(self, total: int, label: str, stream: TextIO, done: int = 0, every_site: bool = False,
                 interval_s: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.label, self.stream, self.done = total, label, stream, done
        self.start_done, self.every_site, self.interval_s, self.clock = done, every_site, interval_s, clock
        self.t0 = self.last = clock()
        self.step = max(1, total // 20)

    def __enter__(self) -> LineProgress:
        if self.total:
            self.stream.write(f"{self.label}: {self.total - self.done} to do" +
                              (f" ({self.done} already done)" if self.done else "") + "\n")
            self.stream.flush()
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        return None

    def line(self, url: str, status: str) -> str:
        now = self.clock()
        elapsed = now - self.t0
        n = self.done - self.start_done
        pct = 100 * self.done / self.total if self.total else 100.0
        left = ""
        if n and self.done < self.total:
            left = f", about {_clock(elapsed / n * (self.total - self.done))} left"
        return (f"{self.label} {self.done}/{self.total} ({pct:.0f}%) {_clock(elapsed)} elapsed{left}"
                f" — {status} {url}")

    def tick(self, url: str, status: str) -> None:
        self.done += 1
        now = self.clock()
        if (self.every_site or self.done == self.total or self.done % self.step == 0
                or now - self.last >= self.interval_s):
            self.last = now
            self.stream.write(self.line(url, status) + "\n")
            self.stream.flush()


class _Off:
    def __enter__(self) -> _Off:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_bar(total: int, label: str, console: Console | None = None, done: int = 0,
                 mode: str = "auto") -> tuple[object, Tick]:
    """(a context manager to run the work in, the function to call after each site)."""
    if mode not in MODES:
        raise ValueError(f"progress mode {mode!r}: one of {', '.join(MODES)}")
    err = console or Console(stderr=True)
    if mode == "off":
        return _Off(), lambda url, status: None
    if mode in ("lines", "site") or (mode == "auto" and not err.is_terminal):
        lines = LineProgress(total, label, err.file, done, every_site=mode == "site")
        return lines, lines.tick
    prog = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                    TextColumn("{task.fields[last]}"), console=err)
    task = prog.add_task(label, total=total, completed=done, last="")

    def tick(url: str, status: str) -> None:
        prog.update(task, advance=1, last=f"{status:>10} {url[:60]}")

    return prog, tick
