"""``--format table``: labelled paragraphs with scores and a snippet, then a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from classifier.document import DocumentResult

SNIPPET = 70


def _snippet(text: str, width: int = SNIPPET) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_one(result: DocumentResult, stream: TextIO) -> None:
    """Write the table for one document."""
    stream.write(f"{result.source}\n")
    labelled = result.labelled_paragraphs()
    if labelled:
        stream.write(f"  {'#':>4}  {'labels (score)':<52} text\n")
    for p in labelled:
        tags = ", ".join(f"{lab} {p.scores[lab]:.2f}" for lab in p.labels)
        stream.write(f"  {p.index:>4}  {tags:<52} {_snippet(p.text, 60)}\n")
    counts = Counter(lab for p in labelled for lab in p.labels)
    summary = ", ".join(f"{lab} {n}" for lab, n in sorted(counts.items())) or "no fault types"
    stream.write(
        f"  summary: {len(result.paragraphs)} paragraphs, {len(labelled)} labelled ({summary})\n"
    )


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write a table per document, separated by blank lines."""
    for i, result in enumerate(results):
        if i:
            stream.write("\n")
        render_one(result, stream)
        stream.flush()
