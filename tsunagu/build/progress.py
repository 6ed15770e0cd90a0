"""What `tsunagu build` shows while it works: each step, and per city whether its unit was reused or made.

On a terminal a rich progress bar with the step and the city being made; elsewhere (a log, a pipe, CI)
plain lines, one per event, that a person or grep can read afterwards. A build called as a library (the
staff publisher, tests) reports nothing unless given a reporter.
"""
from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID


class Silent:
    """Reports nothing (the default of tsunagu.build.build)."""

    def start(self, steps: int) -> None: ...

    def step(self, name: str, detail: str = "") -> None: ...

    def city(self, name: str, what: str) -> None: ...

    def finish(self) -> None: ...


class Plain(Silent):
    """One line per step and per city, with the seconds since the build started."""

    def __init__(self, out: TextIO):
        self.out, self.t0 = out, time.monotonic()

    def _line(self, text: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {text}", file=self.out, flush=True)

    def step(self, name: str, detail: str = "") -> None:
        self._line(f"{name}{'（' + detail + '）' if detail else ''}")

    def city(self, name: str, what: str) -> None:
        self._line(f"  {name}: {what}")


class Rich(Silent):
    """A live bar over the steps on a terminal; cities' lines are printed above it as they happen."""

    def __init__(self, out: TextIO):
        from rich.console import Console  # lazy: adds 0.1 s to importing this module
        from rich.progress import (  # lazy: adds 0.1 s to importing this module
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
        self.console = Console(file=out)
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.console, transient=False)
        self.task: TaskID | None = None

    def start(self, steps: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("ビルド", total=steps)

    def step(self, name: str, detail: str = "") -> None:
        if self.task is not None:
            self.bar.update(self.task, description=f"{name} {detail}".strip())
            self.bar.advance(self.task)

    def city(self, name: str, what: str) -> None:
        self.console.print(f"  {name}: {what}", markup=False, highlight=False)

    def finish(self) -> None:
        self.bar.stop()


def for_terminal(out: TextIO | None = None) -> Silent:
    """Rich on a terminal, plain lines otherwise (decided by whether stdout is a TTY)."""
    out = out or sys.stdout
    return Rich(out) if out.isatty() else Plain(out)
