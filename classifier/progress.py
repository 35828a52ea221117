"""A one-line progress display: documents done, total and documents per second."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Writes ``\\r``-updated progress to ``stream`` (default stderr) at most ten times a second.

    Disabled (every method does nothing) unless ``enabled``; use :meth:`for_terminal` to
    enable it only when the stream is a terminal.
    """

    def __init__(self, total: int | None, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._start = time.perf_counter()
        self._shown = 0.0

    @classmethod
    def for_terminal(cls, total: int | None, quiet: bool) -> Progress:
        """A progress line on stderr when stderr is a terminal and not ``quiet``."""
        return cls(total, enabled=not quiet and sys.stderr.isatty())

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more documents done."""
        self.done += n
        now = time.perf_counter()
        if self.enabled and now - self._shown >= 0.1:
            self._shown = now
            self._write(now)

    def _write(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        self.stream.write(f"\r{self.done}{of} documents, {self.done / elapsed:.1f} docs/s")
        self.stream.flush()

    def clear(self) -> None:
        """Blank the progress line, before another message is written to the stream."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """Show the final count and end the line."""
        if self.enabled:
            self._write(time.perf_counter())
            self.stream.write("\n")
            self.stream.flush()
