"""``--format jsonl``: one object per document per line, written as each is ready."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from classifier.document import DocumentResult


def line(result: DocumentResult) -> str:
    """One document as a compact JSON line (without the newline)."""
    return json.dumps(result.to_dict(), ensure_ascii=False)


def write_lines(lines: Iterable[str], stream: TextIO) -> None:
    """Write lines made by :func:`line`, flushing after each."""
    for text in lines:
        stream.write(text + "\n")
        stream.flush()


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write one compact JSON line per document, flushing after each."""
    write_lines(map(line, results), stream)
