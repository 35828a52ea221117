"""``--format csv``: one row per document with its paragraph and label counts.

Rows come from :func:`row`, a plain function of a :class:`DocumentResult` returning a dict,
so more columns (metadata, remedies) can be added there without touching the writer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from classifier.document import DocumentResult


def row(result: DocumentResult) -> dict[str, Any]:
    """One document: paragraph counts, number of paragraphs per label, labels present."""
    labels = sorted(result.paragraphs[0].scores) if result.paragraphs else []
    counts = dict.fromkeys(labels, 0)
    labelled = 0
    for paragraph in result.paragraphs:
        labelled += bool(paragraph.labels)
        for label in paragraph.labels:
            counts[label] = counts.get(label, 0) + 1
    return {
        "source": result.source,
        "paragraphs": len(result.paragraphs),
        "labelled_paragraphs": labelled,
        **counts,
        "labels": ";".join(label for label, n in counts.items() if n),
    }


def write_rows(
    rows: Iterable[dict[str, Any]],
    stream: TextIO,
    fieldnames: Sequence[str] | None = None,
    header: bool = True,
) -> None:
    """Write rows made by :func:`row`; the columns default to the first row's keys."""
    writer: csv.DictWriter | None = None
    for values in rows:
        if writer is None:
            names = list(fieldnames) if fieldnames is not None else list(values)
            writer = csv.DictWriter(
                stream, fieldnames=names, restval="", extrasaction="ignore", lineterminator="\n"
            )
            if header:
                writer.writeheader()
        writer.writerow(values)
        stream.flush()


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write a header and one row per result."""
    write_rows(map(row, results), stream)
