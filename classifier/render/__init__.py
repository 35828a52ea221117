"""Renderers: turn :class:`~classifier.document.DocumentResult` objects into output text.

Each format is one module with ``render(results, stream)``; renderers never recompute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from classifier.document import DocumentResult

Renderer = Callable[[Iterable[DocumentResult], TextIO], None]

FORMATS = ("table", "json", "jsonl", "html", "csv")


def get_renderer(name: str) -> Renderer:
    """Return the ``render`` function of the named format."""
    if name == "table":
        from classifier.render.table import render
    elif name == "json":
        from classifier.render.json import render
    elif name == "jsonl":
        from classifier.render.jsonl import render
    elif name == "html":
        from classifier.render.html import render
    elif name == "csv":
        from classifier.render.csv import render
    else:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return render
